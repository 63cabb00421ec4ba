#ifndef GX_UTIL_ALLOC_FAULT_H
#define GX_UTIL_ALLOC_FAULT_H

/**
 * Every program is linked with -Wl,--wrap=malloc,calloc,realloc,strdup,
 * strndup: our own code's allocations go through these wrappers, which
 * count the ones that fail, per thread. A request during which one failed
 * is never answered as a success (src/http/request.c answers 503): some
 * paths carry on without what they could not allocate (a row left out, a
 * register not asked), and what they would send could be incomplete.
 * Allocations inside shared libraries (libh2o, jansson, SQLite) are
 * theirs, not counted and not failed.
 *
 * The test build (GX_TEST_HOOKS, the ASan tree) also fails the Nth one when
 * armed, so that the tests can sweep an out-of-memory over a workload
 * (tests/integration/alloc_faults.test.mjs), through the file named by
 * GX_ALLOC_FAULT_FILE, mapped in memory: three little-endian 64-bit
 * integers, GEN, N and FIRED. A new GEN (not 0) fails the Nth allocation
 * from then on, once; FIRED becomes GEN when it did.
 */

#include <stdint.h>

/** Allocations of our own code that failed so far on the calling thread
 *  (on purpose or not). A request during which it grew is answered 503. */
uint64_t gx_alloc_faults(void);

#endif
