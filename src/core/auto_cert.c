/* Certificates issued automatically (auto_cert.h): read the register, build
 * the facts, render and sign, then one durable write. Values read from the
 * register are personal data: never logged, never in an error. */

#include "core/auto_cert.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certificates/data.h"
#include "certificates/issue.h"
#include "core/lb_fold.h"
#include "core/lb_types.h"
#include "core/letterbox.h"
#include "core/outbox.h"
#include "procedures/catalog.h"
#include "procedures/definition.h"
#include "procedures/statuses.h"
#include "sources/prefill.h"

struct gx_cert_settings gx_cert_settings = {.platform = "Guichet", .site_url = "http://127.0.0.1:8080"};

#define MEMBERS_MAX 16   /* partner and children read for a household (the certificate lists at most 30) */

static const char *const person_attributes[] = {"given_name", "family_name", "birth_date", "address.street",
						"address.house_number", "address.postcode", "address.locality",
						"address.commune", "partner", "children"};
#define NPERSON 10   /* all of the above; a member is read without partner and children */
#define NMEMBER 8

bool gx_auto_cert_wanted(const struct gx_procedure *p, const json_t *answers)
{
	const json_t *a = json_object_get(gx_procedure_json(p), "automatic");
	if (a == NULL)
		return false;
	const char *type = json_string_value(json_object_get(answers, json_string_value(json_object_get(a, "type_field"))));
	bool listed = false;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(a, "types"), i, v) listed |= type != NULL && strcmp(json_string_value(v), type) == 0;
	const json_t *when = json_object_get(a, "when");
	if (when != NULL) {
		const char *got = json_string_value(json_object_get(answers, json_string_value(json_object_get(when, "field"))));
		listed &= got != NULL && strcmp(got, json_string_value(json_object_get(when, "equals"))) == 0;
	}
	enum gx_cert_type t;
	return listed && gx_cert_type_from_id(type, &t);
}

struct issuing {
	const struct gx_core_ctx *c;
	const struct gx_procedure *p;
	const json_t *automatic;
	long long submission_id, space_id;
	char org[65], reference[32];
	enum gx_cert_type type;
	enum gx_cert_lang lang;
	char national_id[14];
	json_t *person;               /* {attribute: value} of the person */
	json_t *members;              /* household: [{given_name, family_name, birth_date}] */
	const char *member_ids[MEMBERS_MAX];
	size_t nmembers, next_member;
	struct gx_cert_issued issued;
	bool has_issued;
	struct gx_cert_code code;
	long long document_id;
	const struct gx_lb_type *doc_type;
	char title[GX_LB_TITLE_MAX + 1], folded[2 * GX_LB_TITLE_MAX + 1], sha256[65];
	struct gx_auto_cert_done r;
	gx_auto_cert_fn done;
	void *arg;
};

/* The one completion: frees what the issuing held. */
static void finish(struct issuing *is, enum gx_core_status status, const char *why)
{
	is->r.status = status;
	is->r.why = why;
	if (status == GX_CORE_OK) {
		is->r.document_id = is->document_id;
		snprintf(is->r.code, sizeof(is->r.code), "%s", is->code.text);
	}
	is->done(is->arg, &is->r);
	json_decref(is->person);
	json_decref(is->members);
	if (is->has_issued)
		gx_cert_issued_free(&is->issued);
	is->has_issued = false;
}

/* The register's answer as {attribute: value} (NULL when it gave none). */
static json_t *values_of(const struct gx_prefill *pf)
{
	if (pf == NULL || pf->failed_closed || pf->n != 1 || pf->sources[0].status != GX_SOURCE_OK)
		return NULL;
	const struct gx_answer *a = &pf->sources[0].answer;
	json_t *o = json_object();
	for (size_t i = 0; i < a->nvalues; i++)
		json_object_set(o, a->values[i].attribute, a->values[i].value);
	return o;
}

