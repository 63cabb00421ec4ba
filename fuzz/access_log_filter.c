/** libFuzzer driver for "who accessed my data"'s filters as a query string
 *  says them (portal/access_log_query.c). The input is the query string,
 *  in a heap buffer of exactly its length so ASan catches any read past it.
 *  A filter that is accepted must come back the same from the next page's
 *  address made of it (with a cursor made from the input), and a refusal
 *  must name a parameter. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portal/access_log_query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *q = malloc(size > 0 ? size : 1);
	if (q == NULL)
		abort();
	if (size > 0)
		memcpy(q, data, size);
	struct gx_access_log_query_text f;
	const char *bad = gx_access_log_query_parse(q, size, &f);
	if (bad != NULL) {
		if (bad[0] == '\0')
			abort();
		free(q);
		return 0;
	}
	if (f.f.limit > GX_ACCESS_LOG_PAGE_MAX || (f.f.from_us > 0 && f.f.to_us > 0 && f.f.to_us <= f.f.from_us))
		abort();
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211ULL;
	long long at = (long long)(h % 4000000000000000ULL), id = (long long)(h % 1000000007ULL) + 1;
	char cursor[48], href[1024];
	gx_access_log_cursor(at, id, cursor, sizeof(cursor));
	gx_access_log_href(&f, "/x", cursor, href, sizeof(href));
	const char *query = strchr(href, '?');
	if (query == NULL)
		abort(); /* the cursor at least is always there */
	struct gx_access_log_query_text g;
	if (gx_access_log_query_parse(query + 1, strlen(query + 1), &g) != NULL)
		abort();
	if (!same(f.f.source, g.f.source) || !same(f.f.actor_id, g.f.actor_id) || f.f.from_us != g.f.from_us ||
	    f.f.to_us != g.f.to_us || g.f.before_at_us != at || g.f.before_id != id)
		abort();
	free(q);
	return 0;
}
