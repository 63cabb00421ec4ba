#include "core/access_record.h"

#include <string.h>

#include <sodium.h>

#include "translog/entry.h"
#include "util/buf.h"

static int set_text(json_t *o, const char *key, const char *value)
{
	return value == NULL ? 0 : json_object_set_new(o, key, json_string(value));
}

json_t *gx_access_record_json(const struct gx_access_row *r)
{
	json_error_t jerr;
	json_t *attrs = json_loads(r->attributes_json != NULL ? r->attributes_json : "", JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_array(attrs))
		goto bad;
	for (size_t i = 0; i < json_array_size(attrs); i++)
		if (!json_is_string(json_array_get(attrs, i)))
			goto bad;
	json_t *o = json_object();
	if (o == NULL)
		goto bad;
	int rc = json_object_set_new(o, "at_us", json_integer(r->at_us)) | set_text(o, "subject", r->subject) |
		 set_text(o, "actor_kind", r->actor_kind) | set_text(o, "actor_id", r->actor_id) |
		 set_text(o, "actor_role", r->actor_role) | set_text(o, "on_behalf_of", r->on_behalf_of) |
		 set_text(o, "source", r->source) | json_object_set_new(o, "attributes", attrs) |
		 set_text(o, "purpose", r->purpose) | set_text(o, "legal_basis", r->legal_basis) |
		 set_text(o, "request_id", r->request_id);
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
bad:
	json_decref(attrs);
	return NULL;
}

/* Printable ASCII without '"' or '\\': written as is by JCS. */
static bool plain(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\')
			return false;
	return true;
}

/* The stored attributes, when they already are their canonical form: an
 * array of plain strings without whitespace ([] or ["a","b"]). */
static bool plain_array(const char *s)
{
	if (*s++ != '[')
		return false;
	if (*s == ']')
		return s[1] == '\0';
	for (;;) {
		if (*s++ != '"')
			return false;
		for (; *s != '"'; s++)
			if (*s < 0x20 || *s > 0x7e || *s == '\\')
				return false;
		s++;
		if (*s == ']')
			return s[1] == '\0';
		if (*s++ != ',')
			return false;
	}
}

static void member(struct gx_buf *b, const char *key, const char *value, bool *first)
{
	if (value == NULL)
		return;
	if (!*first)
		gx_buf_append_char(b, ',');
	gx_buf_append_char(b, '"');
	gx_buf_append_str(b, key);
	gx_buf_append(b, "\":\"", 3);
	gx_buf_append_str(b, value);
	gx_buf_append_char(b, '"');
	*first = false;
}

bool gx_access_record_canonical_fast(const struct gx_access_row *r, struct gx_buf *out)
{
	const char *texts[] = {r->subject, r->actor_kind, r->actor_id, r->actor_role, r->on_behalf_of,
			       r->source, r->purpose, r->legal_basis, r->request_id};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (texts[i] != NULL && !plain(texts[i]))
			return false;
	if (r->subject == NULL || r->actor_kind == NULL || r->actor_id == NULL || r->source == NULL ||
	    r->purpose == NULL || r->request_id == NULL || r->attributes_json == NULL || !plain_array(r->attributes_json) ||
	    r->at_us < -9007199254740991LL || r->at_us > 9007199254740991LL)
		return false;
	/* The members in the order of their names (RFC 8785: UTF-16 code units; all ASCII here). */
	bool first = true;
	gx_buf_append_char(out, '{');
	member(out, "actor_id", r->actor_id, &first);
	member(out, "actor_kind", r->actor_kind, &first);
	member(out, "actor_role", r->actor_role, &first);
	gx_buf_appendf(out, ",\"at_us\":%lld,\"attributes\":%s", r->at_us, r->attributes_json);
	member(out, "legal_basis", r->legal_basis, &first);
	member(out, "on_behalf_of", r->on_behalf_of, &first);
	member(out, "purpose", r->purpose, &first);
	member(out, "request_id", r->request_id, &first);
	member(out, "source", r->source, &first);
	member(out, "subject", r->subject, &first);
	gx_buf_append_char(out, '}');
	return !out->failed;
}

int gx_access_record_leaf(const struct gx_access_row *r, const unsigned char salt[32], struct gx_tlog_hash *leaf)
{
	/* Most records are plain ASCII: their canonical JSON is written directly. */
	struct gx_buf canon = GX_BUF_INIT;
	if (gx_access_record_canonical_fast(r, &canon) && canon.len <= GX_TLOG_RECORD_MAX) {
		unsigned char entry[32];
		crypto_hash_sha256_state st;
		crypto_hash_sha256_init(&st);
		crypto_hash_sha256_update(&st, salt, 32);
		crypto_hash_sha256_update(&st, (const unsigned char *)canon.data, canon.len);
		crypto_hash_sha256_final(&st, entry);
		gx_buf_free(&canon);
		gx_tlog_leaf_hash(entry, sizeof(entry), leaf);
		return 0;
	}
	gx_buf_free(&canon);
	json_t *rec = gx_access_record_json(r);
	if (rec == NULL)
		return -1;
	char err[160];
	int rc = gx_tlog_record_leaf(salt, rec, leaf, err, sizeof(err));
	json_decref(rec);
	return rc;
}
