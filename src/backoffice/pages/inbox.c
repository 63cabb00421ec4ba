/* The back office's start and an organisation's inbox, as pages:
 *
 *   GET /backoffice                 the organisations the person is an agent of (one: straight to its inbox)
 *   GET /backoffice/orgs/{org}      its cases, newest first, filtered (backoffice/inbox_query.h), 25 a
 *                                   page by key (?after=…), with the count in each status
 */

#include "backoffice/pages/inbox.h"

#include <stdio.h>
#include <string.h>

#include "backoffice/ctx.h"
#include "backoffice/inbox_query.h"
#include "core/agents.h"
#include "forms/form.h"
#include "forms/labels.h"
#include "http/query.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "procedures/catalog.h"
#include "procedures/definition.h"
#include "procedures/statuses.h"
#include "site/page.h"
#include "site/site.h"
#include "util/local_time.h"

#define PAGE 25

/* A text of the back office's catalog section. */
static const char *bo_text(const json_t *t, const char *key)
{
	return json_string_value(json_object_get(json_object_get(t, "bo"), key));
}

static const char *role_label(const json_t *t, const char *role)
{
	return json_string_value(json_object_get(json_object_get(json_object_get(t, "bo"), "role"), role));
}

enum gx_outcome gx_bo_home(struct gx_req *r)
{
	json_t *orgs = gx_agent_orgs(gx_req_store(r), GX_ID(gx_person_id, r->actor.session.person_id));
	if (orgs == NULL)
		return GX_SERVER_FAULT;
	if (json_array_size(orgs) == 1) {
		char href[128];
		snprintf(href, sizeof(href), "/backoffice/orgs/%s",
			 json_string_value(json_object_get(json_array_get(orgs, 0), "org")));
		json_decref(orgs);
		return gx_reply_redirect(r, href);
	}
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i, o) {
		const char *org = json_string_value(json_object_get(o, "org"));
		char href[128];
		snprintf(href, sizeof(href), "/backoffice/orgs/%s", org);
		json_object_set_new(o, "href", json_string(href));
		json_object_set_new(o, "title", json_string(gx_proc_organisation_title(org, lang)));
		json_object_set_new(o, "role_label",
				    json_string(role_label(t, json_string_value(json_object_get(o, "role")))));
	}
	return gx_page_reply_owned(r, 200, "bo_home", "bo.home_title",
				   json_pack("{s:o, s:b}", "orgs", orgs, "has_orgs", json_array_size(orgs) > 0));
}

/* An option of a filter's list. */
static void add_option(json_t *list, const char *value, const char *label, const char *current)
{
	json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected",
					      current != NULL && strcmp(current, value) == 0));
}

/* The organisation's procedures, and the statuses they name, as filter options. */
static void filter_options(const char *org, enum gx_lang lang, const json_t *t, const struct gx_inbox_query *q,
			   json_t *procedures, json_t *statuses)
{
	add_option(procedures, "", bo_text(t, "all_procedures"), q->procedure != NULL ? NULL : "");
	add_option(statuses, "", bo_text(t, "all_statuses"), q->status != NULL ? NULL : "");
	json_t *seen = json_object();
	size_t n = gx_procedure_catalog_count(gx_domain.procedures);
	for (size_t i = 0; i < n; i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(gx_domain.procedures, i);
		if (strcmp(gx_procedure_organisation(p), org) != 0)
			continue;
		add_option(procedures, gx_procedure_id(p), gx_form_text(json_object_get(gx_procedure_json(p), "titles"), lang),
			   q->procedure);
		const struct gx_status_table *table = gx_procedure_statuses(p);
		for (size_t s = 0; s < table->n; s++) {
			const char *status = table->statuses[s].id;
			if (json_object_get(seen, status) == NULL) {
				json_object_set_new(seen, status, json_true());
				add_option(statuses, status, gx_proc_status_label(t, status), q->status);
			}
		}
	}
	json_decref(seen);
}

