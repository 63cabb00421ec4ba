/* A case as a page for its organisation's agents:
 *
 *   GET /backoffice/orgs/{org}/cases/{submission}
 *
 * the answers rendered from the submission's definition, its files, the
 * signed receipt, the reuse consent, the timeline the person sees, the
 * organisation's internal log, and the forms that change it (case_actions.c). */

#include "backoffice/pages/case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backoffice/ctx.h"
#include "core/agents.h"
#include "core/attachments.h"
#include "core/cases.h"
#include "core/submissions.h"
#include "forms/form.h"
#include "forms/labels.h"
#include "forms/timeline.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "procedures/definition.h"
#include "procedures/statuses.h"
#include "site/page.h"
#include "site/site.h"
#include "util/local_time.h"

static const char *bo_text(const json_t *t, const char *key)
{
	return json_string_value(json_object_get(json_object_get(t, "bo"), key));
}

/* The statuses the case may move to, as options [{value, label}]. */
static json_t *next_statuses(const struct gx_procedure *p, const struct gx_case *k, const json_t *t)
{
	json_t *list = json_array();
	const struct gx_status_table *table = p != NULL ? gx_procedure_statuses(p) : NULL;
	const char *next[GX_PROCEDURE_STATUSES_MAX];
	size_t n = table != NULL ? gx_status_next(table, k->status, next, GX_PROCEDURE_STATUSES_MAX) : 0;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", next[i], "label",
						      gx_proc_status_label(t, next[i]), "final",
						      gx_status_final(table, next[i])));
	return list;
}

/* The agents a supervisor may assign to: [{national_id, name, selected}]. */
static json_t *assignees(struct gx_store_conn *db, const char *org, const struct gx_case *k)
{
	json_t *agents = gx_org_agents(db, org);
	json_t *out = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(agents, i, a) {
		const char *nid = json_string_value(json_object_get(a, "national_id"));
		const char *given = json_string_value(json_object_get(a, "given_name"));
		const char *family = json_string_value(json_object_get(a, "family_name"));
		char name[300];
		snprintf(name, sizeof(name), "%s %s (%s)", given != NULL ? given : "", family != NULL ? family : "", nid);
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "national_id", nid, "name",
						     given != NULL ? name : nid, "selected", strcmp(nid, k->assignee) == 0));
	}
	json_decref(agents);
	return out;
}

/* The organisation's agents by national id: {national_id: "Given Family"}. */
static json_t *agent_names(struct gx_store_conn *db, const char *org)
{
	json_t *agents = gx_org_agents(db, org), *names = json_object();
	size_t i;
	json_t *a;
	json_array_foreach(agents, i, a) {
		const char *given = json_string_value(json_object_get(a, "given_name"));
		const char *family = json_string_value(json_object_get(a, "family_name"));
		char name[260];
		snprintf(name, sizeof(name), "%s %s", given != NULL ? given : "", family != NULL ? family : "");
		if (given != NULL || family != NULL)
			json_object_set_new(names, json_string_value(json_object_get(a, "national_id")), json_string(name));
	}
	json_decref(agents);
	return names;
}

/* An agent by name when known, else by national id; a machine client as the case system. */
static const char *someone(const json_t *names, const json_t *t, const char *id)
{
	const char *name = json_string_value(json_object_get(names, id != NULL ? id : ""));
	if (name != NULL)
		return name;
	if (id != NULL && strlen(id) == 13 && strspn(id, "0123456789") == 13)
		return id;
	return json_string_value(json_object_get(json_object_get(json_object_get(t, "bo"), "role"), "client"));
}

