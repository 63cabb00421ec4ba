#include "site/document.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gx_document_load(const char *path, struct gx_document *doc, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *parsed = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (parsed == NULL) {
		snprintf(err, errlen, "%s:%d: %s", path, jerr.line, jerr.text);
		return -1;
	}
	doc->bytes = json_dumps(parsed, JSON_COMPACT);
	json_decref(parsed);
	if (doc->bytes == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	doc->len = strlen(doc->bytes);
	return 0;
}

void gx_document_free(struct gx_document *doc)
{
	free(doc->bytes);
	*doc = (struct gx_document){0};
}
