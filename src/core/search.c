/* A person's words made into a search, and the search (search.h). */

#include "core/search.h"

#include <stdio.h>
#include <string.h>

#include "util/fold.h"

size_t gx_search_distance(const char *a, size_t an, const char *b, size_t bn, size_t max)
{
	if (an > GX_SEARCH_WORD_MAX || bn > GX_SEARCH_WORD_MAX)
		return max + 1;
	if ((an > bn ? an - bn : bn - an) > max)
		return max + 1;
	/* Three rows of the optimal string alignment distance. */
	size_t rows[3][GX_SEARCH_WORD_MAX + 1];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= bn; j++)
		prev[j] = j;
	for (size_t i = 1; i <= an; i++) {
		cur[0] = i;
		size_t best = cur[0];
		for (size_t j = 1; j <= bn; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (prev[j - 1] + cost < d)
				d = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		if (best > max)
			return max + 1; /* every path is already too long */
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[bn] <= max ? prev[bn] : max + 1;
}

/* How many letters may be wrong in a word of n bytes. */
static size_t typos_allowed(size_t n)
{
	return n >= 8 ? 2 : n >= 3 ? 1 : 0;
}

size_t gx_search_plan(const struct gx_search_vocab *v, const char *query, struct gx_search_plan *plan)
{
	char folded[GX_SEARCH_QUERY_MAX * 2 + 1];
	memset(plan, 0, sizeof(*plan));
	gx_fold(query, folded, sizeof(folded));
	char *save = NULL;
	for (char *w = strtok_r(folded, " ", &save); w != NULL && plan->ngroups < GX_SEARCH_GROUPS_MAX;
	     w = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(w);
		if (n > GX_SEARCH_WORD_MAX)
			continue;
		size_t g = plan->ngroups;
		bool dup = false;
		for (size_t k = 0; k < g; k++)
			dup |= strcmp(plan->words[k][0], w) == 0;
		if (dup)
			continue;
		memcpy(plan->words[g][0], w, n + 1);
		/* the word, and from three letters the longer words it begins */
		plan->terms[g][0] = (struct gx_search_term){plan->words[g][0], n >= 3};
		size_t nt = 1;
		/* A word no text holds (nor begins) may be a typo of words they do. */
		size_t max = typos_allowed(n);
		if (v != NULL && max > 0 && !gx_search_vocab_has_prefix(v, w)) {
			const char *near[GX_SEARCH_TERMS_MAX - 1];
			size_t nn = gx_search_vocab_near(v, w, max, near, GX_SEARCH_TERMS_MAX - 1);
			for (size_t k = 0; k < nn; k++, nt++) {
				snprintf(plan->words[g][nt], sizeof(plan->words[g][nt]), "%s", near[k]);
				plan->terms[g][nt] = (struct gx_search_term){plan->words[g][nt], false};
			}
		}
		plan->groups[g] = (struct gx_search_group){plan->terms[g], nt};
		plan->ngroups++;
	}
	return plan->ngroups;
}

int gx_search_procedures(struct gx_store_conn *db, const struct gx_search_vocab *v, const char *query,
			 const char *lang, struct gx_search_result *out)
{
	struct gx_search_plan plan;
	memset(out, 0, sizeof(*out));
	if (gx_search_plan(v, query, &plan) == 0)
		return 0;
	long n = gx_store_search(db, lang, plan.groups, plan.ngroups, out->hits, GX_SEARCH_RESULTS_MAX);
	if (n < 0)
		return (int)n;
	out->total = n;
	out->n = n < GX_SEARCH_RESULTS_MAX ? (size_t)n : GX_SEARCH_RESULTS_MAX;
	return 0;
}
