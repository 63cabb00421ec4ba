/** libFuzzer driver for the inbox's filters as a query string says them
 *  (backoffice/inbox_query.c, with the page cursor of core/inbox.c). The
 *  input is the query string, copied to a heap buffer of exactly its length
 *  so ASan catches any read past it. A filter that is accepted must come
 *  back the same from the next page's address made of it (parsed again,
 *  with the cursor of a case made from the input), and that address must
 *  be accepted too; a refusal must name a parameter. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backoffice/inbox_query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char ME[] = "1985031410148";

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
	struct gx_inbox_filter f;
	const char *bad = gx_inbox_filter_parse(q, size, "commune", ME, &f);
	if (bad != NULL) {
		if (bad[0] == '\0')
			abort();
		free(q);
		return 0;
	}
	if (f.q.turn != NULL && strcmp(f.q.turn, "organisation") != 0 && strcmp(f.q.turn, "person") != 0)
		abort();
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211ULL;
	struct gx_case last = {.submitted_at_us = (long long)(h % 4000000000000000ULL),
			       .submission_id = (long long)(h % 1000000007ULL) + 1};
	char href[1024];
	gx_inbox_next_href(&f, "/x", &last, href, sizeof(href));
	const char *query = strchr(href, '?');
	if (query == NULL)
		abort();  /* the cursor at least is always there */
	struct gx_inbox_filter g;
	if (gx_inbox_filter_parse(query + 1, strlen(query + 1), "commune", ME, &g) != NULL)
		abort();
	if (!same(f.q.procedure, g.q.procedure) || !same(f.q.status, g.q.status) || !same(f.q.turn, g.q.turn) ||
	    !same(f.q.assignee, g.q.assignee) || f.mine != g.mine || !same(f.q.reference, g.q.reference) ||
	    f.q.from_us != g.q.from_us || f.q.to_us != g.q.to_us)
		abort();
	if (g.q.after_at_us != last.submitted_at_us || g.q.after_id != last.submission_id)
		abort();
	free(q);
	return 0;
}
