/* libFuzzer driver for the JSON text writer: whatever the bytes, the output
 * is one valid JSON string, and UTF-8 input comes back unchanged. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json/write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gx_buf b = GX_BUF_INIT;
	gx_json_write_string(&b, (const char *)data, size);
	if (b.failed)
		abort();
	json_error_t err;
	json_t *v = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (!json_is_string(v))
		abort();
	/* jansson accepts exactly UTF-8: when it takes the input as it is, so must we. */
	json_t *same = json_stringn((const char *)data, size);
	if (same != NULL && (json_string_length(v) != size || memcmp(json_string_value(v), data, size) != 0))
		abort();
	json_decref(same);
	json_decref(v);
	gx_buf_free(&b);
	return 0;
}
