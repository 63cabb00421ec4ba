/* The search's rows and vocabulary from the loaded definitions, and their
 * refresh in the store at start (search.h). */

#include "core/search.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/fold.h"

static const char *const langs[] = {"fr", "de", "en", "lb"};

/* A definition's text ({"fr","de","en"}, maybe "lb") in langs[l]: lb reads
 * de when it has none, as the pages do; a missing language fr. */
static const char *text_in(const json_t *texts, size_t l)
{
	const char *t = json_string_value(json_object_get(texts, langs[l]));
	if (t == NULL && l == 3)
		t = json_string_value(json_object_get(texts, "de"));
	return t != NULL ? t : json_string_value(json_object_get(texts, "fr"));
}

/* Appends text folded and a separating space. */
static void put(struct gx_buf *b, const char *text)
{
	if (text == NULL)
		return;
	size_t before = b->len;
	gx_fold_append(b, text, strlen(text));
	if (b->len > before)
		gx_buf_append_char(b, ' ');
}

static void put_list(struct gx_buf *b, const json_t *list)
{
	size_t i;
	json_t *w;
	json_array_foreach(list, i, w) put(b, json_string_value(w));
}

/* The three texts of p in lang, each ended by a NUL, into b; their offsets. */
static void texts_of(const struct gx_procedure_catalog *cat, const struct gx_procedure *p, size_t l, struct gx_buf *b,
		     size_t off[3])
{
	const json_t *def = gx_procedure_json(p);
	off[0] = b->len;
	put(b, text_in(json_object_get(def, "titles"), l));
	gx_buf_append_char(b, '\0');
	off[1] = b->len;
	const json_t *kw = gx_procedure_keywords(p);
	put_list(b, json_object_get(kw, langs[l]));
	if (l == 3)
		put_list(b, json_object_get(kw, "de")); /* Luxembourgish readers read German texts */
	else
		put_list(b, json_object_get(kw, "lb")); /* "Kannergeld": said in every language */
	gx_buf_append_char(b, '\0');
	off[2] = b->len;
	put(b, text_in(json_object_get(def, "help"), l));
	const char *part;
	json_t *texts;
	json_object_foreach((json_t *)gx_procedure_about(p), part, texts) put(b, text_in(texts, l));
	put(b, text_in(gx_procedure_catalog_organisation(cat, gx_procedure_organisation(p)), l));
	gx_buf_append_char(b, '\0');
}

int gx_search_docs_make(const struct gx_procedure_catalog *cat, struct gx_search_docs *out)
{
	memset(out, 0, sizeof(*out));
	size_t np = gx_procedure_catalog_count(cat);
	size_t (*offs)[3] = calloc(np * 4 + 1, sizeof(*offs));
	out->docs = calloc(np * 4 + 1, sizeof(*out->docs));
	struct gx_buf b = GX_BUF_INIT;
	if (offs == NULL || out->docs == NULL)
		goto oom;
	for (size_t i = 0; i < np; i++)
		for (size_t l = 0; l < 4; l++)
			texts_of(cat, gx_procedure_catalog_at(cat, i), l, &b, offs[i * 4 + l]);
	if (b.failed)
		goto oom;
	/* the block moves while it grows: pointers into it only now */
	out->text = b.data;
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (size_t i = 0; i < np; i++)
		for (size_t l = 0; l < 4; l++) {
			const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
			size_t *o = offs[i * 4 + l];
			out->docs[out->n++] = (struct gx_search_doc){gx_procedure_id(p), langs[l], b.data + o[0],
								     b.data + o[1], b.data + o[2]};
			const char *parts[] = {gx_procedure_id(p), langs[l], b.data + o[0], b.data + o[1], b.data + o[2]};
			for (size_t k = 0; k < 5; k++)
				crypto_hash_sha256_update(&h, (const unsigned char *)parts[k], strlen(parts[k]) + 1);
		}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out->fingerprint, sizeof(out->fingerprint), digest, sizeof(digest));
	free(offs);
	return 0;
oom:
	free(offs);
	gx_buf_free(&b);
	free(out->docs);
	memset(out, 0, sizeof(*out));
	return -1;
}

void gx_search_docs_free(struct gx_search_docs *d)
{
	free(d->docs);
	free(d->text);
	memset(d, 0, sizeof(*d));
}

struct refresh {
	const struct gx_search_docs *d;
	long long now_us;
	bool changed;
};

static enum gx_db_status refresh(struct gx_store_conn *conn, void *arg)
{
	struct refresh *r = arg;
	return gx_store_search_refresh(conn, r->d->docs, r->d->n, r->d->fingerprint, r->now_us, &r->changed);
}

enum gx_db_status gx_search_index(struct gx_store_conn *conn, const struct gx_procedure_catalog *cat, long long now_us,
				  bool *changed)
{
	struct gx_search_docs d;
	*changed = false;
	if (gx_search_docs_make(cat, &d) != 0)
		return GX_DB_HARD_ERROR;
	struct refresh r = {&d, now_us, false};
	enum gx_db_status s = gx_store_run_tx(conn, true, refresh, &r);
	*changed = r.changed;
	gx_search_docs_free(&d);
	return s;
}

