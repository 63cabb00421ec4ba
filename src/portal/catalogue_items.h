#ifndef GX_PORTAL_CATALOGUE_ITEMS_H
#define GX_PORTAL_CATALOGUE_ITEMS_H

/** What the catalogue's pages and API (the catalogue, a theme, a life event, the
 *  search results) show of a procedure, and the order they list them in. */

#include <jansson.h>

#include "i18n/i18n.h"
#include "procedures/catalog.h"
#include "procedures/definition.h"

/** {id, title, summary, organisation, href, without_login} in lang: the
 *  summary is the first sentence of the definition's help. New reference. */
json_t *gx_catalogue_item(const struct gx_procedure *p, enum gx_lang lang);

/** Sorts items (from gx_catalogue_item) by title as people read it: case
 *  and accents aside ("État civil" between "Eau" and "Famille"). */
void gx_catalogue_sort_by_title(json_t *items);

/** A procedure as the catalogue's A–Z list shows it, in one language. */
struct gx_catalogue_entry {
	const struct gx_procedure *procedure;
	const char *id, *title, *organisation;
	char href[96];
};

/** Every procedure of cat in lang, in gx_catalogue_sort_by_title's order:
 *  built on first use for each catalogue and language, then shared
 *  (read-only) by every thread; *n gets how many. A process's catalogue does
 *  not change while it serves (another cat rebuilds the lists). NULL, *n 0,
 *  when out of memory. */
const struct gx_catalogue_entry *gx_catalogue_sorted(const struct gx_procedure_catalog *cat, enum gx_lang lang,
						     size_t *n);

/** {id, title, help?, href} of a theme or life event (themes.json) in lang; base "/themes" or "/life-events". */
json_t *gx_catalogue_topic(const json_t *topic, enum gx_lang lang, const char *base);

/** Every theme or life event of list (themes.json's) as gx_catalogue_topic
 *  makes it, in order. New reference. */
json_t *gx_catalogue_topics(const json_t *list, enum gx_lang lang, const char *base);

#endif
