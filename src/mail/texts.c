/** Notification texts from the catalogs (texts.h). */

#include "mail/texts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/encode.h"

/* Which parameters each kind's templates use: all of them, and no other
 * (besides {site}). */
enum param { P_ORGANISATION = 1, P_TITLE = 2, P_DATE = 4, P_CODE = 8, P_MINUTES = 16, P_REFERENCE = 32 };

static const struct {
	const char *name;
	unsigned params;
} kinds[GX_MAIL_KIND__COUNT] = {
	[GX_MAIL_DOCUMENT] = {"document", P_ORGANISATION | P_TITLE},
	[GX_MAIL_REQUEST] = {"request", P_ORGANISATION},
	[GX_MAIL_DECISION] = {"decision", P_ORGANISATION},
	[GX_MAIL_REMINDER] = {"reminder", P_ORGANISATION | P_TITLE},
	[GX_MAIL_DUE] = {"due", P_ORGANISATION | P_TITLE | P_DATE},
	[GX_MAIL_CODE] = {"code", P_CODE | P_MINUTES},
	[GX_MAIL_TEST] = {"test", 0},
	[GX_MAIL_FOR_DOCUMENT] = {"for_document", P_ORGANISATION | P_TITLE},
	[GX_MAIL_FOR_REQUEST] = {"for_request", P_ORGANISATION},
	[GX_MAIL_FOR_DECISION] = {"for_decision", P_ORGANISATION},
	[GX_MAIL_RECEIPT] = {"receipt", P_ORGANISATION | P_TITLE | P_DATE | P_REFERENCE},
};

static const struct {
	const char *name;
	enum param bit;
} params[] = {
	{"organisation", P_ORGANISATION}, {"title", P_TITLE}, {"date", P_DATE}, {"code", P_CODE}, {"minutes", P_MINUTES},
	{"reference", P_REFERENCE},
};

#define NPARAMS (sizeof(params) / sizeof(params[0]))
#define SITE_MAX 64
#define DATE_MAX 40

struct lang_texts {
	char code[4];
	char *subject[GX_MAIL_KIND__COUNT];
	char *body[GX_MAIL_KIND__COUNT];
	char *footer;
	char *site;
};

struct gx_mail_texts {
	struct lang_texts langs[GX_MAIL_LANGS_MAX];
	size_t n;
};

const char *gx_mail_kind_name(enum gx_mail_kind k)
{
	return (unsigned)k < GX_MAIL_KIND__COUNT ? kinds[k].name : NULL;
}

int gx_mail_kind_from_name(const char *s, enum gx_mail_kind *out)
{
	for (int k = 0; k < GX_MAIL_KIND__COUNT; k++)
		if (s != NULL && strcmp(s, kinds[k].name) == 0) {
			*out = (enum gx_mail_kind)k;
			return 0;
		}
	return -1;
}

static const char *param_value(const struct gx_mail_params *p, enum param bit)
{
	switch (bit) {
	case P_ORGANISATION: return p->organisation;
	case P_TITLE: return p->title;
	case P_DATE: return p->date;
	case P_CODE: return p->code;
	case P_MINUTES: return p->minutes;
	case P_REFERENCE: return p->reference;
	}
	return NULL;
}

static bool digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* YYYY-GX-NNNNNN */
static bool reference_ok(const char *s)
{
	char year[5], seq[7];
	if (strlen(s) != 14 || strncmp(s + 4, "-GX-", 4) != 0)
		return false;
	memcpy(year, s, 4);
	year[4] = '\0';
	memcpy(seq, s + 8, 6);
	seq[6] = '\0';
	return digits(year, 4, 4) && digits(seq, 6, 6);
}

