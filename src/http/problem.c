#include "http/problem.h"

#include <stdio.h>

static const struct gx_err_info table[GX_ERR__COUNT] = {
	[GX_ERR_BAD_REQUEST] = {400, "bad_request", "The request is not valid"},
	[GX_ERR_MALFORMED_JSON] = {400, "malformed_json", "The body is not valid JSON"},
	[GX_ERR_INVALID_FIELD] = {400, "invalid_field", "A field has an invalid value"},
	[GX_ERR_UNKNOWN_FIELD] = {400, "unknown_field", "The body has a field this endpoint does not accept"},
	[GX_ERR_MISSING_FIELD] = {400, "missing_field", "A required field is missing"},
	[GX_ERR_JSON_TOO_DEEP] = {400, "json_too_deep", "The body is nested too deeply"},
	[GX_ERR_BAD_PARAMETER] = {400, "bad_parameter", "A path or query parameter is not valid"},
	[GX_ERR_LOGIN_REQUIRED] = {401, "login_required", "Log in first"},
	[GX_ERR_FORBIDDEN] = {403, "forbidden", "You may not do this"},
	[GX_ERR_CSRF] = {403, "csrf_failed", "The request did not come from a Guichet page"},
	[GX_ERR_NOT_FOUND] = {404, "not_found", "There is nothing at this address"},
	[GX_ERR_METHOD_NOT_ALLOWED] = {405, "method_not_allowed", "This address does not accept this method"},
	[GX_ERR_CONFLICT] = {409, "conflict", "This was already done"},
	[GX_ERR_BODY_TOO_LARGE] = {413, "body_too_large", "The request body is too large"},
	[GX_ERR_URL_TOO_LONG] = {414, "url_too_long", "The address is too long"},
	[GX_ERR_UNSUPPORTED_MEDIA_TYPE] = {415, "unsupported_media_type", "The body's content type is not accepted here"},
	[GX_ERR_HEADERS_TOO_LARGE] = {431, "headers_too_large", "The request has too many or too large headers"},
	[GX_ERR_VALIDATION] = {422, "validation_failed", "Some answers need correcting"},
	[GX_ERR_EXPECTATION_FAILED] = {417, "expectation_failed", "The Expect header is not supported"},
	[GX_ERR_INTERNAL] = {500, "internal_error", "Something went wrong on our side"},
	[GX_ERR_UNAVAILABLE] = {503, "unavailable", "The service is temporarily unavailable"},
	[GX_ERR_INVALID_CLIENT] = {401, "invalid_client", "The client assertion was not accepted"},
	[GX_ERR_INVALID_TOKEN] = {401, "invalid_token", "The access token is missing, unknown or expired"},
	[GX_ERR_INSUFFICIENT_SCOPE] = {403, "insufficient_scope", "The access token does not allow this"},
	[GX_ERR_CONSENT_MISSING] = {403, "consent_missing", "The person has not consented to this, or no longer does"},
	[GX_ERR_PRECONDITION_FAILED] = {412, "precondition_failed", "It changed meanwhile: read it again"},
	[GX_ERR_PRECONDITION_REQUIRED] = {428, "precondition_required", "Send If-Match with the ETag you read"},
	[GX_ERR_IDEMPOTENCY_KEY_REUSED] = {422, "idempotency_key_reused",
					   "This Idempotency-Key was used for another request"},
	[GX_ERR_TOO_MANY_REQUESTS] = {429, "too_many_requests", "Too many requests: wait as Retry-After says, then try again"},
	[GX_ERR_NOT_OPTED_IN] = {409, "not_opted_in",
				 "The person did not choose to receive this type of document electronically: send it on paper"},
};

const struct gx_err_info *gx_err_info(enum gx_err e)
{
	if ((unsigned)e >= GX_ERR__COUNT)
		e = GX_ERR_INTERNAL;
	return &table[e];
}

json_t *gx_problem_new(enum gx_err e, const char *detail, const char *field, const char *request_id)
{
	const struct gx_err_info *info = gx_err_info(e);
	char type[96];
	snprintf(type, sizeof(type), "urn:guichet:problem:%s", info->code);
	json_t *p = json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title", info->title, "status",
			      info->status, "code", info->code);
	if (p == NULL)
		return NULL;
	if (detail != NULL)
		json_object_set_new(p, "detail", json_string(detail));
	if (field != NULL)
		json_object_set_new(p, "field", json_string(field));
	if (request_id != NULL)
		json_object_set_new(p, "request_id", json_string(request_id));
	return p;
}

const char *gx_http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 417: return "Expectation Failed";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	default: return "";
	}
}
