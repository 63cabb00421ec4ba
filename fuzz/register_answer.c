/* libFuzzer driver for a register's answer to a lookup. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sources/answer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const asked[] = {"given_name", "address.street", "vehicles", "children"};
	struct gx_answer a;
	char why[120];
	if (gx_answer_parse((const char *)data, size, asked, 4, &a, why, sizeof(why)) == 0) {
		if (a.nvalues > 4 || a.nerrors > 4)
			abort();
		for (size_t i = 0; i < a.nvalues; i++) {
			const struct gx_answer_value *v = &a.values[i];
			if (v->value == NULL || strlen(v->as_of) != 10)
				abort();
			/* Only what was asked, each at most once, in the order asked. */
			for (size_t j = i + 1; j < a.nvalues; j++)
				if (strcmp(v->attribute, a.values[j].attribute) == 0)
					abort();
		}
		gx_answer_free(&a);
	} else if (why[0] == '\0') {
		abort();
	}
	return 0;
}
