/* libFuzzer driver for an organisation's document upload
 * (POST /api/org/v1/letterbox/documents): the first line of the input is the
 * Content-Type, the rest the multipart body; its parts go through
 * core/lb_upload.h as the handler hands them over. Whatever is accepted
 * names a recipient, a type, titles within their limits and a file inside
 * the body, with a request hash; whatever is refused says why; the same
 * input gives the same hash; the titles fold without reading past them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lb_fold.h"
#include "core/lb_upload.h"
#include "http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	const char *nl = memchr(in, '\n', size);
	if (nl == NULL)
		return 0;
	size_t ctlen = (size_t)(nl - in), blen = size - ctlen - 1;
	char *ct = malloc(ctlen > 0 ? ctlen : 1), *body = malloc(blen > 0 ? blen : 1);
	if (ct == NULL || body == NULL)
		abort();
	memcpy(ct, in, ctlen);
	if (blen > 0)
		memcpy(body, nl + 1, blen);
	const char *boundary, *why;
	size_t bn;
	struct gx_multipart m;
	if (gx_multipart_boundary(ct, ctlen, &boundary, &bn, &why) == 0 &&
	    gx_multipart_parse(body, blen, boundary, bn, &m, &why) == 0) {
		struct gx_lb_upload_part parts[GX_MULTIPART_MAX_PARTS];
		for (size_t i = 0; i < m.nparts; i++)
			parts[i] = (struct gx_lb_upload_part){m.parts[i].name, m.parts[i].name_len, m.parts[i].filename,
							      m.parts[i].filename_len, m.parts[i].data, m.parts[i].len};
		struct gx_lb_upload up, again;
		struct gx_lb_upload_error err;
		if (gx_lb_upload_parse(parts, m.nparts, 8, &up, &err) == 0) {
			if (up.national_id == NULL || strlen(up.national_id) != 13 || up.type == NULL || up.title == NULL ||
			    strlen(up.title) > 200 || up.notice_title == NULL || strlen(up.notice_title) > 160 ||
			    strlen(up.request_hash) != 64 || (up.file_len > 0 && (up.file < body || up.file + up.file_len > body + blen)))
				abort();
			char folded[512];
			size_t n = gx_lb_fold(up.title, strlen(up.title), folded, sizeof(folded));
			if (n > strlen(up.title) || strlen(folded) != n)
				abort();
			(void)gx_lb_text_ok(up.notice_title, strlen(up.notice_title), 1, 160);
			if (gx_lb_upload_parse(parts, m.nparts, 8, &again, &err) != 0 ||
			    strcmp(again.request_hash, up.request_hash) != 0)
				abort();
			gx_lb_upload_clear(&again);
			gx_lb_upload_clear(&up);
		} else if (err.detail[0] == '\0') {
			abort();
		}
	}
	free(ct);
	free(body);
	return 0;
}
