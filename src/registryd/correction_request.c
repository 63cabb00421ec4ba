/* POST /v1/corrections' body (correction_request.h): the JSON spec, then
 * the register's own rules for the attribute (correctable, its field's
 * bounds, its evidence), each fault naming its member. */

#include "registryd/correction_request.h"

#include <regex.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/spec.h"
#include "util/file_type.h"


/* Base64 of the largest file: 4 characters per 3 bytes. */
#define DATA_B64_MAX ((GX_EVIDENCE_BYTES_MAX + 2) / 3 * 4)

static const struct gx_json_field subject_fields[] = {
	{.name = "type", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = GX_REGISTER_NAME_MAX},
	{.name = "value", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = NULL},
};
static const struct gx_json_field current_fields[] = {
	{.name = "value", .kind = GX_JSON_STRING, .nullable = true, .max_len = GX_CORRECTION_PROPOSED_MAX},
	{.name = "version", .kind = GX_JSON_INTEGER, .required = true, .min = 0, .max = 1LL << 53},
	{.name = NULL},
};
static const struct gx_json_field requester_fields[] = {
	{.name = "organisation", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 128},
	{.name = "on_behalf_of", .kind = GX_JSON_STRING, .nullable = true, .max_len = 64},
	{.name = NULL},
};
static const struct gx_json_field file_fields[] = {
	{.name = "name", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 255},
	{.name = "data", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = DATA_B64_MAX},
	{.name = NULL},
};
static const struct gx_json_field file_item = {.kind = GX_JSON_OBJECT, .fields = file_fields};
static const struct gx_json_field filing_spec[] = {
	{.name = "request_id", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 128},
	{.name = "subject", .kind = GX_JSON_OBJECT, .required = true, .fields = subject_fields},
	{.name = "attribute", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = GX_REGISTER_ATTRIBUTE_MAX},
	{.name = "current", .kind = GX_JSON_OBJECT, .required = true, .fields = current_fields},
	{.name = "proposed", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = GX_CORRECTION_PROPOSED_MAX},
	{.name = "explanation", .kind = GX_JSON_STRING, .required = true, .min_len = 1,
	 .max_len = GX_CORRECTION_EXPLANATION_MAX},
	{.name = "requester", .kind = GX_JSON_OBJECT, .required = true, .fields = requester_fields},
	{.name = "evidence", .kind = GX_JSON_ARRAY, .nullable = true, .max_len = GX_EVIDENCE_FILES_MAX, .items = &file_item},
	{.name = NULL},
};

