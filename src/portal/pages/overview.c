/* GET /spaces/{space}/overview?filter=all|drafts|active|completed&after=POS:
 * the space's drafts and procedures as a page, newest first, ten a page,
 * each saying who started and submitted it (and, to the owner of a private
 * space, "on your behalf" when it was someone else); then what was done on
 * the owner's behalf. The API beside it is overview.c; both read the same
 * rows (store: space_items). */

#include "portal/pages/overview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/corrections.h"
#include "core/overview.h"
#include "core/spaces.h"
#include "portal/pages/spaces.h"
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

/* One item of a list, as the template reads it: kept in C, not built as a
 * JSON tree (the page's hottest part). Every text is UTF-8 already
 * (definitions, catalogs, the store's own). */
struct row {
	const char *title, *organisation, *status, *status_class, *reference, *csrf, *started_by, *submitted_by;
	char created[24], updated[24], href[96], del[112];
	bool draft, started_on_behalf, submitted_on_behalf;
};

static const struct gx_tmpl_field row_fields[] = {
	GX_TMPL_FIELD(struct row, title, GX_TMPL_STR),
	GX_TMPL_FIELD(struct row, organisation, GX_TMPL_STR),
	GX_TMPL_FIELD(struct row, status, GX_TMPL_STR),
	GX_TMPL_FIELD(struct row, status_class, GX_TMPL_STR),
	GX_TMPL_FIELD(struct row, reference, GX_TMPL_STR),
	GX_TMPL_FIELD(struct row, csrf, GX_TMPL_STR),
	GX_TMPL_FIELD(struct row, started_by, GX_TMPL_STR),
	GX_TMPL_FIELD(struct row, submitted_by, GX_TMPL_STR),
	GX_TMPL_FIELD(struct row, created, GX_TMPL_CHARS),
	GX_TMPL_FIELD(struct row, updated, GX_TMPL_CHARS),
	GX_TMPL_FIELD(struct row, href, GX_TMPL_CHARS),
	GX_TMPL_FIELD_AS("delete", struct row, del, GX_TMPL_CHARS),
	GX_TMPL_FIELD(struct row, draft, GX_TMPL_BOOL),
	GX_TMPL_FIELD(struct row, started_on_behalf, GX_TMPL_BOOL),
	GX_TMPL_FIELD(struct row, submitted_on_behalf, GX_TMPL_BOOL),
};

/* "Submitted by X on your behalf", or "Started by X", for the reader. */
static void who(struct row *o, const struct gx_access *a, const struct gx_space_item *it)
{
	bool owner = a->via == GX_VIA_OWNER;
	bool company = strcmp(a->space.kind, "professional") == 0;
	long long self = a->space.owner_person_id;
	if (it->started_by_name[0] != '\0' && (company || it->started_by != self)) {
		o->started_by = it->started_by_name;
		o->started_on_behalf = owner && !company;
	}
	if (it->submitted_by_name[0] != '\0' && (company || it->submitted_by != self)) {
		o->submitted_by = it->submitted_by_name;
		o->submitted_on_behalf = owner && !company;
	}
}

/* Fills o from it, which must outlive o (o points into it). */
static void row(struct row *o, struct gx_req *r, const json_t *t, enum gx_lang lang, long long space,
		const struct gx_space_item *it)
{
	const struct gx_procedure *p = gx_app_procedure(it->procedure_id);
	*o = (struct row){.draft = it->draft};
	gx_local_time_format(it->created_at_us, o->created, sizeof(o->created), false);
	gx_local_time_format(it->updated_at_us, o->updated, sizeof(o->updated), false);
	snprintf(o->href, sizeof(o->href), it->draft ? "/spaces/%lld/drafts/%lld" : "/spaces/%lld/submissions/%lld",
		 space, it->id);
	const char *org = it->organisation[0] != '\0' ? it->organisation
			  : p != NULL                 ? gx_procedure_organisation(p)
						      : NULL;
	const char *status = it->draft ? "draft" : it->status[0] != '\0' ? it->status : "submitted";
	const char *title = p != NULL ? gx_form_text(json_object_get(gx_procedure_json(p), "titles"), lang) : NULL;
	o->title = title != NULL ? title : it->procedure_id;
	o->organisation = org != NULL ? gx_proc_organisation_title(org, lang) : "";
	o->status = gx_proc_status_label(t, status);
	/* A case that has ended is green, or red when rejected; one under way is
	 * blue. Whether it has ended is its definition's (statuses.h). */
	bool final = p != NULL ? gx_status_final(gx_procedure_statuses(p), status) : strcmp(status, "completed") == 0;
	o->status_class = it->draft                        ? "govuk-tag--grey"
			  : strcmp(status, "rejected") == 0 ? "govuk-tag--red"
			  : final                           ? "govuk-tag--green"
							    : "govuk-tag--blue";
	if (it->draft) {
		snprintf(o->del, sizeof(o->del), "/spaces/%lld/drafts/%lld/delete", space, it->id);
		o->csrf = r->actor.session.csrf_token;
	}
	o->reference = it->reference;
	who(o, &r->actor.access, it);
}

/* The filters above the list, with their counts. */
struct filter_link {
	const char *label;
	char href[96], count[24];
	bool current;
};

static const struct gx_tmpl_field filter_fields[] = {
	GX_TMPL_FIELD(struct filter_link, label, GX_TMPL_STR),
	GX_TMPL_FIELD(struct filter_link, href, GX_TMPL_CHARS),
	GX_TMPL_FIELD(struct filter_link, count, GX_TMPL_CHARS),
	GX_TMPL_FIELD(struct filter_link, current, GX_TMPL_BOOL),
};

