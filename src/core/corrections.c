/* Filing and withdrawing correction requests (corrections.h): the checks
 * on the platform, then one transaction that stores the request, its files,
 * its signed receipt and its first event. The register is told by the sync
 * (correction_sync.c), never from here: a register that is down does not
 * stop a request. */

#include "core/corrections.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attachments.h"
#include "procedures/validate.h"
#include "receipts/receipt.h"
#include "util/local_time.h"

struct filing {
	struct gx_correction_filed result;
	struct gx_correction_new row;
	struct gx_store_evidence files[GX_EVIDENCE_FILES_MAX];
	size_t nfiles;
	char request_hash[65], request_id[40], reference[32], signature[100];
	char *request_json;      /* what was asked, canonical: the receipt hashes it */
	char *receipt_json;
	char key[GX_CORRECTION_KEY_MAX + 1];
	long long person_id;
	struct gx_store_conn *db;
	gx_correction_filed_fn done;
	void *arg;
};

/* The one completion: answers, then frees what the filing held. */
static void filed(struct filing *f, enum gx_core_status status, json_t *errors)
{
	f->result.status = status;
	f->result.errors = errors;
	f->done(f->arg, &f->result);
	json_decref(errors);
	free(f->request_json);
	free(f->receipt_json);
}

static void refuse(struct filing *f, const char *pointer, const char *detail)
{
	f->result.refused = pointer;
	f->result.refused_detail = detail;
	filed(f, GX_CORE_INVALID, NULL);
}

const struct gx_register_attribute *gx_correction_rules(const struct gx_domain *d, const char *register_name,
							const char *attribute)
{
	if (register_name == NULL || attribute == NULL || gx_registers_find(&d->registers, register_name) == NULL ||
	    d->procedures == NULL)
		return NULL;
	const struct gx_register_description *desc = gx_procedure_catalog_register(d->procedures, register_name);
	long i = desc != NULL ? gx_register_attribute_index(desc, attribute) : -1;
	return i >= 0 && desc->attributes[i].correctable ? &desc->attributes[i] : NULL;
}

static int add_error(json_t *errors, const char *field, const char *code, const char *message)
{
	return json_array_append_new(errors, json_pack("{s:s, s:s, s:s}", "field", field, "code", code, "message", message));
}

/* Messages of the platform's own checks, in the person's language. */
static const char *message(const char *lang, const char *fr, const char *de, const char *en)
{
	return lang != NULL && strcmp(lang, "en") == 0 ? en : lang != NULL && (strcmp(lang, "de") == 0 || strcmp(lang, "lb") == 0) ? de : fr;
}

/* The proposed value as a procedure's field would be checked: the
 * attribute's correction field, required, in a definition of one step. */
static void check_proposed(const struct gx_register_attribute *a, const struct gx_correction_ask *ask, json_t *errors)
{
	json_t *field = json_deep_copy(a->correction_field);
	json_t *labels = json_pack("{s:s, s:s, s:s}", "fr", a->titles[GX_REGISTER_FR], "de", a->titles[GX_REGISTER_DE],
				   "en", a->titles[GX_REGISTER_EN]);
	json_object_set_new(field, "id", json_string("proposed"));
	json_object_set_new(field, "required", json_true());
	json_object_set_new(field, "labels", labels);
	json_t *definition = json_pack("{s:[{s:s, s:[o]}]}", "steps", "id", "correction", "fields", field);
	json_t *data = json_pack("{s:s}", "proposed", ask->proposed != NULL ? ask->proposed : "");
	char today[11];
	gx_local_today(today);
	json_t *found = definition != NULL && data != NULL
				? gx_submission_validate(definition, data, NULL, ask->lang, today, NULL)
				: NULL;
	if (found == NULL)
		add_error(errors, "/proposed", "required", "");
	else
		json_array_extend(errors, found);
	json_decref(found);
	json_decref(definition);
	json_decref(data);
}

