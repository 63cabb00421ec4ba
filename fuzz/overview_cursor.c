/* libFuzzer driver: the overview's page positions ("<updated_at_us>.<id>.<d|s>",
 * core/overview.h). Whatever is accepted formats back to the same text when
 * it was written the way the platform writes it, and anything else is
 * refused without reading past the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/overview.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64)
		return 0;
	char text[65];
	memcpy(text, data, size);
	text[size] = '\0';
	struct gx_overview_query q = {.after_at_us = -1, .after_id = -1};
	int rc = gx_overview_cursor_parse(text, &q);
	if (rc != 0 && rc != -1)
		abort();
	if (rc != 0) {
		if (q.after_id != 0 || q.after_at_us != 0)
			abort(); /* a refused position leaves the first page */
		return 0;
	}
	if (text[0] == '\0') {
		if (q.after_id != 0)
			abort();
		return 0;
	}
	if (q.after_id <= 0 || q.after_at_us < 0)
		abort();
	struct gx_space_item it = {.draft = q.after_draft, .id = q.after_id, .updated_at_us = q.after_at_us};
	char back[GX_OVERVIEW_CURSOR_MAX];
	gx_overview_cursor_format(&it, back);
	if (strlen(text) == size && strcmp(back, text) != 0)
		abort();
	return 0;
}
