/** xoshiro256** with splitmix64 seeding (algorithms by Blackman and Vigna, public domain). */

#include "population/rng.h"

uint64_t gx_rng_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void gx_rng_init(struct gx_rng *r, uint64_t seed)
{
	uint64_t st = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = gx_rng_splitmix64(&st);
}

void gx_rng_derive(struct gx_rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
	uint64_t st = seed;
	uint64_t a = gx_rng_splitmix64(&st) ^ stream;
	a = gx_rng_splitmix64(&a) ^ index;
	gx_rng_init(r, gx_rng_splitmix64(&a));
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t gx_rng_next(struct gx_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint32_t gx_rng_below(struct gx_rng *r, uint32_t n)
{
	/* The top 32 bits scaled by n: bias below 2^-32 per value, and portable. */
	return (uint32_t)(((gx_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int gx_rng_range(struct gx_rng *r, int lo, int hi)
{
	return lo + (int)gx_rng_below(r, (uint32_t)(hi - lo + 1));
}

int gx_rng_permille(struct gx_rng *r, unsigned permille)
{
	return gx_rng_below(r, 1000) < permille;
}

size_t gx_rng_weighted(struct gx_rng *r, const unsigned *weights, size_t n, unsigned total)
{
	uint32_t x = gx_rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}
