#ifndef GX_PORTAL_CORRECTION_PARTS_H
#define GX_PORTAL_CORRECTION_PARTS_H

/** What the API and the pages share of a correction request: its evidence
 *  files out of a multipart body, and the request as the API shows it. */

#include <jansson.h>

#include "core/corrections.h"

struct gx_req;

#define GX_CORRECTION_UPLOADS_MAX (GX_EVIDENCE_FILES_MAX + 1)  /* one more than any register takes: refused */

/** The body's parts named "evidence" that carry a file (a chosen one, not empty or empty: the
 *  check says which), at most GX_CORRECTION_UPLOADS_MAX. */
size_t gx_correction_uploads(struct gx_req *r, struct gx_correction_upload files[GX_CORRECTION_UPLOADS_MAX]);

/** The request (core's gx_correction_read) as the API answers it (new
 *  reference): {id, reference, register, attribute, status, overdue, due,
 *  current: {value, version}, proposed, explanation, decision, filed_at,
 *  evidence: [{seq, name, content_type, size, href}], timeline: [{at,
 *  kind, detail}], receipt: {text, signature, key}}. */
json_t *gx_correction_api_view(const json_t *row);

/** Marks each value of a register's view (forms/register_view.h: its
 *  "values") with what corrections say of it: "correctable" (the person may
 *  report an error in it), and "correction" {id, reference, status, open,
 *  since (YYYY-MM-DD), decision} of its latest request (marks: core's
 *  gx_corrections_marks). */
void gx_correction_mark_values(json_t *view, const char *register_name, const json_t *marks);

#endif
