#ifndef GX_UTIL_TOKEN_BUCKET_H
#define GX_UTIL_TOKEN_BUCKET_H

/** A token bucket: `burst` tokens at most, refilled at `per_s` a second;
 *  each request takes one. Pure arithmetic on the caller's clock. */

#include <stdint.h>

struct gx_token_bucket {
	double tokens;
	int64_t at_us;   /* when tokens was last brought up to date; 0: never used (full) */
};

/** Takes one token at now_us. Returns 0 when one was taken; otherwise the
 *  whole seconds (at least 1) until one will be there, and takes none. */
unsigned gx_token_bucket_take(struct gx_token_bucket *b, int64_t now_us, double per_s, double burst);

#endif
