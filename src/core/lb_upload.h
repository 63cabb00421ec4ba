#ifndef GX_CORE_LB_UPLOAD_H
#define GX_CORE_LB_UPLOAD_H

/** What an organisation's case system uploads to deliver a document
 *  (POST /api/org/v1/letterbox/documents, multipart/form-data): a part
 *  "document", JSON naming the recipient and describing the document, and
 *  a part "file", the PDF. This reads the parts (already split by the
 *  multipart parser) into a delivery, naming the member at fault as a JSON
 *  Pointer ("/document/title", "/file"), never quoting a value. It also
 *  gives the request's identity for its Idempotency-Key: a hash of the
 *  metadata's canonical JSON and of the file's bytes, so a retry that
 *  frames the same request with another multipart boundary is the same
 *  request. Fuzzed (fuzz/lb_upload.c). */

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct gx_lb_upload_part {
	const char *name;
	size_t name_len;
	const char *filename;       /* NULL for a plain field */
	size_t filename_len;
	const char *data;
	size_t len;
};

struct gx_lb_upload {
	json_t *meta;               /* owns the strings below; gx_lb_upload_clear */
	const char *national_id, *type, *title, *notice_title, *due_date;  /* due_date may be NULL */
	const char *company_number;  /* the recipient is a company: national_id is NULL */
	bool confirmation_required;
	long long submission;       /* 0: none */
	const char *file;           /* points into the file part */
	size_t file_len;
	char file_name[256];        /* as sent (the caller cleans it); "" when none */
	char file_sha256[65];       /* hex SHA-256 of the file's bytes (the document's) */
	char request_hash[65];      /* hex SHA-256 of what identifies the request */
};

struct gx_lb_upload_error {
	char pointer[300];          /* "/document/recipient/national_id", "/file", "" */
	char detail[200];
	bool malformed_json;        /* the document part is not JSON */
	bool no_memory;             /* out of memory reading it: a server fault */
};

/** Reads n parts into out. 0, or -1 with *err (nothing to clear). */
int gx_lb_upload_parse(const struct gx_lb_upload_part *parts, size_t n, int max_depth, struct gx_lb_upload *out,
		       struct gx_lb_upload_error *err);
void gx_lb_upload_clear(struct gx_lb_upload *u);

#endif
