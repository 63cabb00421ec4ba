#ifndef GX_PORTAL_ANSWER_PARTS_H
#define GX_PORTAL_ANSWER_PARTS_H

/** A person's answer to a request for information as a multipart body
 *  carries it (the page's form and the API alike): a "text" field and up to
 *  GX_ANSWER_FILES_MAX files (answer_parts.c). */

#include <stddef.h>

#include "core/cases.h"
#include "http/handler.h"

#define GX_ANSWER_FILES_MAX 6

/** Reads r's multipart body: *text (request pool; NULL when absent) and
 *  the files with content (an empty file input sends an empty part: it is
 *  skipped), at most GX_ANSWER_FILES_MAX. Returns 0, or -1 when the text
 *  holds a NUL byte. */
int gx_answer_parts(struct gx_req *r, const char **text, struct gx_answer_file files[GX_ANSWER_FILES_MAX],
		    size_t *nfiles);

#endif
