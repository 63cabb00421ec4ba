/** The procedure search on SQLite: the rows, their FTS5 index, bm25. */

#include "store/sqlite/sqlite_int.h"

#include <string.h>

#include "util/buf.h"

static const char state_sql[] = "SELECT fingerprint FROM procedure_search_state WHERE id = 1";
static const char clear_sql[] = "DELETE FROM procedure_search";
static const char insert_sql[] =
	"INSERT INTO procedure_search (procedure_id, lang, title, keywords, body) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char rebuild_sql[] = "INSERT INTO procedure_search_index (procedure_search_index) VALUES ('rebuild')";
static const char state_set_sql[] =
	"INSERT INTO procedure_search_state (id, fingerprint, indexed_at_us) VALUES (1, ?1, ?2)"
	" ON CONFLICT (id) DO UPDATE SET fingerprint = ?1, indexed_at_us = ?2";
/* The language is the index's first column (the MATCH reads only its
 * rows); title weighs 10, keywords 5, the rest 1 (bm25: lower is better).
 * Only the best ?2 rows are looked up in the table for their procedure's
 * id (the rows' order is the ids'), and the matches are counted apart. */
static const char query_sql[] =
	"SELECT s.procedure_id, m.score FROM (SELECT rowid, -bm25(procedure_search_index, 0.0, 10.0, 5.0, 1.0) AS score"
	" FROM procedure_search_index WHERE procedure_search_index MATCH ?1 ORDER BY score DESC, rowid LIMIT ?2) AS m"
	" JOIN procedure_search s ON s.rowid = m.rowid ORDER BY m.score DESC, m.rowid";
static const char count_sql[] = "SELECT count(*) FROM procedure_search_index WHERE procedure_search_index MATCH ?1";

enum gx_db_status gx_sqlite_search_refresh(struct gx_store_conn *conn, const struct gx_search_doc *docs, size_t n,
					   const char *fingerprint, long long now_us, bool *changed)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	*changed = false;
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_SEARCH_STATE, state_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	int rc = sqlite3_step(st);
	bool same = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), fingerprint) == 0;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s < 0 || same)
		return s < 0 ? s : GX_DB_NO_RESULTS;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_SEARCH_CLEAR, clear_sql)) == NULL || (s = gx_sqlite_run(st)) < 0)
		return st == NULL ? GX_DB_HARD_ERROR : s;
	for (size_t i = 0; i < n; i++) {
		if ((st = gx_sqlite_stmt(c, GX_SQLITE_SEARCH_INSERT, insert_sql)) == NULL)
			return GX_DB_HARD_ERROR;
		sqlite3_bind_text(st, 1, docs[i].procedure_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, docs[i].lang, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, docs[i].title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, docs[i].keywords, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, docs[i].body, -1, SQLITE_STATIC);
		if ((s = gx_sqlite_run(st)) < 0)
			return s;
	}
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_SEARCH_REBUILD, rebuild_sql)) == NULL || (s = gx_sqlite_run(st)) < 0)
		return st == NULL ? GX_DB_HARD_ERROR : s;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_SEARCH_STATE_SET, state_set_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, fingerprint, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now_us);
	if ((s = gx_sqlite_run(st)) < 0)
		return s;
	*changed = true;
	return GX_DB_ONE_RESULT;
}

/* groups in lang as an FTS5 query: {lang}: "fr" AND ("word"* OR "other")
 * AND (...). Words are quoted (a '"' doubled), so nothing in them is FTS5
 * syntax; the language is one of four known codes. */
static void fts_query(const char *lang, const struct gx_search_group *groups, size_t ngroups, struct gx_buf *q)
{
	gx_buf_appendf(q, "{lang}: \"%s\"", lang);
	for (size_t g = 0; g < ngroups; g++) {
		gx_buf_append_str(q, " AND (");
		for (size_t t = 0; t < groups[g].nterms; t++) {
			if (t > 0)
				gx_buf_append_str(q, " OR ");
			gx_buf_append_char(q, '"');
			for (const char *w = groups[g].terms[t].word; *w != '\0'; w++) {
				if (*w == '"')
					gx_buf_append_char(q, '"');
				gx_buf_append_char(q, *w);
			}
			gx_buf_append_str(q, groups[g].terms[t].prefix ? "\"*" : "\"");
		}
		gx_buf_append_char(q, ')');
	}
}

long gx_sqlite_search(struct gx_store_conn *conn, const char *lang, const struct gx_search_group *groups, size_t ngroups,
		      struct gx_search_hit *out, size_t max)
{
	if (strcmp(lang, "fr") != 0 && strcmp(lang, "de") != 0 && strcmp(lang, "en") != 0 && strcmp(lang, "lb") != 0)
		return GX_DB_HARD_ERROR;
	struct gx_buf q = GX_BUF_INIT;
	fts_query(lang, groups, ngroups, &q);
	sqlite3_stmt *st = q.failed ? NULL : gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SEARCH_QUERY, query_sql);
	if (st == NULL) {
		gx_buf_free(&q);
		return GX_DB_HARD_ERROR;
	}
	sqlite3_bind_text(st, 1, gx_buf_cstr(&q), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	long n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && (size_t)n < max) {
		gx_sqlite_copy_text(st, 0, out[n].procedure_id, sizeof(out[n].procedure_id));
		out[n].score = sqlite3_column_double(st, 1);
		n++;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		gx_buf_free(&q);
		return gx_sqlite_status(rc);
	}
	/* how many there are in all: fewer than max were found, or count them */
	if ((size_t)n == max) {
		st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SEARCH_COUNT, count_sql);
		if (st == NULL) {
			gx_buf_free(&q);
			return GX_DB_HARD_ERROR;
		}
		sqlite3_bind_text(st, 1, gx_buf_cstr(&q), -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			n = (long)sqlite3_column_int64(st, 0);
		rc = gx_sqlite_finish(st, rc) < 0 ? SQLITE_ERROR : SQLITE_DONE;
	}
	gx_buf_free(&q);
	return rc == SQLITE_DONE ? n : gx_sqlite_status(rc);
}
