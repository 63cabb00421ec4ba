#ifndef GX_FORMS_REGISTER_VIEW_H
#define GX_FORMS_REGISTER_VIEW_H

/** One register's answer as the pages and the API show it, to the person
 *  (My data) and to an organisation (the data it fetched with consent):
 *  {name, title, status, declined, values: [{attribute, label, as_of,
 *  value}], choice, allowed}, titles and labels in lang, each value as a
 *  line of text, its codes in words (the register's description's code
 *  lists: "Married", not "married"; the register's own value stays a code). withheld: the access could not be recorded, so no value is
 *  shown. New reference; NULL when out of memory. */

#include <jansson.h>
#include <stdbool.h>

#include "i18n/i18n.h"
#include "core/prefill.h"

json_t *gx_register_view(const struct gx_prefill_source *s, enum gx_lang lang, bool withheld);

#endif