/* The internal log as the page shows it: [{when, what, author, text?, to?}]. */
static json_t *log_view(const json_t *log, const json_t *names, const json_t *t)
{
	json_t *out = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(log, i, e) {
		char when[32], key[48];
		gx_local_time_format((long long)json_integer_value(json_object_get(e, "at_us")), when, sizeof(when), true);
		const char *kind = json_string_value(json_object_get(e, "kind"));
		snprintf(key, sizeof(key), "log_%s", kind != NULL ? kind : "");
		const char *what = bo_text(t, key);
		const json_t *detail = json_object_get(e, "detail");
		json_t *v = json_pack("{s:s, s:s, s:s?}", "when", when, "what", what != NULL ? what : kind, "author",
				      someone(names, t, json_string_value(json_object_get(e, "author"))));
		if (json_is_string(json_object_get(detail, "text")))
			json_object_set(v, "text", json_object_get(detail, "text"));
		if (kind != NULL && strcmp(kind, "assigned") == 0) {
			const char *to = json_string_value(json_object_get(detail, "to"));
			json_object_set_new(v, "to", json_string(to != NULL ? someone(names, t, to) : bo_text(t, "unassigned")));
		}
		json_array_append_new(out, v);
	}
	return out;
}

/* The reuse consent of the case, as the page shows it (NULL when the procedure asked none). */
static json_t *consent_view(struct gx_store_conn *db, const struct gx_case *k, long long now_us, enum gx_lang lang)
{
	struct gx_reuse_consent rc;
	if (gx_case_consent(db, k->submission_id, &rc) != GX_DB_ONE_RESULT)
		return NULL;
	json_error_t err;
	char until[32];
	gx_local_time_format(rc.expires_at_us, until, sizeof(until), false);
	json_t *purpose = json_loads(rc.purpose_json, 0, &err), *basis = json_loads(rc.legal_basis_json, 0, &err);
	json_t *registers = json_loads(rc.registers_json, 0, &err), *view = json_array();
	size_t i, j;
	json_t *reg, *attr;
	json_array_foreach(registers, i, reg) {
		const char *source = json_string_value(json_object_get(reg, "source"));
		json_t *titles = json_array();
		json_array_foreach(json_object_get(reg, "attributes"), j, attr)
			json_array_append_new(titles, json_string(gx_register_attribute_title(source, json_string_value(attr),
											  lang)));
		json_array_append_new(view, json_pack("{s:s, s:o}", "title", gx_register_title(source, lang), "attributes",
						      titles));
	}
	json_decref(registers);
	json_t *v = json_pack("{s:b, s:b, s:b, s:o, s:s, s:s?, s:s?}", "granted", rc.granted, "revoked",
			      rc.revoked_at_us > 0, "in_force", rc.granted && rc.revoked_at_us == 0 && now_us < rc.expires_at_us,
			      "registers", view, "until", until, "purpose", gx_form_text(purpose, lang), "legal_basis",
			      gx_form_text(basis, lang));
	json_decref(purpose);
	json_decref(basis);
	gx_reuse_consent_clear(&rc);
	return v;
}

