/** The two dialects of every migration build the same schema: an empty
 *  SQLite database and an empty PostgreSQL database are migrated, then read
 *  back from each engine's catalog and described in one neutral text, table
 *  by table: columns (name, type class, nullability, default), primary key,
 *  unique constraints, indexes (name, uniqueness, partial or not, columns
 *  and their order), foreign keys, the number of CHECK constraints and the
 *  triggers. Both descriptions must be equal, for the platform's schema and
 *  for a register's. Needs the test cluster (GX_TEST_PG_CONNINFO). */

#include "store/migrations.h"
#include "store/store.h"
#include "store/store_testutil.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "util/buf.h"

/* --- lines of a description, sorted within each part ------------------------------- */

struct lines {
	char *v[256];
	size_t n;
};

static void add(struct lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct lines *l, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	assert_true(l->n < sizeof(l->v) / sizeof(l->v[0]));
	l->v[l->n++] = strdup(line);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the lines (sorted unless keep_order) to out and frees them. */
static void flush(struct lines *l, struct gx_buf *out, bool keep_order)
{
	if (!keep_order)
		qsort(l->v, l->n, sizeof(l->v[0]), by_text);
	for (size_t i = 0; i < l->n; i++) {
		gx_buf_appendf(out, "  %s\n", l->v[i]);
		free(l->v[i]);
	}
	l->n = 0;
}

/* The type classes both dialects share. */
static const char *type_class(const char *declared)
{
	char t[64];
	size_t i;
	for (i = 0; declared[i] != '\0' && i + 1 < sizeof(t); i++)
		t[i] = (char)tolower((unsigned char)declared[i]);
	t[i] = '\0';
	if (strcmp(t, "integer") == 0 || strcmp(t, "bigint") == 0 || strcmp(t, "smallint") == 0)
		return "integer";
	if (strcmp(t, "text") == 0 || strcmp(t, "json") == 0)
		return "text";
	if (strcmp(t, "blob") == 0 || strcmp(t, "bytea") == 0)
		return "blob";
	return declared; /* anything else shows as it is, and differs */
}

/* A default without PostgreSQL's cast ('{}'::text is '{}'). */
static void default_text(const char *d, char *out, size_t size)
{
	snprintf(out, size, "%s", d);
	char *cast = strstr(out, "::");
	if (cast != NULL)
		*cast = '\0';
}

/* CHECK constraints written in a CREATE TABLE, comments left out. */
static int count_checks(const char *sql)
{
	int n = 0;
	for (const char *p = sql; *p != '\0'; p++) {
		if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				p++;
			if (*p == '\0')
				break;
			continue;
		}
		if (strncasecmp(p, "check", 5) == 0 && (p == sql || !isalnum((unsigned char)p[-1]))) {
			const char *q = p + 5;
			while (*q == ' ' || *q == '\t' || *q == '\n')
				q++;
			if (*q == '(')
				n++;
		}
	}
	return n;
}

/* --- SQLite's catalog ------------------------------------------------------------ */

static sqlite3_stmt *prep(sqlite3 *db, const char *sql, const char *table)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (table != NULL)
		sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	return st;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t != NULL ? (const char *)t : "";
}

