#ifndef GX_MAIL_TESTUTIL_H
#define GX_MAIL_TESTUTIL_H

/** For the mail library's unit tests: reading back what it wrote. A
 *  decoder written separately from the encoder, so that the tests check the
 *  encoding against RFC 2045/2047 rather than against itself. */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static inline int tu_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/** The header block of msg (up to the blank line), unfolded: a malloc'd
 *  string of "Name: value\n" lines. */
static inline char *tu_headers(const char *msg)
{
	const char *end = strstr(msg, "\r\n\r\n");
	size_t n = end != NULL ? (size_t)(end - msg) : strlen(msg);
	char *out = malloc(n + 2), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (msg[i] == '\r' && msg[i + 1] == '\n') {
			i++;
			if (i + 1 < n && (msg[i + 1] == ' ' || msg[i + 1] == '\t'))
				continue; /* a fold: CRLF goes, the space stays */
			*o++ = '\n';
			continue;
		}
		*o++ = msg[i];
	}
	*o++ = '\n';
	*o = '\0';
	return out;
}

/** The unfolded value of header name (malloc'd), NULL when absent. */
static inline char *tu_header(const char *msg, const char *name)
{
	char *h = tu_headers(msg), *res = NULL;
	size_t nl = strlen(name);
	for (char *line = h; *line != '\0';) {
		char *e = strchr(line, '\n');
		if (strncmp(line, name, nl) == 0 && line[nl] == ':' && line[nl + 1] == ' ') {
			res = strndup(line + nl + 2, (size_t)(e - line - nl - 2));
			break;
		}
		line = e + 1;
	}
	free(h);
	return res;
}

/** Decodes a header value: encoded-words (Q, UTF-8) and the whitespace
 *  between two of them (which RFC 2047 §6.2 drops). malloc'd. */
static inline char *tu_decode_words(const char *v)
{
	size_t n = strlen(v);
	char *out = malloc(n + 1), *o = out;
	bool after_word = false;
	for (size_t i = 0; i < n;) {
		if (strncmp(v + i, "=?UTF-8?Q?", 10) == 0) {
			const char *end = strstr(v + i + 10, "?=");
			if (end == NULL)
				break;
			for (const char *p = v + i + 10; p < end; p++) {
				if (*p == '_')
					*o++ = ' ';
				else if (*p == '=' && tu_hex(p[1]) >= 0 && tu_hex(p[2]) >= 0)
					*o++ = (char)(tu_hex(p[1]) * 16 + tu_hex(p[2])), p += 2;
				else
					*o++ = *p;
			}
			i = (size_t)(end - v) + 2;
			after_word = true;
			continue;
		}
		if (after_word && v[i] == ' ') {
			size_t j = i;
			while (j < n && v[j] == ' ')
				j++;
			if (strncmp(v + j, "=?UTF-8?Q?", 10) == 0) {
				i = j;
				continue;
			}
		}
		after_word = false;
		*o++ = v[i++];
	}
	*o = '\0';
	return out;
}

/** The body of msg decoded from quoted-printable, CRLF as '\n'. malloc'd. */
static inline char *tu_qp_body(const char *msg)
{
	const char *b = strstr(msg, "\r\n\r\n");
	b = b != NULL ? b + 4 : msg + strlen(msg);
	size_t n = strlen(b);
	char *out = malloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (b[i] == '=' && b[i + 1] == '\r' && b[i + 2] == '\n') {
			i += 2;
		} else if (b[i] == '=' && tu_hex(b[i + 1]) >= 0 && tu_hex(b[i + 2]) >= 0) {
			*o++ = (char)(tu_hex(b[i + 1]) * 16 + tu_hex(b[i + 2]));
			i += 2;
		} else if (b[i] == '\r' && b[i + 1] == '\n') {
			*o++ = '\n';
			i++;
		} else {
			*o++ = b[i];
		}
	}
	*o = '\0';
	return out;
}

/** Whether every line of msg ends in CRLF (no bare CR or LF), is at most
 *  max_header characters in the headers and max_body in the body. */
static inline bool tu_lines_ok(const char *msg, size_t max_header, size_t max_body)
{
	bool body = false;
	size_t col = 0;
	for (const char *p = msg; *p != '\0'; p++) {
		if (*p == '\r') {
			if (p[1] != '\n')
				return false;
			if (col == 0 && !body)
				body = true;
			col = 0;
			p++;
			continue;
		}
		if (*p == '\n')
			return false;
		col++;
		if (col > (body ? max_body : max_header))
			return false;
	}
	return col == 0;
}

#endif
