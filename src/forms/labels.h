#ifndef GX_FORMS_LABELS_H
#define GX_FORMS_LABELS_H

/** What the pages call an organisation, a status, a register and a
 *  register's attribute, in the reader's language. */

#include <jansson.h>

#include "i18n/i18n.h"

/** The organisation's title (organisations.json), or its id when unknown. */
const char *gx_proc_organisation_title(const char *id, enum gx_lang lang);
/** The status's label from the catalog t (proc.status.<status>), or the status itself. */
const char *gx_proc_status_label(const json_t *t, const char *status);

/** The register's title (its description in registers/), or its name when unknown. */
const char *gx_register_title(const char *source, enum gx_lang lang);
/** The title of a register's attribute, or the attribute's name when unknown. */
const char *gx_register_attribute_title(const char *source, const char *attribute, enum gx_lang lang);

#endif
