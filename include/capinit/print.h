/* --print: the resolved plan and where each setting came from, on stdout. */
#ifndef CAPINIT_PRINT_H
#define CAPINIT_PRINT_H

#include "capinit/config.h"
#include "capinit/plan.h"

void print_plan(const struct config *c, const struct plan *p);

#endif
