/* "Who accessed my data" as a page (access_log.h). */

#include "portal/pages/access_log.h"

#include <stdio.h>
#include <string.h>

#include "core/access_log.h"
#include "core/domain.h"
#include "core/register_reads.h"
#include "forms/labels.h"
#include "http/query.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/access_log_query.h"
#include "portal/app.h"
#include "procedures/catalog.h"
#include "procedures/definition.h"
#include "site/page.h"
#include "site/site.h"
#include "util/local_time.h"

#define PER_PAGE 25

static const char *text(const json_t *t, const char *group, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(t, group), key));
	return s != NULL ? s : key;
}

/* Who read: the platform for the person, or an organisation and the agent's function. */
static json_t *who(const json_t *t, const struct gx_access_row *r, enum gx_lang lang)
{
	if (strcmp(r->actor_kind, "organisation") != 0)
		return json_pack("{s:s}", "name", text(json_object_get(t, "access"), "actor", "platform"));
	const char *role = NULL;
	if (r->actor_role != NULL) {
		const json_t *roles = json_object_get(json_object_get(t, "access"), "role");
		role = json_string_value(json_object_get(roles, r->actor_role));
		if (role == NULL)
			role = r->actor_role;
	}
	return json_pack("{s:s, s:s?}", "name", gx_proc_organisation_title(r->actor_id, lang), "role", role);
}

/* Why: My data, a procedure's title, or the purpose as recorded. */
static const char *why(const json_t *t, const struct gx_access_row *r, enum gx_lang lang)
{
	if (strcmp(r->purpose, "my-data") == 0)
		return text(json_object_get(t, "access"), "purpose", "my_data");
	const struct gx_procedure *p = gx_app_procedure(r->purpose);
	return p != NULL ? gx_procedure_title(p, gx_lang_code(lang)) : r->purpose;
}

/* The attributes' titles, separated by commas. */
static json_t *attributes(const struct gx_access_row *r, enum gx_lang lang)
{
	json_error_t jerr;
	json_t *names = json_loads(r->attributes_json, 0, &jerr), *out = json_array();
	for (size_t i = 0; i < json_array_size(names); i++) {
		const char *a = json_string_value(json_array_get(names, i));
		if (a != NULL)
			json_array_append_new(out, json_pack("{s:s, s:b}", "title",
							     gx_register_attribute_title(r->source, a, lang), "last",
							     i + 1 == json_array_size(names)));
	}
	json_decref(names);
	return out;
}

static json_t *record(const json_t *t, const struct gx_access_entry *e, enum gx_lang lang)
{
	const struct gx_access_row *r = &e->row;
	char when[32];
	gx_local_time_format(r->at_us, when, sizeof(when), true);
	static const char *const tags[] = {"govuk-tag--green", "govuk-tag--grey", "govuk-tag--red"};
	static const char *const keys[] = {"proven", "pending", "failed"};
	const json_t *a = json_object_get(t, "access");
	return json_pack("{s:s, s:o, s:s, s:o, s:s, s:s?, s:s, s:s, s:I, s:b}", "when", when, "who", who(t, r, lang),
			 "register", gx_register_title(r->source, lang), "attributes", attributes(r, lang), "why",
			 why(t, r, lang), "legal_basis", r->legal_basis, "proof_tag", tags[e->proof], "proof",
			 text(a, "proof", keys[e->proof]), "leaf", (json_int_t)r->leaf_index, "in_log", r->leaf_index >= 0);
}

static json_t *register_options(const struct gx_access_log_query_text *q, enum gx_lang lang)
{
	json_t *list = json_array();
	for (size_t i = 0; i < gx_domain.registers.count; i++) {
		const char *name = gx_domain.registers.items[i].name;
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", name, "title",
						      gx_register_title(name, lang), "selected",
						      q->f.source != NULL && strcmp(q->f.source, name) == 0));
	}
	return list;
}

static json_t *organisation_options(const json_t *t, const struct gx_access_log_query_text *q, enum gx_lang lang)
{
	json_t *list = json_array();
	json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "guichet", "title",
					      text(json_object_get(t, "access"), "actor", "platform"), "selected",
					      q->f.actor_id != NULL && strcmp(q->f.actor_id, "guichet") == 0));
	const json_t *orgs = gx_procedure_catalog_organisations(gx_domain.procedures);
	for (size_t i = 0; i < json_array_size(orgs); i++) {
		const char *id = json_string_value(json_object_get(json_array_get(orgs, i), "id"));
		if (id == NULL)
			continue;
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", id, "title",
						      gx_proc_organisation_title(id, lang), "selected",
						      q->f.actor_id != NULL && strcmp(q->f.actor_id, id) == 0));
	}
	return list;
}