static void describe_sqlite_table(sqlite3 *db, const char *table, const char *create_sql, struct gx_buf *out)
{
	struct lines l = {0};
	sqlite3_stmt *st;

	gx_buf_appendf(out, "table %s\n", table);
	/* columns, in order */
	st = prep(db, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid", table);
	struct lines pk = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		int key = sqlite3_column_int(st, 4);
		bool notnull = sqlite3_column_int(st, 2) != 0 || key > 0; /* a key is never NULL (as PostgreSQL's) */
		char dflt[128] = "";
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			default_text(col_text(st, 3), dflt, sizeof(dflt));
		add(&l, "column %s %s%s%s%s", col_text(st, 0), type_class(col_text(st, 1)), notnull ? " not null" : "",
		    dflt[0] ? " default " : "", dflt);
		if (key > 0)
			add(&pk, "%02d %s", key, col_text(st, 0));
	}
	sqlite3_finalize(st);
	flush(&l, out, true);
	if (pk.n > 0) {
		qsort(pk.v, pk.n, sizeof(pk.v[0]), by_text);
		gx_buf_appendf(out, "  primary key (");
		for (size_t i = 0; i < pk.n; i++) {
			gx_buf_appendf(out, "%s%s", i ? ", " : "", pk.v[i] + 3);
			free(pk.v[i]);
		}
		gx_buf_appendf(out, ")\n");
	}

	/* unique constraints and indexes */
	st = prep(db, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1)", table);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = col_text(st, 0), *origin = col_text(st, 2);
		if (strcmp(origin, "pk") == 0)
			continue;
		struct gx_buf cols = GX_BUF_INIT;
		sqlite3_stmt *ci = prep(db, "SELECT name, \"desc\" FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno",
					name);
		for (int i = 0; sqlite3_step(ci) == SQLITE_ROW; i++)
			gx_buf_appendf(&cols, "%s%s%s", i ? ", " : "", col_text(ci, 0),
				       sqlite3_column_int(ci, 1) ? " desc" : "");
		sqlite3_finalize(ci);
		if (strcmp(origin, "u") == 0)
			add(&l, "unique (%s)", gx_buf_cstr(&cols));
		else
			add(&l, "%sindex %s (%s)%s", sqlite3_column_int(st, 1) ? "unique " : "", name, gx_buf_cstr(&cols),
			    sqlite3_column_int(st, 3) ? " partial" : "");
		gx_buf_free(&cols);
	}
	sqlite3_finalize(st);

	/* foreign keys, one line per constraint */
	st = prep(db, "SELECT id, \"table\", group_concat(\"from\", ', '), group_concat(\"to\", ', ')"
		      " FROM (SELECT * FROM pragma_foreign_key_list(?1) ORDER BY id, seq) GROUP BY id",
		  table);
	while (sqlite3_step(st) == SQLITE_ROW)
		add(&l, "foreign key (%s) references %s (%s)", col_text(st, 2), col_text(st, 1), col_text(st, 3));
	sqlite3_finalize(st);

	add(&l, "checks %d", count_checks(create_sql));

	st = prep(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1", table);
	while (sqlite3_step(st) == SQLITE_ROW)
		add(&l, "trigger %s", col_text(st, 0));
	sqlite3_finalize(st);

	/* A full-text index is an FTS5 table over this one (content='<table>'),
	 * PostgreSQL's a GIN index on it: both one line, by name. */
	st = prep(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
		      " AND sql LIKE '%content=''' || ?1 || '''%'", table);
	while (sqlite3_step(st) == SQLITE_ROW)
		add(&l, "full-text index %s", col_text(st, 0));
	sqlite3_finalize(st);
	flush(&l, out, false);
}

