#ifndef GX_MAIL_ENCODE_H
#define GX_MAIL_ENCODE_H

/** The encodings a message is written in: RFC 2047 encoded-words for
 *  header text that is not ASCII, quoted-printable (RFC 2045 §6.7) for the
 *  body, and the checks their input passes first. Used by message.c;
 *  public for its tests and the fuzz driver.
 *
 *  Output lines end in CRLF and respect RFC 5322's limits: header lines
 *  this module folds stay within 78 characters (76 when they hold an
 *  encoded-word, RFC 2047 §2), body lines within 76. Nothing here writes a
 *  CR or LF that the caller gave: text holding one is refused before. */

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define GX_MAIL_LINE_MAX 78        /* RFC 5322 §2.1.1's SHOULD */
#define GX_MAIL_EW_LINE_MAX 76     /* a line holding an encoded-word */
#define GX_MAIL_QP_LINE_MAX 76

/** Whether s is well-formed UTF-8: no overlong forms, no surrogates,
 *  nothing beyond U+10FFFF, no truncated sequence. */
bool gx_mail_utf8_valid(const char *s, size_t len);

/** Whether s is well-formed UTF-8 without control characters (C0, DEL and
 *  C1), except line feeds when newlines is true. */
bool gx_mail_text_ok(const char *s, size_t len, bool newlines);

/** Appends an unstructured header field "Name: value\r\n" (Subject): the
 *  value as is when it is printable ASCII, folded at its spaces; else as
 *  RFC 2047 Q encoded-words, each a whole number of characters. value must
 *  pass gx_mail_text_ok(…, false). Returns 0, or -1 when out of memory. */
int gx_mail_header_text(struct gx_buf *b, const char *name, const char *value, size_t len);

/** Appends a mailbox header field "Name: display <address>\r\n" (From):
 *  the display name as a quoted-string when it is ASCII and fits the line,
 *  else as encoded-words; no display name when it is empty. address must
 *  be checked (address.h) and display must pass gx_mail_text_ok(…, false). */
int gx_mail_header_mailbox(struct gx_buf *b, const char *name, const char *display, size_t display_len,
			   const char *address);

/** Appends text (lines separated by '\n') as a quoted-printable body:
 *  CRLF line ends, soft breaks keeping lines within 76 characters, '=',
 *  non-ASCII bytes and trailing spaces encoded, and a '.' or "From " that
 *  would start a line encoded too; every line, the last too, ends in CRLF
 *  (a final '\n' ends the last line rather than adding an empty one).
 *  text must pass gx_mail_text_ok(…, true). */
int gx_mail_qp_body(struct gx_buf *b, const char *text, size_t len);

#endif
