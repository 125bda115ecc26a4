# capinit: a static (musl + libcap-ng) PID 1 that applies a security context.
#   make              build/capinit, static, stripped, hardened
#   make test         the Bats suites (installs what they need when root)
#   make demo         the mission in a minute
#   make bench        capinit against tini, dumb-init, catatonit, gosu, setpriv
#   make CC=gcc STATIC=0   dynamic glibc build against Debian's libcap-ng-dev
#   make CONFIG=file  bake a config file into the binary
#   make install PREFIX=/usr/local DESTDIR=

VERSION   := 0.1.0
BUILD     ?= build
PREFIX    ?= /usr/local
DESTDIR   ?=
STATIC    ?= 1
CONFIG    ?=
# Another build (e.g. BUILD=build/other CONFIG=x) can share the libcap-ng build.
LIBCAPNG_DIR ?= $(BUILD)/libcap-ng

ifeq ($(STATIC),1)
CC        := musl-gcc
LIBCAPNG  := $(LIBCAPNG_DIR)/libcap-ng.a
CAPNG_INC := -isystem $(LIBCAPNG_DIR)/include
# A static PIE: musl's rcrt1.o relocates itself; plain "-static-pie" with
# musl-gcc silently links a dynamic binary, so the start files are named.
MUSL_LIB  := /usr/lib/x86_64-linux-musl
# -z noseparate-code: code and read-only data share one R+X segment, the
# layout binutils used before 2.31 and still uses on most architectures.
# With separate-code each boundary is padded to a page, 4.1 KB in this
# binary: the difference between 50,544 bytes and the 48 KiB target. Kept:
# PIE, full RELRO, NX stack, no page both writable and executable.
LINK      := -nostartfiles -pie -Wl,--no-dynamic-linker -Wl,-static -Wl,-z,noseparate-code \
             $(MUSL_LIB)/rcrt1.o $(MUSL_LIB)/crti.o
LINK_END  := $(MUSL_LIB)/crtn.o
LIBS      := $(LIBCAPNG)
else
LIBCAPNG  :=
CAPNG_INC :=
LINK      :=
LINK_END  :=
LIBS      := -lcap-ng
endif

WARN      := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes
# No -fcf-protection: musl's objects carry no CET property note, so the
# linked binary has none either and the kernel never enables IBT or shadow
# stacks for it; the endbr64 it adds were 290 bytes that protect nothing.
HARDEN    := -fPIE -fstack-protector-strong -fstack-clash-protection \
             -ftrivial-auto-var-init=zero
# -flto -Oz: whole-program inlining across capinit's small files (1.7 KB).
SIZE      := -Oz -flto -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
             -fno-unwind-tables -fno-ident
CFLAGS    ?= $(SIZE)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(HARDEN) $(CFLAGS) -Iinclude -I$(BUILD)/gen \
             $(CAPNG_INC) -DCAPINIT_VERSION='"$(VERSION)"'
LDFLAGS   ?=
ALL_LDFLAGS = -Wl,--gc-sections -Wl,-z,relro,-z,now -Wl,-z,noexecstack -Wl,--build-id=none \
             $(if $(filter 1,$(STATIC)),-s,) $(LDFLAGS)

SRCS      := $(wildcard init/*.c)
OBJS      := $(SRCS:init/%.c=$(BUILD)/obj/%.o)
HELPERS   := $(patsubst test/helpers/%.c,$(BUILD)/helpers/%,$(wildcard test/helpers/*.c))

.PHONY: all deps test demo bench bench-check install clean helpers lint check fuzz

all: $(BUILD)/capinit

$(BUILD)/capinit: $(OBJS) $(LIBCAPNG)
	@echo "  LD $@"
	@$(CC) $(ALL_CFLAGS) $(LINK) $(ALL_LDFLAGS) -o $@ $(OBJS) $(LIBS) $(LINK_END)

$(BUILD)/obj/%.o: init/%.c $(wildcard include/capinit/*.h) $(BUILD)/gen/builtin_config.h \
                  $(BUILD)/obj/flags | $(LIBCAPNG)
	@mkdir -p $(@D)
	@echo "  CC $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

# Objects are rebuilt when the compiler or its flags change.
$(BUILD)/obj/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(ALL_CFLAGS)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# The built-in config, as a C array; rewritten only when its bytes change.
$(BUILD)/gen/builtin_config.h: FORCE
	@mkdir -p $(@D)
	@scripts/embed-config.sh "$(CONFIG)" > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# Rebuilt when its recipe changes; the fetched tarball is kept.
$(LIBCAPNG_DIR)/libcap-ng.a: scripts/libcap-ng.sh scripts/capng-noproc.c
	@scripts/deps.sh build
	@rm -f $@
	scripts/libcap-ng.sh $(LIBCAPNG_DIR)

# Test helpers: small static programs, musl so they run in scratch bundles.
helpers: $(HELPERS)
# (musl-gcc has no kernel headers; the libcap-ng build links them in.)
$(BUILD)/helpers/%: test/helpers/%.c $(wildcard test/helpers/*.h) | $(LIBCAPNG_DIR)/libcap-ng.a
	@mkdir -p $(@D)
	@echo "  CC $<"
	@musl-gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Os -static \
		-isystem $(LIBCAPNG_DIR)/include -o $@ $<

deps:
	@scripts/deps.sh build test

test: all helpers
	@scripts/deps.sh test
	scripts/run-tests.sh test/*.bats

demo: all helpers
	@scripts/deps.sh demo
	@scripts/demo.sh

bench: all helpers
	@scripts/deps.sh bench
	@test/bench/run.sh

# Compares the last bench run with the README's targets; non-zero on a miss.
bench-check:
	@test/bench/check.sh

# libFuzzer harnesses for every parser, FUZZ_SECONDS each (ASan + UBSan).
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/deps.sh fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) test/fuzz/run.sh

# The whole Bats suite against a glibc build with AddressSanitizer and UBSan.
check:
	@scripts/deps.sh build test fuzz
	@scripts/check.sh

# Static analysis. memcpy_s and friends (C11 Annex K) exist in neither musl
# nor glibc, so clang's advice to use them is switched off.
TIDY_CHECKS := -*,bugprone-*,cert-*,clang-analyzer-*,-bugprone-easily-swappable-parameters,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling
lint: $(BUILD)/gen/builtin_config.h $(LIBCAPNG_DIR)/libcap-ng.a
	@scripts/deps.sh lint
	cppcheck --enable=warning,style,performance,portability --std=c11 --quiet --inline-suppr \
		--error-exitcode=1 -Iinclude -I$(BUILD)/gen -D_GNU_SOURCE --suppress=missingIncludeSystem init/
	clang-tidy --quiet --warnings-as-errors='*' -checks='$(TIDY_CHECKS)' init/*.c -- \
		-std=c11 -D_GNU_SOURCE -Iinclude -I$(BUILD)/gen -isystem $(LIBCAPNG_DIR)/include
	clang-format --dry-run --Werror init/*.c include/capinit/*.h

install: $(BUILD)/capinit
	install -D -m 0755 $(BUILD)/capinit $(DESTDIR)$(PREFIX)/sbin/capinit
	@if [ -f doc/capinit.8 ]; then install -D -m 0644 doc/capinit.8 $(DESTDIR)$(PREFIX)/share/man/man8/capinit.8; fi

clean:
	rm -rf $(BUILD)/obj $(BUILD)/gen $(BUILD)/helpers $(BUILD)/capinit

FORCE:
