/** Encoded-words, quoted-printable and the checks before them (encode.h). */

#include "mail/encode.h"

#include <string.h>

#define EW_OPEN "=?UTF-8?Q?"
#define EW_CLOSE "?="
#define EW_MAX 75                 /* RFC 2047 §2: one encoded-word */
#define EW_OVERHEAD (sizeof(EW_OPEN) - 1 + sizeof(EW_CLOSE) - 1)

static const char HEX[] = "0123456789ABCDEF";

/* The length of the UTF-8 sequence at s (1 to 4) and its code point, or 0
 * when it is malformed or truncated. */
static size_t utf8_next(const unsigned char *s, size_t len, unsigned *cp)
{
	unsigned c = s[0];
	size_t n;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

bool gx_mail_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t n = utf8_next(p + i, len - i, &cp);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

bool gx_mail_text_ok(const char *s, size_t len, bool newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t n = utf8_next(p + i, len - i, &cp);
		if (n == 0)
			return false;
		if ((cp < 0x20 && !(newlines && cp == '\n')) || (cp >= 0x7f && cp <= 0x9f))
			return false;
		i += n;
	}
	return true;
}

static bool is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* Text a decoder could take for an encoded-word must be encoded itself. */
static bool looks_encoded(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '=' && s[i + 1] == '?')
			return true;
	return false;
}

/* The phrase-safe characters of RFC 2047 §5(3) that stand for themselves. */
static bool q_literal(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '!' || c == '*' ||
	       c == '+' || c == '-' || c == '/';
}

static size_t q_len(const unsigned char *s, size_t n)
{
	size_t out = 0;
	for (size_t i = 0; i < n; i++)
		out += (q_literal(s[i]) || s[i] == ' ') ? 1 : 3;
	return out;
}

static void q_append(struct gx_buf *b, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (q_literal(s[i])) {
			gx_buf_append_char(b, (char)s[i]);
		} else if (s[i] == ' ') {
			gx_buf_append_char(b, '_');
		} else {
			char e[3] = {'=', HEX[s[i] >> 4], HEX[s[i] & 15]};
			gx_buf_append(b, e, 3);
		}
	}
}

/* Appends text as encoded-words starting at column *col: the first on the
 * current line, each next one on a folded line, every line within 76. */
static void encoded_words(struct gx_buf *b, size_t *col, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	if (*col + EW_OVERHEAD + 12 > GX_MAIL_EW_LINE_MAX) {
		gx_buf_append(b, "\r\n ", 3);
		*col = 1;
	}
	while (i < len) {
		size_t room = GX_MAIL_EW_LINE_MAX - *col;
		if (room > EW_MAX)
			room = EW_MAX;
		size_t budget = room - EW_OVERHEAD, used = 0, j = i;
		while (j < len) {
			unsigned cp;
			size_t n = utf8_next(s + j, len - j, &cp);
			if (n == 0)
				n = 1; /* checked before; never split what cannot be read */
			size_t q = q_len(s + j, n);
			if (used + q > budget)
				break;
			used += q;
			j += n;
		}
		gx_buf_append_str(b, EW_OPEN);
		q_append(b, s + i, j - i);
		gx_buf_append_str(b, EW_CLOSE);
		*col += EW_OVERHEAD + used;
		i = j;
		if (i < len) {
			gx_buf_append(b, "\r\n ", 3);
			*col = 1;
		}
	}
}

int gx_mail_header_text(struct gx_buf *b, const char *name, const char *value, size_t len)
{
	size_t start = strlen(name) + 2, col = start;
	gx_buf_append_str(b, name);
	gx_buf_append(b, ": ", 2);
	if (len > 0 && (!is_ascii(value, len) || looks_encoded(value, len))) {
		encoded_words(b, &col, value, len);
	} else {
		/* chunks of spaces then a word; a fold goes before a chunk's first space */
		size_t i = 0;
		while (i < len) {
			size_t j = i;
			while (j < len && value[j] == ' ')
				j++;
			while (j < len && value[j] != ' ')
				j++;
			if (col + (j - i) > GX_MAIL_LINE_MAX && value[i] == ' ' && col > start) {
				gx_buf_append(b, "\r\n", 2);
				col = 0;
			}
			gx_buf_append(b, value + i, j - i);
			col += j - i;
			i = j;
		}
	}
	gx_buf_append(b, "\r\n", 2);
	return b->failed ? -1 : 0;
}

static size_t quoted_len(const char *s, size_t n)
{
	size_t out = 2;
	for (size_t i = 0; i < n; i++)
		out += (s[i] == '"' || s[i] == '\\') ? 2 : 1;
	return out;
}

int gx_mail_header_mailbox(struct gx_buf *b, const char *name, const char *display, size_t display_len,
			   const char *address)
{
	size_t col = strlen(name) + 2, alen = strlen(address);
	gx_buf_append_str(b, name);
	gx_buf_append(b, ": ", 2);
	if (display_len == 0) {
		gx_buf_append(b, address, alen);
		gx_buf_append(b, "\r\n", 2);
		return b->failed ? -1 : 0;
	}
	if (is_ascii(display, display_len) && !looks_encoded(display, display_len) &&
	    col + quoted_len(display, display_len) <= GX_MAIL_LINE_MAX) {
		gx_buf_append_char(b, '"');
		for (size_t i = 0; i < display_len; i++) {
			if (display[i] == '"' || display[i] == '\\')
				gx_buf_append_char(b, '\\');
			gx_buf_append_char(b, display[i]);
		}
		gx_buf_append_char(b, '"');
		col += quoted_len(display, display_len);
	} else {
		encoded_words(b, &col, display, display_len);
	}
	if (col + 3 + alen > GX_MAIL_LINE_MAX) {
		gx_buf_append(b, "\r\n", 2);
		col = 0;
	}
	gx_buf_append(b, " <", 2);
	gx_buf_append(b, address, alen);
	gx_buf_append(b, ">\r\n", 3);
	return b->failed ? -1 : 0;
}

/* Whether the byte at line[i] must be written =XX: '=', non-ASCII, a
 * trailing space, or what would start a physical line as '.' or "From ". */
static bool qp_escape(const unsigned char *line, size_t n, size_t i, size_t col)
{
	unsigned char c = line[i];
	if (c == '=' || c >= 0x7f || c < 0x20)
		return true;
	if (c == ' ' && i + 1 == n)
		return true;
	if (col == 0 && (c == '.' || (n - i >= 5 && memcmp(line + i, "From ", 5) == 0)))
		return true;
	return false;
}

int gx_mail_qp_body(struct gx_buf *b, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t pos = 0;
	while (pos < len) {
		const unsigned char *nl = memchr(s + pos, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - (s + pos)) : len - pos;
		const unsigned char *line = s + pos;
		size_t col = 0;
		for (size_t i = 0; i < n; i++) {
			bool esc = qp_escape(line, n, i, col);
			size_t w = esc ? 3 : 1;
			/* a soft break leaves room for its '=' (lines of at most 76) */
			if (col + w > GX_MAIL_QP_LINE_MAX - 1) {
				gx_buf_append(b, "=\r\n", 3);
				col = 0;
				esc = qp_escape(line, n, i, col);
				w = esc ? 3 : 1;
			}
			if (esc) {
				char e[3] = {'=', HEX[line[i] >> 4], HEX[line[i] & 15]};
				gx_buf_append(b, e, 3);
			} else {
				gx_buf_append_char(b, (char)line[i]);
			}
			col += w;
		}
		gx_buf_append(b, "\r\n", 2);
		if (nl == NULL)
			break;
		pos += n + 1;
	}
	return b->failed ? -1 : 0;
}
