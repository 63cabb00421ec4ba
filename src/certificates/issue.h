#ifndef GX_CERTIFICATES_ISSUE_H
#define GX_CERTIFICATES_ISSUE_H

/** Issuing a certificate in one call: its PDF (render.h), the statement
 *  over the PDF's exact bytes and its signature (statement.h). The caller
 *  chooses the code (gx_cert_code_new) and the time, stores (code,
 *  statement, signature) and delivers the PDF unchanged: /verify compares
 *  the SHA-256 of the bytes it is given with the stored statement's. */

#include <stddef.h>

#include "certificates/render.h"
#include "certificates/statement.h"

/** An issued certificate. Owns pdf and statement; gx_cert_issued_free. */
struct gx_cert_issued {
	unsigned char *pdf;
	size_t pdf_len;
	char *statement;                              /* NUL-terminated */
	char signature[GX_CERT_SIGNATURE_SIZE];
};

/** Renders doc and signs it as issued by organisation (its id, e.g.
 *  "commune"). The receipt key must be loaded (gx_receipts_init). 0, or -1
 *  with a reason in err and nothing to free. */
int gx_cert_issue(const struct gx_cert_doc *doc, const char *organisation, struct gx_cert_issued *out, char *err,
		  size_t errlen);
void gx_cert_issued_free(struct gx_cert_issued *c);

#endif
