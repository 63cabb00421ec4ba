/* libFuzzer driver for the platform's register configuration. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sources/registers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gx_registers r;
	char err[300];
	if (gx_registers_parse((const char *)data, size, "fuzz", &r, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < r.count; i++) {
			if (gx_registers_find(&r, r.items[i].name) != &r.items[i] || r.items[i].nmy_data == 0)
				abort();
		}
		gx_registers_free(&r);
	} else if (err[0] == '\0') {
		abort();
	}
	return 0;
}