/* --- the vocabulary --------------------------------------------------------------- */

struct gx_search_vocab {
	char **words;   /* sorted, unique, pointing into text */
	unsigned char *lens; /* each word's length (at most GX_SEARCH_WORD_MAX) */
	uint64_t *masks;     /* which bytes each holds (letters a–z, digits, and one bit for any other) */
	size_t n;
	char *text;
};

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The set of bytes w holds: a bit per letter and digit, one for the rest. */
static uint64_t letters(const char *w)
{
	uint64_t m = 0;
	for (; *w != '\0'; w++) {
		unsigned char c = (unsigned char)*w;
		m |= c >= 'a' && c <= 'z' ? 1ULL << (c - 'a') : c >= '0' && c <= '9' ? 1ULL << (26 + c - '0') : 1ULL << 63;
	}
	return m;
}

struct gx_search_vocab *gx_search_vocab_build(const struct gx_procedure_catalog *cat)
{
	struct gx_search_docs d;
	if (gx_search_docs_make(cat, &d) != 0)
		return NULL;
	struct gx_search_vocab *v = calloc(1, sizeof(*v));
	struct gx_buf all = GX_BUF_INIT;
	for (size_t i = 0; i < d.n; i++) {
		const char *parts[] = {d.docs[i].title, d.docs[i].keywords, d.docs[i].body};
		for (size_t k = 0; k < 3; k++) {
			gx_buf_append_str(&all, parts[k]);
			gx_buf_append_char(&all, ' ');
		}
	}
	gx_search_docs_free(&d);
	size_t cap = 0;
	for (size_t i = 0; i < all.len; i++)
		cap += all.data[i] == ' ';
	if (v == NULL || all.failed || (v->words = calloc(cap + 1, sizeof(char *))) == NULL) {
		gx_buf_free(&all);
		free(v);
		return NULL;
	}
	v->text = all.data;
	for (char *p = all.data, *end = all.data + all.len; p < end;) {
		char *sp = memchr(p, ' ', (size_t)(end - p));
		if (sp == NULL)
			break;
		*sp = '\0';
		if (sp > p && (size_t)(sp - p) <= GX_SEARCH_WORD_MAX)
			v->words[v->n++] = p;
		p = sp + 1;
	}
	qsort(v->words, v->n, sizeof(char *), by_string);
	size_t u = 0;
	for (size_t i = 0; i < v->n; i++)
		if (u == 0 || strcmp(v->words[u - 1], v->words[i]) != 0)
			v->words[u++] = v->words[i];
	v->n = u;
	if ((v->lens = malloc(u + 1)) == NULL || (v->masks = malloc((u + 1) * sizeof(*v->masks))) == NULL) {
		gx_search_vocab_free(v);
		return NULL;
	}
	for (size_t i = 0; i < u; i++) {
		v->lens[i] = (unsigned char)strlen(v->words[i]);
		v->masks[i] = letters(v->words[i]);
	}
	return v;
}

void gx_search_vocab_free(struct gx_search_vocab *v)
{
	if (v == NULL)
		return;
	free(v->words);
	free(v->lens);
	free(v->masks);
	free(v->text);
	free(v);
}

size_t gx_search_vocab_size(const struct gx_search_vocab *v)
{
	return v != NULL ? v->n : 0;
}

/* Whether a word of v is w or begins with it (sorted: a binary search). */
bool gx_search_vocab_has_prefix(const struct gx_search_vocab *v, const char *w)
{
	size_t lo = 0, hi = v->n, n = strlen(w);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v->words[mid], w) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->n && strncmp(v->words[lo], w, n) == 0;
}

/* The words of v within max edits of w, closest first, at most cap of them. */
size_t gx_search_vocab_near(const struct gx_search_vocab *v, const char *w, size_t max, const char **out, size_t cap)
{
	size_t n = strlen(w), found = 0;
	size_t dist[GX_SEARCH_TERMS_MAX];
	uint64_t mw = letters(w);
	for (size_t i = 0; i < v->n && cap > 0; i++) {
		size_t len = v->lens[i];
		if (len + max < n || len > n + max)
			continue;
		/* an edit adds or removes at most two letters of the set: words
		 * whose sets differ more are not looked at letter by letter */
		if ((size_t)__builtin_popcountll(mw ^ v->masks[i]) > 2 * max)
			continue;
		size_t d = gx_search_distance(w, n, v->words[i], len, max);
		if (d > max)
			continue;
		/* insert in order of distance, keeping the cap closest */
		size_t at = found;
		while (at > 0 && dist[at - 1] > d)
			at--;
		if (at >= cap)
			continue;
		size_t last = found < cap ? found : cap - 1;
		for (size_t k = last; k > at; k--) {
			out[k] = out[k - 1];
			dist[k] = dist[k - 1];
		}
		out[at] = v->words[i];
		dist[at] = d;
		if (found < cap)
			found++;
	}
	return found;
}
