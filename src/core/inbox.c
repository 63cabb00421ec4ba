#include "core/inbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum gx_db_status gx_inbox_page(struct gx_store_conn *db, const struct gx_inbox_query *q, struct gx_case *rows,
				size_t limit, size_t *n, bool *more)
{
	if (limit > GX_INBOX_PAGE_MAX)
		limit = GX_INBOX_PAGE_MAX;
	return gx_store_inbox(db, q, rows, limit, n, more);
}

json_t *gx_inbox_counts(struct gx_store_conn *db, const char *org)
{
	char *text = NULL;
	json_t *counts = NULL;
	if (gx_store_inbox_counts(db, org, &text) >= 0 && text != NULL) {
		json_error_t err;
		counts = json_loads(text, 0, &err);
	}
	free(text);
	return counts;
}

void gx_inbox_cursor(const struct gx_case *last, char *out, size_t outlen)
{
	snprintf(out, outlen, "%lld.%lld", last->submitted_at_us, last->submission_id);
}

/* A decimal of 1 to 18 digits. */
static bool number(const char *s, size_t n, long long *out)
{
	if (n == 0 || n > 18)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	char buf[20];
	memcpy(buf, s, n);
	buf[n] = '\0';
	*out = strtoll(buf, NULL, 10);
	return true;
}

int gx_inbox_cursor_parse(const char *s, struct gx_inbox_query *q)
{
	const char *dot = s != NULL ? strchr(s, '.') : NULL;
	long long at, id;
	if (dot == NULL || !number(s, (size_t)(dot - s), &at) || !number(dot + 1, strlen(dot + 1), &id) || id <= 0)
		return -1;
	q->after_at_us = at;
	q->after_id = id;
	return 0;
}
