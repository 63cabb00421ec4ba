/* A correction request's page (corrections.h): where it stands, what was
 * asked, the files, the timeline, the signed receipt, and the form that
 * withdraws it while undecided.
 *
 *   GET  /my-data/corrections/{correction}
 *   POST /my-data/corrections/{correction}/withdraw   303 back to it
 */

#include "portal/pages/corrections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/corrections.h"
#include "forms/labels.h"
#include "http/request.h"
#include "portal/app.h"
#include "procedures/catalog.h"
#include "site/page.h"
#include "site/site.h"
#include "util/local_time.h"

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* A register's title in lang: configured, else its description's, else its name. */
static const char *register_title(const char *name, enum gx_lang lang)
{
	const struct gx_register *reg = gx_registers_find(&gx_domain.registers, name != NULL ? name : "");
	const char *t = reg != NULL ? gx_lang_text(reg->titles, lang) : NULL;
	if (t == NULL && gx_domain.procedures != NULL && name != NULL) {
		const struct gx_register_description *d = gx_procedure_catalog_register(gx_domain.procedures, name);
		t = d != NULL ? d->titles[lang == GX_LANG_EN ? GX_REGISTER_EN : lang == GX_LANG_FR ? GX_REGISTER_FR : GX_REGISTER_DE]
			      : NULL;
	}
	return t != NULL ? t : (name != NULL ? name : "");
}

static const char *attribute_title(const char *reg, const char *attribute, enum gx_lang lang)
{
	const struct gx_register_description *d =
		gx_domain.procedures != NULL && reg != NULL ? gx_procedure_catalog_register(gx_domain.procedures, reg) : NULL;
	long i = d != NULL && attribute != NULL ? gx_register_attribute_index(d, attribute) : -1;
	if (i < 0)
		return attribute != NULL ? attribute : "";
	return d->attributes[i].titles[lang == GX_LANG_EN ? GX_REGISTER_EN : lang == GX_LANG_FR ? GX_REGISTER_FR : GX_REGISTER_DE];
}

/* What the register decided, in a sentence (NULL when undecided). */
static json_t *outcome(const json_t *t, const json_t *row, enum gx_lang lang)
{
	const char *status = str(row, "status");
	const json_t *d = json_object_get(row, "decision");
	char version[24];
	if (status == NULL)
		return NULL;
	if (strcmp(status, "accepted") == 0) {
		snprintf(version, sizeof(version), "%lld", (long long)json_integer_value(json_object_get(d, "version")));
		return gx_page_text_filled(t, "corr.new_value", (const char *const[]){"version", version, "date",
											 str(d, "as_of") != NULL ? str(d, "as_of") : "", NULL});
	}
	if (strcmp(status, "rerouted") == 0)
		return gx_page_text_filled(t, "corr.rerouted",
					   (const char *const[]){"register", register_title(str(d, "rerouted_to"), lang), NULL});
	if (strcmp(status, "rejected") == 0) {
		if (json_object_get(d, "refused") != NULL)
			return gx_page_text_filled(t, "corr.refused", (const char *const[]){NULL});
		const char *reason = str(d, "reason");
		return gx_page_text_filled(t, "corr.reason_line", (const char *const[]){"reason", reason != NULL ? reason : "", NULL});
	}
	return NULL;
}

static json_t *timeline(const json_t *t, const json_t *row, enum gx_lang lang)
{
	json_t *out = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(row, "events"), i, e) {
		char key[40], when[32];
		snprintf(key, sizeof(key), "corr.event.%s", str(e, "kind") != NULL ? str(e, "kind") : "filed");
		gx_local_time_format(json_integer_value(json_object_get(e, "at_us")), when, sizeof(when), true);
		json_t *item = json_pack("{s:o, s:s}", "title", gx_page_text_filled(t, key, (const char *const[]){NULL}),
					 "when", when);
		const json_t *detail = json_object_get(e, "detail");
		const char *kind = str(e, "kind");
		json_t *text = NULL;
		if (kind != NULL && strcmp(kind, "sent") == 0 && str(detail, "due") != NULL)
			text = gx_page_text_filled(t, "corr.due", (const char *const[]){"date", str(detail, "due"), NULL});
		else if (kind != NULL && (strcmp(kind, "accepted") == 0 || strcmp(kind, "rejected") == 0 ||
					  strcmp(kind, "rerouted") == 0)) {
			json_t *fake = json_pack("{s:s, s:O}", "status", kind, "decision", detail);
			text = outcome(t, fake, lang);
			json_decref(fake);
		}
		if (text != NULL)
			json_object_set_new(item, "text", text);
		json_array_append_new(out, item);
	}
	return out;
}