static int refuse(struct gx_correction_fault *fault, enum gx_err err, const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int refuse(struct gx_correction_fault *fault, enum gx_err err, const char *pointer, const char *fmt, ...)
{
	fault->err = err;
	snprintf(fault->pointer, sizeof(fault->pointer), "%s", pointer != NULL ? pointer : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(fault->detail, sizeof(fault->detail), fmt, ap);
	va_end(ap);
	return -1;
}

static enum gx_err err_of(enum gx_json_fault f)
{
	switch (f) {
	case GX_JSON_MALFORMED:
	case GX_JSON_NOT_OBJECT:
	case GX_JSON_BAD_UTF8:
	case GX_JSON_DUPLICATE_FIELD:
		return GX_ERR_MALFORMED_JSON;
	case GX_JSON_TOO_DEEP:
		return GX_ERR_JSON_TOO_DEEP;
	case GX_JSON_UNKNOWN_FIELD:
		return GX_ERR_UNKNOWN_FIELD;
	case GX_JSON_MISSING_FIELD:
		return GX_ERR_MISSING_FIELD;
	case GX_JSON_NO_MEMORY:
		return GX_ERR_INTERNAL;
	default:
		return GX_ERR_INVALID_FIELD;
	}
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The register's own check of a proposed value: a text's bounds and
 * pattern (the platform checks every kind with its procedure validator). */
static int check_proposed(const struct gx_correction_filing *f, struct gx_correction_fault *fault)
{
	const json_t *field = f->attr->correction_field;
	const char *kind = json_string_value(json_object_get(field, "kind"));
	if (kind == NULL || strcmp(kind, "text") != 0)
		return 0;
	size_t chars = utf8_chars(f->proposed);
	json_t *min = json_object_get(field, "min_length"), *max = json_object_get(field, "max_length");
	if (min != NULL && chars < (size_t)json_integer_value(min))
		return refuse(fault, GX_ERR_INVALID_FIELD, "/proposed", "shorter than %lld characters",
			      (long long)json_integer_value(min));
	if (max != NULL && chars > (size_t)json_integer_value(max))
		return refuse(fault, GX_ERR_INVALID_FIELD, "/proposed", "longer than %lld characters",
			      (long long)json_integer_value(max));
	const char *p = json_string_value(json_object_get(field, "pattern"));
	regex_t re;
	if (p != NULL && regcomp(&re, p, REG_EXTENDED | REG_NOSUB) == 0) {
		int rc = regexec(&re, f->proposed, 0, NULL, 0);
		regfree(&re);
		if (rc != 0)
			return refuse(fault, GX_ERR_INVALID_FIELD, "/proposed", "not in the form this attribute takes");
	}
	return 0;
}

/* Each file: its name, its bytes decoded, its size and its type read from them. */
static int check_files(struct gx_correction_filing *f, struct gx_correction_fault *fault)
{
	const struct gx_register_evidence *e = &f->attr->evidence;
	json_t *list = json_object_get(f->json, "evidence");
	size_t n = json_array_size(list);
	if (n > e->max_files)
		return e->max_files == 0
			       ? refuse(fault, GX_ERR_INVALID_FIELD, "/evidence", "this attribute takes no evidence")
			       : refuse(fault, GX_ERR_INVALID_FIELD, "/evidence", "at most %zu files", e->max_files);
	if (n == 0 && e->required)
		return refuse(fault, GX_ERR_MISSING_FIELD, "/evidence", "this attribute's correction needs evidence");
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(list, i);
		char pointer[48];
		const char *name = json_string_value(json_object_get(item, "name"));
		for (const unsigned char *c = (const unsigned char *)name; *c != '\0'; c++) {
			if (*c < 0x20 || *c == 0x7F || *c == '/' || *c == '\\') {
				snprintf(pointer, sizeof(pointer), "/evidence/%zu/name", i);
				return refuse(fault, GX_ERR_INVALID_FIELD, pointer, "a file name without control characters or slashes");
			}
		}
		snprintf(pointer, sizeof(pointer), "/evidence/%zu/data", i);
		json_t *data = json_object_get(item, "data");
		size_t b64 = json_string_length(data);
		struct gx_correction_file *file = &f->files[i];
		file->data = malloc(b64 / 4 * 3 + 3);
		if (file->data == NULL)
			return refuse(fault, GX_ERR_INTERNAL, NULL, "out of memory");
		f->nfiles = i + 1;
		size_t len = 0;
		const char *end = NULL;
		if (sodium_base642bin(file->data, b64 / 4 * 3 + 3, json_string_value(data), b64, NULL, &len, &end,
				      sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    end != json_string_value(data) + b64)
			return refuse(fault, GX_ERR_INVALID_FIELD, pointer, "not base64 (RFC 4648, with padding)");
		if (len == 0)
			return refuse(fault, GX_ERR_INVALID_FIELD, pointer, "an empty file");
		if (len > e->max_bytes)
			return refuse(fault, GX_ERR_INVALID_FIELD, pointer, "larger than %zu bytes", e->max_bytes);
		file->type = gx_file_type_sniff(file->data, len);
		if (!gx_register_evidence_type_ok(e, file->type))
			return refuse(fault, GX_ERR_INVALID_FIELD, pointer, "not a file of a type this attribute takes");
		file->size = len;
		snprintf(file->name, sizeof(file->name), "%s", name);
		unsigned char digest[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(digest, file->data, len);
		sodium_bin2hex(file->sha256, sizeof(file->sha256), digest, sizeof(digest));
	}
	return 0;
}

/* The body without the files' bytes: what the register keeps and shows. */
static char *stored_request(const struct gx_correction_filing *f)
{
	json_t *files = json_array();
	for (size_t i = 0; i < f->nfiles; i++)
		json_array_append_new(files, json_pack("{s:i, s:s, s:s, s:I, s:s}", "seq", (int)i + 1, "name",
						       f->files[i].name, "content_type", f->files[i].type, "size",
						       (json_int_t)f->files[i].size, "sha256", f->files[i].sha256));
	json_t *o = json_pack("{s:{s:s?, s:I}, s:s, s:s, s:{s:s, s:s?}, s:o}", "current", "value", f->current_value,
			      "version", (json_int_t)f->current_version, "proposed", f->proposed, "explanation",
			      f->explanation, "requester", "organisation", f->organisation, "on_behalf_of",
			      f->on_behalf_of, "evidence", files);
	char *text = o != NULL ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return text;
}

int gx_correction_filing_parse(const char *body, size_t len, const struct gx_register_description *d,
			       struct gx_correction_filing *f, struct gx_correction_fault *fault)
{
	memset(f, 0, sizeof(*f));
	struct gx_json_error jerr;
	if (gx_json_parse(body, len, filing_spec, 8, &f->json, &jerr) != 0)
		return refuse(fault, err_of(jerr.fault), jerr.fault == GX_JSON_MALFORMED ? NULL : jerr.pointer, "%s",
			      jerr.detail);
	json_t *subject = json_object_get(f->json, "subject"), *current = json_object_get(f->json, "current");
	json_t *requester = json_object_get(f->json, "requester");
	f->request_id = json_string_value(json_object_get(f->json, "request_id"));
	f->subject_type = json_string_value(json_object_get(subject, "type"));
	f->subject = json_string_value(json_object_get(subject, "value"));
	f->attribute = json_string_value(json_object_get(f->json, "attribute"));
	f->proposed = json_string_value(json_object_get(f->json, "proposed"));
	f->explanation = json_string_value(json_object_get(f->json, "explanation"));
	f->organisation = json_string_value(json_object_get(requester, "organisation"));
	f->on_behalf_of = json_string_value(json_object_get(requester, "on_behalf_of"));
	f->current_value = json_string_value(json_object_get(current, "value"));
	f->current_version = json_integer_value(json_object_get(current, "version"));
	int rc = -1;
	if (!gx_register_has_key(d, f->subject_type)) {
		refuse(fault, GX_ERR_INVALID_FIELD, "/subject/type", "this register does not know subjects of this type");
		goto done;
	}
	long i = gx_register_attribute_index(d, f->attribute);
	if (i < 0) {
		refuse(fault, GX_ERR_INVALID_FIELD, "/attribute", "this register does not serve this attribute");
		goto done;
	}
	f->attr = &d->attributes[i];
	if (!f->attr->correctable) {
		refuse(fault, GX_ERR_INVALID_FIELD, "/attribute", "%s cannot be corrected at this register", f->attr->name);
		goto done;
	}
	if (f->current_value != NULL && strcmp(f->current_value, f->proposed) == 0) {
		refuse(fault, GX_ERR_INVALID_FIELD, "/proposed", "the proposed value is the current one");
		goto done;
	}
	if (check_proposed(f, fault) != 0 || check_files(f, fault) != 0)
		goto done;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)body, len);
	sodium_bin2hex(f->request_hash, sizeof(f->request_hash), digest, sizeof(digest));
	if ((f->request_json = stored_request(f)) == NULL) {
		refuse(fault, GX_ERR_INTERNAL, NULL, "out of memory");
		goto done;
	}
	rc = 0;
done:
	if (rc != 0)
		gx_correction_filing_clear(f);
	return rc;
}

void gx_correction_filing_clear(struct gx_correction_filing *f)
{
	for (size_t i = 0; i < f->nfiles; i++)
		free(f->files[i].data);
	free(f->request_json);
	json_decref(f->json);
	memset(f, 0, sizeof(*f));
}
