/** Reads a definition file, bounded by GX_PROCEDURE_FILE_MAX, and checks
 *  that its name is the definition's id followed by ".json". */

#include "procedures/definition.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gx_procedure *gx_procedure_load(const char *path, const struct gx_procedure_context *ctx, char *err,
				       size_t errlen)
{
	struct gx_procedure *p = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, errlen, ": cannot open: %s", strerror(errno));
		return NULL;
	}
	text = malloc(GX_PROCEDURE_FILE_MAX + 1);
	if (text == NULL) {
		snprintf(err, errlen, ": out of memory");
		goto done;
	}
	len = fread(text, 1, GX_PROCEDURE_FILE_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, errlen, ": cannot read: %s", strerror(errno));
		goto done;
	}
	if (len > GX_PROCEDURE_FILE_MAX) {
		snprintf(err, errlen, ": larger than %d bytes", GX_PROCEDURE_FILE_MAX);
		goto done;
	}
	p = gx_procedure_parse(text, len, ctx, err, errlen);
	if (p == NULL)
		goto done;
	const char *base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	const char *id = gx_procedure_id(p);
	size_t n = strlen(id);
	if (strncmp(base, id, n) != 0 || strcmp(base + n, ".json") != 0) {
		snprintf(err, errlen, "/id: the file must be named %s.json", id);
		gx_procedure_free(p);
		p = NULL;
	}
done:
	free(text);
	fclose(f);
	return p;
}
