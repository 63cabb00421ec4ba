#include "translog/cosignature.h"

#include <inttypes.h>

int gx_cosignature_message(uint64_t timestamp, const char *text, size_t text_len, struct gx_buf *out)
{
	if (timestamp > GX_COSIGNATURE_TIME_MAX)
		return -1;
	gx_buf_appendf(out, "cosignature/v1\ntime %" PRIu64 "\n", timestamp);
	gx_buf_append(out, text, text_len);
	return out->failed ? -1 : 0;
}
