#ifndef GX_FORMS_FORM_H
#define GX_FORMS_FORM_H

/** Turning a procedure definition's step into template data, reading a
 *  step's form back into a draft's data (form_read.c), and the
 *  answers as summary rows (form.c). Field names in forms are the JSON Pointer of the
 *  value with '/' written '.' ("children.1.birth_date"); element ids are
 *  "f" + the pointer with '/' written '-' ("f-children-1-birth_date"), so an
 *  error's pointer names the element to link to. */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "i18n/i18n.h"
#include "procedures/field_kind.h"

/** A definition's text ({"fr","de","en"}, maybe "lb") in lang (lb reads de when it has none). */
const char *gx_form_text(const json_t *texts, enum gx_lang lang);

/** The element id for a JSON Pointer ("/a/0/b" -> "f-a-0-b") into out. */
void gx_form_element_id(const char *pointer, char *out, size_t outlen);
/** The form input's name for a pointer: "/children/0/name" → "children.0.name". */
void gx_form_input_name(const char *pointer, char *out, size_t outlen);
/** A field's kind as the pages treat it: text when it has none they know. */
enum gx_field_kind gx_form_kind(const json_t *field);

/** The index (0-based) of the step holding the step field named by the
 *  pointer's first segment, or -1. */
int gx_form_step_of(const json_t *definition, const char *pointer);

struct gx_form_ctx {
	enum gx_lang lang;
	const json_t *definition;
	const json_t *data;        /* the draft's values */
	const json_t *provenance;  /* field id -> {source, attribute, as_of, version}; may be NULL */
	const json_t *computed;    /* normalised values with computed fields; may be NULL */
	const json_t *errors;      /* [{field, message}] to show beside fields; may be NULL */
	const json_t *t;           /* the catalog of lang */
	const json_t *files;       /* the draft's or submission's attachments [{id, name, …}]; may be NULL */
	long long space_id;        /* for the files' download links */
	const char *draft_base;    /* "/spaces/S/drafts/D" for the remove buttons; NULL: none */
};

/** False when every field of step (0-based) is hidden by its show_if given
 *  the answers, read as the validator reads it (procedures/shown.h: chains
 *  of conditions followed): the pages skip the step and leave it out of the
 *  answers. A field whose condition names a field on the same step is on
 *  the step when that field is. */
bool gx_form_step_visible(const struct gx_form_ctx *c, size_t step);

/** The template data of step (0-based) fields: an array (new reference). */
json_t *gx_form_step_fields(const struct gx_form_ctx *c, size_t step);

/** Reads step (0-based)'s answers from an urlencoded body into data (changed
 *  in place). *add receives the name of the group whose "add another"
 *  button was pressed ("" when none). Returns 0, -1 on a malformed body. */
int gx_form_read_step(const json_t *definition, size_t step, const char *body, size_t len, json_t *data,
		      char *add, size_t addlen);

/** Summary rows of step's answers: [{label, value, id, href?, error?}] (new
 *  reference). change_base: the step page's URL, or NULL for no Change links. */
json_t *gx_form_summary_rows(const struct gx_form_ctx *c, size_t step, const char *change_base);

/** The answers of every step not hidden by its conditions, as template
 *  sections [{title, id, rows, has_rows}] (new reference); with Change
 *  links to base's steps when base is not NULL. */
json_t *gx_form_answer_sections(const struct gx_form_ctx *c, size_t nsteps, const char *base);

/** Every value of key name in an urlencoded body, decoded, in order, as a
 *  JSON array of strings (new reference); NULL when one is badly encoded. */
json_t *gx_form_values(const char *body, size_t len, const char *name);

#endif
