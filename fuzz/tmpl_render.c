/** libFuzzer driver for the template compiler and renderer. Input: a
 *  template, then a NUL byte, then a JSON document (no NUL: data is {}).
 *  The template is also registered as partials "p" and "q" so recursion
 *  and the depth limit get exercised. */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tmpl/mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	const uint8_t *nul = memchr(data, 0, size);
	size_t tlen = nul != NULL ? (size_t)(nul - data) : size;
	json_t *doc = NULL;
	if (nul != NULL)
		doc = json_loadb((const char *)nul + 1, size - tlen - 1, JSON_DECODE_ANY, NULL);
	if (doc == NULL)
		doc = json_object();
	struct gx_tmpl_error err;
	struct gx_buf out = GX_BUF_INIT;
	struct gx_tmpl_set *set = gx_tmpl_set_new();
	if (set != NULL && gx_tmpl_set_add(set, "main", src, tlen, &err) == 0) {
		gx_tmpl_set_add(set, "p", src, tlen, &err);
		gx_tmpl_set_add(set, "q", "<b>{{.}}</b>\n{{#x}}{{>p}}{{/x}}", 32, &err);
		gx_tmpl_set_check(set, &err);
		if (gx_tmpl_render(set, "main", doc, &out, &err) != 0 && err.message[0] == '\0')
			__builtin_trap(); /* an error must say why */
	}
	gx_buf_free(&out);
	gx_tmpl_set_free(set);
	json_decref(doc);
	return 0;
}
