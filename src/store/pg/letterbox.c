/** The letter box's documents, opt-ins, receipts and tombstones (store/letterbox.h). */

#include <stdlib.h>
#include <string.h>

#include "store/letterbox_int.h"
#include "store/pg/pg_int.h"

static const char recipient_sql[] =
	"SELECT p.id, s.id FROM persons p JOIN spaces s ON s.owner_person_id = p.id AND s.kind = 'private'"
	" WHERE p.national_id = $1";
static const char space_person_sql[] =
	"SELECT owner_person_id FROM spaces WHERE id = $1 AND owner_person_id IS NOT NULL";
static const char optin_get_sql[] =
	"SELECT 1 FROM letterbox_optins WHERE space_id = $1 AND org_id = $2 AND doc_type = $3";
static const char optin_on_sql[] =
	"INSERT INTO letterbox_optins (space_id, org_id, doc_type, at_us) VALUES ($1, $2, $3, $4)"
	" ON CONFLICT (space_id, org_id, doc_type) DO NOTHING";
static const char optin_off_sql[] =
	"DELETE FROM letterbox_optins WHERE space_id = $1 AND org_id = $2 AND doc_type = $3";
static const char optins_sql[] =
	"SELECT org_id, doc_type, at_us FROM letterbox_optins WHERE space_id = $1"
	" ORDER BY org_id COLLATE \"C\", doc_type COLLATE \"C\"";
/* The document and its bytes in one round trip. */
static const char insert_sql[] =
	"WITH d AS (INSERT INTO letterbox_documents (space_id, org_id, doc_type, title, title_folded, notice_title,"
	" file_name, content_type, size, sha256, due_date, confirmation_required, submission_id, sender,"
	" delivered_at_us, expires_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, nullif($11, ''), $12,"
	" nullif($13::bigint, 0), $14, $15, $16) RETURNING id)"
	" INSERT INTO letterbox_contents (document_id, data) SELECT id, $17 FROM d RETURNING document_id";
#define COLUMNS                                                                                                   \
	"id, space_id, org_id, doc_type, title, notice_title, file_name, content_type, size, sha256,"            \
	" coalesce(due_date, ''), confirmation_required, coalesce(submission_id, 0), sender, delivered_at_us,"   \
	" expires_at_us, coalesce(read_at_us, 0), coalesce(confirmed_at_us, 0), archived"
static const char get_sql[] = "SELECT " COLUMNS " FROM letterbox_documents WHERE id = $1";
static const char content_sql[] = "SELECT data FROM letterbox_contents WHERE document_id = $1";
static const char mark_read_sql[] =
	"UPDATE letterbox_documents SET unread = 0, read_at_us = $2 WHERE id = $1 AND read_at_us IS NULL";
static const char confirm_sql[] =
	"UPDATE letterbox_documents SET confirmed_at_us = $2 WHERE id = $1 AND confirmed_at_us IS NULL";
static const char archive_sql[] = "UPDATE letterbox_documents SET archived = $2 WHERE id = $1";
/* Unread first, newest first: the index letterbox_list read backwards (with
 * a state, from its unread key on: the state is a plain equality). */
#define LIST_SQL(state)                                                                                           \
	"SELECT " COLUMNS " FROM letterbox_documents WHERE space_id = $1 AND archived = $2 AND " state             \
	" AND ($3::text IS NULL OR org_id = $3) AND ($4::text IS NULL OR doc_type = $4)"                          \
	" AND ($6::text IS NULL OR strpos(title_folded, $6) > 0)"                                                 \
	" AND ($7::text IS NULL OR strpos(title_folded, $7) > 0) AND ($8::text IS NULL OR strpos(title_folded, $8) > 0)" \
	" AND ($9::text IS NULL OR strpos(title_folded, $9) > 0)"                                                 \
	" ORDER BY unread DESC, delivered_at_us DESC, id DESC LIMIT $10 OFFSET $11"
static const char list_sql[] = LIST_SQL("$5::bigint < 0");
static const char list_state_sql[] = LIST_SQL("unread = $5");
static const char unread_sql[] =
	"SELECT count(*) FROM letterbox_documents WHERE space_id = $1 AND archived = 0 AND unread = 1";
static const char tombstone_get_sql[] =
	"SELECT id, space_id, org_id, doc_type, sha256, delivered_at_us, coalesce(read_at_us, 0),"
	" coalesce(confirmed_at_us, 0), purged_at_us FROM letterbox_tombstones WHERE id = $1";
