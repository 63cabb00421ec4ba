#ifndef GX_MAIL_BACKOFF_H
#define GX_MAIL_BACKOFF_H

/** How long to wait before trying a notification again.
 *
 *  After the n-th failed attempt (n ≥ 1) the step is initial·2^(n−1),
 *  capped at max; the wait is half the step plus a random part of the
 *  other half ("equal jitter"): never less than half the step, so a server
 *  that is down is not hammered, and spread so that the notifications that
 *  failed together (every one queued while it was down) do not come back
 *  together. No overflow for any n. */

#include <stdint.h>

/** The wait in milliseconds with the random part r / 2^32 of half the step. */
long long gx_mail_backoff_ms(unsigned initial_ms, unsigned max_ms, unsigned attempt, uint32_t r);

/** The same with r from libsodium's generator. */
long long gx_mail_backoff_random_ms(unsigned initial_ms, unsigned max_ms, unsigned attempt);

#endif