static json_t *checkpoint(const struct gx_access_log_page *p)
{
	if (!p->have_checkpoint)
		return json_null();
	return json_pack("{s:I, s:b, s:I, s:I, s:b}", "size", (json_int_t)p->checkpoint_size, "witnessed", p->witnessed,
			 "cosigned", (json_int_t)p->cosigned, "quorum", (json_int_t)p->quorum, "has_witnesses",
			 p->quorum > 0);
}

/* What the comparison with the registers' logs needs once they answered. */
struct compare {
	struct gx_req *r;
	json_t *data;        /* the page's, taken */
	size_t n;
	const char **source, **request_id;   /* the page's records, in the order of data.records */
};

static const char *status_key(enum gx_source_status st)
{
	switch (st) {
	case GX_SOURCE_OK:
		return "ok";
	case GX_SOURCE_TIMEOUT:
		return "timeout";
	case GX_SOURCE_REFUSED:
		return "refused";
	case GX_SOURCE_BAD_ANSWER:
		return "bad_answer";
	default:
		return "unavailable";
	}
}

/* The reads of one register that did not pass through Guichet. */
static json_t *register_only(const json_t *t, const struct gx_register_log *log, enum gx_lang lang)
{
	json_t *list = json_array();
	for (size_t j = 0; j < log->reads.n; j++) {
		const struct gx_register_read *x = &log->reads.v[j];
		if (log->in_platform[j])
			continue;
		char when[32];
		gx_local_time_format(x->at_us, when, sizeof(when), true);
		json_t *attrs = json_array();
		for (size_t k = 0; k < json_array_size(x->attributes); k++)
			json_array_append_new(attrs, json_pack("{s:s, s:b}", "title",
							       gx_register_attribute_title(log->reg->name,
											   json_string_value(json_array_get(x->attributes, k)), lang),
							       "last", k + 1 == json_array_size(x->attributes)));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:s?, s:s?, s:s}", "when", when, "organisation",
						      gx_proc_organisation_title(x->organisation, lang), "client", x->client, "attributes", attrs, "why",
						      x->procedure, "legal_basis", x->legal_basis, "request_id",
						      x->request_id));
	}
	(void)t;
	return list;
}

static void on_register_logs(void *arg, const struct gx_register_logs *logs)
{
	struct compare *k = arg;
	struct gx_req *r = k->r;
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	const json_t *a = json_object_get(t, "access");
	json_t *records = json_object_get(k->data, "records");
	json_t *registers = json_array();
	for (size_t i = 0; logs != NULL && i < logs->n; i++) {
		const struct gx_register_log *log = &logs->logs[i];
		json_t *only = log->status == GX_SOURCE_OK ? register_only(t, log, lang) : json_array();
		json_array_append_new(registers, json_pack("{s:s, s:b, s:s, s:o, s:b, s:b}", "title",
							   gx_register_title(log->reg->name, lang), "ok",
							   log->status == GX_SOURCE_OK, "status",
							   text(a, "register_status", status_key(log->status)), "only", only,
							   "has_only", json_array_size(only) > 0, "more", log->reads.more));
	}
	/* Each record of the page: its twin in its register's log, or not. */
	for (size_t i = 0; i < k->n; i++) {
		const char *twin = "unknown";
		for (size_t j = 0; logs != NULL && j < logs->n; j++) {
			const struct gx_register_log *log = &logs->logs[j];
			if (strcmp(log->reg->name, k->source[i]) != 0)
				continue;
			twin = log->status != GX_SOURCE_OK ? "unknown"
			       : gx_register_log_find(log, k->request_id[i]) != NULL ? "found"
										      : "missing";
		}
		static const char *const tags[] = {"govuk-tag--green", "govuk-tag--red", "govuk-tag--grey"};
		int which = strcmp(twin, "found") == 0 ? 0 : strcmp(twin, "missing") == 0 ? 1 : 2;
		json_object_set_new(json_array_get(records, i), "twin",
				    json_pack("{s:s, s:s, s:s}", "state", twin, "tag", tags[which], "label",
					      text(a, "twin", twin)));
	}
	json_object_set_new(k->data, "compared", json_pack("{s:o, s:b}", "registers", registers, "failed", logs == NULL));
	gx_page_reply_owned(r, 200, "access_log", "access.title", k->data);
}

