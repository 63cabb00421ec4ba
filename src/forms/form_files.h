#ifndef GX_FORMS_FORM_FILES_H
#define GX_FORMS_FORM_FILES_H

/** File fields on the procedure pages (form_files.c): the files a
 *  field holds with their download and remove buttons, the upload input and
 *  its limits as template data; file names in answers; the texts of a
 *  refused upload, in the page's language. */

#include <jansson.h>

#include "core/attachments.h"
#include "forms/form.h"
#include "util/buf.h"

/** Fills the template object o of a file field whose value is value and
 *  element id eid: "files", "has_files", "can_upload", "upload_form",
 *  "accept", "limits" and the describedby ids of the limits. */
void gx_form_file_data(const struct gx_form_ctx *c, const json_t *field, const json_t *value, const char *eid,
		       json_t *o, struct gx_buf *described);

/** The names of the files of a file field's value, joined with ", ". */
void gx_form_file_names(const struct gx_form_ctx *c, const json_t *value, struct gx_buf *out);

/** The upload forms a step's template data needs (one per file input, found
 *  in fields, nested ones too): [{id}] (new reference). */
json_t *gx_form_upload_forms(const json_t *fields);

/** True when fields (a step's template data) hold a group's "Add another" button. */
bool gx_form_has_add_button(const json_t *fields);

/** The message for a refused upload of field (a person's fault: no file,
 *  empty, too large, wrong type, too many) in the catalog t's language, into
 *  out. no_name: no file was chosen (the browser sent an empty name). */
void gx_form_upload_message(const json_t *t, const json_t *field, enum gx_upload_fault fault, bool no_name,
			    struct gx_buf *out);

#endif
