/* A space's overview (overview.h): positions, the reader's procedures, and
 * the store's pages and counts. */

#include "core/overview.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/catalog.h"
#include "procedures/definition.h"

bool gx_overview_filter_known(const char *filter)
{
	static const char *const known[] = {"all", "drafts", "active", "completed", "action"};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(filter, known[i]) == 0)
			return true;
	return false;
}

/* A positive decimal of at most 18 digits, ending at *end (the separator). */
static int number(const char **p, char sep, long long *out)
{
	const char *s = *p;
	size_t n = 0;
	long long v = 0;
	while (s[n] >= '0' && s[n] <= '9') {
		if (n == 18)
			return -1;
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (n == 0 || (n > 1 && s[0] == '0') || s[n] != sep)
		return -1;
	*out = v;
	*p = s + n + (sep != '\0');
	return 0;
}

int gx_overview_cursor_parse(const char *text, struct gx_overview_query *q)
{
	q->after_at_us = q->after_id = 0;
	q->after_draft = false;
	if (text == NULL || text[0] == '\0')
		return 0;
	const char *p = text;
	long long at, id;
	if (number(&p, '.', &at) != 0 || number(&p, '.', &id) != 0 || id <= 0)
		return -1;
	if ((p[0] != 'd' && p[0] != 's') || p[1] != '\0')
		return -1;
	q->after_at_us = at;
	q->after_id = id;
	q->after_draft = p[0] == 'd';
	return 0;
}

void gx_overview_cursor_format(const struct gx_space_item *it, char out[GX_OVERVIEW_CURSOR_MAX])
{
	snprintf(out, GX_OVERVIEW_CURSOR_MAX, "%lld.%lld.%c", it->updated_at_us, it->id, it->draft ? 'd' : 's');
}

const char *gx_overview_scope(const struct gx_core_ctx *c)
{
	const struct gx_access *a = c->access;
	if (a == NULL || a->all_procedures)
		return NULL;
	json_t *ids = json_array();
	for (size_t i = 0; i < a->nprocedures; i++)
		json_array_append_new(ids, json_string(a->procedures[i]));
	const struct gx_procedure_catalog *cat = c->domain->procedures;
	for (size_t o = 0; o < a->norgs && cat != NULL; o++)
		for (size_t i = 0; i < gx_procedure_catalog_count(cat); i++) {
			const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
			if (strcmp(gx_procedure_organisation(p), a->orgs[o]) == 0)
				json_array_append_new(ids, json_string(gx_procedure_id(p)));
		}
	char *text = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	if (text == NULL)
		return "[]"; /* no memory: show nothing rather than everything */
	char *out = gx_core_strndup(c, text, strlen(text));
	free(text);
	return out;
}

enum gx_db_status gx_overview_read(const struct gx_core_ctx *c, struct gx_space_id space,
				   struct gx_overview_query *q, size_t limit, struct gx_space_item *items, size_t *n,
				   bool *more)
{
	q->space_id = space.v;
	q->procedures_json = gx_overview_scope(c);
	return gx_store_space_overview(c->db, q, limit, items, n, more);
}

enum gx_db_status gx_overview_counts(const struct gx_core_ctx *c, struct gx_space_id space,
				     struct gx_overview_counts *out)
{
	return gx_store_space_counts(c->db, space.v, gx_overview_scope(c), out);
}

enum gx_db_status gx_overview_snapshot_begin(struct gx_store_conn *db)
{
	return gx_store_tx_begin(db, false);
}

void gx_overview_snapshot_end(struct gx_store_conn *db)
{
	gx_store_tx_rollback(db); /* nothing was written */
}
