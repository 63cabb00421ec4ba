/* GET /spaces/{space}/overview?filter=all|drafts|active|completed&page=N: the
 * space's drafts and procedures as a page, newest first, ten a page. The API
 * beside it is overview.c; both read the same rows (store: space_items). */

#include "portal/pages/overview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/corrections.h"
#include "core/overview.h"
#include "core/spaces.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "portal/pages/corrections.h"
#include "site/page.h"
#include "forms/form.h"
#include "forms/labels.h"
#include "procedures/catalog.h"
#include "procedures/definition.h"
#include "util/local_time.h"
#include "site/site.h"

#define PER_PAGE 10

static const char *const filters[] = {"all", "drafts", "active", "completed"};

/* Every text here is UTF-8 already (definitions, catalogs, our own ASCII):
 * no need for jansson to check each one again. */
static void put(json_t *o, const char *key, const char *s)
{
	json_object_set_new_nocheck(o, key, json_string_nocheck(s));
}

static json_t *row(struct gx_req *r, const json_t *t, enum gx_lang lang, long long space,
		   const struct gx_space_item *it)
{
	const struct gx_procedure *p = gx_app_procedure(it->procedure_id);
	char created[24], updated[24], href[96], del[112];
	gx_local_time_format(it->created_at_us, created, sizeof(created), false);
	gx_local_time_format(it->updated_at_us, updated, sizeof(updated), false);
	snprintf(href, sizeof(href), it->draft ? "/spaces/%lld/drafts/%lld" : "/spaces/%lld/submissions/%lld", space,
		 it->id);
	const char *org = it->organisation[0] != '\0' ? it->organisation
			  : p != NULL                 ? gx_procedure_organisation(p)
						      : NULL;
	const char *status = it->draft ? "draft" : it->status[0] != '\0' ? it->status : "submitted";
	const char *title = p != NULL ? gx_form_text(json_object_get(gx_procedure_json(p), "titles"), lang) : NULL;
	json_t *o = json_object();
	put(o, "title", title != NULL ? title : it->procedure_id);
	put(o, "organisation", org != NULL ? gx_proc_organisation_title(org, lang) : "");
	put(o, "status", gx_proc_status_label(t, status));
	/* A case that has ended is green, or red when rejected; one under way is
	 * blue. Whether it has ended is its definition's (statuses.h). */
	bool final = p != NULL ? gx_status_final(gx_procedure_statuses(p), status) : strcmp(status, "completed") == 0;
	put(o, "status_class", it->draft                        ? "govuk-tag--grey"
			       : strcmp(status, "rejected") == 0 ? "govuk-tag--red"
			       : final                           ? "govuk-tag--green"
								 : "govuk-tag--blue");
	put(o, "created", created);
	put(o, "updated", updated);
	put(o, "href", href);
	if (it->draft) {
		snprintf(del, sizeof(del), "/spaces/%lld/drafts/%lld/delete", space, it->id);
		json_object_set_new_nocheck(o, "draft", json_true());
		put(o, "delete", del);
		put(o, "csrf", r->actor.session.csrf_token);
	}
	if (it->reference[0] != '\0')
		put(o, "reference", it->reference);
	return o;
}

static json_t *filter_links(const json_t *t, long long space, const char *current)
{
	json_t *links = json_array();
	for (size_t f = 0; f < 4; f++) {
		char href[96], key[32];
		snprintf(href, sizeof(href), "/spaces/%lld/overview?filter=%s", space, filters[f]);
		snprintf(key, sizeof(key), "filter_%s", filters[f]);
		json_array_append_new(links, json_pack("{s:s, s:s, s:b}", "href", href, "label",
						       json_string_value(json_object_get(json_object_get(t, "proc"), key)),
						       "current", strcmp(current, filters[f]) == 0));
	}
	return links;
}

/* The GOV.UK pagination: first, last, the current page and its neighbours. */
static json_t *pager(long long space, const char *filter, long long pageno, long long pages)
{
	json_t *list = json_array();
	for (long long n = 1; n <= pages; n++) {
		if (pages > 7 && n != 1 && n != pages && (n < pageno - 1 || n > pageno + 1)) {
			if (n == pageno - 2 || n == pageno + 2)
				json_array_append_new(list, json_pack("{s:b}", "ellipsis", true));
			continue;
		}
		char href[128];
		snprintf(href, sizeof(href), "/spaces/%lld/overview?filter=%s&page=%lld", space, filter, n);
		json_array_append_new(list, json_pack("{s:I, s:s, s:b}", "number", (json_int_t)n, "href", href, "current",
						      n == pageno));
	}
	return list;
}

/* The person's correction requests, listed like procedures, in their
 * private space only (a correction is about the person, not a company). */
