#ifndef CAPINIT_FUZZ_CHECK_CONFIG_H
#define CAPINIT_FUZZ_CHECK_CONFIG_H

#include "fuzz.h"

#include "capinit/config.h"

void check_config(const struct config *c);

#endif