static void filter_links(struct filter_link links[4], const json_t *t, long long space, const char *current,
			 const struct gx_overview_counts *counts)
{
	const long long n[] = {counts->all, counts->drafts, counts->active, counts->completed};
	const json_t *proc = json_object_get(t, "proc");
	for (size_t f = 0; f < 4; f++) {
		char key[32];
		snprintf(key, sizeof(key), "filter_%s", filters[f]);
		links[f] = (struct filter_link){.label = json_string_value(json_object_get(proc, key)),
						.current = strcmp(current, filters[f]) == 0};
		snprintf(links[f].href, sizeof(links[f].href), "/spaces/%lld/overview?filter=%s", space, filters[f]);
		snprintf(links[f].count, sizeof(links[f].count), "%lld", n[f]);
	}
}

/* The person's correction requests, listed like procedures, in their
 * private space only (a correction is about the person, not a company). */
static json_t *corrections_rows(struct gx_req *r, const json_t *t, enum gx_lang lang, long long space)
{
	struct gx_person_id person = GX_ID(gx_person_id, r->actor.session.person_id);
	(void)space;
	if (r->actor.access.via != GX_VIA_OWNER || strcmp(r->actor.access.space.kind, "private") != 0)
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
	/* A page forgives a bad filter or position (the API refuses them). */
	char filter[16] = "all", after[GX_OVERVIEW_CURSOR_MAX] = "";
	if (gx_query_get(q, qlen, "filter", filter, sizeof(filter)) == -2 || !gx_overview_filter_known(filter))
		snprintf(filter, sizeof(filter), "all");
	struct gx_overview_query oq = {.filter = filter};
	if (gx_query_get(q, qlen, "after", after, sizeof(after)) == -2 || gx_overview_cursor_parse(after, &oq) != 0)
		gx_overview_cursor_parse("", &oq);
	const struct gx_core_ctx *c = gx_app_ctx(r);
	long long space = gx_req_param_id(r, "space");
	struct gx_space_item items[PER_PAGE];
	size_t nitems = 0;
	bool more = false;
	struct gx_overview_counts counts;
	/* Every list of the page read in one snapshot (one read transaction). */
	if (gx_overview_snapshot_begin(c->db) < 0)
		return GX_SERVER_FAULT;
	if (gx_overview_read(c, GX_ID(gx_space_id, space), &oq, PER_PAGE, items, &nitems, &more) < 0 ||
	    gx_overview_counts(c, GX_ID(gx_space_id, space), &counts) < 0) {
		gx_overview_snapshot_end(c->db);
		return GX_SERVER_FAULT;
	}
	struct row rows[PER_PAGE];
	for (size_t i = 0; i < nitems; i++)
		row(&rows[i], r, t, lang, space, &items[i]);
	char first[128] = "", next[160] = "";
	if (oq.after_id > 0)
		snprintf(first, sizeof(first), "/spaces/%lld/overview?filter=%s", space, filter);
	if (more && nitems > 0) {
		char pos[GX_OVERVIEW_CURSOR_MAX];
		gx_overview_cursor_format(&items[nitems - 1], pos);
		snprintf(next, sizeof(next), "/spaces/%lld/overview?filter=%s&after=%s", space, filter, pos);
	}
	/* What waits for the person comes first, above every list. */
	struct gx_space_item waiting[PER_PAGE];
	size_t nwaiting = 0;
	struct gx_overview_query wq = {.filter = "action"};
	if (gx_overview_read(c, GX_ID(gx_space_id, space), &wq, PER_PAGE, waiting, &nwaiting, &more) < 0) {
		gx_overview_snapshot_end(c->db);
		return GX_SERVER_FAULT;
	}
	struct row actions[PER_PAGE];
	for (size_t i = 0; i < nwaiting; i++)
		row(&actions[i], r, t, lang, space, &waiting[i]);
	/* The person's correction requests (their own private space only), and
	 * what was done on the owner's behalf (the owner of a private space sees it here). */
	json_t *corrections = corrections_rows(r, t, lang, space);
	gx_overview_snapshot_end(c->db); /* the lists are read: the rest renders */
	if (corrections == NULL)
		return GX_SERVER_FAULT;
	json_t *done = r->actor.access.via == GX_VIA_OWNER ? gx_page_acts(r, t, lang, 10) : json_array();
	json_t *data = json_pack("{s:o, s:b, s:b, s:b, s:s, s:s, s:I, s:b, s:b, s:o}", "corrections", corrections,
				 "has_corrections", json_array_size(corrections) > 0, "has_rows", nitems > 0, "paged",
				 first[0] != '\0' || next[0] != '\0', "first_href", first, "next_href", next, "total",
				 (json_int_t)counts.all, "has_actions", nwaiting > 0, "has_acts", json_array_size(done) > 0,
				 "acts", done);
	struct filter_link links[4];
	filter_links(links, t, space, filter, &counts);
	const size_t nfields = sizeof(row_fields) / sizeof(row_fields[0]);
	const struct gx_tmpl_bind binds[] = {
		{.name = "filters", .rows = links, .n = 4, .size = sizeof(links[0]), .fields = filter_fields,
		 .nfields = sizeof(filter_fields) / sizeof(filter_fields[0])},
		{.name = "rows", .rows = rows, .n = nitems, .size = sizeof(rows[0]), .fields = row_fields, .nfields = nfields},
		{.name = "actions", .rows = actions, .n = nwaiting, .size = sizeof(actions[0]), .fields = row_fields,
		 .nfields = nfields},
	};
	enum gx_outcome o = data != NULL ? gx_page_reply_bound(r, 200, "overview", "proc.overview_title", data, binds,
							     sizeof(binds) / sizeof(binds[0]))
					 : GX_SERVER_FAULT;
	json_decref(data);
	return o;
}