static void ask(struct issuing *is, const char *subject, size_t nattributes, void (*then)(struct gx_prefill *, void *))
{
	const struct gx_core_ctx *c = is->c;
	const struct gx_register *reg = gx_registers_find(&c->domain->registers, "persons");
	if (reg == NULL) {
		finish(is, GX_CORE_UNAVAILABLE, "no persons register configured");
		return;
	}
	struct gx_prefill_want *want = gx_core_alloc(c, sizeof(*want));
	*want = (struct gx_prefill_want){.reg = reg, .attributes = person_attributes, .nattributes = nattributes};
	bool *declined = gx_core_alloc(c, sizeof(*declined));
	struct gx_prefill_env env = {.httpc = c->httpc, .durable = c->durable, .pool = c->pool,
				     .request_id = c->request_id};
	/* a fact certified on the person's request: the register is read for
	 * this procedure whatever they said of prefilling forms */
	struct gx_prefill_ask who = {.subject = subject, .actor_kind = "platform", .actor_id = "guichet",
				     .on_behalf_of = is->national_id, .purpose = gx_procedure_id(is->p),
				     .legal_basis = "a certificate the person asked for"};
	gx_prefill_start(&env, &who, want, 1, declined, c->domain->registers.deadline_ms, then, is);
}

static bool same_address(const json_t *a, const json_t *b)
{
	static const char *const keys[] = {"address.street", "address.house_number", "address.postcode",
					   "address.locality", NULL};
	for (size_t i = 0; keys[i] != NULL; i++)
		if (!json_equal(json_object_get(a, keys[i]), json_object_get(b, keys[i])))
			return false;
	return true;
}

static json_t *member_of(const json_t *v)
{
	return json_pack("{s:O, s:O, s:O}", "given_name", json_object_get(v, "given_name"), "family_name",
			 json_object_get(v, "family_name"), "birth_date", json_object_get(v, "birth_date"));
}

static void issue(struct issuing *is);

static void on_member(struct gx_prefill *pf, void *arg)
{
	struct issuing *is = arg;
	json_t *v = values_of(pf);
	if (v == NULL) {
		finish(is, GX_CORE_UNAVAILABLE, "a household member could not be read");
		return;
	}
	if (same_address(v, is->person))
		json_array_append_new(is->members, member_of(v));
	json_decref(v);
	if (is->next_member < is->nmembers)
		ask(is, is->member_ids[is->next_member++], NMEMBER, on_member);
	else
		issue(is);
}

static void on_person(struct gx_prefill *pf, void *arg)
{
	struct issuing *is = arg;
	if ((is->person = values_of(pf)) == NULL) {
		finish(is, GX_CORE_UNAVAILABLE, pf != NULL && pf->failed_closed ? "access records not written"
										  : "the population register did not answer");
		return;
	}
	if (is->type == GX_CERT_RESIDENCE) {
		issue(is);
		return;
	}
	/* The household: the person, and their partner and children who live at the same address. */
	is->members = json_array();
	json_array_append_new(is->members, member_of(is->person));
	const char *partner = json_string_value(json_object_get(is->person, "partner"));
	if (partner != NULL)
		is->member_ids[is->nmembers++] = gx_core_strndup(is->c, partner, strlen(partner));
	size_t i;
	json_t *child;
	json_array_foreach(json_object_get(is->person, "children"), i, child) {
		if (is->nmembers == MEMBERS_MAX) {
			finish(is, GX_CORE_INVALID, "too many household members to read");
			return;
		}
		if (json_is_string(child))
			is->member_ids[is->nmembers++] = gx_core_strndup(is->c, json_string_value(child),
									 json_string_length(child));
	}
	if (is->nmembers == 0)
		issue(is);
	else
		ask(is, is->member_ids[is->next_member++], NMEMBER, on_member);
}

