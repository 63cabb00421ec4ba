/** libFuzzer driver for finding a certificate's code in an uploaded file
 *  (certificates/verify.h), and for the /verify decision on it. The input
 *  is the file, copied to a buffer of exactly its length so ASan catches
 *  any read past it. A code found must be canonical and stand in the bytes
 *  as "(" marker code ")"; bytes not starting "%PDF-" never give one. The
 *  decision with no record is "unknown"; with a record whose statement the
 *  input's bytes are not, never "genuine". */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "certificates/render.h"
#include "certificates/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A stored record that cannot verify: no key is loaded, and its signature is
 * not one. Its statement is canonical, for a PDF whose hash no input has. */
static const char statement[] =
	"{\"type\":\"guichet-certificate/1\",\"code\":\"0000-0000-0000-0000\",\"certificate_type\":\"residence\","
	"\"organisation\":\"commune\",\"issued_at\":\"2026-11-18T13:32:05Z\","
	"\"pdf_sha256\":\"0000000000000000000000000000000000000000000000000000000000000000\"}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *in = malloc(size > 0 ? size : 1);
	if (in == NULL)
		abort();
	if (size > 0)
		memcpy(in, data, size);

	struct gx_cert_code code;
	enum gx_cert_upload_fault f = gx_cert_code_from_pdf(in, size, &code);
	if (f > GX_CERT_UPLOAD_AMBIGUOUS || strcmp(gx_cert_upload_fault_text(f), "unknown") == 0)
		abort();
	if ((size == 0) != (f == GX_CERT_UPLOAD_EMPTY))
		abort();
	if (size > 0 && (size < 5 || memcmp(in, "%PDF-", 5) != 0) && f != GX_CERT_UPLOAD_NOT_PDF)
		abort();
	if (f == GX_CERT_UPLOAD_OK) {
		struct gx_cert_code back;
		if (gx_cert_code_parse_strict(code.text, strlen(code.text), &back) != GX_CERT_CODE_OK)
			abort();
		char want[64];
		size_t n = (size_t)snprintf(want, sizeof(want), "(%s%s)", GX_CERT_PDF_MARKER, code.text);
		if (memmem(in, size, want, n) == NULL)
			abort();

		struct gx_cert_facts facts;
		if (gx_cert_decide(&code, NULL, in, size, &facts) != GX_CERT_UNKNOWN)
			abort();
		struct gx_cert_record rec = {statement, sizeof(statement) - 1, "not-a-signature"};
		if (gx_cert_decide(&code, &rec, in, size, &facts) == GX_CERT_GENUINE)
			abort();
	}
	free(in);
	return 0;
}
