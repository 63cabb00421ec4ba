/* The /verify decision: the stored statement must be canonical, name the
 * code looked up and carry the platform's signature before anything is
 * said; then an uploaded file is the one issued exactly when its SHA-256
 * is the statement's. */

#include "certificates/verify.h"

#include <string.h>

enum gx_cert_verdict gx_cert_decide(const struct gx_cert_code *code, const struct gx_cert_record *found,
				    const unsigned char *pdf, size_t pdf_len, struct gx_cert_facts *facts)
{
	if (found == NULL)
		return GX_CERT_UNKNOWN;
	if (found->statement == NULL || gx_cert_statement_parse(found->statement, found->statement_len, facts) != 0 ||
	    strcmp(facts->code.text, code->text) != 0 ||
	    !gx_cert_statement_signed(found->statement, found->statement_len, found->signature))
		return GX_CERT_UNVERIFIABLE;
	if (pdf == NULL)
		return GX_CERT_GENUINE;
	char hex[65];
	gx_cert_sha256_hex(pdf, pdf_len, hex);
	return strcmp(hex, facts->pdf_sha256) == 0 ? GX_CERT_GENUINE : GX_CERT_ALTERED;
}

const char *gx_cert_verdict_name(enum gx_cert_verdict v)
{
	switch (v) {
	case GX_CERT_GENUINE:
		return "genuine";
	case GX_CERT_UNKNOWN:
		return "unknown";
	case GX_CERT_ALTERED:
		return "altered";
	case GX_CERT_UNVERIFIABLE:
		return "unverifiable";
	}
	return "unknown";
}