static void check_files(const struct gx_register_attribute *a, const struct gx_correction_ask *ask,
			struct filing *f, json_t *errors)
{
	const struct gx_register_evidence *e = &a->evidence;
	const char *lang = ask->lang;
	if (ask->nfiles > e->max_files) {
		add_error(errors, "/evidence", "too_many",
			  e->max_files == 0 ? message(lang, "Cette donnée ne prend pas de justificatif.",
						      "Diese Angabe nimmt keine Nachweise.", "This data takes no evidence.")
					    : message(lang, "Trop de fichiers.", "Zu viele Dateien.", "Too many files."));
		return;
	}
	if (ask->nfiles == 0 && e->required)
		add_error(errors, "/evidence", "required",
			  message(lang, "Joignez un justificatif.", "Fügen Sie einen Nachweis bei.", "Attach a piece of evidence."));
	for (size_t i = 0; i < ask->nfiles; i++) {
		const struct gx_correction_upload *u = &ask->files[i];
		char pointer[40];
		snprintf(pointer, sizeof(pointer), "/evidence/%zu", i);
		const char *type = gx_sniff_type((const unsigned char *)u->bytes, u->len);
		if (u->len == 0)
			add_error(errors, pointer, "empty", message(lang, "Le fichier est vide.", "Die Datei ist leer.",
								    "The file is empty."));
		else if (u->len > e->max_bytes)
			add_error(errors, pointer, "too_large",
				  message(lang, "Le fichier est trop volumineux.", "Die Datei ist zu groß.", "The file is too large."));
		else if (!gx_register_evidence_type_ok(e, type))
			add_error(errors, pointer, "wrong_type",
				  message(lang, "Ce type de fichier n'est pas accepté.", "Dieser Dateityp wird nicht angenommen.",
					  "This type of file is not accepted."));
		else {
			struct gx_store_evidence *out = &f->files[f->nfiles++];
			out->seq = (int)f->nfiles;
			gx_attachment_clean_name(u->name, u->name_len, out->name);
			if (out->name[0] == '\0')
				snprintf(out->name, sizeof(out->name), "evidence-%d", out->seq);
			snprintf(out->content_type, sizeof(out->content_type), "%s", type);
			out->size = (long long)u->len;
			unsigned char digest[crypto_hash_sha256_BYTES];
			crypto_hash_sha256(digest, (const unsigned char *)u->bytes, u->len);
			sodium_bin2hex(out->sha256, sizeof(out->sha256), digest, sizeof(digest));
			out->data = (void *)u->bytes;
		}
	}
}

static bool key_ok(const char *k)
{
	size_t n = k != NULL ? strlen(k) : 0;
	if (n < 1 || n > GX_CORRECTION_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7E)
			return false;
	return true;
}

/* What was asked, canonical (keys sorted): the receipt and the key's check hash it. */
static char *canonical(const struct gx_correction_ask *ask, const struct filing *f)
{
	json_t *hashes = json_array();
	for (size_t i = 0; i < f->nfiles; i++)
		json_array_append_new(hashes, json_pack("{s:s, s:s, s:I}", "name", f->files[i].name, "sha256",
							f->files[i].sha256, "size", (json_int_t)f->files[i].size));
	json_t *o = json_pack("{s:s, s:s, s:{s:s?, s:I}, s:s, s:s, s:o}", "register", ask->register_name, "attribute",
			      ask->attribute, "current", "value", ask->current_value, "version",
			      (json_int_t)ask->current_version, "proposed", ask->proposed, "explanation", ask->explanation,
			      "evidence", hashes);
	char *text = o != NULL ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	return text;
}

/* The request already filed with the person's key: the first answer again,
 * or a conflict when it was another request. */