enum gx_outcome gx_bo_case_reply(struct gx_req *r, int status, json_t *errors, json_t *fetched)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	if (bo == NULL) {
		json_decref(errors);
		json_decref(fetched);
		return GX_SERVER_FAULT;
	}
	struct gx_store_conn *db = gx_req_store(r);
	long long id = gx_req_param_id(r, "submission");
	struct gx_case k;
	enum gx_db_status st = gx_case_read(db, bo->who.org, id, &k);
	if (st <= 0) {
		json_decref(errors);
		json_decref(fetched);
		return st < 0 ? GX_SERVER_FAULT : gx_page_error(r, GX_ERR_NOT_FOUND);
	}
	struct gx_submission s;
	if (gx_case_submission(db, id, &s) != GX_DB_ONE_RESULT) {
		json_decref(errors);
		json_decref(fetched);
		return GX_SERVER_FAULT;
	}
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	const struct gx_procedure *p = gx_core_procedure(bo->c, k.procedure_id);
	json_error_t err;
	json_t *answers = json_loads(s.data_json, 0, &err);
	json_t *files = gx_attachments_list(db, GX_ATTACHMENTS_OF_SUBMISSION, id);
	json_t *events = gx_submission_timeline(db, GX_ID(gx_submission_id, id));
	json_t *log = gx_case_log_list(db, id);
	json_t *names = agent_names(db, bo->who.org);
	char base[160], file_base[200], when[32];
	snprintf(base, sizeof(base), "/backoffice/orgs/%s/cases/%lld", bo->who.org, id);
	snprintf(file_base, sizeof(file_base), "%s/files/", base);
	gx_local_time_format(k.submitted_at_us, when, sizeof(when), true);
	json_t *data = NULL;
	if (answers != NULL && files != NULL && events != NULL && log != NULL) {
		json_t *sections = json_array();
		if (p != NULL) {
			const json_t *def = gx_procedure_json(p);
			struct gx_form_ctx fc = {.lang = lang, .definition = def, .data = answers, .computed = answers,
						 .t = t, .files = files, .space_id = s.space_id};
			json_decref(sections);
			sections = gx_form_answer_sections(&fc, json_array_size(json_object_get(def, "steps")), NULL);
		}
		bool mine = bo->who.agent != NULL && strcmp(k.assignee, bo->who.agent) == 0;
		char revision[24];
		snprintf(revision, sizeof(revision), "%lld", k.revision);
		const char *title = p != NULL ? gx_form_text(json_object_get(gx_procedure_json(p), "titles"), lang) : NULL;
		data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s,"
				 " s:s, s:b, s:b, s:b, s:b, s:o, s:b}",
				 "reference", k.reference, "procedure", title != NULL ? title : k.procedure_id, "org_title",
				 gx_proc_organisation_title(k.org, lang), "status", gx_proc_status_label(t, k.status),
				 "submitted", when, "final", k.final, "person_turn", strcmp(k.turn, "person") == 0,
				 "assignee",
				 k.assignee[0] == '\0' ? bo_text(t, "unassigned")
				 : mine		       ? bo_text(t, "assigned_to_me")
							 : someone(names, t, k.assignee),
				 "revision", revision, "base", base, "sections", sections, "timeline",
				 gx_timeline_view(events, files, t, lang, file_base, GX_TIMELINE_ORGANISATION), "log", log_view(log, names, t), "next",
				 next_statuses(p, &k, t), "receipt", s.receipt_json, "signature", s.signature, "csrf",
				 r->actor.session.csrf_token, "can_take", k.assignee[0] == '\0', "mine", mine,
				 "supervisor", bo->who.supervisor, "open_request", k.open_request > 0, "assignees",
				 bo->who.supervisor ? assignees(db, bo->who.org, &k) : json_array(), "has_log",
				 json_array_size(log) > 0);
		json_t *form_files = json_array();
		size_t i;
		json_t *f;
		json_array_foreach(files, i, f) {
			const char *fid = json_string_value(json_object_get(f, "id"));
			char href[256];
			snprintf(href, sizeof(href), "%s%s", file_base, fid);
			json_t *nf = json_pack("{s:O, s:s, s:O}", "name", json_object_get(f, "name"), "href", href, "kind",
					       json_object_get(f, "kind"));
			json_array_append_new(form_files, nf);
		}
		json_object_set_new(data, "files", form_files);
		json_object_set_new(data, "has_files", json_boolean(json_array_size(form_files) > 0));
		json_t *consent = consent_view(db, &k, bo->c->now_us, lang);
		if (consent != NULL)
			json_object_set_new(data, "consent", consent);
		if (fetched != NULL) {
			json_object_set(data, "fetched", fetched);
			json_object_set_new(data, "has_fetched", json_true());
		}
		if (errors != NULL) {
			json_object_set(data, "error_summary", errors);
			json_object_set_new(data, "has_errors", json_boolean(json_array_size(errors) > 0));
		}
	}
	json_decref(answers);
	json_decref(files);
	json_decref(events);
	json_decref(log);
	json_decref(names);
	json_decref(errors);
	json_decref(fetched);
	gx_submission_clear(&s);
	return gx_page_reply_owned(r, status, "bo_case", "bo.case_title", data);
}

enum gx_outcome gx_bo_case(struct gx_req *r)
{
	return gx_bo_case_reply(r, 200, NULL, NULL);
}
