/* The search's results as a page (search.h): the search box again with the
 * words, how many procedures were found, each with its organisation and
 * summary, best first (core/search.h). */

#include "portal/pages/search.h"

#include "core/search.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/app.h"
#include "portal/catalogue_items.h"
#include "procedures/catalog.h"
#include "site/page.h"

enum gx_outcome gx_page_search(struct gx_req *r, const char *words)
{
	enum gx_lang lang = gx_req_lang(r);
	struct gx_search_result *found = gx_req_alloc(r, sizeof(*found));
	if (gx_search_procedures(gx_req_store(r), gx_domain.search_vocab, words, gx_lang_code(lang), found) < 0)
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the search could not be run; try again");
	json_t *items = json_array();
	for (size_t i = 0; i < found->n; i++) {
		const struct gx_procedure *p = gx_procedure_catalog_find(gx_domain.procedures, found->hits[i].procedure_id);
		if (p != NULL) /* rows of a procedure no longer loaded are left out */
			json_array_append_new(items, gx_catalogue_item(p, lang));
	}
	json_t *data = json_pack("{s:o, s:s, s:I, s:b, s:b, s:s}", "results", items, "q", words, "total",
				 (json_int_t)found->total, "one", found->total == 1, "none", found->total == 0, "title",
				 words);
	return gx_page_reply_owned(r, 200, "search_results", "proc.search_title", data);
}
