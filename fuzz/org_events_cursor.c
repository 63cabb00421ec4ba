/** libFuzzer driver for the organisation event feed's cursor
 *  (core/org_events.c), as the after= parameter carries it. The input,
 *  NUL-terminated on the heap at exactly its length, is parsed; accepted,
 *  it must be a number of 0 to 18 digits that prints back to a cursor
 *  parsed the same; refused, nothing may have been promised. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/org_events.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (memchr(data, 0, size) != NULL)
		return 0;
	char *s = malloc(size + 1);
	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	long long v = -1;
	if (gx_org_events_cursor(s, &v) == 0) {
		if (v < 0 || v > 999999999999999999LL)
			abort();
		char again[24];
		snprintf(again, sizeof(again), "%lld", v);
		long long w = -1;
		if (gx_org_events_cursor(again, &w) != 0 || w != v)
			abort();
	}
	free(s);
	return 0;
}
