/** libFuzzer driver for language negotiation. Input: a Cookie header, a NUL
 *  byte, then an Accept-Language header (no NUL: the whole input is the
 *  Accept-Language header and there is no cookie). Both are copied to heap
 *  buffers of exactly their length so ASan catches any read past it. The
 *  result must be a supported language, and the same when asked twice. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dup_exact(const uint8_t *p, size_t n)
{
	char *c = malloc(n > 0 ? n : 1);
	if (c == NULL)
		abort();
	if (n > 0)
		memcpy(c, p, n);
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t clen = nul != NULL ? (size_t)(nul - data) : 0;
	const uint8_t *al = nul != NULL ? nul + 1 : data;
	size_t alen = nul != NULL ? size - clen - 1 : size;
	char *c = dup_exact(data, clen);
	char *a = dup_exact(al, alen);
	enum gx_lang fallback = (enum gx_lang)(size % GX_LANG__COUNT);

	enum gx_lang l = gx_lang_negotiate(nul != NULL ? c : NULL, clen, a, alen, fallback);
	if ((unsigned)l >= GX_LANG__COUNT)
		abort();
	if (gx_lang_negotiate(nul != NULL ? c : NULL, clen, a, alen, fallback) != l)
		abort();
	/* without the headers the answer is the fallback */
	if (gx_lang_negotiate(NULL, 0, NULL, 0, fallback) != fallback)
		abort();
	/* a code that parses round-trips */
	enum gx_lang p, q;
	if (gx_lang_from_code(a, alen, &p) == 0 &&
	    (gx_lang_from_code(gx_lang_code(p), 2, &q) != 0 || q != p))
		abort();
	free(c);
	free(a);
	return 0;
}
