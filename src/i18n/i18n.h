#ifndef GX_I18N_I18N_H
#define GX_I18N_I18N_H

/** Languages of the portal and their text catalogs (docs/i18n.md).
 *
 *  Four languages: French, German and English complete; Luxembourgish at
 *  least for the navigation and the start page, every other key falling back
 *  to German. A request's language comes from the "lang" cookie, else from
 *  Accept-Language, else the installation's fallback (gx_lang_negotiate).
 *
 *  Catalogs are loaded once at start (gx_i18n_load) from i18n/{fr,de,en,lb}.json
 *  and are immutable afterwards: one struct gx_i18n, owned by whoever loaded
 *  it, is read by every worker thread without locks. Templates get a
 *  language's whole catalog as "t" ({{t.start.title}}); the template key
 *  check (gx_i18n_check_templates) makes a missing key a start-up error
 *  rather than an empty spot on a page. */

#include <stddef.h>
#include <jansson.h>

enum gx_lang { GX_LANG_FR, GX_LANG_DE, GX_LANG_EN, GX_LANG_LB, GX_LANG__COUNT };

/** Limits: bytes of one catalog file, depth of its nesting. */
#define GX_I18N_MAX_FILE (1u << 20)
#define GX_I18N_MAX_DEPTH 8

/** The language's code: "fr", "de", "en", "lb" ("fr" for an invalid value). */
const char *gx_lang_code(enum gx_lang l);

/** A text of a definition or description, an object {"fr", "de", "en"} and
 *  maybe "lb", in lang: Luxembourgish reads German when the text has no lb,
 *  a missing language French. NULL when texts holds neither. */
const char *gx_lang_text(const json_t *texts, enum gx_lang lang);

/** Parses a code (exactly "fr", "de", "en" or "lb", any case; no region).
 *  s is len bytes, need not be NUL-terminated. Returns 0 and sets *out, or -1. */
int gx_lang_from_code(const char *s, size_t len, enum gx_lang *out);

/** The language for a request: the "lang" cookie of the Cookie header when it
 *  names a supported language; else the best Accept-Language match by
 *  q-value ("de-LU" matches de, "lb-LU" lb, "*" the fallback or another
 *  language not named, q=0 excludes; equal q: the one listed first); else
 *  fallback. Either header may be NULL (length 0). Never reads past a length. */
enum gx_lang gx_lang_negotiate(const char *cookie_header, size_t cookie_len, const char *accept_language,
			       size_t al_len, enum gx_lang fallback);

struct gx_req;
/** The language of a request (gx_lang_negotiate on its Cookie and
 *  Accept-Language headers, French by default). */
enum gx_lang gx_req_lang(struct gx_req *r);

/** The loaded catalogs, immutable after load, shared by all threads. */
struct gx_i18n;

/** Loads DIR/{fr,de,en,lb}.json. Each is a JSON object of nested objects
 *  whose leaves are strings; keys are [A-Za-z0-9_]+. fr, de and en must have
 *  exactly the same keys (a missing or extra key is an error naming the file
 *  and key path). lb may omit keys, each then taken from de, but must have
 *  every key under "nav" and "start" and no key the others lack.
 *  Returns 0 and *out (free with gx_i18n_free), or -1 with err filled. */
int gx_i18n_load(const char *dir, struct gx_i18n **out, char *err, size_t errlen);

/** The language's full catalog (lb merged over de), a nested object borrowed
 *  from i: do not modify it. Jansson 2.14 counts references atomically, so
 *  json_object_set(data, "t", …) from several threads at once is safe. */
const json_t *gx_i18n_catalog(const struct gx_i18n *i, enum gx_lang l);

/** The string at a dotted key ("start.title") in language l, or NULL when
 *  missing or not a string. Borrowed from i. */
const char *gx_i18n_get(const struct gx_i18n *i, enum gx_lang l, const char *dotted_key);

/** The code of the first language ("fr", "de", "en", "lb") with no string
 *  at dotted_key, or NULL when every language has one: a start-up check
 *  for keys that come from data (a procedure's statuses) rather than templates. */
const char *gx_i18n_missing(const struct gx_i18n *i, const char *dotted_key);

/** Scans every *.mustache under templates_dir (recursively, hidden entries
 *  skipped) for tags naming t.* keys ({{t.a.b}}, {{{t.a.b}}}, {{&t.a.b}},
 *  {{#t.a}}, {{^t.a}}; set-delimiter tags followed) and checks each exists in
 *  every language: a string for variables, a string or object for sections.
 *  Returns 0, or -1 with err naming template file, line, key and language
 *  of the first problem (and how many more there are). */
int gx_i18n_check_templates(const struct gx_i18n *i, const char *templates_dir, char *err, size_t errlen);

void gx_i18n_free(struct gx_i18n *i);

#endif