static json_t *corrections_rows(struct gx_req *r, const json_t *t, enum gx_lang lang, long long space)
{
	struct gx_person_id person = GX_ID(gx_person_id, r->actor.session.person_id);
	struct gx_membership m;
	if (gx_space_membership(gx_req_store(r), GX_ID(gx_space_id, space), person, &m) != GX_DB_ONE_RESULT ||
	    strcmp(m.kind, "private") != 0 || strcmp(m.role, "owner") != 0)
		return json_array();
	json_t *list = gx_corrections_list(gx_req_store(r), person);
	if (list == NULL)
		return NULL;
	json_t *rows = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c) {
		const char *reg = json_string_value(json_object_get(c, "register"));
		const char *attribute = json_string_value(json_object_get(c, "attribute"));
		const struct gx_register_description *d =
			gx_domain.procedures != NULL && reg != NULL ? gx_procedure_catalog_register(gx_domain.procedures, reg) : NULL;
		long a = d != NULL && attribute != NULL ? gx_register_attribute_index(d, attribute) : -1;
		const struct gx_register *configured = reg != NULL ? gx_registers_find(&gx_domain.registers, reg) : NULL;
		int l = lang == GX_LANG_EN ? GX_REGISTER_EN : lang == GX_LANG_FR ? GX_REGISTER_FR : GX_REGISTER_DE;
		char created[24], updated[24], href[64];
		gx_local_time_format(json_integer_value(json_object_get(c, "created_at_us")), created, sizeof(created), false);
		gx_local_time_format(json_integer_value(json_object_get(c, "updated_at_us")), updated, sizeof(updated), false);
		snprintf(href, sizeof(href), "/my-data/corrections/%lld", (long long)json_integer_value(json_object_get(c, "id")));
		json_t *o = json_pack("{s:s, s:s, s:O, s:s, s:s, s:s}", "title", a >= 0 ? d->attributes[a].titles[l] : attribute,
				      "register", configured != NULL ? gx_lang_text(configured->titles, lang) : reg, "reference",
				      json_object_get(c, "reference"), "created", created, "updated", updated, "href", href);
		if (o == NULL)
			continue;
		gx_page_correction_status(t, json_string_value(json_object_get(c, "status")), o);
		json_array_append_new(rows, o);
	}
	json_decref(list);
	return rows;
}

enum gx_outcome gx_page_overview(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	/* A page forgives a bad filter or page number (the API refuses them). */
	char filter[16] = "all", pagebuf[16];
	if (gx_query_get(q, qlen, "filter", filter, sizeof(filter)) == -2 || !gx_overview_filter_known(filter))
		snprintf(filter, sizeof(filter), "all");
	long long pageno = 1;
	if (gx_query_get(q, qlen, "page", pagebuf, sizeof(pagebuf)) > 0) {
		char *end;
		pageno = strtoll(pagebuf, &end, 10);
		if (*end != '\0' || pageno < 1 || pageno > 1000000)
			pageno = 1;
	}
	long long space = gx_req_param_id(r, "space");
	struct gx_space_item items[PER_PAGE];
	size_t nitems = 0;
	long long total = 0;
	if (gx_overview_read(gx_req_store(r), GX_ID(gx_space_id, space), filter, (pageno - 1) * PER_PAGE, PER_PAGE,
			     items, &nitems, &total) < 0)
		return GX_SERVER_FAULT;
	json_t *rows = json_array();
	for (size_t i = 0; i < nitems; i++)
		json_array_append_new(rows, row(r, t, lang, space, &items[i]));
	long long pages = (total + PER_PAGE - 1) / PER_PAGE;
	char prev[128] = "", next[128] = "";
	if (pageno > 1 && pageno <= pages)
		snprintf(prev, sizeof(prev), "/spaces/%lld/overview?filter=%s&page=%lld", space, filter, pageno - 1);
	if (pageno < pages)
		snprintf(next, sizeof(next), "/spaces/%lld/overview?filter=%s&page=%lld", space, filter, pageno + 1);
	/* What waits for the person comes first, above every list. */
	struct gx_space_item waiting[PER_PAGE];
	size_t nwaiting = 0;
	long long nactions = 0;
	if (gx_overview_read(gx_req_store(r), GX_ID(gx_space_id, space), "action", 0, PER_PAGE, waiting, &nwaiting,
			     &nactions) < 0) {
		json_decref(rows);
		return GX_SERVER_FAULT;
	}
	json_t *actions = json_array();
	for (size_t i = 0; i < nwaiting; i++)
		json_array_append_new(actions, row(r, t, lang, space, &waiting[i]));
	json_t *corrections = corrections_rows(r, t, lang, space);
	if (corrections == NULL) {
		json_decref(rows);
		json_decref(actions);
		return GX_SERVER_FAULT;
	}
	json_t *data = json_pack("{s:o, s:b, s:o, s:b, s:o, s:o, s:b, s:s, s:s, s:I, s:o, s:b}", "corrections",
				 corrections, "has_corrections", json_array_size(corrections) > 0, "rows", rows, "has_rows",
				 nitems > 0, "filters", filter_links(t, space, filter), "pages",
				 pager(space, filter, pageno, pages), "paged", pages > 1, "prev_href", prev, "next_href", next,
				 "total", (json_int_t)total, "actions", actions, "has_actions", nwaiting > 0);
	return gx_page_reply_owned(r, 200, "overview", "proc.overview_title", data);
}
