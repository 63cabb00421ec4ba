/* libFuzzer driver for the multipart/form-data parser: the first line of
 * the input is the Content-Type value, the rest the body. Every part must
 * lie inside the body, with a name, and the parser must never read outside. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/multipart.h"

static void inside(const char *body, size_t len, const char *p, size_t n)
{
	if (p == NULL) {
		if (n != 0)
			abort();
		return;
	}
	if (p < body || p + n > body + len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	const char *nl = memchr(in, '\n', size);
	size_t ctlen = nl != NULL ? (size_t)(nl - in) : size;
	/* Copies of exactly the right size, so that ASan sees any read past either. */
	char *ct = malloc(ctlen > 0 ? ctlen : 1);
	size_t blen = nl != NULL ? size - ctlen - 1 : 0;
	char *body = malloc(blen > 0 ? blen : 1);
	if (ct == NULL || body == NULL)
		abort();
	memcpy(ct, in, ctlen);
	if (blen > 0)
		memcpy(body, nl + 1, blen);

	const char *boundary, *why = NULL;
	size_t bn;
	int rc = gx_multipart_boundary(ct, ctlen, &boundary, &bn, &why);
	if (rc != 0) {
		if (why == NULL || (rc != -1 && rc != -2))
			abort();
	} else {
		if (bn == 0 || bn > GX_MULTIPART_BOUNDARY_MAX || boundary < ct || boundary + bn > ct + ctlen)
			abort();
		struct gx_multipart m;
		why = NULL;
		if (gx_multipart_parse(body, blen, boundary, bn, &m, &why) != 0) {
			if (why == NULL)
				abort();
		} else {
			if (m.nparts == 0 || m.nparts > GX_MULTIPART_MAX_PARTS)
				abort();
			for (size_t i = 0; i < m.nparts; i++) {
				const struct gx_multipart_part *p = &m.parts[i];
				if (p->name_len == 0)
					abort();
				inside(body, blen, p->name, p->name_len);
				inside(body, blen, p->filename, p->filename_len);
				inside(body, blen, p->type, p->type_len);
				inside(body, blen, p->data, p->len);
				/* A part's content never holds its own closing delimiter. */
				if (p->len >= 4 + bn && memmem(p->data, p->len, boundary, bn) != NULL) {
					const char *q = p->data;
					while ((q = memmem(q, (size_t)(p->data + p->len - q), boundary, bn)) != NULL) {
						if (q - p->data >= 4 && memcmp(q - 4, "\r\n--", 4) == 0)
							abort();
						q++;
					}
				}
				char name[80];
				size_t n = p->name_len < sizeof(name) - 1 ? p->name_len : sizeof(name) - 1;
				memcpy(name, p->name, n);
				name[n] = '\0';
				const struct gx_multipart_part *found = gx_multipart_find(&m, name);
				if (memchr(name, '\0', n) == NULL && n == p->name_len && (found == NULL || found > p))
					abort();
			}
		}
	}
	free(ct);
	free(body);
	return 0;
}