static void replay(struct filing *f, char *row_text)
{
	json_error_t e;
	json_t *row = json_loads(row_text, 0, &e);
	free(row_text);
	const char *hash = json_string_value(json_object_get(row, "request_hash"));
	if (row == NULL || hash == NULL) {
		json_decref(row);
		filed(f, GX_CORE_FAULT, NULL);
		return;
	}
	bool same = strcmp(hash, f->request_hash) == 0;
	f->result.id = json_integer_value(json_object_get(row, "id"));
	f->result.replayed = same;
	json_decref(row);
	filed(f, same ? GX_CORE_OK : GX_CORE_CONFLICT, NULL);
}

/* In one transaction: the year's next reference, the signed receipt, the request, its files and first event. */
static enum gx_db_status write_filing(struct gx_store_conn *w, void *arg)
{
	struct filing *f = arg;
	char day[11];
	int year = gx_local_date(f->row.at_us, day);
	long long seq;
	enum gx_db_status st = gx_store_reference_next(w, year, &seq);
	if (st < 0)
		return st;
	snprintf(f->reference, sizeof(f->reference), "%04d-GX-%06lld", year, seq);
	free(f->receipt_json);
	f->receipt_json = gx_receipt_build_correction(f->reference, f->row.register_name, f->row.attribute, f->row.at_us,
						      f->request_json);
	if (f->receipt_json == NULL ||
	    gx_receipt_sign(f->receipt_json, strlen(f->receipt_json), f->signature, sizeof(f->signature)) != 0)
		return GX_DB_HARD_ERROR;
	f->row.reference = f->reference;
	f->row.receipt_json = f->receipt_json;
	f->row.signature = f->signature;
	return gx_store_correction_insert(w, &f->row, f->files, f->nfiles, &f->result.id);
}

static void on_written(void *arg, enum gx_db_status result)
{
	struct filing *f = arg;
	if (result == GX_DB_CONFLICT) {
		/* The same key was used meanwhile (a double click racing the first). */
		char *text = NULL;
		if (gx_store_correction_by_key(f->db, f->person_id, f->key, &text) == GX_DB_ONE_RESULT) {
			replay(f, text);
			return;
		}
		filed(f, GX_CORE_UNAVAILABLE, NULL);
		return;
	}
	filed(f, result < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_OK, NULL);
}

