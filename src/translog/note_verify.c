#include "translog/note.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "translog/b64.h"
#include "translog/cosignature.h"
#include "util/buf.h"

static uint64_t get_be64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* Whether raw (key id stripped) is key's valid signature of the note's text;
 * a cosignature's timestamp goes to *time. */
static bool signature_valid(const struct gx_note *n, const struct gx_note_verifier *key, const unsigned char *raw,
			    size_t len, uint64_t *time)
{
	if (key->type == GX_NOTE_KEY_ED25519) {
		return len == crypto_sign_BYTES &&
		       crypto_sign_verify_detached(raw, (const unsigned char *)n->buf, n->text_len, key->public_key) == 0;
	}
	if (key->type != GX_NOTE_KEY_COSIGNATURE_V1 || len != 8 + crypto_sign_BYTES)
		return false;
	uint64_t ts = get_be64(raw);
	struct gx_buf msg = GX_BUF_INIT;
	bool ok = gx_cosignature_message(ts, n->buf, n->text_len, &msg) == 0 &&
		  crypto_sign_verify_detached(raw + 8, (const unsigned char *)msg.data, msg.len, key->public_key) == 0;
	gx_buf_free(&msg);
	if (ok)
		*time = ts;
	return ok;
}

static bool same_key(const struct gx_note_verifier *k, const char *name, size_t name_len, uint32_t key_id)
{
	return k->key_id == key_id && strlen(k->name) == name_len && memcmp(k->name, name, name_len) == 0;
}

int gx_note_verify(const struct gx_note *n, const struct gx_note_verifier *keys, size_t nkeys, bool *signed_by,
		   uint64_t *times, char *err, size_t errlen)
{
	for (size_t i = 0; i < nkeys; i++) {
		if (signed_by != NULL)
			signed_by[i] = false;
		if (times != NULL)
			times[i] = 0;
		for (size_t j = 0; j < i; j++) {
			if (same_key(&keys[j], keys[i].name, strlen(keys[i].name), keys[i].key_id)) {
				snprintf(err, errlen, "two known keys share the name %s and key id %08x", keys[i].name,
					 (unsigned)keys[i].key_id);
				return -1;
			}
		}
	}
	int count = 0;
	size_t key_of[GX_NOTE_MAX_SIGS]; /* which known key each line is, or nkeys */
	for (size_t s = 0; s < n->sig_count && s < GX_NOTE_MAX_SIGS; s++) {
		const struct gx_note_sig *sig = &n->sigs[s];
		const char *name = n->buf + sig->name_off;
		size_t k;
		for (k = 0; k < nkeys; k++) {
			if (same_key(&keys[k], name, sig->name_len, sig->key_id))
				break;
		}
		key_of[s] = k;
		if (k == nkeys)
			continue; /* not a key we know: ignored */
		unsigned char raw[GX_NOTE_SIG_MAX];
		long len = gx_tlog_b64_decode(n->buf + sig->b64_off, sig->b64_len, raw, sizeof(raw));
		uint64_t ts = 0;
		if (len < 4 || !signature_valid(n, &keys[k], raw + 4, (size_t)len - 4, &ts)) {
			snprintf(err, errlen, "the signature of %s (key id %08x) does not verify", keys[k].name,
				 (unsigned)keys[k].key_id);
			return -1;
		}
		if (signed_by != NULL)
			signed_by[k] = true;
		if (times != NULL && ts > times[k])
			times[k] = ts;
		/* a key signing twice still counts once */
		bool first = true;
		for (size_t e = 0; e < s; e++)
			first = first && key_of[e] != k;
		if (first)
			count++;
	}
	return count;
}