/* The facts in certificates/data.h's shape, from what the register said. */
static json_t *facts(struct issuing *is)
{
	const json_t *v = is->person;
	json_t *address = json_pack("{s:O, s:O, s:O, s:O}", "street", json_object_get(v, "address.street"), "postcode",
				    json_object_get(v, "address.postcode"), "locality",
				    json_object_get(v, "address.locality"), "commune", json_object_get(v, "address.commune"));
	json_t *number = json_object_get(v, "address.house_number");
	if (address != NULL && json_is_string(number) && json_string_length(number) > 0)
		json_object_set(address, "house_number", number);
	if (is->type == GX_CERT_HOUSEHOLD)
		return json_pack("{s:o, s:O}", "address", address, "members", is->members);
	/* the register serves no "resident since": it stays empty (docs/certificates.md) */
	return json_pack("{s:O, s:O, s:O, s:o}", "given_name", json_object_get(v, "given_name"), "family_name",
			 json_object_get(v, "family_name"), "birth_date", json_object_get(v, "birth_date"), "address",
			 address);
}

static enum gx_db_status write_issued(struct gx_store_conn *w, void *arg)
{
	struct issuing *is = arg;
	long long now = is->c->now_us, person = 0;
	struct gx_case k;
	enum gx_db_status st = gx_store_case_get(w, is->submission_id, &k);
	if (st <= 0)
		return st < 0 ? st : GX_DB_HARD_ERROR;
	/* an agent got there first: the case is theirs now */
	if (k.final || strcmp(k.status, gx_status_initial(gx_procedure_statuses(is->p))) != 0)
		return GX_DB_CONFLICT;
	if ((st = gx_store_lb_space_person(w, is->space_id, &person)) <= 0)
		return st < 0 ? st : GX_DB_HARD_ERROR;
	struct gx_lb_delivery d = {.space_id = is->space_id, .org = is->org, .doc_type = is->doc_type->id,
				   .title = is->title, .notice_title = is->title, .file_name = "certificate.pdf",
				   .bytes = is->issued.pdf, .len = is->issued.pdf_len, .submission_id = is->submission_id,
				   .sender = "platform"};
	if ((st = gx_lb_deliver_in(w, &d, is->doc_type, person, now, is->folded, is->sha256, &is->document_id)) < 0)
		return st;
	struct gx_cert_row row = {.statement = is->issued.statement, .submission_id = is->submission_id,
				  .space_id = is->space_id, .document_id = is->document_id, .issued_at_us = now};
	snprintf(row.code, sizeof(row.code), "%s", is->code.text);
	snprintf(row.signature, sizeof(row.signature), "%s", is->issued.signature);
	if ((st = gx_store_cert_put(w, &row)) < 0)
		return st;
	/* the case ends in the person's timeline: decided by the platform, the document named */
	const char *status = json_string_value(json_object_get(is->automatic, "status"));
	json_t *detail = json_pack("{s:s, s:I}", "text", "certificate", "document", (json_int_t)is->document_id);
	char *text = detail != NULL ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	if (text == NULL)
		return GX_DB_HARD_ERROR;
	struct gx_event e = {.submission_id = is->submission_id, .at_us = now, .kind = "decision", .status = status,
			     .actor_json = "{\"kind\":\"platform\"}", .detail_json = text};
	st = gx_store_event_append(w, &e, NULL);
	free(text);
	if (st < 0)
		return st;
	struct gx_case_change cc = {.status = status, .turn = "organisation", .final = 1, .open_request = 0,
				    .at_us = now};
	return gx_store_case_update(w, is->submission_id, k.revision, &cc);
}

static void on_written(void *arg, enum gx_db_status result)
{
	struct issuing *is = arg;
	if (result < 0) {
		finish(is, result == GX_DB_CONFLICT ? GX_CORE_CONFLICT : GX_CORE_UNAVAILABLE, "not stored");
		return;
	}
	gx_outbox_wake();
	finish(is, GX_CORE_OK, NULL);
}

