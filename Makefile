# Guichet build. Two trees: build/release (make run, bench) and build/asan
# (make test: AddressSanitizer + UndefinedBehaviorSanitizer). Fuzz drivers are
# built with clang's libFuzzer into build/fuzz.
#
# Layout conventions (see docs/development.md):
#   src/<module>/*.c        library code, linked into every program
#   src/<module>/*_test.c   a cmocka unit test; each becomes its own binary
#   src/guichetd/*.c        the platform daemon's main
#   src/guichetctl/*.c      the operator tool
#   fuzz/<name>.c           a libFuzzer driver; fuzz/corpus/<name>/ its seeds
#   bench/*.c               benchmark helpers (hello server, commit bench)

.DEFAULT_GOAL := all
.SECONDARY:
SHELL := /bin/sh

PKGS := libh2o-evloop jansson sqlite3 libpq libsodium openssl libcurl
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE -DH2O_USE_LIBUV=0 $(WARN) -Isrc -I$(B)/gen $(PKG_CFLAGS) -MMD -MP
LIBS = $(PKG_LIBS) -lhpdf -lpthread -lm

SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# Our allocations go through src/util/alloc_fault.c (counted; failed on demand in the test build).
WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup

MODE ?= release
ifeq ($(MODE),asan)
B := build/asan
CC := gcc
MODE_CFLAGS := -O1 -g $(SAN) -DGX_TEST_HOOKS
MODE_LDFLAGS := $(SAN) $(WRAP)
else
B := build/release
CC := gcc
MODE_CFLAGS := -O2 -g
MODE_LDFLAGS := $(WRAP)
endif
CFLAGS = $(BASE_CFLAGS) $(MODE_CFLAGS)
LDFLAGS = $(MODE_LDFLAGS)

PROGRAM_DIRS := src/guichetd src/guichetctl
ALL_C := $(wildcard src/*/*.c src/*/*/*.c)
TEST_SRCS := $(filter %_test.c,$(ALL_C))
PROG_SRCS := $(filter $(addsuffix /%,$(PROGRAM_DIRS)),$(ALL_C))
LIB_SRCS := $(filter-out $(TEST_SRCS) $(PROG_SRCS),$(ALL_C))
GEN_SRCS :=

# Modules may add generated sources (GEN_SRCS) and rules of their own.
-include $(wildcard src/*/module.mk src/*/*/module.mk assets/module.mk)

LIB_OBJS = $(patsubst %.c,$(B)/obj/%.o,$(LIB_SRCS)) $(patsubst %.c,%.o,$(GEN_SRCS))
LIB = $(B)/libguichet.a
PROGRAMS = $(B)/guichetd $(B)/guichetctl
TESTS = $(patsubst src/%_test.c,$(B)/tests/%_test,$(TEST_SRCS))
BENCH_BINS = $(patsubst bench/%.c,$(B)/bench/%,$(wildcard bench/*.c))

.PHONY: all deps build run test fuzz bench clean unit-tests torture run-cluster test-cluster
NPROC := $(shell nproc 2>/dev/null || echo 2)

all: deps
	@$(MAKE) --no-print-directory -j$(NPROC) MODE=release build

build: $(PROGRAMS) $(BENCH_BINS)

unit-tests: $(PROGRAMS) $(TESTS)

deps:
	@sh scripts/deps.sh

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	@echo "  AR      $@"
	@ar rcs $@ $^

$(B)/guichetd: $(patsubst %.c,$(B)/obj/%.o,$(filter src/guichetd/%,$(PROG_SRCS))) $(LIB)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -o $@

$(B)/guichetctl: $(patsubst %.c,$(B)/obj/%.o,$(filter src/guichetctl/%,$(PROG_SRCS))) $(LIB)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -o $@

$(B)/tests/%_test: $(B)/obj/src/%_test.o $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -lcmocka -o $@

$(B)/bench/%: $(B)/obj/bench/%.o $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -o $@

# --- fuzzing (clang + libFuzzer + ASan + UBSan) ------------------------------
FUZZ_B := build/fuzz
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -DH2O_USE_LIBUV=0 -Isrc -I$(FUZZ_B)/gen $(PKG_CFLAGS) \
	-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -MMD -MP
FUZZERS := $(patsubst fuzz/%.c,$(FUZZ_B)/%,$(wildcard fuzz/*.c))
FUZZ_LIB_OBJS = $(patsubst %.c,$(FUZZ_B)/obj/%.o,$(LIB_SRCS)) \
	$(patsubst $(B)/%.c,$(FUZZ_B)/obj/%.o,$(GEN_SRCS))

$(FUZZ_B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CLANG   $@"
	@clang $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_B)/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CLANG   $@"
	@clang $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_B)/%: $(FUZZ_B)/obj/fuzz/%.o $(FUZZ_LIB_OBJS)
	@echo "  LD      $@"
	@clang -fsanitize=fuzzer,address,undefined $(WRAP) $^ $(LIBS) -o $@

fuzz: deps
	@$(MAKE) --no-print-directory -j$(NPROC) MODE=asan fuzz-build

.PHONY: fuzz-build
fuzz-build: $(FUZZERS)

# --- the two commands ---------------------------------------------------------
run: all
	@sh scripts/run.sh

test: deps
	@$(MAKE) --no-print-directory -j$(NPROC) MODE=asan unit-tests fuzz-build
	@$(MAKE) --no-print-directory -j$(NPROC) MODE=release build
	@sh tests/run.sh

bench: all
	@sh bench/run.sh

# The crash torture at full length (make test runs 3 cycles of it): 50 kills
# of guichetd under mixed load (and 17 of the persons registryd, 16 of the
# SMTP server), on SQLite, then on PostgreSQL, about 10 minutes each; then
# every allocation of a workload failed in turn (as make test does).
torture: deps
	@$(MAKE) --no-print-directory -j$(NPROC) MODE=asan unit-tests
	TORTURE_CYCLES=$${TORTURE_CYCLES:-50} node --test tests/integration/torture.test.mjs
	TORTURE_CYCLES=$${TORTURE_CYCLES:-50} GX_TEST_STORE=postgresql node --test tests/integration/torture.test.mjs
	node --test tests/integration/alloc_faults.test.mjs

# --- the cluster (docs/operations.md): etcd, Patroni, PostgreSQL, HAProxy ------
run-cluster: all
	@sh scripts/deps.sh cluster
	@sh scripts/cluster/run.sh

test-cluster: deps
	@sh scripts/deps.sh cluster
	@$(MAKE) --no-print-directory -j$(NPROC) MODE=asan build/asan/guichetd build/asan/guichetctl
	@$(MAKE) --no-print-directory -j$(NPROC) MODE=release build
	@sh tests/cluster/run.sh

.PHONY: print-sanitizer-flags
print-sanitizer-flags:
	@echo $(SAN)

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
