#include "translog/proof_json.h"

#include <jansson.h>

#include "translog/b64.h"

int gx_tlog_proof_json_parse(const char *text, size_t len, struct gx_tlog_proof *out)
{
	out->len = 0;
	if (len > GX_TLOG_PROOF_JSON_MAX)
		return -1;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	const json_t *arr = json_object_get(root, "proof");
	int rc = -1;
	if (json_is_object(root) && json_object_size(root) == 1 && json_is_array(arr) &&
	    json_array_size(arr) < GX_TLOG_PROOF_MAX) {
		rc = 0;
		for (size_t i = 0; i < json_array_size(arr) && rc == 0; i++) {
			const json_t *h = json_array_get(arr, i);
			if (!json_is_string(h) || json_string_length(h) != 44 ||
			    gx_tlog_b64_decode(json_string_value(h), 44, out->h[i].b, sizeof(out->h[i].b)) != 32)
				rc = -1;
		}
		out->len = rc == 0 ? json_array_size(arr) : 0;
	}
	json_decref(root);
	return rc;
}

int gx_tlog_proof_json_write(const struct gx_tlog_proof *p, struct gx_buf *b)
{
	if (p->len >= GX_TLOG_PROOF_MAX)
		return -1;
	gx_buf_append_str(b, "{\"proof\":[");
	for (size_t i = 0; i < p->len; i++) {
		char text[48];
		gx_tlog_b64_encode(p->h[i].b, sizeof(p->h[i].b), text, sizeof(text));
		gx_buf_appendf(b, "%s\"%s\"", i > 0 ? "," : "", text);
	}
	gx_buf_append_str(b, "]}");
	return b->failed ? -1 : 0;
}