enum gx_mail_fault gx_mail_params_check(enum gx_mail_kind kind, const struct gx_mail_params *p)
{
	if ((unsigned)kind >= GX_MAIL_KIND__COUNT)
		return GX_MAIL_FAULT_KIND;
	for (size_t i = 0; i < NPARAMS; i++) {
		if (!(kinds[kind].params & params[i].bit))
			continue;
		const char *v = param_value(p, params[i].bit);
		size_t n = v != NULL ? strlen(v) : 0;
		if (n == 0 || n > (params[i].bit == P_DATE ? DATE_MAX : GX_MAIL_PARAM_MAX) ||
		    !gx_mail_text_ok(v, n, false))
			return GX_MAIL_FAULT_PARAM;
		if (params[i].bit == P_CODE && !digits(v, 6, 6))
			return GX_MAIL_FAULT_PARAM;
		if (params[i].bit == P_MINUTES && !digits(v, 1, 4))
			return GX_MAIL_FAULT_PARAM;
		if (params[i].bit == P_REFERENCE && !reference_ok(v))
			return GX_MAIL_FAULT_PARAM;
	}
	return GX_MAIL_FAULT_NONE;
}

struct gx_mail_texts *gx_mail_texts_new(void)
{
	return calloc(1, sizeof(struct gx_mail_texts));
}

static void lang_free(struct lang_texts *l)
{
	for (int k = 0; k < GX_MAIL_KIND__COUNT; k++) {
		free(l->subject[k]);
		free(l->body[k]);
	}
	free(l->footer);
	free(l->site);
	memset(l, 0, sizeof(*l));
}

void gx_mail_texts_free(struct gx_mail_texts *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		lang_free(&t->langs[i]);
	free(t);
}

/* Checks the placeholders of one template: each {name} one of allowed (or
 * site), no other brace. Adds the ones seen to *seen. */
static int placeholders(const char *s, unsigned allowed, unsigned *seen, const char *key, char *err, size_t errlen)
{
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '}') {
			snprintf(err, errlen, "%s: a '}' outside a placeholder", key);
			return -1;
		}
		if (*p != '{')
			continue;
		const char *close = strchr(p, '}');
		size_t n = close != NULL ? (size_t)(close - p - 1) : 0;
		bool known = false;
		if (n == 4 && memcmp(p + 1, "site", 4) == 0)
			known = true;
		for (size_t i = 0; i < NPARAMS && !known; i++)
			if ((allowed & params[i].bit) && strlen(params[i].name) == n && memcmp(p + 1, params[i].name, n) == 0) {
				*seen |= params[i].bit;
				known = true;
			}
		if (!known) {
			snprintf(err, errlen, "%s: unknown placeholder %.*s (allowed here: site%s%s%s%s%s%s)", key,
				 close != NULL ? (int)(n + 2) : 1, p, allowed & P_ORGANISATION ? ", organisation" : "",
				 allowed & P_TITLE ? ", title" : "", allowed & P_DATE ? ", date" : "",
				 allowed & P_CODE ? ", code" : "", allowed & P_MINUTES ? ", minutes" : "",
				 allowed & P_REFERENCE ? ", reference" : "");
			return -1;
		}
		p = close;
	}
	return 0;
}

static char *take_string(const json_t *obj, const char *name, bool newlines, const char *key, char *err,
			 size_t errlen)
{
	const char *s = json_string_value(json_object_get(obj, name));
	if (s == NULL || s[0] == '\0') {
		snprintf(err, errlen, "%s: missing or not a string", key);
		return NULL;
	}
	if (!gx_mail_text_ok(s, strlen(s), newlines)) {
		snprintf(err, errlen, "%s: holds a control character%s", key, newlines ? " (other than a line feed)" : "");
		return NULL;
	}
	char *copy = strdup(s);
	if (copy == NULL)
		snprintf(err, errlen, "%s: out of memory", key);
	return copy;
}

