#ifndef GX_UTIL_ALLOC_FAULT_H
#define GX_UTIL_ALLOC_FAULT_H

/**
 * Test builds only (GX_TEST_HOOKS, the ASan tree, linked with
 * -Wl,--wrap=malloc,calloc,realloc,strdup,strndup): our own allocations go
 * through wrappers that fail the Nth one when armed, so that the tests can
 * sweep an out-of-memory over a workload (tests/integration/
 * alloc_faults.test.mjs). Allocations inside shared libraries (libh2o,
 * jansson, SQLite) are not ours and are not failed.
 *
 * Armed through the file named by GX_ALLOC_FAULT_FILE, mapped in memory:
 * three little-endian 64-bit integers, GEN, N and FIRED. A new GEN (not 0)
 * fails the Nth allocation from then on, once; FIRED becomes GEN when it
 * did.
 */

#include <stdint.h>

/** Allocations failed on purpose so far on the calling thread; 0 in
 *  other builds. A request during which it grew is answered 503. */
uint64_t gx_alloc_faults(void);

#endif
