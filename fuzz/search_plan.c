/* libFuzzer driver: what a person types into the procedure search. Folding
 * gives lower-case words separated by single spaces; the plan has at most
 * GX_SEARCH_GROUPS_MAX words of at most GX_SEARCH_WORD_MAX bytes, each with
 * at most GX_SEARCH_TERMS_MAX terms, every term within the allowed edits of
 * its word; and the distance is symmetric. The vocabulary is the shipped
 * catalogue's (procedures/ and registers/ from the repository's root). */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/search.h"
#include "util/fold.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct gx_search_vocab *vocab;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct gx_procedure_catalog *cat;
	char err[512];
	if (gx_procedure_catalog_load("procedures", "registers", &cat, err, sizeof(err)) == 0) {
		vocab = gx_search_vocab_build(cat); /* kept for the process; it owns its words */
		gx_procedure_catalog_free(cat);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char query[GX_SEARCH_QUERY_MAX + 1];
	size_t n = size < GX_SEARCH_QUERY_MAX ? size : GX_SEARCH_QUERY_MAX;
	memcpy(query, data, n);
	query[n] = '\0';
	char folded[GX_SEARCH_QUERY_MAX * 2 + 1];
	size_t fl = gx_fold(query, folded, sizeof(folded));
	if (fl != strlen(folded) || (fl > 0 && (folded[0] == ' ' || folded[fl - 1] == ' ')) || strstr(folded, "  "))
		abort();
	for (size_t i = 0; i < fl; i++)
		if (folded[i] >= 'A' && folded[i] <= 'Z')
			abort();
	struct gx_search_plan plan;
	size_t g = gx_search_plan(vocab, query, &plan);
	if (g > GX_SEARCH_GROUPS_MAX || g != plan.ngroups)
		abort();
	for (size_t i = 0; i < g; i++) {
		const struct gx_search_group *grp = &plan.groups[i];
		const char *w = grp->terms[0].word;
		size_t wl = strlen(w);
		if (grp->nterms < 1 || grp->nterms > GX_SEARCH_TERMS_MAX || wl == 0 || wl > GX_SEARCH_WORD_MAX)
			abort();
		for (size_t t = 1; t < grp->nterms; t++) {
			const char *x = grp->terms[t].word;
			size_t max = wl >= 8 ? 2 : 1;
			if (gx_search_distance(w, wl, x, strlen(x), max) > max ||
			    gx_search_distance(x, strlen(x), w, wl, max) != gx_search_distance(w, wl, x, strlen(x), max))
				abort();
		}
	}
	/* the distance of the input's two halves, both ways */
	size_t half = n / 2;
	if (half <= GX_SEARCH_WORD_MAX && n - half <= GX_SEARCH_WORD_MAX &&
	    gx_search_distance(query, half, query + half, n - half, 3) !=
		    gx_search_distance(query + half, n - half, query, half, 3))
		abort();
	return 0;
}
