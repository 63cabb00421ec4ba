#include "operator/window.h"

#include <string.h>

#include "http/query.h"

const struct gx_op_window gx_op_windows[GX_OP_WINDOWS] = {
	{"1h", "op.window_1h", 60, 60, "%H:%M"},
	{"48h", "op.window_48h", 3600, 48, "%d/%m %H:00"},
	{"30d", "op.window_30d", 86400, 30, "%d/%m"},
};

int gx_op_window_parse(const char *query, size_t len)
{
	char name[8];
	long n = gx_query_get(query, len, "window", name, sizeof(name));
	if (n == -1)
		return GX_OP_WINDOW_DEFAULT;
	for (int i = 0; n >= 0 && i < GX_OP_WINDOWS; i++)
		if (strcmp(gx_op_windows[i].name, name) == 0)
			return i;
	return -1;
}
