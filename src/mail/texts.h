#ifndef GX_MAIL_TEXTS_H
#define GX_MAIL_TEXTS_H

/** What a notification says, in the person's language, from the catalogs'
 *  "mail" section (i18n/{fr,de,en}.json; lb falls back to de there).
 *
 *  A notification names the organisation and a non-sensitive title at
 *  most, and the site's name (the catalogs' site.name): never the person's
 *  name or national id, never a link (a link in a mail teaches people to
 *  follow links in mails that look like ours). Each kind's templates may
 *  use only its own placeholders and must use every one of them; that is
 *  checked when the texts are added, so a catalog that would put anything
 *  else in a mail stops the start.
 *
 *  The texts are copied in; once built a struct gx_mail_texts is immutable
 *  and may be read by any thread. Its owner frees it. */

#include <stdbool.h>
#include <jansson.h>

#include "mail/message.h"
#include "util/buf.h"

enum gx_mail_kind {
	GX_MAIL_DOCUMENT,   /* a new document in the letter box: organisation, title */
	GX_MAIL_REQUEST,    /* an organisation asks for more information: organisation */
	GX_MAIL_DECISION,   /* an organisation decided on a procedure: organisation */
	GX_MAIL_REMINDER,   /* a document still unread: organisation, title */
	GX_MAIL_DUE,        /* a document's due date is near: organisation, title, date */
	GX_MAIL_CODE,       /* the code that verifies the address: code, minutes */
	GX_MAIL_TEST,       /* guichetctl mail test: nothing */
	/* the same three told to a person who acts for the space (a company's
	 * member, a minor's parent, a mandatary): no name of whom */
	GX_MAIL_FOR_DOCUMENT,  /* organisation, title */
	GX_MAIL_FOR_REQUEST,   /* organisation */
	GX_MAIL_FOR_DECISION,  /* organisation */
	GX_MAIL_RECEIPT,    /* a procedure submitted without logging in: organisation, title, date, reference */
	GX_MAIL_KIND__COUNT
};

#define GX_MAIL_PARAM_MAX 160   /* bytes of an organisation's name or a title */
#define GX_MAIL_LANGS_MAX 4

/** The kind's catalog key ("document"), or NULL for an invalid kind. */
const char *gx_mail_kind_name(enum gx_mail_kind k);
/** The kind named s; -1 when none is. */
int gx_mail_kind_from_name(const char *s, enum gx_mail_kind *out);

/** A notification's variable parts; NULL or "" where the kind has none. */
struct gx_mail_params {
	const char *organisation;
	const char *title;      /* the non-sensitive notification title */
	const char *date;       /* the due date, written for the language */
	const char *code;       /* six digits */
	const char *minutes;    /* how long the code works */
	const char *reference;  /* a submission's reference, 2026-GX-000123 */
};

/** Checks that p has what kind needs and nothing beyond its limits: each
 *  value present, well-formed UTF-8 without control characters (no line
 *  break), within GX_MAIL_PARAM_MAX; a code of six digits; a reference
 *  YYYY-GX-NNNNNN. */
enum gx_mail_fault gx_mail_params_check(enum gx_mail_kind kind, const struct gx_mail_params *p);

struct gx_mail_texts;

struct gx_mail_texts *gx_mail_texts_new(void);

/** Adds language lang ("fr") from its whole catalog: the "mail" section
 *  (a subject and a body for every kind, and a footer) and site.name.
 *  Returns 0, or -1 with err naming the key at fault. The first language
 *  added is the one used for a language that was not. */
int gx_mail_texts_add(struct gx_mail_texts *t, const char *lang, const json_t *catalog, char *err, size_t errlen);

/** Whether lang was added. */
bool gx_mail_texts_has(const struct gx_mail_texts *t, const char *lang);

/** The language compose writes for lang: lang when it was added, else the
 *  first added; NULL when none was. Borrowed from t. */
const char *gx_mail_texts_lang(const struct gx_mail_texts *t, const char *lang);

/** Appends kind's subject and body (the footer after a blank line) in
 *  lang, filled from p. Returns 0, or -1 with *fault (the parameter at
 *  fault, or GX_MAIL_FAULT_KIND when no language was added). */
int gx_mail_texts_compose(const struct gx_mail_texts *t, const char *lang, enum gx_mail_kind kind,
			  const struct gx_mail_params *p, struct gx_buf *subject, struct gx_buf *body,
			  enum gx_mail_fault *fault);

void gx_mail_texts_free(struct gx_mail_texts *t);

#endif
