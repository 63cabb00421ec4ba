/** libFuzzer driver for the operator dashboard's query string
 *  (operator/window.c): copied to a heap buffer of exactly its length so
 *  ASan catches any read past it. The answer is a window or a refusal; an
 *  accepted ?window= is exactly a window's name, and the query made of
 *  that name alone gives the same window. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/query.h"
#include "operator/window.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *q = malloc(size > 0 ? size : 1);
	if (q == NULL)
		abort();
	if (size > 0)
		memcpy(q, data, size);
	int w = gx_op_window_parse(q, size);
	if (w < -1 || w >= GX_OP_WINDOWS)
		abort();
	char name[8];
	long n = gx_query_get(q, size, "window", name, sizeof(name));
	if (w >= 0 && n >= 0 && strcmp(name, gx_op_windows[w].name) != 0)
		abort();
	if (w >= 0 && n == -1 && w != GX_OP_WINDOW_DEFAULT)
		abort();
	if (w >= 0) {
		char again[32];
		snprintf(again, sizeof(again), "window=%s", gx_op_windows[w].name);
		if (gx_op_window_parse(again, strlen(again)) != w)
			abort();
	}
	free(q);
	return 0;
}