static json_t *row(const struct gx_case *k, const char *org, const char *me, enum gx_lang lang, const json_t *t)
{
	const struct gx_procedure *p = gx_procedure_catalog_find(gx_domain.procedures, k->procedure_id);
	const char *title = p != NULL ? gx_form_text(json_object_get(gx_procedure_json(p), "titles"), lang) : NULL;
	char href[160], when[32];
	snprintf(href, sizeof(href), "/backoffice/orgs/%s/cases/%lld", org, k->submission_id);
	gx_local_time_format(k->submitted_at_us, when, sizeof(when), true);
	const char *assignee = k->assignee[0] == '\0'			    ? bo_text(t, "unassigned")
			       : me != NULL && strcmp(k->assignee, me) == 0 ? bo_text(t, "assigned_to_me")
									    : k->assignee;
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "reference", k->reference, "href", href,
			 "procedure", title != NULL ? title : k->procedure_id, "status", gx_proc_status_label(t, k->status),
			 "status_class",
			 !k->final			      ? "govuk-tag--blue"
			 : strcmp(k->status, "rejected") == 0 ? "govuk-tag--red"
							      : "govuk-tag--green",
			 "person_turn", strcmp(k->turn, "person") == 0, "assignee", assignee, "submitted", when);
}

/* Whether the agent works for more than one organisation: the inbox then
 * links back to the start, to switch. */
static bool several_orgs(struct gx_req *r)
{
	json_t *orgs = gx_agent_orgs(gx_req_store(r), GX_ID(gx_person_id, r->actor.session.person_id));
	bool several = json_array_size(orgs) > 1;
	json_decref(orgs);
	return several;
}

enum gx_outcome gx_bo_inbox(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	if (bo == NULL)
		return GX_SERVER_FAULT;
	const char *org = bo->who.org;
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	struct gx_inbox_filter f;
	const char *bad = gx_inbox_filter_parse(q, qlen, org, bo->who.agent, &f);
	if (bad != NULL)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, bad, "not a valid filter");
	struct gx_case rows[PAGE];
	size_t n;
	bool more;
	json_t *counts = gx_inbox_counts(gx_req_store(r), org);
	if (counts == NULL || gx_inbox_page(gx_req_store(r), &f.q, rows, PAGE, &n, &more) < 0) {
		json_decref(counts);
		return GX_SERVER_FAULT;
	}
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, row(&rows[i], org, bo->who.agent, lang, t));
	json_t *count_rows = json_array();
	const char *s;
	json_t *v;
	json_object_foreach(counts, s, v) json_array_append_new(count_rows, json_pack("{s:s, s:O}", "status",
										      gx_proc_status_label(t, s), "n", v));
	json_decref(counts);
	json_t *procedures = json_array(), *statuses = json_array();
	filter_options(org, lang, t, &f.q, procedures, statuses);
	char base[128], next[700] = "";
	snprintf(base, sizeof(base), "/backoffice/orgs/%s", org);
	if (more && n > 0)
		gx_inbox_next_href(&f, base, &rows[n - 1], next, sizeof(next));
	const char *turn = f.q.turn != NULL ? f.q.turn : "";
	const char *assignee = f.mine ? "me" : f.q.assignee == NULL ? "" : strcmp(f.q.assignee, "-") == 0 ? "none" : "";
	json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:o, s:b, s:o, s:o, s:s, s:s, s:s, s:s, s:b, s:b, s:b,"
				 " s:b, s:b, s:b, s:b, s:b}",
				 "org", org, "org_title", gx_proc_organisation_title(org, lang), "role",
				 role_label(t, bo->who.role), "base", base, "rows", list, "has_rows", n > 0, "counts",
				 count_rows, "has_counts", json_array_size(count_rows) > 0, "procedures", procedures,
				 "statuses", statuses, "reference", f.q.reference != NULL ? f.q.reference : "", "from",
				 f.from, "to", f.to, "next_href", next, "turn_any", turn[0] == '\0', "turn_person",
				 strcmp(turn, "person") == 0, "turn_org", strcmp(turn, "organisation") == 0,
				 "assignee_any", assignee[0] == '\0' && f.q.assignee == NULL, "assignee_me",
				 strcmp(assignee, "me") == 0, "assignee_none", strcmp(assignee, "none") == 0, "is_admin",
				 r->actor.role >= GX_ROLE_ADMIN, "several_orgs", several_orgs(r));
	return gx_page_reply_owned(r, 200, "bo_inbox", "bo.inbox_title", data);
}
