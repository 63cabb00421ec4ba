#include "core/org_events.h"

#include <stdlib.h>
#include <string.h>

json_t *gx_org_events_read(struct gx_store_conn *db, const char *org, long long after, size_t limit, long long *last)
{
	char *text = NULL;
	if (limit > GX_ORG_EVENTS_PAGE_MAX)
		limit = GX_ORG_EVENTS_PAGE_MAX;
	enum gx_db_status st = gx_store_org_events(db, org, after, limit, &text, last);
	json_t *events = NULL;
	if (st >= 0 && text != NULL) {
		json_error_t err;
		events = json_loads(text, 0, &err);
	}
	free(text);
	return events;
}

int gx_org_events_cursor(const char *s, long long *out)
{
	*out = 0;
	if (s == NULL || s[0] == '\0')
		return 0;
	size_t n = strlen(s);
	if (n > 18 || strspn(s, "0123456789") != n)
		return -1;
	*out = strtoll(s, NULL, 10);
	return 0;
}
