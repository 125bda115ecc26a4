/* The command line: tini's flags with tini's meaning, plus a long option for
 * every setting. Options stop at "--" or at the first word that is not one,
 * so "capinit -- prog -x" and "capinit prog -x" both leave -x to prog. */
#ifndef CAPINIT_CLI_H
#define CAPINIT_CLI_H

#include "capinit/config.h"

enum cli_action { CLI_RUN, CLI_HELP, CLI_VERSION, CLI_LICENSE, CLI_ERROR };

enum cli_action cli_parse(struct config *c, int argc, char **argv);

void cli_print_help(void);
void cli_print_version(void);
void cli_print_license(void);

#endif
