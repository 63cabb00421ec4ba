#ifndef GX_PROCEDURES_FILE_PLACE_H
#define GX_PROCEDURES_FILE_PLACE_H

/** Where an uploaded file goes in a draft's data (file_place.c): a file
 *  field is named by its place, the JSON Pointer of its value written as a
 *  form name ('/' as '.', no leading one): "rabies_certificate" at the top,
 *  "invoices.0.invoice" inside the first item of a group. An attachment
 *  records the field's definition path, the place without item numbers
 *  ("invoices.invoice"), so that the validator can tell an attachment of
 *  this field from one of another. Pure functions over a checked
 *  definition; unit-tested in file_place_test.c. */

#include <stddef.h>

#include <jansson.h>

#define GX_FILE_PATH_MAX 200     /* "g.g.field": three ids of at most 64 bytes */
#define GX_FILE_POINTER_MAX 220  /* "/g/99/g/99/field" */
#define GX_FILE_ITEMS_MAX 100    /* a group's items: the definition format's bound */

struct gx_file_place {
	const json_t *field;                /* the file field's definition (borrowed) */
	int step;                           /* the 0-based index of the step holding it */
	char path[GX_FILE_PATH_MAX];        /* its definition path: "invoices.invoice" */
	char pointer[GX_FILE_POINTER_MAX];  /* its value's JSON Pointer: "/invoices/0/invoice" */
};

/** Resolves a place: each id must name a field of the level it is at, a
 *  group must be followed by an item number (decimal, no leading zero,
 *  below GX_FILE_ITEMS_MAX) and the last id must be a file field. Returns
 *  0, or -1 when the place names no file field. */
int gx_file_place_resolve(const json_t *definition, const char *place, struct gx_file_place *out);

/** The definition path of a value's JSON Pointer: its segments that are not
 *  item numbers, joined with '.' ("/invoices/0/invoice" -> "invoices.invoice").
 *  Cut to fit outlen (always terminated). */
void gx_file_path_of_pointer(const char *pointer, char *out, size_t outlen);

/** Every attachment id that data (a draft's or submission's answers)
 *  names in the file fields of definition, inside group items too: a new
 *  object {id: the JSON Pointer of the file field's value that holds it}
 *  ("/invoices/0/invoice"); an id named twice keeps its first place. Only
 *  strings count; anything else in a file field is the validator's to
 *  refuse. NULL when out of memory. */
json_t *gx_file_ids(const json_t *definition, const json_t *data);

#endif
