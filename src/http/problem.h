#ifndef GX_HTTP_PROBLEM_H
#define GX_HTTP_PROBLEM_H

/** The one table of error codes: each has its HTTP status, a stable machine
 *  name (the "code" member of the problem body, never renamed) and a title.
 *  Every error body is RFC 9457 problem JSON (docs/errors.md). */

#include <jansson.h>

enum gx_err {
	GX_ERR_BAD_REQUEST,
	GX_ERR_MALFORMED_JSON,
	GX_ERR_INVALID_FIELD,
	GX_ERR_UNKNOWN_FIELD,
	GX_ERR_MISSING_FIELD,
	GX_ERR_JSON_TOO_DEEP,
	GX_ERR_BAD_PARAMETER,
	GX_ERR_LOGIN_REQUIRED,
	GX_ERR_FORBIDDEN,
	GX_ERR_CSRF,
	GX_ERR_NOT_FOUND,
	GX_ERR_METHOD_NOT_ALLOWED,
	GX_ERR_CONFLICT,
	GX_ERR_BODY_TOO_LARGE,
	GX_ERR_URL_TOO_LONG,
	GX_ERR_UNSUPPORTED_MEDIA_TYPE,
	GX_ERR_HEADERS_TOO_LARGE,
	GX_ERR_VALIDATION,
	GX_ERR_EXPECTATION_FAILED,
	GX_ERR_INTERNAL,
	GX_ERR_UNAVAILABLE,
	GX_ERR_INVALID_CLIENT,
	GX_ERR_INVALID_TOKEN,
	GX_ERR_INSUFFICIENT_SCOPE,
	GX_ERR_CONSENT_MISSING,
	GX_ERR_PRECONDITION_FAILED,
	GX_ERR_PRECONDITION_REQUIRED,
	GX_ERR_IDEMPOTENCY_KEY_REUSED,
	GX_ERR_TOO_MANY_REQUESTS,
	GX_ERR_NOT_OPTED_IN,
	GX_ERR__COUNT
};

struct gx_err_info {
	int status;
	const char *code;   /* stable, snake_case */
	const char *title;  /* short, English */
};

const struct gx_err_info *gx_err_info(enum gx_err e);

/** The standard reason phrase for an HTTP status ("" when unknown). */
const char *gx_http_reason(int status);

/** Builds the problem object. field is a JSON Pointer (or NULL); detail may be
 *  NULL. Returns a new reference. */
json_t *gx_problem_new(enum gx_err e, const char *detail, const char *field, const char *request_id);

#endif
