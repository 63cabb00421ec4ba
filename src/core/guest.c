/* Procedures submitted without logging in (guest.h). */

#include "core/guest.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mail_out.h"
#include "core/submission_file.h"
#include "mail/address.h"
#include "procedures/definition.h"
#include "procedures/validate.h"
#include "receipts/receipt.h"
#include "util/local_time.h"

#define HOUR_US (3600LL * 1000000LL)
#define DAY_US (24 * HOUR_US)

struct guest {
	struct gx_guest_result result;
	const struct gx_core_ctx *c;
	const struct gx_procedure *p;
	struct gx_submission s;
	unsigned char token_hash[32];
	unsigned char address_key[32], mailbox_key[32];
	long long hour, day;
	unsigned per_address, per_mailbox;
	long long id;
	struct gx_mail_item mail;
	gx_guest_done_fn done;
	void *arg;
};

static void finish(struct guest *g, enum gx_core_status status, json_t *errors)
{
	g->result.status = status;
	g->result.errors = errors;
	g->result.submission = status == GX_CORE_OK ? &g->s : NULL;
	g->done(g->arg, &g->result);
	json_decref(errors);
	gx_submission_clear(&g->s);
	sodium_memzero(&g->mail, sizeof(g->mail));
}

/* The key of the limits' hashes: the receipt key's (deterministic)
 * signature of a fixed text, the same on every guichetd of a platform and
 * no other use. */
static int limit_key(unsigned char key[crypto_generichash_KEYBYTES])
{
	char sig[100];
	static const char label[] = "guichet guest limits v1";
	if (gx_receipt_sign(label, sizeof(label) - 1, sig, sizeof(sig)) != 0)
		return -1;
	crypto_generichash(key, crypto_generichash_KEYBYTES, (const unsigned char *)sig, strlen(sig), NULL, 0);
	return 0;
}

/* BLAKE2b(key, what \0 value \0 window): no address is stored, and a
 * window's hash says nothing of another's. */
static void limit_hash(const unsigned char *key, const char *what, const char *value, long long window,
		       unsigned char out[32])
{
	crypto_generichash_state h;
	char w[24];
	snprintf(w, sizeof(w), "%lld", window);
	crypto_generichash_init(&h, key, crypto_generichash_KEYBYTES, 32);
	crypto_generichash_update(&h, (const unsigned char *)what, strlen(what) + 1);
	crypto_generichash_update(&h, (const unsigned char *)value, strlen(value) + 1);
	crypto_generichash_update(&h, (const unsigned char *)w, strlen(w));
	crypto_generichash_final(&h, out, 32);
}

static enum gx_db_status write_guest(struct gx_store_conn *w, void *arg)
{
	struct guest *g = arg;
	/* The same form posted again: the same submission, nothing written. */
	enum gx_db_status st = gx_store_guest_reference(w, g->token_hash, g->result.reference,
							sizeof(g->result.reference));
	if (st != GX_DB_NO_RESULTS) {
		if (st == GX_DB_ONE_RESULT)
			g->result.repeated = true;
		return st < 0 ? st : GX_DB_NO_RESULTS;
	}
	long long n = 0;
	if ((st = gx_store_guest_limit_add(w, g->address_key, g->hour, g->day - DAY_US, &n)) < 0)
		return st;
	if (n > (long long)g->per_address) {
		g->result.limit = "address";
		return GX_DB_CONFLICT; /* this item is rolled back: not even the count stays */
	}
	if ((st = gx_store_guest_limit_add(w, g->mailbox_key, g->day, g->day - DAY_US, &n)) < 0)
		return st;
	if (n > (long long)g->per_mailbox) {
		g->result.limit = "mailbox";
		return GX_DB_CONFLICT;
	}
	if ((st = gx_store_guest_space_create(w, g->s.submitted_at_us, &g->s.space_id)) < 0)
		return st;
	if ((st = gx_submission_file(w, &g->s, gx_procedure_statuses(g->p), &g->id)) < 0)
		return st;
	st = gx_store_guest_submission_put(w, g->id, g->token_hash, g->s.submitted_at_us);
	return st; /* CONFLICT: the same token at the same time; a post again finds it (repeated) */
}