static void describe_sqlite(const struct gx_test_db *t, struct gx_buf *out)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(t->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	/* Tables, but not a virtual table (an FTS5 index: described with its
	 * content table) nor its shadow tables (<name>_data, _idx …). */
	sqlite3_stmt *st = prep(db, "SELECT m.name, m.sql FROM sqlite_master m WHERE m.type = 'table'"
				    " AND m.name NOT LIKE 'sqlite_%' AND NOT EXISTS (SELECT 1 FROM sqlite_master v"
				    " WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'"
				    " AND (m.name = v.name OR substr(m.name, 1, length(v.name) + 1) = v.name || '_'))"
				    " ORDER BY m.name", NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		describe_sqlite_table(db, col_text(st, 0), col_text(st, 1), out);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* --- PostgreSQL's catalog ------------------------------------------------------------ */

static PGresult *query(PGconn *pg, const char *sql, const char *table)
{
	const char *params[1] = {table};
	PGresult *r = PQexecParams(pg, sql, table != NULL ? 1 : 0, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(r));
	return r;
}

static void describe_pg_table(PGconn *pg, const char *table, struct gx_buf *out)
{
	struct lines l = {0};
	PGresult *r;

	gx_buf_appendf(out, "table %s\n", table);
	/* A generated tsvector column is a full-text index's own data (SQLite's
	 * FTS5 keeps it in its shadow tables): described with the index. */
	r = query(pg, "SELECT column_name, data_type, is_nullable = 'NO', coalesce(column_default, ''), is_identity"
		      " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1"
		      " AND NOT (data_type = 'tsvector' AND is_generated = 'ALWAYS')"
		      " ORDER BY ordinal_position", table);
	for (int i = 0; i < PQntuples(r); i++) {
		char dflt[128] = "";
		/* An identity column is SQLite's INTEGER PRIMARY KEY: no default written either side. */
		if (strcmp(PQgetvalue(r, i, 4), "YES") != 0)
			default_text(PQgetvalue(r, i, 3), dflt, sizeof(dflt));
		add(&l, "column %s %s%s%s%s", PQgetvalue(r, i, 0), type_class(PQgetvalue(r, i, 1)),
		    PQgetvalue(r, i, 2)[0] == 't' ? " not null" : "", dflt[0] ? " default " : "", dflt);
	}
	PQclear(r);
	flush(&l, out, true);

	/* the columns of a constraint or an index, in its order */
#define KEY_COLUMNS(keys, rel)                                                                                  \
	"(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(" keys ") WITH ORDINALITY AS k (attnum, n)" \
	" JOIN pg_attribute a ON a.attrelid = " rel " AND a.attnum = k.attnum)"
	r = query(pg, "SELECT " KEY_COLUMNS("c.conkey", "c.conrelid") " FROM pg_constraint c"
		      " WHERE c.conrelid = $1::regclass AND c.contype = 'p'", table);
	if (PQntuples(r) > 0)
		gx_buf_appendf(out, "  primary key (%s)\n", PQgetvalue(r, 0, 0));
	PQclear(r);

	r = query(pg, "SELECT " KEY_COLUMNS("c.conkey", "c.conrelid") " FROM pg_constraint c"
		      " WHERE c.conrelid = $1::regclass AND c.contype = 'u'", table);
	for (int i = 0; i < PQntuples(r); i++)
		add(&l, "unique (%s)", PQgetvalue(r, i, 0));
	PQclear(r);

	/* indexes that no constraint owns; indoption's bit 1 is DESC */
	r = query(pg, "SELECT ic.relname, i.indisunique, i.indpred IS NOT NULL,"
		      " (SELECT string_agg(a.attname || CASE WHEN i.indoption[k.n - 1] & 1 = 1 THEN ' desc' ELSE '' END,"
		      "  ', ' ORDER BY k.n) FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, n)"
		      "  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum),"
		      " am.amname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam"
		      " WHERE i.indrelid = $1::regclass"
		      " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", table);
	for (int i = 0; i < PQntuples(r); i++) {
		if (strcmp(PQgetvalue(r, i, 4), "gin") == 0) /* full-text search: SQLite's FTS5 table */
			add(&l, "full-text index %s", PQgetvalue(r, i, 0));
		else
			add(&l, "%sindex %s (%s)%s", PQgetvalue(r, i, 1)[0] == 't' ? "unique " : "", PQgetvalue(r, i, 0),
			    PQgetvalue(r, i, 3), PQgetvalue(r, i, 2)[0] == 't' ? " partial" : "");
	}
	PQclear(r);

	r = query(pg, "SELECT " KEY_COLUMNS("c.conkey", "c.conrelid") ", c.confrelid::regclass::text, "
		      KEY_COLUMNS("c.confkey", "c.confrelid") " FROM pg_constraint c"
		      " WHERE c.conrelid = $1::regclass AND c.contype = 'f'", table);
	for (int i = 0; i < PQntuples(r); i++)
		add(&l, "foreign key (%s) references %s (%s)", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
		    PQgetvalue(r, i, 2));
	PQclear(r);

	r = query(pg, "SELECT count(*) FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'", table);
	add(&l, "checks %s", PQgetvalue(r, 0, 0));
	PQclear(r);

	r = query(pg, "SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal", table);
	for (int i = 0; i < PQntuples(r); i++)
		add(&l, "trigger %s", PQgetvalue(r, i, 0));
	PQclear(r);
	flush(&l, out, false);
}

static void describe_pg(const struct gx_test_db *t, struct gx_buf *out)
{
	struct gx_test_raw raw = gx_test_raw_open(t);
	PGresult *r = query(raw.pg, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
				    " ORDER BY tablename COLLATE \"C\"", NULL);
	for (int i = 0; i < PQntuples(r); i++)
		describe_pg_table(raw.pg, PQgetvalue(r, i, 0), out);
	PQclear(r);
	gx_test_raw_close(&raw);
}

/* --- the test ------------------------------------------------------------------------- */

static void migrate(const struct gx_test_db *t, enum gx_store_schema schema)
{
	struct gx_store_config cfg;
	struct gx_store *store = NULL;
	char err[256];
	gx_test_config(&cfg, t);
	cfg.schema = schema;
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("%s: %s", t->pg ? "PostgreSQL" : "SQLite", err);
	gx_store_close(store);
}

static void schemas_agree(enum gx_store_schema schema)
{
	struct gx_test_db lite, pg;
	struct gx_buf a = GX_BUF_INIT, b = GX_BUF_INIT;
	gx_test_db_make_on(&lite, false);
	gx_test_db_make_on(&pg, true);
	migrate(&lite, schema);
	migrate(&pg, schema);
	describe_sqlite(&lite, &a);
	describe_pg(&pg, &b);
	gx_test_db_remove(&lite);
	gx_test_db_remove(&pg);
	if (strcmp(gx_buf_cstr(&a), gx_buf_cstr(&b)) != 0) {
		/* The first line that differs, then both whole. */
		const char *x = gx_buf_cstr(&a), *y = gx_buf_cstr(&b);
		size_t i = 0, line = 0;
		while (x[i] != '\0' && x[i] == y[i])
			i++;
		while (i > line && x[i - 1] != '\n')
			i--;
		line = i;
		print_error("first difference at:\n  SQLite:     %.*s\n  PostgreSQL: %.*s\n", (int)strcspn(x + line, "\n"),
			    x + line, (int)strcspn(y + line, "\n"), y + line);
		print_error("--- SQLite\n%s--- PostgreSQL\n%s", x, y);
		fail_msg("the two dialects' schemas differ");
	}
	/* The description is not empty: every table is there. */
	assert_non_null(strstr(gx_buf_cstr(&a), "table schema_migrations\n"));
	print_message("%zu bytes of schema agree\n", a.len);
	if (getenv("GX_SCHEMA_SHOW") != NULL)
		fputs(gx_buf_cstr(&a), stdout);
	gx_buf_free(&a);
	gx_buf_free(&b);
}

static void test_platform_schemas_agree(void **state)
{
	schemas_agree(GX_STORE_SCHEMA_PLATFORM);
}

static void test_registry_schemas_agree(void **state)
{
	schemas_agree(GX_STORE_SCHEMA_REGISTRY);
}

/* The comparison can fail: a column nullable on one side only is seen. */
static void test_a_difference_is_seen(void **state)
{
	struct gx_test_db lite, pg;
	struct gx_buf a = GX_BUF_INIT, b = GX_BUF_INIT;
	gx_test_db_make_on(&lite, false);
	gx_test_db_make_on(&pg, true);
	migrate(&lite, GX_STORE_SCHEMA_REGISTRY);
	migrate(&pg, GX_STORE_SCHEMA_REGISTRY);
	struct gx_test_raw raw = gx_test_raw_open(&pg);
	gx_test_raw_exec(&raw, "ALTER TABLE access_log ALTER COLUMN client DROP NOT NULL");
	gx_test_raw_close(&raw);
	describe_sqlite(&lite, &a);
	describe_pg(&pg, &b);
	assert_string_not_equal(gx_buf_cstr(&a), gx_buf_cstr(&b));
	assert_non_null(strstr(gx_buf_cstr(&a), "column client text not null\n"));
	assert_non_null(strstr(gx_buf_cstr(&b), "column client text\n"));
	/* and an index, a check, a trigger more on one side */
	raw = gx_test_raw_open(&pg);
	gx_test_raw_exec(&raw, "ALTER TABLE access_log ALTER COLUMN client SET NOT NULL;"
			       " CREATE INDEX extra ON records (version DESC);"
			       " ALTER TABLE records ADD CHECK (version < 1000000)");
	gx_test_raw_close(&raw);
	gx_buf_reset(&b);
	describe_pg(&pg, &b);
	assert_non_null(strstr(gx_buf_cstr(&b), "index extra (version desc)\n"));
	assert_null(strstr(gx_buf_cstr(&a), "index extra"));
	/* records: data, as_of, version; one more on PostgreSQL's side */
	assert_non_null(strstr(gx_buf_cstr(&a), "  checks 3\n"));
	assert_null(strstr(gx_buf_cstr(&a), "  checks 4\n"));
	assert_non_null(strstr(gx_buf_cstr(&b), "  checks 4\n"));
	gx_test_db_remove(&lite);
	gx_test_db_remove(&pg);
	gx_buf_free(&a);
	gx_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_platform_schemas_agree),
		cmocka_unit_test(test_registry_schemas_agree),
		cmocka_unit_test(test_a_difference_is_seen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
