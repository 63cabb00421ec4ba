/* GET /api/v1/spaces/{space}/overview?filter=all|drafts|active|completed&page=N&per_page=N:
 * the space's drafts and procedures, newest first, paged. */

#include "portal/overview.h"

#include <stdlib.h>
#include <string.h>

#include "http/query.h"
#include "http/request.h"
#include "procedures/definition.h"
#include "portal/app.h"
#include "portal/page.h"
#include "store/store.h"

static long long number(const char *q, size_t qlen, const char *name, long long fallback, long long min, long long max)
{
	char v[16];
	if (gx_query_get(q, qlen, name, v, sizeof(v)) <= 0)
		return fallback;
	char *end;
	long long n = strtoll(v, &end, 10);
	return *end != '\0' || n < min || n > max ? -1 : n;
}

enum gx_outcome gx_overview_api(struct gx_req *r)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char filter[16] = "all";
	if (gx_query_get(q, qlen, "filter", filter, sizeof(filter)) == -2 ||
	    (strcmp(filter, "all") != 0 && strcmp(filter, "drafts") != 0 && strcmp(filter, "active") != 0 &&
	     strcmp(filter, "completed") != 0))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "filter", "all, drafts, active or completed");
	long long page = number(q, qlen, "page", 1, 1, 1000000), per_page = number(q, qlen, "per_page", 20, 1, 100);
	if (page < 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "page", "a whole number from 1");
	if (per_page < 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "per_page", "a whole number from 1 to 100");

	char *items = NULL;
	long long total = 0;
	if (gx_store_space_overview(gx_req_store(r), gx_req_param_id(r, "space"), filter, (page - 1) * per_page, per_page,
				    &items, &total) < 0)
		return GX_SERVER_FAULT;
	json_error_t err;
	json_t *list = json_loads(items, 0, &err);
	free(items);
	/* Each item gets its procedure's title in the person's language. */
	const char *lang = gx_lang_code(gx_page_lang(r));
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		const struct gx_procedure *p = gx_app_procedure(json_string_value(json_object_get(item, "procedure")));
		if (p != NULL)
			json_object_set_new(item, "title", json_string(gx_procedure_title(p, strcmp(lang, "lb") == 0 ? "de" : lang)));
	}
	json_t *body = json_pack("{s:s, s:I, s:I, s:I, s:o}", "filter", filter, "page", (json_int_t)page, "per_page",
				 (json_int_t)per_page, "total", (json_int_t)total, "items", list);
	if (body == NULL)
		return GX_SERVER_FAULT;
	enum gx_outcome o = gx_reply_json(r, 200, body);
	json_decref(body);
	return o;
}
