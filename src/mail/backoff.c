/** Exponential backoff with jitter and a cap (backoff.h). */

#include "mail/backoff.h"

#include <sodium.h>

long long gx_mail_backoff_ms(unsigned initial_ms, unsigned max_ms, unsigned attempt, uint32_t r)
{
	unsigned long long step = initial_ms;
	for (unsigned i = 1; i < attempt && step > 0 && step < max_ms; i++)
		step *= 2;
	if (step > max_ms)
		step = max_ms;
	unsigned long long half = step / 2;
	return (long long)(step - half + ((half * r) >> 32));
}

long long gx_mail_backoff_random_ms(unsigned initial_ms, unsigned max_ms, unsigned attempt)
{
	return gx_mail_backoff_ms(initial_ms, max_ms, attempt, randombytes_random());
}