void gx_correction_file(const struct gx_core_ctx *c, const struct gx_correction_ask *ask, gx_correction_filed_fn done,
			void *arg)
{
	struct filing *f = gx_core_alloc(c, sizeof(*f));
	f->done = done;
	f->arg = arg;
	f->db = c->db;
	f->person_id = c->person.v;
	if (!key_ok(ask->key)) {
		refuse(f, "/key", "a key of 1 to 64 printable characters, new for each request");
		return;
	}
	snprintf(f->key, sizeof(f->key), "%s", ask->key);
	if (ask->register_name == NULL || gx_registers_find(&c->domain->registers, ask->register_name) == NULL) {
		refuse(f, "/register", "no register of this platform has this name");
		return;
	}
	const struct gx_register_attribute *a = gx_correction_rules(c->domain, ask->register_name, ask->attribute);
	if (a == NULL) {
		char *detail = gx_core_alloc(c, 200);
		snprintf(detail, 200, "%.128s cannot be corrected at this register",
			 ask->attribute != NULL ? ask->attribute : "this attribute");
		refuse(f, "/attribute", detail);
		return;
	}
	json_t *errors = json_array();
	check_proposed(a, ask, errors);
	if (ask->current_value != NULL && ask->proposed != NULL && strcmp(ask->current_value, ask->proposed) == 0)
		add_error(errors, "/proposed", "same_value",
			  message(ask->lang, "La valeur proposée est celle que le registre détient.",
				  "Der vorgeschlagene Wert ist der, den das Register führt.",
				  "The proposed value is the one the register holds."));
	size_t elen = ask->explanation != NULL ? strlen(ask->explanation) : 0;
	size_t blank = ask->explanation != NULL ? strspn(ask->explanation, " \t\r\n") : 0;
	if (elen == 0 || blank == elen)
		add_error(errors, "/explanation", "required",
			  message(ask->lang, "Expliquez pourquoi la donnée est inexacte.",
				  "Erklären Sie, warum die Angabe falsch ist.", "Explain why the data is wrong."));
	else if (elen > GX_CORRECTION_EXPLANATION_MAX)
		add_error(errors, "/explanation", "too_long",
			  message(ask->lang, "L'explication est trop longue (2000 caractères au plus).",
				  "Die Erläuterung ist zu lang (höchstens 2000 Zeichen).",
				  "The explanation is too long (2000 characters at most)."));
	check_files(a, ask, f, errors);
	if (json_array_size(errors) > 0) {
		filed(f, GX_CORE_INVALID, errors);
		return;
	}
	json_decref(errors);
	if ((f->request_json = canonical(ask, f)) == NULL) {
		filed(f, GX_CORE_FAULT, NULL);
		return;
	}
	unsigned char digest[crypto_hash_sha256_BYTES], rnd[16];
	crypto_hash_sha256(digest, (const unsigned char *)f->request_json, strlen(f->request_json));
	sodium_bin2hex(f->request_hash, sizeof(f->request_hash), digest, sizeof(digest));
	char *text = NULL;
	enum gx_db_status st = gx_store_correction_by_key(c->db, c->person.v, f->key, &text);
	if (st < 0) {
		filed(f, GX_CORE_UNAVAILABLE, NULL);
		return;
	}
	if (st == GX_DB_ONE_RESULT) {
		replay(f, text);
		return;
	}
	randombytes_buf(rnd, sizeof(rnd));
	memcpy(f->request_id, "cor_", 4);
	sodium_bin2hex(f->request_id + 4, sizeof(f->request_id) - 4, rnd, sizeof(rnd));
	f->row = (struct gx_correction_new){
		.person_id = c->person.v, .client_key = f->key, .request_hash = f->request_hash, .request_id = f->request_id,
		.register_name = ask->register_name, .attribute = ask->attribute, .current_value = ask->current_value,
		.current_version = ask->current_version, .proposed = ask->proposed, .explanation = ask->explanation,
		.at_us = c->now_us};
	gx_durable_submit(c->durable, write_filing, f, on_written);
}

/* --- withdrawing ----------------------------------------------------------------------------- */

struct withdrawal {
	struct gx_correction_change ch;
	gx_correction_done_fn done;
	void *arg;
};

static enum gx_db_status write_withdrawal(struct gx_store_conn *w, void *arg)
{
	struct withdrawal *wd = arg;
	enum gx_db_status st = gx_store_correction_change(w, &wd->ch);
	if (st <= 0)
		return st < 0 ? st : GX_DB_CONFLICT;
	return gx_store_correction_event_append(w, wd->ch.id, wd->ch.at_us, "withdrawn", NULL, false, NULL);
}

static void on_withdrawn(void *arg, enum gx_db_status result)
{
	struct withdrawal *wd = arg;
	wd->done(wd->arg, gx_core_status_of(result));
}

void gx_correction_withdraw(const struct gx_core_ctx *c, long long id, gx_correction_done_fn done, void *arg)
{
	char *text = NULL;
	enum gx_db_status st = id > 0 ? gx_store_correction_get(c->db, c->person.v, id, &text) : GX_DB_NO_RESULTS;
	free(text);
	if (st <= 0) {
		done(arg, st < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_NOT_FOUND);
		return;
	}
	struct withdrawal *wd = gx_core_alloc(c, sizeof(*wd));
	*wd = (struct withdrawal){.ch = {.kind = GX_CC_WITHDRAW, .id = id, .person_id = c->person.v, .at_us = c->now_us},
				  .done = done, .arg = arg};
	gx_durable_submit(c->durable, write_withdrawal, wd, on_withdrawn);
}
