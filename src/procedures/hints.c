/** The help texts of a definition against what the pages already print. */

#include "procedures/hints.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char *gx_field_kind_hint_key(enum gx_field_kind kind)
{
	switch (kind) {
	case GX_FIELD_DATE:
		return "proc.date_hint";
	case GX_FIELD_AMOUNT:
		return "proc.amount_hint";
	case GX_FIELD_NATIONAL_ID:
		return "proc.national_id_hint";
	case GX_FIELD_IBAN:
		return "proc.iban_hint";
	case GX_FIELD_PHONE:
		return "proc.phone_hint";
	default:
		return NULL;
	}
}

/* The length of s without trailing spaces and full stops. */
static size_t core_len(const char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '.' || isspace((unsigned char)s[n - 1])))
		n--;
	return n;
}

/* s into out (cap bytes) with the typographic apostrophe written ' so
 * that "l’indicatif" and "l'indicatif" read the same. */
static void plain(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	for (; *s != '\0' && o + 1 < cap; s++) {
		if ((unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x99) {
			out[o++] = '\'';
			s += 2;
		} else {
			out[o++] = *s;
		}
	}
	out[o] = '\0';
}

/* Whether help says what text says: equal, or holding it, case aside. */
static bool repeats(const char *help_in, const char *text_in)
{
	char help[2048], text[1024];
	plain(help_in, help, sizeof(help));
	plain(text_in, text, sizeof(text));
	size_t n = core_len(text), h = strlen(help);
	if (n < 3)
		return false;
	for (size_t i = 0; i + n <= h; i++)
		if (strncasecmp(help + i, text, n) == 0)
			return true;
	return false;
}

struct walk {
	const char *(*hint)(enum gx_field_kind, const char *, void *);
	void *arg;
	char *err;
	size_t errlen;
};

static int fields(struct walk *w, const json_t *list, const char *at)
{
	static const char *const langs[] = {"fr", "de", "en", "lb"};
	size_t i;
	json_t *f;
	json_array_foreach(list, i, f) {
		char here[256];
		snprintf(here, sizeof(here), "%s/%zu", at, i);
		const json_t *help = json_object_get(f, "help");
		enum gx_field_kind kind = gx_field_kind_of(f);
		for (size_t l = 0; help != NULL && l < 4; l++) {
			const char *h = json_string_value(json_object_get(help, langs[l]));
			const char *label = json_string_value(json_object_get(json_object_get(f, "labels"), langs[l]));
			const char *fmt = l < 3 ? w->hint(kind, langs[l], w->arg) : NULL;
			if (h == NULL)
				continue;
			if (label != NULL && core_len(h) == core_len(label) && strncasecmp(h, label, core_len(h)) == 0) {
				snprintf(w->err, w->errlen, "%s/help/%s: repeats the field's label", here, langs[l]);
				return -1;
			}
			if (fmt != NULL && repeats(h, fmt)) {
				snprintf(w->err, w->errlen,
					 "%s/help/%s: repeats the format hint the page prints under every %s field (\"%s\")", here,
					 langs[l], gx_field_kind_name(kind), fmt);
				return -1;
			}
		}
		if (json_object_get(f, "fields") != NULL) {
			snprintf(here + strlen(here), sizeof(here) - strlen(here), "/fields");
			if (fields(w, json_object_get(f, "fields"), here) != 0)
				return -1;
		}
	}
	return 0;
}

int gx_procedure_hints_check(const struct gx_procedure *p,
			     const char *(*hint)(enum gx_field_kind kind, const char *lang, void *arg), void *arg,
			     char *err, size_t errlen)
{
	struct walk w = {hint, arg, err, errlen};
	size_t i;
	json_t *step;
	json_array_foreach(json_object_get(gx_procedure_json(p), "steps"), i, step) {
		char at[64];
		snprintf(at, sizeof(at), "/steps/%zu/fields", i);
		if (fields(&w, json_object_get(step, "fields"), at) != 0)
			return -1;
	}
	return 0;
}
