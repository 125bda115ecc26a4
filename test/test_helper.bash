# Shared by every suite: bats-support, bats-assert, and where things are.
bats_load_library bats-support
bats_load_library bats-assert

ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
# make check points CAPINIT at the sanitizer build.
CAPINIT="${CAPINIT:-$ROOT/build/capinit}"
HELPERS="$ROOT/build/helpers"
FIXTURES="$ROOT/test/fixtures"
export ROOT CAPINIT HELPERS FIXTURES
# make check sets SANITIZED=1 for its ASan/UBSan build, which is several
# times slower (fake stacks for use-after-return) and whose memory figures
# are ASan's own. HANG_S bounds a command that must not hang.
if [ -n "${SANITIZED:-}" ]; then HANG_S=120; else HANG_S=10; fi

# Runs a command as PID 1 of a fresh PID namespace (and mount namespace, with
# its own /proc), the way a container runtime starts an entrypoint.
pid1() {
	unshare --pid --fork --mount-proc "$@"
}

# Runs a command in a private mount namespace where the fixture files
# $1 (passwd) and $2 (group) stand in for the image's /etc/passwd and /etc/group.
with_etc() {
	local passwd="$1" group="$2"
	shift 2
	unshare --mount sh -c 'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && shift 2 && exec "$@"' \
		sh "$passwd" "$group" "$@"
}

# Runs a command with the directory $IMAGE_ETC bind-mounted as /etc, like
# the root file system of an image.
in_image() {
	unshare --mount sh -c 'mount --bind "$1" /etc && shift && exec "$@"' sh "$IMAGE_ETC" "$@"
}

# Waits, at most 10 s, until the file $1 exists.
wait_for() {
	for _ in $(seq 200); do [ -e "$1" ] && return 0; sleep 0.05; done
	return 1
}

# An image's /etc made of the fixture passwd and group ($IMAGE_ETC, for
# in_image), and a world-writable marker an app running as any user could
# leave ($MARKER): its absence proves the app never ran.
image_setup() {
	IMAGE_ETC="$BATS_TEST_TMPDIR/etc"
	mkdir -p "$IMAGE_ETC"
	cp "$FIXTURES/etc/passwd" "$FIXTURES/etc/group" "$IMAGE_ETC/"
	MARKDIR=$(mktemp -d /tmp/capinit-marker.XXXXXX)
	chmod 1777 "$MARKDIR"
	MARKER="$MARKDIR/app-ran"
}

image_teardown() {
	rm -rf "$MARKDIR"
}
