/* GET /api/v1/spaces/{space}/overview?filter=all|drafts|active|completed|action&after=POS&per_page=N:
 * the space's drafts and procedures, newest first, a page from the previous
 * page's last item (its "next"), with each filter's count. Written straight
 * from the rows (json/write.h): this is the answer a space's home asks most. */

#include "portal/api/overview.h"

#include <stdlib.h>
#include <string.h>

#include "core/overview.h"
#include "http/query.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "json/write.h"
#include "portal/app.h"
#include "portal/path.h"
#include "procedures/definition.h"

static long long number(const char *q, size_t qlen, const char *name, long long fallback, long long min, long long max)
{
	char v[16];
	if (gx_query_get(q, qlen, name, v, sizeof(v)) <= 0)
		return fallback;
	char *end;
	long long n = strtoll(v, &end, 10);
	return *end != '\0' || n < min || n > max ? -1 : n;
}

static void write_item(struct gx_buf *b, const struct gx_space_item *it, enum gx_lang lang)
{
	gx_buf_append_char(b, '{');
	gx_json_write_key(b, "kind", 1);
	gx_json_write_cstr(b, it->draft ? "draft" : "submission");
	gx_json_write_key(b, "id", 0);
	gx_json_write_int(b, it->id);
	gx_json_write_key(b, "procedure", 0);
	gx_json_write_cstr(b, it->procedure_id);
	gx_json_write_key(b, "version", 0);
	gx_json_write_int(b, it->procedure_version);
	gx_json_write_key(b, "reference", 0);
	gx_json_write_cstr_or_null(b, it->reference);
	gx_json_write_key(b, "status", 0);
	gx_json_write_cstr(b, it->status);
	gx_json_write_key(b, "organisation", 0);
	gx_json_write_cstr_or_null(b, it->organisation);
	gx_json_write_key(b, "created_at_us", 0);
	gx_json_write_int(b, it->created_at_us);
	gx_json_write_key(b, "updated_at_us", 0);
	gx_json_write_int(b, it->updated_at_us);
	gx_json_write_key(b, "action_needed", 0);
	gx_buf_append_str(b, it->action_needed ? "true" : "false");
	/* Who started it and who submitted it: the acting person, whoever the space is. */
	gx_json_write_key(b, "started_by", 0);
	gx_json_write_cstr_or_null(b, it->started_by_name);
	gx_json_write_key(b, "submitted_by", 0);
	gx_json_write_cstr_or_null(b, it->submitted_by_name);
	/* The procedure's title in the person's language. */
	const struct gx_procedure *p = gx_app_procedure(it->procedure_id);
	const char *title = p != NULL ? gx_lang_text(json_object_get(gx_procedure_json(p), "titles"), lang) : NULL;
	if (title != NULL) {
		gx_json_write_key(b, "title", 0);
		gx_json_write_cstr(b, title);
	}
	gx_buf_append_char(b, '}');
}

enum gx_outcome gx_api_overview(struct gx_req *r)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char filter[16] = "all";
	if (gx_query_get(q, qlen, "filter", filter, sizeof(filter)) == -2 || !gx_overview_filter_known(filter))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "filter", "all, drafts, active, completed or action");
	long long per_page = number(q, qlen, "per_page", 20, 1, 100);
	if (per_page < 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "per_page", "a whole number from 1 to 100");
	char after[GX_OVERVIEW_CURSOR_MAX] = "";
	struct gx_overview_query oq = {.filter = filter};
	if (gx_query_get(q, qlen, "after", after, sizeof(after)) == -2 || gx_overview_cursor_parse(after, &oq) != 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "after", "the \"next\" of the previous page");

	const struct gx_core_ctx *c = gx_app_ctx(r);
	struct gx_space_item *items = gx_req_alloc(r, sizeof(*items) * (size_t)per_page);
	size_t n = 0;
	bool more = false;
	struct gx_overview_counts counts;
	if (gx_overview_read(c, gx_path_space(r), &oq, (size_t)per_page, items, &n, &more) < 0 ||
	    gx_overview_counts(c, gx_path_space(r), &counts) < 0)
		return GX_SERVER_FAULT;
	const long long total = strcmp(filter, "drafts") == 0	   ? counts.drafts
				: strcmp(filter, "active") == 0	   ? counts.active
				: strcmp(filter, "completed") == 0 ? counts.completed
				: strcmp(filter, "action") == 0	   ? counts.action
								   : counts.all;
	enum gx_lang lang = gx_req_lang(r);
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_reserve(&b, 256 + 400 * n); /* about what an item takes */
	gx_buf_append_char(&b, '{');
	gx_json_write_key(&b, "filter", 1);
	gx_json_write_cstr(&b, filter);
	gx_json_write_key(&b, "per_page", 0);
	gx_json_write_int(&b, per_page);
	gx_json_write_key(&b, "total", 0);
	gx_json_write_int(&b, total);
	gx_json_write_key(&b, "counts", 0);
	gx_buf_append_char(&b, '{');
	gx_json_write_key(&b, "all", 1);
	gx_json_write_int(&b, counts.all);
	gx_json_write_key(&b, "drafts", 0);
	gx_json_write_int(&b, counts.drafts);
	gx_json_write_key(&b, "active", 0);
	gx_json_write_int(&b, counts.active);
	gx_json_write_key(&b, "completed", 0);
	gx_json_write_int(&b, counts.completed);
	gx_json_write_key(&b, "action", 0);
	gx_json_write_int(&b, counts.action);
	gx_buf_append_char(&b, '}');
	gx_json_write_key(&b, "items", 0);
	gx_buf_append_char(&b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			gx_buf_append_char(&b, ',');
		write_item(&b, &items[i], lang);
	}
	gx_buf_append_char(&b, ']');
	gx_json_write_key(&b, "next", 0);
	char next[GX_OVERVIEW_CURSOR_MAX] = "";
	if (more && n > 0)
		gx_overview_cursor_format(&items[n - 1], next);
	gx_json_write_cstr_or_null(&b, next);
	gx_buf_append_char(&b, '}');
	return gx_reply_json_text(r, 200, &b);
}