static int add_kind(struct lang_texts *l, const char *lang, const json_t *mail, int k, char *err, size_t errlen)
{
	char key[96];
	const json_t *o = json_object_get(mail, kinds[k].name);
	snprintf(key, sizeof(key), "%s: mail.%s", lang, kinds[k].name);
	if (!json_is_object(o)) {
		snprintf(err, errlen, "%s: missing or not an object", key);
		return -1;
	}
	unsigned seen = 0;
	snprintf(key, sizeof(key), "%s: mail.%s.subject", lang, kinds[k].name);
	if ((l->subject[k] = take_string(o, "subject", false, key, err, errlen)) == NULL ||
	    placeholders(l->subject[k], kinds[k].params, &seen, key, err, errlen) != 0)
		return -1;
	snprintf(key, sizeof(key), "%s: mail.%s.body", lang, kinds[k].name);
	if ((l->body[k] = take_string(o, "body", true, key, err, errlen)) == NULL ||
	    placeholders(l->body[k], kinds[k].params, &seen, key, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < NPARAMS; i++)
		if ((kinds[k].params & params[i].bit) && !(seen & params[i].bit)) {
			snprintf(err, errlen, "%s: mail.%s: does not use {%s}", lang, kinds[k].name, params[i].name);
			return -1;
		}
	return 0;
}

int gx_mail_texts_add(struct gx_mail_texts *t, const char *lang, const json_t *catalog, char *err, size_t errlen)
{
	if (t->n == GX_MAIL_LANGS_MAX || lang == NULL || strlen(lang) < 2 || strlen(lang) > 3 ||
	    gx_mail_texts_has(t, lang)) {
		snprintf(err, errlen, "%s: too many languages, or added twice", lang != NULL ? lang : "(null)");
		return -1;
	}
	struct lang_texts *l = &t->langs[t->n];
	memcpy(l->code, lang, strlen(lang) + 1);
	const json_t *mail = json_object_get(catalog, "mail");
	char key[64];
	snprintf(key, sizeof(key), "%s: site.name", lang);
	if ((l->site = take_string(json_object_get(catalog, "site"), "name", false, key, err, errlen)) == NULL)
		goto fail;
	if (strlen(l->site) > SITE_MAX || strchr(l->site, '{') != NULL) {
		snprintf(err, errlen, "%s: longer than %d bytes, or holds a brace", key, SITE_MAX);
		goto fail;
	}
	snprintf(key, sizeof(key), "%s: mail.footer", lang);
	unsigned seen = 0;
	if ((l->footer = take_string(mail, "footer", true, key, err, errlen)) == NULL ||
	    placeholders(l->footer, 0, &seen, key, err, errlen) != 0)
		goto fail;
	for (int k = 0; k < GX_MAIL_KIND__COUNT; k++)
		if (add_kind(l, lang, mail, k, err, errlen) != 0)
			goto fail;
	t->n++;
	return 0;
fail:
	lang_free(l);
	return -1;
}

bool gx_mail_texts_has(const struct gx_mail_texts *t, const char *lang)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->langs[i].code, lang) == 0)
			return true;
	return false;
}

static const struct lang_texts *find_lang(const struct gx_mail_texts *t, const char *lang)
{
	for (size_t i = 0; i < t->n; i++)
		if (lang != NULL && strcmp(t->langs[i].code, lang) == 0)
			return &t->langs[i];
	return t->n > 0 ? &t->langs[0] : NULL;
}

const char *gx_mail_texts_lang(const struct gx_mail_texts *t, const char *lang)
{
	const struct lang_texts *l = find_lang(t, lang);
	return l != NULL ? l->code : NULL;
}

int gx_mail_texts_compose(const struct gx_mail_texts *t, const char *lang, enum gx_mail_kind kind,
			  const struct gx_mail_params *p, struct gx_buf *subject, struct gx_buf *body,
			  enum gx_mail_fault *fault)
{
	const struct lang_texts *l = find_lang(t, lang);
	if (l == NULL || (unsigned)kind >= GX_MAIL_KIND__COUNT) {
		*fault = GX_MAIL_FAULT_KIND;
		return -1;
	}
	if ((*fault = gx_mail_params_check(kind, p)) != GX_MAIL_FAULT_NONE)
		return -1;
	/* the kind's own parameters only: a value given for another stays out */
	const char *pairs[2 * (NPARAMS + 1) + 1];
	size_t n = 0;
	pairs[n++] = "site";
	pairs[n++] = l->site;
	for (size_t i = 0; i < NPARAMS; i++)
		if (kinds[kind].params & params[i].bit) {
			pairs[n++] = params[i].name;
			pairs[n++] = param_value(p, params[i].bit);
		}
	pairs[n] = NULL;
	gx_buf_append_filled(subject, l->subject[kind], pairs);
	gx_buf_append_filled(body, l->body[kind], pairs);
	gx_buf_append_str(body, "\n\n");
	gx_buf_append_filled(body, l->footer, pairs);
	if (subject->failed || body->failed) {
		*fault = GX_MAIL_FAULT_MEMORY;
		return -1;
	}
	*fault = GX_MAIL_FAULT_NONE;
	return 0;
}
