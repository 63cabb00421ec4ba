#ifndef GX_BACKOFFICE_PAGES_FORM_FIELD_H
#define GX_BACKOFFICE_PAGES_FORM_FIELD_H

/** A field of a back-office form, urlencoded or multipart (form_field.c). */

#include "http/handler.h"

#define GX_BO_FIELD_MAX 8192

/** name's decoded value in request memory ("" when absent; a multipart
 *  part holding a file counts as absent); NULL when it is badly encoded,
 *  holds a NUL byte or is over GX_BO_FIELD_MAX bytes. */
const char *gx_bo_field(struct gx_req *r, const char *name);

#endif
