/** libFuzzer driver for the /verify page's code field (certificates/code.h).
 *  The input is what a person typed, copied to a buffer of exactly its
 *  length so ASan catches any read past it. A code read leniently must be
 *  canonical, read back strictly and leniently to itself; a text the strict
 *  reader takes must be read the same by the lenient one; every fault is a
 *  known one with a sentence. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "certificates/code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_code(const struct gx_cert_code *a, const struct gx_cert_code *b)
{
	if (strcmp(a->text, b->text) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size > 0 ? size : 1);
	if (in == NULL)
		abort();
	if (size > 0)
		memcpy(in, data, size);

	struct gx_cert_code code, back, strict;
	enum gx_cert_code_fault f = gx_cert_code_parse(in, size, &code);
	if (f > GX_CERT_CODE_TYPO || gx_cert_code_fault_text(f) == NULL ||
	    strcmp(gx_cert_code_fault_text(f), "unknown") == 0)
		abort();
	if (size > GX_CERT_CODE_INPUT_MAX && f != GX_CERT_CODE_TOO_LONG)
		abort();
	if (f == GX_CERT_CODE_OK) {
		if (strlen(code.text) != GX_CERT_CODE_LEN)
			abort();
		if (gx_cert_code_parse_strict(code.text, GX_CERT_CODE_LEN, &back) != GX_CERT_CODE_OK)
			abort();
		same_code(&code, &back);
		if (gx_cert_code_parse(code.text, GX_CERT_CODE_LEN, &back) != GX_CERT_CODE_OK)
			abort();
		same_code(&code, &back);
	}
	if (gx_cert_code_parse_strict(in, size, &strict) == GX_CERT_CODE_OK) {
		if (f != GX_CERT_CODE_OK || size != GX_CERT_CODE_LEN || memcmp(in, strict.text, size) != 0)
			abort();
		same_code(&code, &strict);
	}
	free(in);
	return 0;
}
