/* Render, state, sign: one certificate. */

#include "certificates/issue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gx_cert_issue(const struct gx_cert_doc *doc, const char *organisation, struct gx_cert_issued *out, char *err,
		  size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (!gx_cert_id_valid(organisation)) {
		snprintf(err, errlen, "not an organisation id");
		return -1;
	}
	if (gx_cert_render(doc, &out->pdf, &out->pdf_len, err, errlen) != 0)
		return -1;
	out->statement = gx_cert_statement_build(&doc->code, gx_cert_type_id(doc->type), organisation,
						 doc->issued_at_us, out->pdf, out->pdf_len);
	if (out->statement == NULL) {
		snprintf(err, errlen, "cannot build the statement (the code or the time is not valid)");
		goto fail;
	}
	if (gx_cert_statement_sign(out->statement, strlen(out->statement), out->signature) != 0) {
		snprintf(err, errlen, "cannot sign: the platform's key is not loaded");
		goto fail;
	}
	return 0;
fail:
	gx_cert_issued_free(out);
	return -1;
}

void gx_cert_issued_free(struct gx_cert_issued *c)
{
	free(c->pdf);
	free(c->statement);
	memset(c, 0, sizeof(*c));
}
