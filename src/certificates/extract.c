/* Finding a certificate's code in uploaded bytes without parsing the PDF:
 * the platform writes it, uncompressed, as the literal string
 * "(guichet-certificate-code:XXXX-XXXX-XXXX-XXXX)" of the document's
 * Keywords. Anything the bytes hold besides is ignored; a file that was
 * changed will fail the hash comparison anyway (verdict.c). */

#include "certificates/verify.h"

#include <stdbool.h>
#include <string.h>

#include "certificates/render.h"

enum gx_cert_upload_fault gx_cert_code_from_pdf(const unsigned char *bytes, size_t len, struct gx_cert_code *out)
{
	static const char marker[] = GX_CERT_PDF_MARKER;
	const size_t mlen = sizeof(marker) - 1;
	if (len == 0)
		return GX_CERT_UPLOAD_EMPTY;
	if (len > GX_CERT_UPLOAD_MAX)
		return GX_CERT_UPLOAD_TOO_LARGE;
	if (len < 5 || memcmp(bytes, "%PDF-", 5) != 0)
		return GX_CERT_UPLOAD_NOT_PDF;

	bool found = false;
	size_t at = 0;
	while (at < len) {
		const unsigned char *m = memmem(bytes + at, len - at, marker, mlen);
		if (m == NULL)
			break;
		size_t start = (size_t)(m - bytes), code_at = start + mlen;
		at = start + 1;
		/* "(" marker CODE ")" and nothing else */
		if (start == 0 || bytes[start - 1] != '(' || len - code_at < GX_CERT_CODE_LEN + 1 ||
		    bytes[code_at + GX_CERT_CODE_LEN] != ')')
			continue;
		struct gx_cert_code code;
		if (gx_cert_code_parse_strict((const char *)bytes + code_at, GX_CERT_CODE_LEN, &code) != GX_CERT_CODE_OK)
			continue;
		if (found && strcmp(code.text, out->text) != 0)
			return GX_CERT_UPLOAD_AMBIGUOUS;
		*out = code;
		found = true;
	}
	return found ? GX_CERT_UPLOAD_OK : GX_CERT_UPLOAD_NO_CODE;
}

const char *gx_cert_upload_fault_text(enum gx_cert_upload_fault f)
{
	switch (f) {
	case GX_CERT_UPLOAD_OK:
		return "the file names a certificate code";
	case GX_CERT_UPLOAD_EMPTY:
		return "no file given";
	case GX_CERT_UPLOAD_TOO_LARGE:
		return "the file is too large to be a certificate";
	case GX_CERT_UPLOAD_NOT_PDF:
		return "the file is not a PDF";
	case GX_CERT_UPLOAD_NO_CODE:
		return "the PDF holds no certificate code";
	case GX_CERT_UPLOAD_AMBIGUOUS:
		return "the PDF holds two different certificate codes";
	}
	return "unknown";
}
