#ifndef GX_PORTAL_LB_VIEW_H
#define GX_PORTAL_LB_VIEW_H

/** What the letter box's pages and API share: how a document's type,
 *  status, date and size read, and the filters' choices. */

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "i18n/i18n.h"
#include "core/letterbox.h"

/** The title of org's doc_type in lang, or the id. */
const char *gx_lb_view_type_title(const char *org, const char *doc_type, enum gx_lang lang);
/** The catalog key (lb.status_*) and tag class of a document's state. */
void gx_lb_view_status(const struct gx_lb_document *d, const char **key, const char **cls);
/** A due date YYYY-MM-DD as lang writes it. */
void gx_lb_view_date(const char *iso, enum gx_lang lang, char *out, size_t cap);
/** A size in bytes as "12 KB". */
void gx_lb_view_size(long long bytes, char *out, size_t cap);
/** An id a filter may name: 1 to 64 of a-z 0-9 - _. */
bool gx_lb_view_id_ok(const char *s);
/** The organisations one may filter by (those with procedures or document
 *  types): [{id, title, selected}]. New reference. */
json_t *gx_lb_view_orgs(enum gx_lang lang, const char *selected);
/** The document types one may filter by, each id once: [{id, title, selected}]. */
json_t *gx_lb_view_types(enum gx_lang lang, const char *selected);

#endif
