/** The procedure search on PostgreSQL: the rows, a GIN index over their
 *  texts with the 'simple' configuration, ts_rank over weighted vectors. */

#include "store/pg/pg_int.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/buf.h"

static const char state_sql[] = "SELECT fingerprint FROM procedure_search_state WHERE id = 1";
static const char clear_sql[] = "DELETE FROM procedure_search";
/* All rows in one statement, from a JSON array of {p, l, t, k, b}. */
static const char insert_sql[] =
	"INSERT INTO procedure_search (procedure_id, lang, title, keywords, body)"
	" SELECT d->>'p', d->>'l', d->>'t', d->>'k', d->>'b' FROM json_array_elements($1::json) AS d";
static const char state_set_sql[] =
	"INSERT INTO procedure_search_state (id, fingerprint, indexed_at_us) VALUES (1, $1, $2)"
	" ON CONFLICT (id) DO UPDATE SET fingerprint = $1, indexed_at_us = $2";
/* The rows' stored vector, its GIN index; ts_rank weighs the title (A)
 * over the keywords (B) over the rest (D). */
static const char query_sql[] =
	"SELECT procedure_id, ts_rank(search_vector, q) AS score, count(*) OVER () AS total"
	" FROM procedure_search, to_tsquery('simple'::regconfig, $1) AS q"
	" WHERE lang = $2 AND search_vector @@ q ORDER BY score DESC, procedure_id COLLATE \"C\" LIMIT $3";
/* New rows: the planner learns their numbers (so that it reads the index). */
static const char analyze_sql[] = "ANALYZE procedure_search";

enum gx_db_status gx_pg_search_refresh(struct gx_store_conn *conn, const struct gx_search_doc *docs, size_t n,
				       const char *fingerprint, long long now_us, bool *changed)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	*changed = false;
	enum gx_db_status s = gx_pg_run(c, GX_PG_SEARCH_STATE, state_sql, GX_PG_WRITE, &p, 0, &r);
	if (s < 0)
		return s;
	bool same = s == GX_DB_ONE_RESULT && strcmp(PQgetvalue(r, 0, 0), fingerprint) == 0;
	PQclear(r);
	if (same)
		return GX_DB_NO_RESULTS;
	if ((s = gx_pg_run(c, GX_PG_SEARCH_CLEAR, clear_sql, GX_PG_WRITE, &p, 0, NULL)) < 0)
		return s;
	json_t *rows = json_array();
	for (size_t i = 0; rows != NULL && i < n; i++)
		if (json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s}", "p", docs[i].procedure_id, "l",
							  docs[i].lang, "t", docs[i].title, "k", docs[i].keywords, "b",
							  docs[i].body)) != 0) {
			json_decref(rows);
			rows = NULL;
		}
	char *text = rows != NULL ? json_dumps(rows, JSON_COMPACT) : NULL;
	json_decref(rows);
	if (text == NULL)
		return GX_DB_HARD_ERROR;
	gx_pg_param_text(&p, text);
	s = gx_pg_run(c, GX_PG_SEARCH_INSERT, insert_sql, GX_PG_WRITE, &p, 0, NULL);
	free(text);
	if (s < 0)
		return s;
	p = (struct gx_pg_params){0};
	if ((s = gx_pg_run(c, GX_PG_SEARCH_ANALYZE, analyze_sql, GX_PG_WRITE, &p, 0, NULL)) < 0)
		return s;
	gx_pg_param_text(&p, fingerprint);
	gx_pg_param_int(&p, now_us);
	if ((s = gx_pg_run(c, GX_PG_SEARCH_STATE_SET, state_set_sql, GX_PG_WRITE, &p, 0, NULL)) < 0)
		return s;
	*changed = true;
	return GX_DB_ONE_RESULT;
}

/* groups as a tsquery: ('word':* | 'other') & (...). Each word is quoted
 * (a quote doubled, a backslash too), so nothing in it is tsquery syntax. */
static void tsquery(const struct gx_search_group *groups, size_t ngroups, struct gx_buf *q)
{
	for (size_t g = 0; g < ngroups; g++) {
		gx_buf_append_str(q, g > 0 ? " & (" : "(");
		for (size_t t = 0; t < groups[g].nterms; t++) {
			if (t > 0)
				gx_buf_append_str(q, " | ");
			gx_buf_append_char(q, '\'');
			for (const char *w = groups[g].terms[t].word; *w != '\0'; w++) {
				if (*w == '\'' || *w == '\\')
					gx_buf_append_char(q, *w);
				gx_buf_append_char(q, *w);
			}
			gx_buf_append_str(q, groups[g].terms[t].prefix ? "':*" : "'");
		}
		gx_buf_append_char(q, ')');
	}
}

long gx_pg_search(struct gx_store_conn *conn, const char *lang, const struct gx_search_group *groups, size_t ngroups,
		  struct gx_search_hit *out, size_t max)
{
	struct gx_buf q = GX_BUF_INIT;
	tsquery(groups, ngroups, &q);
	if (q.failed) {
		gx_buf_free(&q);
		return GX_DB_HARD_ERROR;
	}
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_text(&p, gx_buf_cstr(&q));
	gx_pg_param_text(&p, lang);
	gx_pg_param_int(&p, (long long)max);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SEARCH_QUERY, query_sql, GX_PG_READ, &p, 0, &r);
	gx_buf_free(&q);
	if (s < 0)
		return s;
	long rows = PQntuples(r), n = rows > 0 ? strtol(PQgetvalue(r, 0, 2), NULL, 10) : 0;
	for (long i = 0; i < rows && (size_t)i < max; i++) {
		snprintf(out[i].procedure_id, sizeof(out[i].procedure_id), "%s", PQgetvalue(r, (int)i, 0));
		out[i].score = strtod(PQgetvalue(r, (int)i, 1), NULL);
	}
	PQclear(r);
	return n;
}