enum gx_outcome gx_page_correction(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	long long id = gx_req_param_id(r, "correction");
	enum gx_db_status st;
	json_t *row = gx_correction_read(gx_req_store(r), GX_ID(gx_person_id, r->actor.session.person_id), id, &st);
	if (row == NULL)
		return st == GX_DB_NO_RESULTS ? gx_page_error(r, GX_ERR_NOT_FOUND) : GX_SERVER_FAULT;
	const char *status = str(row, "status");
	char filed[32], withdraw[64];
	gx_local_time_format(json_integer_value(json_object_get(row, "created_at_us")), filed, sizeof(filed), true);
	snprintf(withdraw, sizeof(withdraw), "/my-data/corrections/%lld/withdraw", id);
	json_t *files = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(row, "evidence"), i, f) {
		char href[96];
		snprintf(href, sizeof(href), "/api/v1/corrections/%lld/evidence/%lld", id,
			 (long long)json_integer_value(json_object_get(f, "seq")));
		json_array_append_new(files, json_pack("{s:O, s:s}", "name", json_object_get(f, "name"), "href", href));
	}
	char *receipt = json_dumps(json_object_get(row, "receipt"), JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_t *o = json_pack("{s:s, s:s, s:s, s:O, s:O, s:O, s:s, s:o, s:b, s:b, s:b, s:s, s:s, s:O, s:s}",
			      "attribute_title", attribute_title(str(row, "register"), str(row, "attribute"), lang),
			      "register_title", register_title(str(row, "register"), lang), "reference", str(row, "reference"),
			      "current", json_object_get(row, "current_value"), "proposed", json_object_get(row, "proposed"),
			      "explanation", json_object_get(row, "explanation"), "filed", filed, "files", files, "has_files",
			      json_array_size(files) > 0, "pending", status != NULL && strcmp(status, "pending") == 0,
			      "can_withdraw", gx_correction_open(status), "withdraw_href", withdraw, "csrf",
			      r->actor.session.csrf_token, "signature", json_object_get(row, "signature"), "receipt_text",
			      receipt != NULL ? receipt : "");
	free(receipt);
	if (o == NULL) {
		json_decref(row);
		return GX_SERVER_FAULT;
	}
	gx_page_correction_status(t, status, o);
	json_object_set_new(o, "timeline", timeline(t, row, lang));
	json_t *said = outcome(t, row, lang);
	if (said != NULL)
		json_object_set_new(o, "outcome", said);
	const char *due = str(row, "due");
	if (due != NULL && gx_correction_open(status)) {
		bool overdue = json_is_true(json_object_get(row, "overdue"));
		json_object_set_new(o, "due_text", gx_page_text_filled(t, overdue ? "corr.overdue" : "corr.due",
									 (const char *const[]){"date", due, NULL}));
		if (overdue) {
			json_object_set_new(o, "overdue", json_true());
			json_object_set_new(o, "overdue_text", gx_page_text_filled(t, "corr.overdue", (const char *const[]){"date", due, NULL}));
		}
	}
	json_decref(row);
	return gx_page_reply_owned(r, 200, "correction", "corr.title", o);
}

static void on_withdrawn(void *arg, enum gx_core_status status)
{
	struct gx_req *r = arg;
	char href[64];
	snprintf(href, sizeof(href), "/my-data/corrections/%lld", gx_req_param_id(r, "correction"));
	enum gx_outcome o = status == GX_CORE_OK || status == GX_CORE_CONFLICT ? gx_reply_redirect(r, href)
			    : status == GX_CORE_NOT_FOUND			? gx_page_error(r, GX_ERR_NOT_FOUND)
			    : gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "your withdrawal could not be stored; try again");
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_page_correction_withdraw(struct gx_req *r)
{
	gx_correction_withdraw(gx_app_ctx(r), gx_req_param_id(r, "correction"), on_withdrawn, r);
	return GX_DONE;
}
