/* The public page that checks a certificate (verify.h): no login; it says
 * whether the platform issued it, when, of what type and by which
 * organisation, and nothing about the person.
 *
 *   GET  /verify[?code=CODE]
 *   POST /verify     multipart/form-data: code (typed), or file (the PDF, at most 4 MiB)
 *
 * A mistyped or malformed code, a file without a code: 422 with the form and
 * the error. The operational log gets the verdict, never the code. */

#include "portal/pages/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cert_verify.h"
#include "core/lb_fold.h"
#include "forms/labels.h"
#include "http/multipart.h"
#include "http/query.h"
#include "http/request.h"
#include "log/oplog.h"
#include "site/page.h"
#include "site/site.h"
#include "util/local_time.h"

/* The form again, saying what is wrong (422), with what was typed when it is text. */
static enum gx_outcome form(struct gx_req *r, int status, const char *error_key, bool on_file, const char *typed)
{
	if (typed != NULL && !gx_lb_text_ok(typed, strlen(typed), 0, GX_CERT_CODE_INPUT_MAX))
		typed = NULL;
	enum gx_lang lang = gx_req_lang(r);
	const char *error = error_key != NULL ? gx_i18n_get(gx_site.i18n, lang, error_key) : NULL;
	json_t *data = json_pack("{s:b, s:s?, s:s, s:b, s:b, s:s?, s:s}", "has_error", error != NULL, "error", error,
				 "error_target", on_file ? "verify-file" : "verify-code", "code_error",
				 error != NULL && !on_file, "file_error", error != NULL && on_file, "csrf",
				 r->actor.kind == GX_ACTOR_PERSON ? r->actor.session.csrf_token : NULL, "code_typed",
				 typed != NULL ? typed : "");
	return gx_page_reply_owned(r, status, "verify", "verify.title", data);
}

static const char *code_error(enum gx_cert_code_fault f)
{
	return f == GX_CERT_CODE_TYPO ? "verify.code_typo" : "verify.code_fault";
}

/* The verdict's page. */
static enum gx_outcome verdict(struct gx_req *r, const struct gx_cert_code *code, const unsigned char *pdf,
			       size_t len)
{
	struct gx_cert_lookup found;
	if (gx_cert_verify(gx_req_store(r), code, pdf, len, &found) != 0)
		return GX_SERVER_FAULT;
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = json_object_get(gx_i18n_catalog(gx_site.i18n, lang), "verify");
	const char *name = gx_cert_verdict_name(found.verdict);
	gx_oplog_event(found.verdict == GX_CERT_UNVERIFIABLE ? GX_LOG_ERROR : GX_LOG_INFO, "certificate_verified", r->id,
		       "verdict %s, %s", name, pdf != NULL ? "by file" : "by code");
	char key[32];
	snprintf(key, sizeof(key), "%s_title", name);
	const char *text = found.verdict == GX_CERT_GENUINE ? (pdf != NULL ? "genuine_file" : "genuine_code")
			   : found.verdict == GX_CERT_ALTERED ? "altered_text"
			   : found.verdict == GX_CERT_UNKNOWN ? "unknown_text"
							       : "unverifiable_text";
	bool facts = found.verdict == GX_CERT_GENUINE || found.verdict == GX_CERT_ALTERED;
	json_t *result = json_pack("{s:s, s:s?, s:s?, s:s, s:b}", "verdict", name, "title",
				   json_string_value(json_object_get(t, key)), "text",
				   json_string_value(json_object_get(t, text)), "panel_class",
				   found.verdict == GX_CERT_GENUINE ? "govuk-panel--confirmation" : "gx-panel--refused",
				   "has_facts", facts);
	if (facts) {
		char issued[32];
		gx_local_time_format(found.facts.issued_at_us, issued, sizeof(issued), true);
		json_object_set_new(result, "type",
				    json_string(gx_cert_type_title_of(found.facts.certificate_type, gx_lang_code(lang))));
		json_object_set_new(result, "organisation",
				    json_string(gx_proc_organisation_title(found.facts.organisation, lang)));
		json_object_set_new(result, "issued", json_string(issued));
		json_object_set_new(result, "code", json_string(found.facts.code.text));
	}
	if (found.verdict == GX_CERT_GENUINE) {
		json_object_set_new(result, "statement", json_string(found.statement));
		json_object_set_new(result, "signature", json_string(found.signature));
	}
	free(found.statement);
	int status = found.verdict == GX_CERT_UNVERIFIABLE ? 503 : 200;
	return gx_page_reply_owned(r, status, "verify", "verify.title", json_pack("{s:o}", "result", result));
}

enum gx_outcome gx_page_verify(struct gx_req *r)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char typed[GX_CERT_CODE_INPUT_MAX + 1];
	long n = gx_query_get(q, qlen, "code", typed, sizeof(typed));
	if (n == -1)
		return form(r, 200, NULL, false, NULL);
	struct gx_cert_code code;
	enum gx_cert_code_fault f = n < 0 ? GX_CERT_CODE_TOO_LONG : gx_cert_code_parse(typed, (size_t)n, &code);
	if (f != GX_CERT_CODE_OK)
		return form(r, 422, code_error(f), false, n > 0 ? typed : NULL);
	return verdict(r, &code, NULL, 0);
}

enum gx_outcome gx_page_verify_post(struct gx_req *r)
{
	const struct gx_multipart_part *file = gx_multipart_find(r->multipart, "file");
	const struct gx_multipart_part *typed = gx_multipart_find(r->multipart, "code");
	struct gx_cert_code code;
	if (file != NULL && file->filename != NULL && file->len > 0) {
		enum gx_cert_upload_fault f = gx_cert_code_from_pdf((const unsigned char *)file->data, file->len, &code);
		if (f == GX_CERT_UPLOAD_TOO_LARGE)
			return gx_reply_problem(r, GX_ERR_BODY_TOO_LARGE, "file", gx_cert_upload_fault_text(f));
		if (f != GX_CERT_UPLOAD_OK)
			return form(r, 422,
				    f == GX_CERT_UPLOAD_NOT_PDF     ? "verify.file_not_pdf"
				    : f == GX_CERT_UPLOAD_AMBIGUOUS ? "verify.file_ambiguous"
				    : f == GX_CERT_UPLOAD_EMPTY     ? "verify.file_empty"
								    : "verify.file_no_code",
				    true, NULL);
		return verdict(r, &code, (const unsigned char *)file->data, file->len);
	}
	if (typed == NULL || typed->filename != NULL || typed->len == 0)
		return form(r, 422, "verify.file_empty", false, NULL);
	char text[GX_CERT_CODE_INPUT_MAX + 1] = "";
	bool fits = typed->len <= GX_CERT_CODE_INPUT_MAX;
	if (fits)
		memcpy(text, typed->data, typed->len);
	enum gx_cert_code_fault f = fits ? gx_cert_code_parse(typed->data, typed->len, &code) : GX_CERT_CODE_TOO_LONG;
	if (f != GX_CERT_CODE_OK)
		return form(r, 422, code_error(f), false, text);
	return verdict(r, &code, NULL, 0);
}