/* One statement: the expired documents become tombstones, their bytes and rows go. */
static const char purge_sql[] =
	"WITH gone AS (SELECT id FROM letterbox_documents WHERE expires_at_us < $1 ORDER BY expires_at_us, id"
	" LIMIT $2 FOR UPDATE),"
	" t AS (INSERT INTO letterbox_tombstones (id, space_id, org_id, doc_type, sha256, delivered_at_us,"
	" read_at_us, confirmed_at_us, purged_at_us) SELECT d.id, d.space_id, d.org_id, d.doc_type, d.sha256,"
	" d.delivered_at_us, d.read_at_us, d.confirmed_at_us, $1 FROM letterbox_documents d JOIN gone ON gone.id = d.id),"
	" c AS (DELETE FROM letterbox_contents WHERE document_id IN (SELECT id FROM gone))"
	" DELETE FROM letterbox_documents WHERE id IN (SELECT id FROM gone) RETURNING id";

static void param_text_or_null(struct gx_pg_params *p, const char *s)
{
	gx_pg_param_text(p, s != NULL && s[0] != '\0' ? s : NULL);
}

static enum gx_db_status run(struct gx_store_conn *conn, enum gx_pg_stmt_id id, const char *sql,
			     enum gx_pg_access access, const struct gx_pg_params *p, PGresult **r)
{
	return gx_pg_run(gx_pg_conn(conn), id, sql, access, p, 0, r);
}

static enum gx_db_status recipient(struct gx_store_conn *conn, const char *national_id, long long *person_id,
				   long long *space_id)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, national_id);
	enum gx_db_status s = run(conn, GX_PG_LB_RECIPIENT, recipient_sql, GX_PG_READ, &p, &r);
	if (s == GX_DB_ONE_RESULT) {
		*person_id = gx_pg_int(r, 0, 0);
		*space_id = gx_pg_int(r, 0, 1);
	}
	if (s >= 0)
		PQclear(r);
	return s;
}

static enum gx_db_status space_person(struct gx_store_conn *conn, long long space_id, long long *person_id)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, space_id);
	enum gx_db_status s = run(conn, GX_PG_LB_SPACE_PERSON, space_person_sql, GX_PG_READ, &p, &r);
	if (s == GX_DB_ONE_RESULT)
		*person_id = gx_pg_int(r, 0, 0);
	if (s >= 0)
		PQclear(r);
	return s;
}

static enum gx_db_status optin_get(struct gx_store_conn *conn, long long space_id, const char *org,
				   const char *doc_type)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, space_id);
	gx_pg_param_text(&p, org);
	gx_pg_param_text(&p, doc_type);
	return run(conn, GX_PG_LB_OPTIN_GET, optin_get_sql, GX_PG_READ, &p, NULL);
}

static enum gx_db_status optin_set(struct gx_store_conn *conn, long long space_id, const char *org,
				   const char *doc_type, bool on, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, space_id);
	gx_pg_param_text(&p, org);
	gx_pg_param_text(&p, doc_type);
	if (on) {
		gx_pg_param_int(&p, at_us);
		return run(conn, GX_PG_LB_OPTIN_ON, optin_on_sql, GX_PG_WRITE, &p, NULL);
	}
	return run(conn, GX_PG_LB_OPTIN_OFF, optin_off_sql, GX_PG_WRITE, &p, NULL);
}

static enum gx_db_status optins(struct gx_store_conn *conn, long long space_id, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, space_id);
	enum gx_db_status s = run(conn, GX_PG_LB_OPTINS, optins_sql, GX_PG_READ, &p, &r);
	if (s < 0)
		return s;
	static const struct gx_pg_json_member members[] = {
		{"org", GX_PG_JSON_STRING}, {"type", GX_PG_JSON_STRING}, {"at_us", GX_PG_JSON_NUMBER}};
	*out = gx_pg_json_rows(r, members, 3);
	PQclear(r);
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

static enum gx_db_status insert(struct gx_store_conn *conn, struct gx_lb_document *d)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, d->space_id);
	gx_pg_param_text(&p, d->org);
	gx_pg_param_text(&p, d->doc_type);
	gx_pg_param_text(&p, d->title);
	gx_pg_param_text(&p, d->title_folded);
	gx_pg_param_text(&p, d->notice_title);
	gx_pg_param_text(&p, d->file_name);
	gx_pg_param_text(&p, d->content_type);
	gx_pg_param_int(&p, d->size);
	gx_pg_param_text(&p, d->sha256);
	gx_pg_param_text(&p, d->due_date);
	gx_pg_param_int(&p, d->confirmation_required ? 1 : 0);
	gx_pg_param_int(&p, d->submission_id);
	gx_pg_param_text(&p, d->sender);
	gx_pg_param_int(&p, d->delivered_at_us);
	gx_pg_param_int(&p, d->expires_at_us);
	gx_pg_param_bytes(&p, d->data, (size_t)d->size);
	enum gx_db_status s = run(conn, GX_PG_LB_INSERT, insert_sql, GX_PG_WRITE, &p, &r);
	if (s < 0)
		return s;
	if (s == GX_DB_ONE_RESULT)
		d->id = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s == GX_DB_ONE_RESULT ? s : GX_DB_HARD_ERROR;
}

