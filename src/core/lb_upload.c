/* An organisation's document upload (lb_upload.h). */

#include "core/lb_upload.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/spec.h"

static const struct gx_json_field recipient_fields[] = {
	{.name = "national_id", .kind = GX_JSON_STRING, .min_len = 13, .max_len = 13},
	{.name = "company_number", .kind = GX_JSON_STRING, .min_len = 2, .max_len = 15},
	{.name = NULL},
};

static const struct gx_json_field document_fields[] = {
	{.name = "recipient", .kind = GX_JSON_OBJECT, .required = true, .fields = recipient_fields},
	{.name = "type", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = "title", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 200},
	{.name = "notification_title", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 160},
	{.name = "due_date", .kind = GX_JSON_STRING, .nullable = true, .min_len = 10, .max_len = 10},
	{.name = "confirmation_required", .kind = GX_JSON_BOOLEAN, .nullable = true},
	{.name = "submission", .kind = GX_JSON_INTEGER, .nullable = true, .min = 1, .max = 999999999999999999LL},
	{.name = NULL},
};

static bool named(const struct gx_lb_upload_part *p, const char *name)
{
	return p->name_len == strlen(name) && memcmp(p->name, name, p->name_len) == 0;
}

static int fail(struct gx_lb_upload_error *err, const char *pointer, const char *detail)
{
	snprintf(err->pointer, sizeof(err->pointer), "%s", pointer);
	snprintf(err->detail, sizeof(err->detail), "%s", detail);
	return -1;
}

int gx_lb_upload_parse(const struct gx_lb_upload_part *parts, size_t n, int max_depth, struct gx_lb_upload *out,
		       struct gx_lb_upload_error *err)
{
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	const struct gx_lb_upload_part *doc = NULL, *file = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct gx_lb_upload_part *p = &parts[i];
		const struct gx_lb_upload_part **slot = named(p, "document") ? &doc : named(p, "file") ? &file : NULL;
		if (slot == NULL)
			return fail(err, "", "a part other than document and file");
		if (*slot != NULL)
			return fail(err, slot == &doc ? "/document" : "/file", "sent twice");
		*slot = p;
	}
	if (doc == NULL)
		return fail(err, "/document", "the part document (JSON) is missing");
	if (file == NULL)
		return fail(err, "/file", "the part file (the PDF) is missing");
	struct gx_json_error jerr;
	if (gx_json_parse(doc->data != NULL ? doc->data : "", doc->len, document_fields, max_depth, &out->meta, &jerr) != 0) {
		err->no_memory = jerr.fault == GX_JSON_NO_MEMORY;
		err->malformed_json = jerr.fault == GX_JSON_MALFORMED || jerr.fault == GX_JSON_TOO_DEEP ||
				      jerr.fault == GX_JSON_BAD_UTF8;
		char pointer[300];
		snprintf(pointer, sizeof(pointer), "/document%s", jerr.pointer);
		return fail(err, pointer, jerr.detail);
	}
	json_t *m = out->meta;
	const json_t *recipient = json_object_get(m, "recipient");
	out->national_id = json_string_value(json_object_get(recipient, "national_id"));
	out->company_number = json_string_value(json_object_get(recipient, "company_number"));
	if ((out->national_id == NULL) == (out->company_number == NULL)) {
		json_decref(out->meta);
		out->meta = NULL;
		return fail(err, "/document/recipient", "exactly one of national_id (a person) and company_number (a company)");
	}
	out->type = json_string_value(json_object_get(m, "type"));
	out->title = json_string_value(json_object_get(m, "title"));
	out->notice_title = json_string_value(json_object_get(m, "notification_title"));
	out->due_date = json_string_value(json_object_get(m, "due_date"));
	out->confirmation_required = json_is_true(json_object_get(m, "confirmation_required"));
	out->submission = json_integer_value(json_object_get(m, "submission"));
	out->file = file->data;
	out->file_len = file->len;
	size_t fn = file->filename != NULL ? file->filename_len : 0;
	if (fn >= sizeof(out->file_name))
		fn = sizeof(out->file_name) - 1;
	if (fn > 0)
		memcpy(out->file_name, file->filename, fn);
	out->file_name[fn] = '\0';

	/* The file's digest (read once: it is also the document's), then the
	 * request: the metadata as canonical JSON, the file's name and digest. */
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)(out->file != NULL ? out->file : ""), out->file_len);
	sodium_bin2hex(out->file_sha256, sizeof(out->file_sha256), digest, sizeof(digest));
	char *canonical = json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS);
	if (canonical == NULL) {
		gx_lb_upload_clear(out);
		return fail(err, "", "out of memory");
	}
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	const char *parts_of[] = {"guichet-letterbox-document/1", canonical, out->file_name, out->file_sha256};
	for (size_t k = 0; k < 4; k++) {
		unsigned long long len = strlen(parts_of[k]);
		crypto_hash_sha256_update(&st, (const unsigned char *)&len, sizeof(len));
		crypto_hash_sha256_update(&st, (const unsigned char *)parts_of[k], len);
	}
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out->request_hash, sizeof(out->request_hash), digest, sizeof(digest));
	free(canonical);
	return 0;
}

void gx_lb_upload_clear(struct gx_lb_upload *u)
{
	json_decref(u->meta);
	memset(u, 0, sizeof(*u));
}
