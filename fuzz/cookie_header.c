/** libFuzzer driver for the Cookie header parser. The input is a Cookie
 *  header, copied to a heap buffer of exactly its length so ASan catches any
 *  read past it; a few names are looked up in it. A found value must lie
 *  inside the header, hold no ';' and no surrounding spaces (unless quoted), and a value
 *  that is a valid cookie-octet string must format and parse back. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"lang", "__Host-sid", "a", "lang2", "x"};
	char *h = malloc(size > 0 ? size : 1);
	if (h == NULL)
		abort();
	if (size > 0)
		memcpy(h, data, size);

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		const char *v;
		size_t n;
		if (gx_cookie_get(h, size, names[k], &v, &n) != 0)
			continue;
		if (v < h || v + n > h + size || memchr(v, ';', n) != NULL)
			abort();
		/* surrounding spaces are trimmed, except inside double quotes */
		bool quoted = v > h && v[-1] == '"' && v + n < h + size && v[n] == '"';
		if (!quoted && n > 0 && (v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' || v[n - 1] == '\t'))
			abort();
		/* round trip through the builder */
		char value[128], line[256];
		if (n >= sizeof(value) || memchr(v, '\0', n) != NULL)
			continue;
		memcpy(value, v, n);
		value[n] = '\0';
		struct gx_cookie_attrs a = {60, "/", true, true, "Lax"};
		int len = gx_cookie_format(line, sizeof(line), names[k], value, &a);
		if (len < 0)
			continue;
		const char *v2;
		size_t n2;
		if ((size_t)len != strlen(line) || gx_cookie_get(line, (size_t)len, names[k], &v2, &n2) != 0 ||
		    n2 != n || memcmp(v2, value, n) != 0)
			abort();
	}
	free(h);
	return 0;
}
