#ifndef GX_POPULATION_RNG_H
#define GX_POPULATION_RNG_H

/**
 * The seed generator's own pseudo-random numbers: xoshiro256** seeded through
 * splitmix64. Never rand(): the same seed must give the same population on
 * every libc, and independent streams (one per register and record) let the
 * registers be written in parallel without changing a byte.
 */

#include <stddef.h>
#include <stdint.h>

struct gx_rng {
	uint64_t s[4];
};

/** One splitmix64 step: advances *state and returns a well-mixed value. */
uint64_t gx_rng_splitmix64(uint64_t *state);

/** Seeds r from seed. */
void gx_rng_init(struct gx_rng *r, uint64_t seed);
/** Seeds r for record index of stream (a register, a phase) under seed. */
void gx_rng_derive(struct gx_rng *r, uint64_t seed, uint64_t stream, uint64_t index);

uint64_t gx_rng_next(struct gx_rng *r);
/** Uniform in [0, n); n > 0. */
uint32_t gx_rng_below(struct gx_rng *r, uint32_t n);
/** Uniform in [lo, hi]. */
int gx_rng_range(struct gx_rng *r, int lo, int hi);
/** True with probability permille/1000. */
int gx_rng_permille(struct gx_rng *r, unsigned permille);
/** An index drawn with the given weights (n > 0, total > 0). */
size_t gx_rng_weighted(struct gx_rng *r, const unsigned *weights, size_t n, unsigned total);

#endif
