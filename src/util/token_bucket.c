#include "util/token_bucket.h"

#include <math.h>

unsigned gx_token_bucket_take(struct gx_token_bucket *b, int64_t now_us, double per_s, double burst)
{
	if (b->at_us == 0) {
		b->tokens = burst;
		b->at_us = now_us;
	} else if (now_us > b->at_us) {
		b->tokens = fmin(burst, b->tokens + (double)(now_us - b->at_us) / 1e6 * per_s);
		b->at_us = now_us;
	}
	if (b->tokens >= 1.0) {
		b->tokens -= 1.0;
		return 0;
	}
	double wait_s = ceil((1.0 - b->tokens) / per_s);
	return wait_s < 1.0 ? 1u : wait_s > 86400.0 ? 86400u : (unsigned)wait_s;
}