/* Row i of a COLUMNS result (text format) into d. */
static void read_row(const PGresult *r, int i, struct gx_lb_document *d)
{
	memset(d, 0, sizeof(*d));
	d->id = gx_pg_int(r, i, 0);
	d->space_id = gx_pg_int(r, i, 1);
	gx_pg_copy_text(r, i, 2, d->org, sizeof(d->org));
	gx_pg_copy_text(r, i, 3, d->doc_type, sizeof(d->doc_type));
	gx_pg_copy_text(r, i, 4, d->title, sizeof(d->title));
	gx_pg_copy_text(r, i, 5, d->notice_title, sizeof(d->notice_title));
	gx_pg_copy_text(r, i, 6, d->file_name, sizeof(d->file_name));
	gx_pg_copy_text(r, i, 7, d->content_type, sizeof(d->content_type));
	d->size = gx_pg_int(r, i, 8);
	gx_pg_copy_text(r, i, 9, d->sha256, sizeof(d->sha256));
	gx_pg_copy_text(r, i, 10, d->due_date, sizeof(d->due_date));
	d->confirmation_required = gx_pg_int(r, i, 11) != 0;
	d->submission_id = gx_pg_int(r, i, 12);
	gx_pg_copy_text(r, i, 13, d->sender, sizeof(d->sender));
	d->delivered_at_us = gx_pg_int(r, i, 14);
	d->expires_at_us = gx_pg_int(r, i, 15);
	d->read_at_us = gx_pg_int(r, i, 16);
	d->confirmed_at_us = gx_pg_int(r, i, 17);
	d->archived = gx_pg_int(r, i, 18) != 0;
}

static enum gx_db_status get(struct gx_store_conn *conn, long long id, struct gx_lb_document *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, id);
	enum gx_db_status s = run(conn, GX_PG_LB_GET, get_sql, GX_PG_READ, &p, &r);
	if (s == GX_DB_ONE_RESULT)
		read_row(r, 0, out);
	if (s >= 0)
		PQclear(r);
	return s;
}

static enum gx_db_status content(struct gx_store_conn *conn, long long id, void **data, size_t *len)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_LB_CONTENT, content_sql, GX_PG_READ, &p, 1, &r);
	if (s < 0)
		return s;
	if (s == GX_DB_ONE_RESULT) {
		size_t n = (size_t)PQgetlength(r, 0, 0);
		*data = malloc(n > 0 ? n : 1);
		if (*data == NULL)
			s = GX_DB_HARD_ERROR;
		else if (n > 0)
			memcpy(*data, PQgetvalue(r, 0, 0), n);
		*len = n;
	}
	PQclear(r);
	return s;
}

static enum gx_db_status update_at(struct gx_store_conn *conn, enum gx_pg_stmt_id sid, const char *sql, long long id,
				   long long v)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, id);
	gx_pg_param_int(&p, v);
	return run(conn, sid, sql, GX_PG_WRITE, &p, NULL);
}

static enum gx_db_status mark_read(struct gx_store_conn *conn, long long id, long long at_us)
{
	return update_at(conn, GX_PG_LB_MARK_READ, mark_read_sql, id, at_us);
}

static enum gx_db_status confirm(struct gx_store_conn *conn, long long id, long long at_us)
{
	return update_at(conn, GX_PG_LB_CONFIRM, confirm_sql, id, at_us);
}

static enum gx_db_status archive(struct gx_store_conn *conn, long long id, bool archived)
{
	return update_at(conn, GX_PG_LB_ARCHIVE, archive_sql, id, archived ? 1 : 0);
}

static enum gx_db_status list(struct gx_store_conn *conn, const struct gx_lb_query *q, struct gx_lb_document *rows,
			      size_t limit, size_t *n, bool *more)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, q->space_id);
	gx_pg_param_int(&p, q->archived ? 1 : 0);
	param_text_or_null(&p, q->org);
	param_text_or_null(&p, q->doc_type);
	gx_pg_param_int(&p, q->unread < 0 ? -1 : q->unread > 0 ? 1 : 0);
	for (int i = 0; i < GX_LB_SEARCH_WORDS; i++)
		param_text_or_null(&p, q->words[i]);
	gx_pg_param_int(&p, (long long)limit + 1);
	gx_pg_param_int(&p, q->offset);
	enum gx_db_status s = q->unread < 0 ? run(conn, GX_PG_LB_LIST, list_sql, GX_PG_READ, &p, &r)
					    : run(conn, GX_PG_LB_LIST_STATE, list_state_sql, GX_PG_READ, &p, &r);
	if (s < 0)
		return s;
	int nrows = PQntuples(r);
	for (int i = 0; i < nrows; i++) {
		if (*n == limit) {
			*more = true;
			break;
		}
		read_row(r, i, &rows[(*n)++]);
	}
	PQclear(r);
	return *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

