/* libFuzzer driver for the query-string reader and the path encoder. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *target = (const char *)data;
	size_t qlen;
	const char *q = gx_query_of(target, size, &qlen);
	if (q < target || q + qlen > target + size)
		abort();
	char out[64];
	static const char *const names[] = {"next", "a", "", "page"};
	for (size_t i = 0; i < 4; i++) {
		long n = gx_query_get(q, qlen, names[i], out, sizeof(out));
		if (n >= 0 && ((size_t)n >= sizeof(out) || strlen(out) != (size_t)n))
			abort();
	}
	/* The nth of a repeated name: the first is gx_query_get's; each one
	 * after an absent one is absent too. */
	bool ended = false;
	for (size_t nth = 0; nth < 8; nth++) {
		long n = gx_query_get_nth(q, qlen, "a", nth, out, sizeof(out));
		if (nth == 0) {
			char first[64];
			if (n != gx_query_get(q, qlen, "a", first, sizeof(first)) || (n >= 0 && strcmp(first, out) != 0))
				abort();
		}
		if (ended && n != -1)
			abort();
		ended |= n == -1;
		if (n >= 0 && ((size_t)n >= sizeof(out) || strlen(out) != (size_t)n))
			abort();
	}
	char enc[256];
	long n = gx_query_encode(target, size, enc, sizeof(enc));
	if (n >= 0) {
		if ((size_t)n >= sizeof(enc) || strlen(enc) != (size_t)n)
			abort();
		/* Encoding then reading back gives the input (when it has no NUL). */
		char query[300], back[256];
		int m = snprintf(query, sizeof(query), "next=%s", enc);
		if (m > 0 && (size_t)m < sizeof(query) && memchr(target, '\0', size) == NULL) {
			long b = gx_query_get(query, (size_t)m, "next", back, sizeof(back));
			if (b != (long)size || memcmp(back, target, size) != 0)
				abort();
		}
	}
	return 0;
}
