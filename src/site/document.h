#ifndef GX_SITE_DOCUMENT_H
#define GX_SITE_DOCUMENT_H

/** A JSON document guichetd serves as it is (an API's OpenAPI document):
 *  read once at start, checked to be JSON, kept compact. */

#include <stddef.h>

struct gx_document {
	char *bytes;   /* malloc'ed; NULL when not loaded */
	size_t len;
};

/** Loads path into doc; -1 with err naming the file and line when it is not JSON. */
int gx_document_load(const char *path, struct gx_document *doc, char *err, size_t errlen);
void gx_document_free(struct gx_document *doc);

#endif
