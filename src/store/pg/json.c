/** Rows as JSON text, written as the SQLite backend's json_group_array(json_object(…))
 *  writes them, so both backends answer the same bytes: compact, members in
 *  the order given, strings escaped as SQLite does (non-ASCII kept), stored
 *  JSON embedded minified (SQLite's json()). */

#include "store/pg/pg_int.h"

#include <stdlib.h>
#include <string.h>

#include "json/write.h"

/* Appends JSON text without the whitespace between its tokens (SQLite's json() of valid JSON). */
static void append_minified(struct gx_buf *b, const char *s, size_t len)
{
	bool in_string = false, escaped = false;
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (ch == '\\')
				escaped = true;
			else if (ch == '"')
				in_string = false;
		} else if (ch == '"') {
			in_string = true;
		} else if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			gx_buf_append(b, s + i - run, run);
			run = 0;
			continue;
		}
		run++;
	}
	gx_buf_append(b, s + len - run, run);
}

static void append_value(struct gx_buf *b, const PGresult *r, int row, int col, enum gx_pg_json_kind kind)
{
	if (PQgetisnull(r, row, col)) {
		gx_buf_append_str(b, "null");
		return;
	}
	const char *v = PQgetvalue(r, row, col);
	size_t len = (size_t)PQgetlength(r, row, col);
	switch (kind) {
	case GX_PG_JSON_STRING:
		gx_json_write_string(b, v, len);
		break;
	case GX_PG_JSON_NUMBER:
		gx_buf_append(b, v, len);
		break;
	case GX_PG_JSON_RAW:
		append_minified(b, v, len);
		break;
	}
}

char *gx_pg_json_rows(const PGresult *r, const struct gx_pg_json_member *members, int n)
{
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_append_char(&b, '[');
	for (int row = 0; row < PQntuples(r); row++) {
		if (row > 0)
			gx_buf_append_char(&b, ',');
		gx_buf_append_char(&b, '{');
		for (int col = 0; col < n; col++) {
			gx_json_write_key(&b, members[col].key, col == 0);
			append_value(&b, r, row, col, members[col].kind);
		}
		gx_buf_append_char(&b, '}');
	}
	gx_buf_append_char(&b, ']');
	if (b.failed) {
		gx_buf_free(&b);
		return NULL;
	}
	return b.data; /* NUL-terminated: the buffer keeps one past its length */
}

char *gx_pg_json_row(const PGresult *r, int row, const struct gx_pg_json_member *members, int n)
{
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_append_char(&b, '{');
	for (int col = 0; col < n; col++) {
		gx_json_write_key(&b, members[col].key, col == 0);
		append_value(&b, r, row, col, members[col].kind);
	}
	gx_buf_append_char(&b, '}');
	if (b.failed) {
		gx_buf_free(&b);
		return NULL;
	}
	return b.data;
}
