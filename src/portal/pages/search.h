#ifndef GX_PORTAL_PAGES_SEARCH_H
#define GX_PORTAL_PAGES_SEARCH_H

/** The catalogue's search as a page: /procedures?q=WORDS (search.c). */

#include "http/handler.h"

/** Answers the search for words (decoded, at most GX_SEARCH_QUERY_MAX bytes). */
enum gx_outcome gx_page_search(struct gx_req *r, const char *words);

#endif
