/** Escaping for HTML text and attribute values, and the URL scheme check. */

#include <string.h>
#include <strings.h>

#include "tmpl/tmpl_int.h"

int gx_tmpl_escape_html(struct gx_buf *out, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (gx_buf_append(out, s + run, i - run) != 0 || gx_buf_append_str(out, rep) != 0)
			return -1;
		run = i + 1;
	}
	return gx_buf_append(out, s + run, n - run);
}

static bool scheme_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '-' || c == '.';
}

bool gx_tmpl_url_safe(const char *s, size_t n)
{
	static const char *const allowed[] = {"http", "https", "mailto", "tel", NULL};
	char scheme[16];
	size_t k = 0, i = 0;
	/* browsers strip leading C0 controls and spaces, and drop tab/CR/LF anywhere */
	while (i < n && (unsigned char)s[i] <= 0x20)
		i++;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':') {
			if (k == 0)
				return true; /* ":x" has no scheme: a relative path */
			if (k >= sizeof(scheme))
				return false;
			scheme[k] = '\0';
			for (size_t a = 0; allowed[a] != NULL; a++)
				if (strcasecmp(scheme, allowed[a]) == 0)
					return true;
			return false;
		}
		if (c == '&')
			return false; /* a character reference could hide a ':' or a tab */
		if (!scheme_char(c))
			return true; /* '/', '?', '#', ... before any ':': relative */
		if (k == 0 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return true; /* a scheme starts with a letter */
		if (k < sizeof(scheme))
			scheme[k] = (char)c;
		k++;
	}
	return true;
}

bool gx_tmpl_tag_name_special(const char *s, size_t n)
{
	static const char *const names[] = {
		"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript",
		"plaintext", "textarea", "title", "svg", "math", "template", "object",
		"embed", "base", "meta", "link", "form", "frame", "frameset", "applet",
		"param", "select", "table", NULL,
	};
	for (size_t i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == n && strncasecmp(s, names[i], n) == 0)
			return true;
	return false;
}