enum gx_outcome gx_page_access_log(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	size_t qlen;
	const char *qtext = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	struct gx_access_log_query_text q;
	const char *bad = gx_access_log_query_parse(qtext, qlen, &q);
	char flag[4];
	long fl = gx_query_get(qtext, qlen, "registers", flag, sizeof(flag));
	if (bad == NULL && (fl == -2 || fl == 0 || (fl > 0 && strcmp(flag, "1") != 0)))
		bad = "registers";
	bool compare = fl > 0;
	json_t *data = json_pack("{s:o, s:o, s:s, s:s}", "registers", register_options(&q, lang), "organisations",
				 organisation_options(t, &q, lang), "from", q.from, "to", q.to);
	if (bad != NULL) {
		/* The form says which filter was not understood; nothing is read. */
		char key[48];
		snprintf(key, sizeof(key), "error_%s", bad);
		json_object_set_new(data, "error", json_pack("{s:s, s:s}", "field", bad, "message",
							     text(json_object_get(t, "access"), "errors", key)));
		return gx_page_reply_owned(r, 400, "access_log", "access.title", data);
	}
	q.f.limit = PER_PAGE;
	struct gx_access_log_page page;
	enum gx_core_status st = gx_access_log_read(gx_app_ctx(r), &q.f, &page);
	if (st != GX_CORE_OK) {
		json_decref(data);
		return st == GX_CORE_UNAVAILABLE ? gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, NULL) : GX_SERVER_FAULT;
	}
	json_t *records = json_array();
	struct compare *k = gx_req_alloc(r, sizeof(*k));
	*k = (struct compare){.r = r, .data = data, .n = page.n};
	k->source = gx_req_alloc(r, (page.n > 0 ? page.n : 1) * sizeof(char *));
	k->request_id = gx_req_alloc(r, (page.n > 0 ? page.n : 1) * sizeof(char *));
	for (size_t i = 0; i < page.n; i++) {
		json_array_append_new(records, record(t, &page.entries[i], lang));
		k->source[i] = h2o_mem_alloc_pool(&r->h2o->pool, strlen(page.entries[i].row.source) + 1);
		strcpy((char *)k->source[i], page.entries[i].row.source);
		k->request_id[i] = h2o_mem_alloc_pool(&r->h2o->pool, strlen(page.entries[i].row.request_id) + 1);
		strcpy((char *)k->request_id[i], page.entries[i].row.request_id);
	}
	const char *suffix = compare ? "registers=1" : NULL;
	char href[1100];
	if (page.more && page.n > 0) {
		char cursor[48];
		gx_access_log_cursor(page.entries[page.n - 1].row.at_us, page.entries[page.n - 1].row.id, cursor,
				     sizeof(cursor));
		gx_access_log_href(&q, "/access-log", cursor, href, sizeof(href));
		json_object_set_new(data, "older_href", json_pack("s++", href, suffix ? "&" : "", suffix ? suffix : ""));
	}
	if (q.f.before_id > 0) {
		gx_access_log_href(&q, "/access-log", NULL, href, sizeof(href));
		json_object_set_new(data, "newest_href",
				    json_pack("s++", href, suffix ? (strchr(href, '?') ? "&" : "?") : "", suffix ? suffix : ""));
	}
	gx_access_log_href(&q, "/access-log", NULL, href, sizeof(href));
	json_object_set_new(data, "compare_href", json_pack("s++", href, strchr(href, '?') ? "&" : "?", "registers=1"));
	gx_access_log_href(&q, "/api/v1/access-log/export", NULL, href, sizeof(href));
	json_object_set_new(data, "csv_href", json_pack("s++", href, strchr(href, '?') ? "&" : "?", "format=csv"));
	json_object_set_new(data, "json_href", json_pack("s++", href, strchr(href, '?') ? "&" : "?", "format=json"));
	json_object_set_new(data, "records", records);
	json_object_set_new(data, "has_records", json_boolean(page.n > 0));
	json_object_set_new(data, "filtered", json_boolean(q.f.source != NULL || q.f.actor_id != NULL ||
							      q.f.from_us > 0 || q.f.to_us > 0));
	json_object_set_new(data, "checkpoint", checkpoint(&page));
	gx_access_log_page_free(&page);
	if (!compare)
		return gx_page_reply_owned(r, 200, "access_log", "access.title", data);
	gx_register_logs_fetch(gx_app_ctx(r), on_register_logs, k);
	return GX_DONE;
}
