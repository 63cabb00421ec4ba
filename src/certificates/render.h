#ifndef GX_CERTIFICATES_RENDER_H
#define GX_CERTIFICATES_RENDER_H

/** The PDF of a certificate (libharu): A4, the platform's name and the
 *  issuing organisation in the head, the type's title, what is certified,
 *  the facts, when it was issued (Luxembourg time), and the verification
 *  code printed large with the address of the page that checks it. The
 *  code is also in the document's metadata (Keywords), written as
 *  GX_CERT_PDF_MARKER followed by the code, so an uploaded file alone
 *  names its code. The same inputs always give the same bytes (the
 *  creation date is the issue time; libharu writes no random file id). */

#include <jansson.h>
#include <stddef.h>

#include "certificates/code.h"
#include "certificates/types.h"

/** What precedes the code in the PDF's Keywords: "(guichet-certificate-code:CODE)". */
#define GX_CERT_PDF_MARKER "guichet-certificate-code:"

struct gx_cert_doc {
	enum gx_cert_type type;
	enum gx_cert_lang lang;
	const char *platform;            /* the platform's name, e.g. "Guichet" */
	const char *organisation_title;  /* the issuing organisation's title in lang */
	const char *site_url;            /* the platform's public address, e.g. "https://guichet.lu" */
	struct gx_cert_code code;
	long long issued_at_us;          /* microseconds since 1970 (UTC) */
	const json_t *data;              /* from gx_cert_data_parse for this type */
	const char *font_dir;            /* NULL: Debian's fonts-dejavu-core */
};

/** Writes the certificate. 0 and the PDF in *pdf (malloc'ed, *len bytes),
 *  or -1 with a reason in err (never a personal value). */
int gx_cert_render(const struct gx_cert_doc *doc, unsigned char **pdf, size_t *len, char *err, size_t errlen);

#endif
