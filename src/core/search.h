#ifndef GX_CORE_SEARCH_H
#define GX_CORE_SEARCH_H

/**
 * Searching the catalogue (docs/procedures.md, "Searching"): a person's
 * words against every procedure's title, keywords and texts in their
 * language, accents and case aside (util/fold.h), each word also matching
 * the longer words it begins ("allocation" finds "allocations"), a word
 * that is in no procedure matched against the words it may be a typo of
 * (one letter wrong, missing, added or two swapped; two from 8 letters),
 * ranked by the store's full-text search (title over keywords over the
 * rest). The Luxembourgish keywords are searched in every language
 * ("Kannergeld").
 *
 * The rows the store searches are made from the loaded definitions at
 * start (gx_search_index); the vocabulary the typos are matched against is
 * built from the same texts once (gx_search_vocab_build), immutable, shared
 * by every thread.
 */

#include <stdbool.h>
#include <stddef.h>

#include "procedures/catalog.h"
#include "store/store.h"

#define GX_SEARCH_QUERY_MAX 200   /* bytes of what a person types */
#define GX_SEARCH_RESULTS_MAX 20  /* results returned at once: the best 20 */

/** Every procedure × fr, de, en, lb as the store's rows, folded, and a
 *  fingerprint of them all. Owns its strings. */
struct gx_search_docs {
	struct gx_search_doc *docs;
	size_t n;
	char fingerprint[65];
	char *text;                /* one block holding every folded text */
};

int gx_search_docs_make(const struct gx_procedure_catalog *cat, struct gx_search_docs *out);
void gx_search_docs_free(struct gx_search_docs *d);

/** Writes cat's rows into the store when they differ from those it holds
 *  (a write transaction with retries). *changed says whether it wrote. */
enum gx_db_status gx_search_index(struct gx_store_conn *conn, const struct gx_procedure_catalog *cat, long long now_us,
				  bool *changed);

/** The words of the catalogue's texts, for typos. */
struct gx_search_vocab;
struct gx_search_vocab *gx_search_vocab_build(const struct gx_procedure_catalog *cat);
void gx_search_vocab_free(struct gx_search_vocab *v);
size_t gx_search_vocab_size(const struct gx_search_vocab *v);
/** Whether a word of v is w or begins with it. */
bool gx_search_vocab_has_prefix(const struct gx_search_vocab *v, const char *w);
/** The words of v within max edits of w (gx_search_distance), closest
 *  first, at most cap (< GX_SEARCH_TERMS_MAX) of them into out. */
size_t gx_search_vocab_near(const struct gx_search_vocab *v, const char *w, size_t max, const char **out, size_t cap);

/** A query made ready for the store: its words (folded, at most
 *  GX_SEARCH_GROUPS_MAX, each at most GX_SEARCH_WORD_MAX bytes) and what
 *  each may match. Points into itself. */
struct gx_search_plan {
	struct gx_search_group groups[GX_SEARCH_GROUPS_MAX];
	struct gx_search_term terms[GX_SEARCH_GROUPS_MAX][GX_SEARCH_TERMS_MAX];
	char words[GX_SEARCH_GROUPS_MAX][GX_SEARCH_TERMS_MAX][GX_SEARCH_WORD_MAX + 1];
	size_t ngroups;
};

/** Plans query (what a person typed) against v (NULL: no typos). Returns
 *  the number of words (0: nothing to search). */
size_t gx_search_plan(const struct gx_search_vocab *v, const char *query, struct gx_search_plan *plan);

/** Damerau–Levenshtein distance of a and b (optimal string alignment),
 *  or max + 1 when it is above max. */
size_t gx_search_distance(const char *a, size_t an, const char *b, size_t bn, size_t max);

struct gx_search_result {
	long total;                                    /* procedures found (more than n when cut) */
	size_t n;
	struct gx_search_hit hits[GX_SEARCH_RESULTS_MAX];
};

/** Searches the procedures in lang ("fr", "de", "en", "lb") on db for
 *  query; 0 and *out filled (total 0 when nothing matched or nothing was
 *  typed), or a negative store status. */
int gx_search_procedures(struct gx_store_conn *db, const struct gx_search_vocab *v, const char *query,
			 const char *lang, struct gx_search_result *out);

#endif
