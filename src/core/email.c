/* Verifying the person's e-mail address (email.h). */

#include "core/email.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mail/address.h"
#include "mail/code.h"
#include "mail/memqueue.h"
#include "store/letterbox.h"

static unsigned char key[GX_MAIL_CODE_KEY_BYTES];
static bool key_ready;
static struct gx_mail_memqueue *queue;
static void (*waker)(void *);
static void *waker_arg;
static atomic_ullong next_id;

static int write_key(const char *path, char *err, size_t errlen)
{
	randombytes_buf(key, sizeof(key));
	char text[64];
	sodium_bin2base64(text, sizeof(text), key, sizeof(key), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	size_t n = strlen(text);
	bool ok = write(fd, text, n) == (ssize_t)n && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
	close(fd);
	sodium_memzero(text, sizeof(text));
	if (!ok) {
		snprintf(err, errlen, "%s: cannot write", path);
		unlink(path);
		return -1;
	}
	return 0;
}

int gx_email_init(const char *key_file, char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium cannot start");
		return -1;
	}
	FILE *f = fopen(key_file, "rb");
	if (f == NULL) {
		if (write_key(key_file, err, errlen) != 0)
			return -1;
	} else {
		char text[128] = "";
		size_t n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
		while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
			text[--n] = '\0';
		size_t got = 0;
		int rc = sodium_base642bin(key, sizeof(key), text, n, NULL, &got, NULL,
					   sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		sodium_memzero(text, sizeof(text));
		if (rc != 0 || got != sizeof(key)) {
			snprintf(err, errlen, "%s: not a 32-byte base64url key", key_file);
			return -1;
		}
	}
	atomic_store(&next_id, 1);
	key_ready = true;
	return 0;
}

void gx_email_free(void)
{
	sodium_memzero(key, sizeof(key));
	key_ready = false;
	queue = NULL;
	waker = NULL;
}

void gx_email_set_queue(struct gx_mail_memqueue *q, void (*wake)(void *), void *arg)
{
	queue = q;
	waker = wake;
	waker_arg = arg;
}

static const struct gx_mail_code_policy policy = GX_MAIL_CODE_POLICY_DEFAULT;

static void record_of(const struct gx_email_code_row *row, struct gx_mail_code_record *rec)
{
	memcpy(rec->salt, row->salt, sizeof(rec->salt));
	memcpy(rec->hash, row->hash, sizeof(rec->hash));
	rec->issued_us = row->issued_us;
	rec->expires_us = row->expires_us;
	rec->attempts = row->attempts;
	rec->used = row->used;
	rec->day_start_us = row->day_start_us;
	rec->day_count = row->day_count;
}

static void row_of(const struct gx_mail_code_record *rec, struct gx_email_code_row *row)
{
	memcpy(row->salt, rec->salt, sizeof(row->salt));
	memcpy(row->hash, rec->hash, sizeof(row->hash));
	row->issued_us = rec->issued_us;
	row->expires_us = rec->expires_us;
	row->attempts = rec->attempts;
	row->used = rec->used;
	row->day_start_us = rec->day_start_us;
	row->day_count = rec->day_count;
}

/* The person's declared address into out ("" when none). */
static enum gx_db_status declared(struct gx_store_conn *db, long long person, char out[256])
{
	out[0] = '\0';
	char *text = NULL;
	enum gx_db_status st = gx_store_self_declared_all(db, person, &text);
	if (st < 0)
		return st;
	json_error_t err;
	json_t *all = json_loads(text != NULL ? text : "{}", 0, &err);
	free(text);
	const char *v = json_string_value(json_object_get(json_object_get(all, "email"), "value"));
	if (v != NULL && strlen(v) < 256)
		snprintf(out, 256, "%s", v);
	json_decref(all);
	return all != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

/* What a code is bound to: the person and the address. */
static size_t binding(long long person, const char *address, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%lld\n%s", person, address);
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

enum gx_db_status gx_email_state(struct gx_store_conn *db, struct gx_person_id person, long long now_us,
				 struct gx_email_state *out)
{
	memset(out, 0, sizeof(*out));
	enum gx_db_status st = declared(db, person.v, out->address);
	if (st < 0 || out->address[0] == '\0')
		return st;
	struct gx_email_code_row row;
	if ((st = gx_store_email_code_get(db, person.v, &row)) <= 0)
		return st;
	bool same = strcmp(row.address, out->address) == 0;
	out->verified = same && row.verified_at_us > 0;
	out->code_pending = same && !out->verified && !row.used && row.expires_us > now_us &&
			    row.attempts < policy.max_attempts;
	return GX_DB_ONE_RESULT;
}

/* --- the writes ------------------------------------------------------------------------ */

struct coding {
	const struct gx_core_ctx *c;
	bool verify;
	char lang[4];
	char typed[32];
	size_t typed_len;
	char address[256];
	char code[GX_MAIL_CODE_DIGITS + 1];
	struct gx_email_done r;
	gx_email_done_fn done;
	void *arg;
};

static enum gx_db_status fail(struct coding *k, const char *why)
{
	k->r = (struct gx_email_done){.status = GX_CORE_INVALID, .why = why};
	return GX_DB_NO_RESULTS;
}

static enum gx_db_status write_code(struct gx_store_conn *w, void *arg)
{
	struct coding *k = arg;
	long long person = k->c->person.v, now = k->c->now_us;
	k->r = (struct gx_email_done){.status = GX_CORE_OK};
	sodium_memzero(k->code, sizeof(k->code));
	enum gx_db_status st = declared(w, person, k->address);
	if (st < 0)
		return st;
	if (k->address[0] == '\0' ||
	    (!k->verify && gx_mail_address_check(k->address, strlen(k->address)) != GX_MAIL_ADDRESS_OK))
		return fail(k, "no_address");
	struct gx_email_code_row row;
	if ((st = gx_store_email_code_get(w, person, &row)) < 0)
		return st;
	bool had = st == GX_DB_ONE_RESULT;
	char bind[300];
	size_t blen = binding(person, k->address, bind, sizeof(bind));
	if (blen == 0)
		return GX_DB_HARD_ERROR;
	struct gx_mail_code_record rec;
	if (k->verify) {
		if (!had || strcmp(row.address, k->address) != 0 || row.issued_us == 0)
			return fail(k, "no_code");
		record_of(&row, &rec);
		enum gx_mail_code_verdict v =
			gx_mail_code_check(&rec, key, bind, blen, k->typed, k->typed_len, now, &policy);
		row_of(&rec, &row);
		if (v == GX_MAIL_CODE_OK)
			row.verified_at_us = now;
		if ((st = gx_store_email_code_put(w, &row)) < 0)
			return st;
		/* a wrong guess is counted (stored) even though the answer is a refusal */
		if (v != GX_MAIL_CODE_OK)
			k->r = (struct gx_email_done){.status = GX_CORE_INVALID, .why = gx_mail_code_verdict_name(v)};
		return GX_DB_ONE_RESULT;
	}
	struct gx_mail_code_record last;
	if (had)
		record_of(&row, &last);
	if (gx_mail_code_issue(had ? &last : NULL, key, bind, blen, now, &policy, k->code, &rec) != 0)
		return fail(k, "too_soon");
	bool still = had && strcmp(row.address, k->address) == 0 && row.verified_at_us > 0;
	long long verified = still ? row.verified_at_us : 0;
	memset(&row, 0, sizeof(row));
	row.person_id = person;
	snprintf(row.address, sizeof(row.address), "%s", k->address);
	row_of(&rec, &row);
	row.verified_at_us = verified;
	return gx_store_email_code_put(w, &row);
}

static void on_written(void *arg, enum gx_db_status result)
{
	struct coding *k = arg;
	if (result < 0)
		k->r = (struct gx_email_done){.status = GX_CORE_UNAVAILABLE};
	if (!k->verify && k->r.status == GX_CORE_OK && queue != NULL) {
		struct gx_mail_item item = {.id.value = (1ULL << 63) | atomic_fetch_add(&next_id, 1),
					    .created_us = k->c->now_us, .kind = GX_MAIL_CODE};
		snprintf(item.lang, sizeof(item.lang), "%s", k->lang);
		size_t alen = strlen(k->address); /* checked: at most GX_MAIL_ADDRESS_MAX */
		memcpy(item.to, k->address, alen < sizeof(item.to) ? alen : sizeof(item.to) - 1);
		memcpy(item.code, k->code, sizeof(k->code));
		snprintf(item.minutes, sizeof(item.minutes), "%u", policy.ttl_s / 60);
		if (gx_mail_memqueue_push(queue, &item, k->c->now_us) != 0)
			k->r = (struct gx_email_done){.status = GX_CORE_UNAVAILABLE};
		else if (waker != NULL)
			waker(waker_arg);
		sodium_memzero(&item, sizeof(item));
	}
	sodium_memzero(k->code, sizeof(k->code));
	sodium_memzero(k->typed, sizeof(k->typed));
	k->done(k->arg, &k->r);
}

static struct coding *coding_new(const struct gx_core_ctx *c, bool verify, gx_email_done_fn done, void *arg)
{
	struct coding *k = gx_core_alloc(c, sizeof(*k));
	k->c = c;
	k->verify = verify;
	k->done = done;
	k->arg = arg;
	return k;
}

void gx_email_send_code(const struct gx_core_ctx *c, const char *lang, gx_email_done_fn done, void *arg)
{
	struct coding *k = coding_new(c, false, done, arg);
	if (!key_ready) {
		k->r.status = GX_CORE_FAULT;
		done(arg, &k->r);
		return;
	}
	snprintf(k->lang, sizeof(k->lang), "%s", lang != NULL && strlen(lang) < 4 ? lang : "fr");
	gx_durable_submit(c->durable, write_code, k, on_written);
}

void gx_email_verify(const struct gx_core_ctx *c, const char *typed, gx_email_done_fn done, void *arg)
{
	struct coding *k = coding_new(c, true, done, arg);
	size_t len = typed != NULL ? strlen(typed) : 0;
	if (!key_ready) {
		k->r.status = GX_CORE_FAULT;
		done(arg, &k->r);
		return;
	}
	if (len == 0 || len >= sizeof(k->typed)) {
		k->r = (struct gx_email_done){.status = GX_CORE_INVALID, .why = "malformed"};
		done(arg, &k->r);
		return;
	}
	memcpy(k->typed, typed, len);
	k->typed_len = len;
	gx_durable_submit(c->durable, write_code, k, on_written);
}
