/** libFuzzer driver for reading a stored certificate statement
 *  (certificates/statement.h). The input is the statement's text, copied to
 *  a buffer of exactly its length. The reader takes only the canonical
 *  bytes of well-formed facts: a statement read must have such facts, and
 *  its code and hash must stand in its bytes. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "certificates/statement.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size > 0 ? size : 1);
	if (in == NULL)
		abort();
	if (size > 0)
		memcpy(in, data, size);
	struct gx_cert_facts f;
	if (gx_cert_statement_parse(in, size, &f) == 0) {
		struct gx_cert_code back;
		if (size > GX_CERT_STATEMENT_MAX || strlen(f.pdf_sha256) != 64 || strlen(f.issued_at) != 20 ||
		    !gx_cert_id_valid(f.certificate_type) || !gx_cert_id_valid(f.organisation) ||
		    gx_cert_code_parse_strict(f.code.text, strlen(f.code.text), &back) != GX_CERT_CODE_OK)
			abort();
		if (memmem(in, size, f.pdf_sha256, 64) == NULL || memmem(in, size, f.code.text, GX_CERT_CODE_LEN) == NULL)
			abort();
		if (f.issued_at_us % 1000000 != 0)
			abort();
	}
	free(in);
	return 0;
}