static enum gx_db_status unread_count(struct gx_store_conn *conn, long long space_id, long long *n)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, space_id);
	enum gx_db_status s = run(conn, GX_PG_LB_UNREAD, unread_sql, GX_PG_READ, &p, &r);
	if (s == GX_DB_ONE_RESULT)
		*n = gx_pg_int(r, 0, 0);
	if (s >= 0)
		PQclear(r);
	return s;
}

static enum gx_db_status tombstone_get(struct gx_store_conn *conn, long long id, struct gx_lb_tombstone *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, id);
	enum gx_db_status s = run(conn, GX_PG_LB_TOMBSTONE_GET, tombstone_get_sql, GX_PG_READ, &p, &r);
	if (s == GX_DB_ONE_RESULT) {
		out->id = gx_pg_int(r, 0, 0);
		out->space_id = gx_pg_int(r, 0, 1);
		gx_pg_copy_text(r, 0, 2, out->org, sizeof(out->org));
		gx_pg_copy_text(r, 0, 3, out->doc_type, sizeof(out->doc_type));
		gx_pg_copy_text(r, 0, 4, out->sha256, sizeof(out->sha256));
		out->delivered_at_us = gx_pg_int(r, 0, 5);
		out->read_at_us = gx_pg_int(r, 0, 6);
		out->confirmed_at_us = gx_pg_int(r, 0, 7);
		out->purged_at_us = gx_pg_int(r, 0, 8);
	}
	if (s >= 0)
		PQclear(r);
	return s;
}

static enum gx_db_status purge(struct gx_store_conn *conn, long long now_us, size_t limit, size_t *purged)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, now_us);
	gx_pg_param_int(&p, (long long)limit);
	enum gx_db_status s = run(conn, GX_PG_LB_PURGE, purge_sql, GX_PG_WRITE, &p, &r);
	if (s < 0)
		return s;
	*purged = (size_t)PQntuples(r);
	PQclear(r);
	return s;
}

/* outbox.c */
enum gx_db_status gx_pg_outbox_add(struct gx_store_conn *conn, const struct gx_outbox_entry *e);
enum gx_db_status gx_pg_outbox_take(struct gx_store_conn *conn, long long now_us, long long lease_until_us,
				    struct gx_outbox_due *out);
enum gx_db_status gx_pg_outbox_finish(struct gx_store_conn *conn, long long id, const char *state,
				      unsigned smtp_code, long long at_us);
enum gx_db_status gx_pg_outbox_retry(struct gx_store_conn *conn, long long id, long long due_at_us);
enum gx_db_status gx_pg_outbox_of(struct gx_store_conn *conn, long long document_id, long long submission_id,
				  char **out);
enum gx_db_status gx_pg_email_code_get(struct gx_store_conn *conn, long long person_id,
				       struct gx_email_code_row *out);
enum gx_db_status gx_pg_email_code_put(struct gx_store_conn *conn, const struct gx_email_code_row *row);
enum gx_db_status gx_pg_cert_put(struct gx_store_conn *conn, const struct gx_cert_row *row);
enum gx_db_status gx_pg_cert_get(struct gx_store_conn *conn, const char *code, struct gx_cert_row *out);

const struct gx_store_lb_ops gx_pg_lb_ops = {
	.recipient = recipient,
	.space_person = space_person,
	.optin_get = optin_get,
	.optin_set = optin_set,
	.optins = optins,
	.insert = insert,
	.get = get,
	.content = content,
	.mark_read = mark_read,
	.confirm = confirm,
	.archive = archive,
	.list = list,
	.unread_count = unread_count,
	.tombstone_get = tombstone_get,
	.purge = purge,
	.outbox_add = gx_pg_outbox_add,
	.outbox_take = gx_pg_outbox_take,
	.outbox_finish = gx_pg_outbox_finish,
	.outbox_retry = gx_pg_outbox_retry,
	.outbox_of = gx_pg_outbox_of,
	.email_code_get = gx_pg_email_code_get,
	.email_code_put = gx_pg_email_code_put,
	.cert_put = gx_pg_cert_put,
	.cert_get = gx_pg_cert_get,
};