static void issue(struct issuing *is)
{
	const struct gx_core_ctx *c = is->c;
	json_t *data = facts(is);
	char *text = data != NULL ? json_dumps(data, JSON_COMPACT) : NULL;
	json_decref(data);
	json_t *checked = NULL;
	struct gx_json_error jerr;
	int rc = text != NULL ? gx_cert_data_parse(is->type, text, strlen(text), &checked, &jerr) : -1;
	if (text != NULL)
		sodium_memzero(text, strlen(text));
	free(text);
	if (rc != 0) {
		finish(is, GX_CORE_INVALID, "the register's data cannot be certified");
		return;
	}
	const json_t *titles = gx_procedure_catalog_organisation(c->domain->procedures, is->org);
	const char *org_title = json_string_value(json_object_get(titles, gx_cert_lang_code(is->lang)));
	gx_cert_code_new(&is->code);
	struct gx_cert_doc doc = {.type = is->type, .lang = is->lang, .platform = gx_cert_settings.platform,
				  .organisation_title = org_title != NULL ? org_title : is->org,
				  .site_url = gx_cert_settings.site_url, .code = is->code, .issued_at_us = c->now_us,
				  .data = checked, .font_dir = gx_cert_settings.fonts_dir};
	char err[200];
	rc = gx_cert_issue(&doc, is->org, &is->issued, err, sizeof(err));
	json_decref(checked);
	if (rc != 0) {
		finish(is, GX_CORE_FAULT, "the certificate could not be rendered");
		return;
	}
	is->has_issued = true;
	/* the document's title: the type's, in the certificate's language (no personal data) */
	int n = snprintf(is->title, sizeof(is->title), "%s", gx_cert_type_title(is->type, is->lang));
	gx_lb_fold(is->title, (size_t)n, is->folded, sizeof(is->folded));
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, is->issued.pdf, is->issued.pdf_len);
	sodium_bin2hex(is->sha256, sizeof(is->sha256), digest, sizeof(digest));
	gx_durable_submit(c->durable, write_issued, is, on_written);
}

void gx_auto_cert_issue(const struct gx_core_ctx *c, const struct gx_procedure *p, const struct gx_submission *s,
			long long submission_id, gx_auto_cert_fn done, void *arg)
{
	struct issuing *is = gx_core_alloc(c, sizeof(*is));
	*is = (struct issuing){.c = c, .p = p, .submission_id = submission_id, .space_id = s->space_id, .done = done,
			       .arg = arg};
	is->automatic = json_object_get(gx_procedure_json(p), "automatic");
	snprintf(is->org, sizeof(is->org), "%s", s->organisation);
	snprintf(is->reference, sizeof(is->reference), "%s", s->reference);
	json_error_t jerr;
	json_t *answers = json_loads(s->data_json != NULL ? s->data_json : "{}", 0, &jerr);
	const char *type = json_string_value(
		json_object_get(answers, json_string_value(json_object_get(is->automatic, "type_field"))));
	const char *lang = json_string_value(
		json_object_get(answers, json_string_value(json_object_get(is->automatic, "language_field"))));
	bool ok = type != NULL && gx_cert_type_from_id(type, &is->type);
	if (lang == NULL || !gx_cert_lang_from_code(lang, &is->lang))
		is->lang = GX_CERT_FR;
	json_decref(answers);
	is->doc_type = gx_lb_type_find(&c->domain->letterbox, is->org,
				       json_string_value(json_object_get(is->automatic, "document_type")));
	struct gx_person person;
	if (!ok || is->doc_type == NULL) {
		finish(is, GX_CORE_FAULT, "the definition's automatic issuer does not fit");
		return;
	}
	if (gx_store_person_get(c->db, c->person.v, &person) != GX_DB_ONE_RESULT) {
		finish(is, GX_CORE_UNAVAILABLE, "the person could not be read");
		return;
	}
	snprintf(is->national_id, sizeof(is->national_id), "%s", person.national_id);
	ask(is, is->national_id, NPERSON, on_person);
}
