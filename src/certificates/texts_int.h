#ifndef GX_CERTIFICATES_TEXTS_INT_H
#define GX_CERTIFICATES_TEXTS_INT_H

/** The wording of certificates in each language (internal). Sentences
 *  with {name} placeholders are filled with gx_buf_append_filled. */

#include "certificates/types.h"

struct gx_cert_texts {
	const char *intro[GX_CERT_TYPE_COUNT]; /* what the organisation certifies */
	const char *family_name, *given_names, *birth_date, *address, *commune, *resident_since;
	const char *members;                   /* the household's table heading */
	const char *issued;                    /* {date} {time} {organisation} {platform} */
	const char *issued_short;              /* {date}: under the organisation in the header */
	const char *code_label;
	const char *check;                     /* {url} */
	const char *signed_note;               /* {platform} */
	const char *continued;                 /* {title}: the head of a continuation page */
	const char *page;                      /* {n} {count} */
	const char *date;                      /* {day} {month} {year} */
	const char *first_day;                 /* the day 1 as written ("1er" in French) */
	const char *months[12];
};

const struct gx_cert_texts *gx_cert_texts(enum gx_cert_lang lang);

#endif
