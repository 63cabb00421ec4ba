#include "translog/bundle.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translog/b64.h"

static struct gx_bundle *refuse(struct gx_bundle *b, char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static struct gx_bundle *refuse(struct gx_bundle *b, char *err, size_t errlen, const char *fmt, ...)
{
	if (errlen > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	gx_bundle_free(b);
	return NULL;
}

/* Exactly the members named (NULL-terminated), each present. */
static const char *unexpected_member(const json_t *obj, const char *const *names)
{
	const char *key;
	json_t *v;
	size_t want = 0;
	while (names[want] != NULL)
		want++;
	json_object_foreach((json_t *)obj, key, v) {
		size_t i;
		for (i = 0; i < want && strcmp(key, names[i]) != 0; i++)
			;
		if (i == want)
			return key;
	}
	for (size_t i = 0; i < want; i++) {
		if (json_object_get(obj, names[i]) == NULL)
			return names[i];
	}
	return NULL;
}

static int decode_hash(const json_t *v, struct gx_tlog_hash *out)
{
	return json_is_string(v) && json_string_length(v) == 44 &&
			       gx_tlog_b64_decode(json_string_value(v), 44, out->b, sizeof(out->b)) == GX_TLOG_HASH_LEN
		       ? 0
		       : -1;
}

static const char *const bundle_members[] = {"format", "checkpoint", "salt", "entries", NULL};
static const char *const entry_members[] = {"leaf_index", "record", "inclusion_proof", NULL};

/* The entries' shapes, and how many proof hashes they hold together. */
static struct gx_bundle *check_entries(struct gx_bundle *b, const json_t *entries, size_t *hashes, char *err,
				       size_t errlen)
{
	*hashes = 0;
	for (size_t i = 0; i < json_array_size(entries); i++) {
		const json_t *e = json_array_get(entries, i);
		if (!json_is_object(e))
			return refuse(b, err, errlen, "entries/%zu: not an object", i);
		const char *odd = unexpected_member(e, entry_members);
		if (odd != NULL)
			return refuse(b, err, errlen, "entries/%zu: the member \"%.40s\" is unknown or missing", i, odd);
		const json_t *proof = json_object_get(e, "inclusion_proof");
		if (!json_is_array(proof) || json_array_size(proof) > GX_TLOG_PROOF_MAX - 1)
			return refuse(b, err, errlen, "entries/%zu/inclusion_proof: not an array of at most 63 hashes", i);
		*hashes += json_array_size(proof);
	}
	return b;
}

static struct gx_bundle *read_entry(struct gx_bundle *b, size_t i, struct gx_tlog_hash **next, char *err,
				    size_t errlen)
{
	const json_t *e = json_array_get(json_object_get(b->root, "entries"), i);
	struct gx_bundle_entry *out = &b->entries[i];
	const json_t *index = json_object_get(e, "leaf_index");
	if (!json_is_integer(index) || json_integer_value(index) < 0)
		return refuse(b, err, errlen, "entries/%zu/leaf_index: not an integer from 0 to 2^63 - 1", i);
	out->leaf_index = (uint64_t)json_integer_value(index);
	out->record = json_object_get(e, "record");
	char why[200];
	if (gx_tlog_record_leaf(b->salt, out->record, &out->leaf, why, sizeof(why)) != 0)
		return refuse(b, err, errlen, "entries/%zu/record: %s", i, why);
	const json_t *proof = json_object_get(e, "inclusion_proof");
	out->proof = *next;
	out->proof_len = json_array_size(proof);
	for (size_t j = 0; j < out->proof_len; j++) {
		if (decode_hash(json_array_get(proof, j), &(*next)[j]) != 0)
			return refuse(b, err, errlen, "entries/%zu/inclusion_proof/%zu: not the base64 of 32 bytes", i, j);
	}
	*next += out->proof_len;
	return b;
}

struct gx_bundle *gx_bundle_parse(const char *json, size_t len, char *err, size_t errlen)
{
	if (len > GX_BUNDLE_MAX_LEN)
		return refuse(NULL, err, errlen, "longer than %u bytes", GX_BUNDLE_MAX_LEN);
	struct gx_bundle *b = calloc(1, sizeof(*b));
	if (b == NULL)
		return refuse(NULL, err, errlen, "out of memory");
	json_error_t je;
	b->root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (b->root == NULL)
		return refuse(b, err, errlen, "not JSON (line %d, column %d): %s", je.line, je.column, je.text);
	if (!json_is_object(b->root))
		return refuse(b, err, errlen, "not a JSON object");
	const char *odd = unexpected_member(b->root, bundle_members);
	if (odd != NULL)
		return refuse(b, err, errlen, "the member \"%.40s\" is unknown or missing", odd);
	const json_t *format = json_object_get(b->root, "format");
	if (!json_is_string(format) || strcmp(json_string_value(format), GX_BUNDLE_FORMAT) != 0)
		return refuse(b, err, errlen, "format: not \"%s\"", GX_BUNDLE_FORMAT);

	const json_t *cp = json_object_get(b->root, "checkpoint");
	char why[200];
	if (!json_is_string(cp))
		return refuse(b, err, errlen, "checkpoint: not a string");
	if (gx_note_parse(json_string_value(cp), json_string_length(cp), &b->checkpoint, why, sizeof(why)) != 0)
		return refuse(b, err, errlen, "checkpoint: %s", why);
	struct gx_checkpoint c;
	if (gx_checkpoint_parse(b->checkpoint.buf, b->checkpoint.text_len, &c, why, sizeof(why)) != 0)
		return refuse(b, err, errlen, "%s", why);

	const json_t *salt = json_object_get(b->root, "salt");
	if (!json_is_string(salt) || json_string_length(salt) != 44 ||
	    gx_tlog_b64_decode(json_string_value(salt), 44, b->salt, sizeof(b->salt)) != GX_TLOG_SALT_LEN)
		return refuse(b, err, errlen, "salt: not the base64 of 32 bytes");

	const json_t *entries = json_object_get(b->root, "entries");
	if (!json_is_array(entries) || json_array_size(entries) > GX_BUNDLE_MAX_ENTRIES)
		return refuse(b, err, errlen, "entries: not an array of at most %d entries", GX_BUNDLE_MAX_ENTRIES);
	size_t hashes;
	if (check_entries(b, entries, &hashes, err, errlen) == NULL)
		return NULL;
	b->entry_count = json_array_size(entries);
	b->entries = calloc(b->entry_count > 0 ? b->entry_count : 1, sizeof(*b->entries));
	b->hashes = calloc(hashes > 0 ? hashes : 1, sizeof(*b->hashes));
	if (b->entries == NULL || b->hashes == NULL)
		return refuse(b, err, errlen, "out of memory");
	struct gx_tlog_hash *next = b->hashes;
	for (size_t i = 0; i < b->entry_count; i++) {
		if (read_entry(b, i, &next, err, errlen) == NULL)
			return NULL;
	}
	return b;
}

void gx_bundle_free(struct gx_bundle *b)
{
	if (b == NULL)
		return;
	json_decref(b->root);
	free(b->entries);
	free(b->hashes);
	free(b);
}