static void on_written(void *arg, enum gx_db_status result)
{
	struct guest *g = arg;
	if (result == GX_DB_NO_RESULTS && g->result.repeated) {
		finish(g, GX_CORE_CONFLICT, NULL);
	} else if (result == GX_DB_CONFLICT && g->result.limit != NULL) {
		finish(g, GX_CORE_CONFLICT, NULL);
	} else if (result < 0 || result == GX_DB_NO_RESULTS) {
		finish(g, GX_CORE_UNAVAILABLE, NULL);
	} else {
		g->s.id = g->id;
		snprintf(g->result.reference, sizeof(g->result.reference), "%s", g->s.reference);
		/* The receipt by mail: what was received, by whom, when, its reference. */
		g->mail.id.value = gx_mail_out_receipt_id(g->id);
		g->mail.created_us = g->s.submitted_at_us;
		g->mail.kind = GX_MAIL_RECEIPT;
		snprintf(g->mail.reference, sizeof(g->mail.reference), "%.20s", g->s.reference);
		gx_local_time_format(g->s.submitted_at_us, g->mail.date, sizeof(g->mail.date), true);
		g->result.mailed = gx_mail_out_push(&g->mail) == 0;
		finish(g, GX_CORE_OK, NULL);
	}
}

bool gx_guest_mailbox_ok(const char *s)
{
	return s != NULL && gx_mail_address_check(s, strlen(s)) == GX_MAIL_ADDRESS_OK;
}

void gx_guest_submit(const struct gx_core_ctx *c, const struct gx_guest_in *in, gx_guest_done_fn done, void *arg)
{
	struct guest *g = gx_core_alloc(c, sizeof(*g));
	g->done = done;
	g->arg = arg;
	g->c = c;
	g->p = in->p;
	const json_t *def = gx_procedure_json(in->p);
	if (!json_is_true(json_object_get(def, "without_login")) || in->mailbox == NULL ||
	    gx_mail_address_check(in->mailbox, strlen(in->mailbox)) != GX_MAIL_ADDRESS_OK || in->address == NULL) {
		finish(g, GX_CORE_FAULT, NULL); /* the caller checks these first */
		return;
	}
	char today[11];
	gx_local_date(c->now_us, today);
	json_t *normalised = NULL;
	json_t *errors = gx_submission_validate(def, in->data, NULL, in->lang, today, &normalised);
	if (errors == NULL || json_array_size(errors) > 0) {
		json_decref(normalised);
		finish(g, errors != NULL ? GX_CORE_INVALID : GX_CORE_FAULT, errors);
		return;
	}
	json_decref(errors);
	unsigned char key[crypto_generichash_KEYBYTES];
	if (limit_key(key) != 0) {
		json_decref(normalised);
		finish(g, GX_CORE_FAULT, NULL);
		return;
	}
	g->hour = c->now_us / HOUR_US * HOUR_US;
	g->day = c->now_us / DAY_US * DAY_US;
	limit_hash(key, "address", in->address, g->hour, g->address_key);
	char mailbox[GX_MAIL_ADDRESS_MAX + 1];
	snprintf(mailbox, sizeof(mailbox), "%s", in->mailbox);
	for (char *q = mailbox; *q != '\0'; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a'); /* one mailbox, however it is written */
	limit_hash(key, "mailbox", mailbox, g->day, g->mailbox_key);
	sodium_memzero(key, sizeof(key));
	memcpy(g->token_hash, in->token_hash, sizeof(g->token_hash));
	g->per_address = c->domain->guest_per_address_hour;
	g->per_mailbox = c->domain->guest_per_mailbox_day;
	g->s = (struct gx_submission){.procedure_version = gx_procedure_version(in->p), .submitted_at_us = c->now_us};
	snprintf(g->s.procedure_id, sizeof(g->s.procedure_id), "%s", gx_procedure_id(in->p));
	snprintf(g->s.organisation, sizeof(g->s.organisation), "%s", gx_procedure_organisation(in->p));
	g->s.data_json = json_dumps(normalised, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(normalised);
	snprintf(g->mail.lang, sizeof(g->mail.lang), "%s", in->lang);
	snprintf(g->mail.to, sizeof(g->mail.to), "%s", in->mailbox);
	snprintf(g->mail.organisation, sizeof(g->mail.organisation), "%s", in->organisation_title);
	snprintf(g->mail.title, sizeof(g->mail.title), "%s", in->procedure_title);
	if (g->s.data_json == NULL) {
		finish(g, GX_CORE_FAULT, NULL);
		return;
	}
	gx_durable_submit(c->durable, write_guest, g, on_written);
}
