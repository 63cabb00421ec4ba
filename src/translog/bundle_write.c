#include "translog/bundle.h"

#include "translog/b64.h"

static json_t *proof_array(const struct gx_tlog_proof *p)
{
	json_t *a = json_array();
	for (size_t i = 0; a != NULL && i < p->len; i++) {
		char text[48];
		gx_tlog_b64_encode(p->h[i].b, sizeof(p->h[i].b), text, sizeof(text));
		if (json_array_append_new(a, json_string(text)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

char *gx_bundle_write(const char *checkpoint, const unsigned char salt[GX_TLOG_SALT_LEN],
		      const struct gx_bundle_item *items, size_t count)
{
	if (count > GX_BUNDLE_MAX_ENTRIES)
		return NULL;
	char salt_text[48];
	gx_tlog_b64_encode(salt, GX_TLOG_SALT_LEN, salt_text, sizeof(salt_text));
	json_t *entries = json_array();
	for (size_t i = 0; entries != NULL && i < count; i++) {
		const struct gx_bundle_item *it = &items[i];
		if (it->leaf_index > GX_TLOG_MAX_SIZE || it->proof->len > GX_TLOG_PROOF_MAX - 1 ||
		    !json_is_object(it->record)) {
			json_decref(entries);
			return NULL;
		}
		/* o: the record is shared, not copied; the bundle object holds a reference */
		json_t *e = json_pack("{s:I, s:O, s:o}", "leaf_index", (json_int_t)it->leaf_index, "record",
				      (json_t *)it->record, "inclusion_proof", proof_array(it->proof));
		if (e == NULL || json_array_append_new(entries, e) != 0) {
			json_decref(entries);
			return NULL;
		}
	}
	json_t *b = json_pack("{s:s, s:s, s:s, s:o}", "format", GX_BUNDLE_FORMAT, "checkpoint", checkpoint, "salt",
			      salt_text, "entries", entries);
	char *text = b != NULL ? json_dumps(b, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(b);
	return text;
}
