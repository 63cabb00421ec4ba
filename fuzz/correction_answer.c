/* libFuzzer driver: a register's answers to the platform's corrections
 * (sources/correction_client.h), which guichetd reads from the network: a
 * request's state and a page of the feed of decisions. The first byte picks
 * the parser (and, for the feed, the "after" number). Whatever the bytes:
 * an answer is refused whole, or every field read holds what the protocol
 * allows (a positive id, a known status, a date; feed numbers above after,
 * ascending, at most last; each decision with what its status needs). */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sources/correction_client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char why[128];
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	if (data[0] & 1) {
		struct gx_correction_state s;
		if (gx_correction_state_parse(body, len, &s, why, sizeof(why)) == 0 &&
		    (s.id <= 0 || strlen(s.due) != 10 || s.status[0] == '\0'))
			abort();
		return 0;
	}
	long long after = data[0] >> 1;
	struct gx_correction_feed f;
	if (gx_correction_feed_parse(body, len, after, &f, why, sizeof(why)) != 0) {
		if (f.root != NULL || f.n != 0)
			abort();
		return 0;
	}
	long long prev = after;
	for (size_t i = 0; i < f.n; i++) {
		const struct gx_correction_decision *d = &f.items[i];
		if (d->seq <= prev || d->seq > f.last || d->id <= 0 || d->request_id == NULL || d->status == NULL)
			abort();
		if (strcmp(d->status, "rejected") == 0 && d->reason == NULL)
			abort();
		if (strcmp(d->status, "accepted") == 0 && (d->version < 1 || d->as_of == NULL || strlen(d->as_of) != 10))
			abort();
		prev = d->seq;
	}
	gx_correction_feed_free(&f);
	return 0;
}
