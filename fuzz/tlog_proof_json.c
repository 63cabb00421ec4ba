/** libFuzzer driver for the proof JSON of the log's endpoints
 *  ({"proof": [...]}, which the witness reads from the network): what the
 *  parser accepts is written back and parses to the same hashes. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "translog/proof_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size > 0 ? size : 1);
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	struct gx_tlog_proof p, back;
	if (gx_tlog_proof_json_parse(text, size, &p) == 0) {
		if (p.len >= GX_TLOG_PROOF_MAX)
			abort();
		struct gx_buf b = GX_BUF_INIT;
		if (gx_tlog_proof_json_write(&p, &b) != 0 || b.len > GX_TLOG_PROOF_JSON_MAX ||
		    gx_tlog_proof_json_parse(b.data, b.len, &back) != 0 || back.len != p.len ||
		    memcmp(back.h, p.h, p.len * sizeof(p.h[0])) != 0)
			abort();
		gx_buf_free(&b);
	} else if (p.len != 0) {
		abort();
	}
	free(text);
	return 0;
}
