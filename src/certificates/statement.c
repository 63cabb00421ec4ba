/* The certificate statement: built with jansson in a fixed key order
 * (JSON_PRESERVE_ORDER | JSON_COMPACT, as receipts are), read back only in
 * that exact form, and signed with the receipt key. */

#include "certificates/statement.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "receipts/receipt.h"
#include "util/calendar.h"

bool gx_cert_id_valid(const char *id)
{
	size_t n = id != NULL ? strlen(id) : 0;
	if (n == 0 || n > GX_CERT_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

void gx_cert_sha256_hex(const unsigned char *bytes, size_t len, char hex[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, bytes, len);
	sodium_bin2hex(hex, 65, digest, sizeof(digest));
}

static long long floor_div(long long a, long long b)
{
	long long q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* An instant as "YYYY-MM-DDTHH:MM:SSZ"; -1 outside years 0000-9999. */
static int utc_text(long long at_us, char out[21])
{
	long long secs = floor_div(at_us, 1000000), days = floor_div(secs, 86400);
	if (days < -719528 || days > 2932896) /* 0000-01-01 .. 9999-12-31 */
		return -1;
	unsigned s = (unsigned)(secs - days * 86400);
	int y, m, d;
	gx_cal_civil_from_days((int)days, &y, &m, &d);
	snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000, (unsigned)m % 13, (unsigned)d % 32,
		 s / 3600 % 24, s % 3600 / 60, s % 60);
	return 0;
}

/* The instant of "YYYY-MM-DDTHH:MM:SSZ" in microseconds, or -1 when the text
 * is not exactly such an instant. */
static int utc_parse(const char *t, long long *at_us)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	if (strlen(t) != sizeof(shape) - 1)
		return -1;
	for (size_t i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? !(t[i] >= '0' && t[i] <= '9') : t[i] != shape[i])
			return -1;
	int y = atoi(t), mo = atoi(t + 5), d = atoi(t + 8), h = atoi(t + 11), mi = atoi(t + 14), s = atoi(t + 17);
	if (!gx_cal_date_valid(y, mo, d) || h > 23 || mi > 59 || s > 59)
		return -1;
	*at_us = ((long long)gx_cal_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000000;
	return 0;
}

/* The canonical text of the facts (malloc'ed), or NULL. */
static char *statement_text(const char *code, const char *certificate_type, const char *organisation,
			    const char *issued_at, const char *pdf_sha256)
{
	json_t *s = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", GX_CERT_STATEMENT_TYPE, "code", code,
			      "certificate_type", certificate_type, "organisation", organisation, "issued_at",
			      issued_at, "pdf_sha256", pdf_sha256);
	char *text = s != NULL ? json_dumps(s, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(s);
	return text;
}

char *gx_cert_statement_build(const struct gx_cert_code *code, const char *certificate_type,
			      const char *organisation, long long issued_at_us, const unsigned char *pdf, size_t pdf_len)
{
	struct gx_cert_code check;
	char when[21], hex[65];
	if (gx_cert_code_parse_strict(code->text, strlen(code->text), &check) != GX_CERT_CODE_OK ||
	    !gx_cert_id_valid(certificate_type) || !gx_cert_id_valid(organisation) || utc_text(issued_at_us, when) != 0)
		return NULL;
	gx_cert_sha256_hex(pdf, pdf_len, hex);
	return statement_text(code->text, certificate_type, organisation, when, hex);
}

static bool lower_hex64(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (size_t i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* A string member of o, or NULL. */
static const char *member(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int gx_cert_statement_parse(const char *text, size_t len, struct gx_cert_facts *out)
{
	int rc = -1;
	char *again = NULL;
	if (len == 0 || len > GX_CERT_STATEMENT_MAX)
		return -1;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(o) || json_object_size(o) != 6)
		goto done;
	const char *type = member(o, "type"), *code = member(o, "code"), *ctype = member(o, "certificate_type"),
		   *org = member(o, "organisation"), *at = member(o, "issued_at"), *hex = member(o, "pdf_sha256");
	if (type == NULL || code == NULL || ctype == NULL || org == NULL || at == NULL || hex == NULL ||
	    strcmp(type, GX_CERT_STATEMENT_TYPE) != 0 ||
	    gx_cert_code_parse_strict(code, strlen(code), &out->code) != GX_CERT_CODE_OK ||
	    !gx_cert_id_valid(ctype) || !gx_cert_id_valid(org) || utc_parse(at, &out->issued_at_us) != 0 ||
	    !lower_hex64(hex))
		goto done;
	/* only the one canonical spelling of these facts is a statement */
	again = statement_text(code, ctype, org, at, hex);
	if (again == NULL || strlen(again) != len || memcmp(again, text, len) != 0)
		goto done;
	snprintf(out->certificate_type, sizeof(out->certificate_type), "%s", ctype);
	snprintf(out->organisation, sizeof(out->organisation), "%s", org);
	snprintf(out->issued_at, sizeof(out->issued_at), "%s", at);
	snprintf(out->pdf_sha256, sizeof(out->pdf_sha256), "%s", hex);
	rc = 0;
done:
	free(again);
	json_decref(o);
	return rc;
}

int gx_cert_statement_sign(const char *text, size_t len, char signature[GX_CERT_SIGNATURE_SIZE])
{
	return gx_receipt_sign(text, len, signature, GX_CERT_SIGNATURE_SIZE);
}

bool gx_cert_statement_signed(const char *text, size_t len, const char *signature)
{
	return signature != NULL && strlen(signature) == GX_CERT_SIGNATURE_SIZE - 1 &&
	       gx_receipt_verify(text, len, signature) == 1;
}
