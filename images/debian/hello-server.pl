#!/usr/bin/perl
# A tiny HTTP server for the example image: listens on 0.0.0.0:$PORT (80) and
# answers every request with the user it runs as and its effective capabilities.
use strict;
use warnings;
use IO::Socket::INET;

my $port = $ENV{PORT} // 80;
my $srv = IO::Socket::INET->new(
	LocalAddr => '0.0.0.0', LocalPort => $port, Listen => 8, ReuseAddr => 1, Proto => 'tcp'
) or die "hello-server: cannot bind port $port: $!\n";
open my $st, '<', '/proc/self/status' or die "hello-server: /proc/self/status: $!\n";
my ($eff) = map { /^CapEff:\s*(\S+)/ ? $1 : () } <$st>;
close $st;
my $who = sprintf 'uid %d (%s), CapEff %s', $<, scalar(getpwuid($<)) // '?', $eff;
$| = 1;
print "hello-server: listening on port $port as $who\n";
while (my $c = $srv->accept) {
	my $req = <$c>;
	print $c "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from $who\n";
	close $c;
}
