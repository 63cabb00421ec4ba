/** libFuzzer driver for a register's answer to GET /v1/access-log
 *  (sources/access_log_answer.c), which guichetd reads from the network to
 *  show a person the register's half of the double entry. The input is the
 *  answer, in a heap buffer of exactly its length. What is accepted must
 *  hold what the parser promises: the register asked for, at most the
 *  maximum of reads, each with its required strings and an array of
 *  attribute names; a refusal must say why. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sources/access_log_answer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body = malloc(size > 0 ? size : 1);
	if (body == NULL)
		abort();
	if (size > 0)
		memcpy(body, data, size);
	struct gx_register_reads r;
	char why[160] = "";
	if (gx_register_reads_parse(body, size, "persons", &r, why, sizeof(why)) != 0) {
		if (why[0] == '\0' || r.root != NULL || r.v != NULL || r.n != 0)
			abort();
		free(body);
		return 0;
	}
	if (r.n > GX_ACCESS_LOG_ANSWER_MAX_READS || r.root == NULL)
		abort();
	for (size_t i = 0; i < r.n; i++) {
		const struct gx_register_read *x = &r.v[i];
		if (x->client == NULL || x->organisation == NULL || x->request_id == NULL || x->at_us < 0 ||
		    !json_is_array(x->attributes))
			abort();
		for (size_t j = 0; j < json_array_size(x->attributes); j++)
			if (json_string_value(json_array_get(x->attributes, j)) == NULL)
				abort();
		if (strlen(x->client) == 0 || strlen(x->request_id) == 0)
			abort();
	}
	gx_register_reads_free(&r);
	free(body);
	return 0;
}
