/* The letter box's store methods (letterbox.h): checks of what every
 * backend would refuse anyway, then the backend's function. */

#include "store/letterbox.h"

#include <string.h>

#include "store/letterbox_int.h"
#include "store/store_int.h"

#define LB(name, ...)                                                         \
	do {                                                                  \
		if (conn->ops->lb == NULL || conn->ops->lb->name == NULL)     \
			return GX_DB_HARD_ERROR;                              \
		return conn->ops->lb->name(conn, __VA_ARGS__);                \
	} while (0)

enum gx_db_status gx_store_lb_recipient(struct gx_store_conn *conn, const char *national_id, long long *person_id,
					long long *space_id)
{
	*person_id = *space_id = 0;
	if (national_id == NULL)
		return GX_DB_NO_RESULTS;
	LB(recipient, national_id, person_id, space_id);
}

enum gx_db_status gx_store_lb_space_person(struct gx_store_conn *conn, long long space_id, long long *person_id)
{
	*person_id = 0;
	LB(space_person, space_id, person_id);
}

enum gx_db_status gx_store_lb_optin_get(struct gx_store_conn *conn, long long space_id, const char *org,
					const char *doc_type)
{
	if (org == NULL || doc_type == NULL)
		return GX_DB_NO_RESULTS;
	LB(optin_get, space_id, org, doc_type);
}

enum gx_db_status gx_store_lb_optin_set(struct gx_store_conn *conn, long long space_id, const char *org,
					const char *doc_type, bool on, long long at_us)
{
	if (org == NULL || doc_type == NULL)
		return GX_DB_HARD_ERROR;
	LB(optin_set, space_id, org, doc_type, on, at_us);
}

enum gx_db_status gx_store_lb_optins(struct gx_store_conn *conn, long long space_id, char **out)
{
	*out = NULL;
	LB(optins, space_id, out);
}

enum gx_db_status gx_store_lb_insert(struct gx_store_conn *conn, struct gx_lb_document *d)
{
	if (d->data == NULL || d->title_folded == NULL || d->size < 0)
		return GX_DB_HARD_ERROR;
	LB(insert, d);
}

enum gx_db_status gx_store_lb_get(struct gx_store_conn *conn, long long id, struct gx_lb_document *out)
{
	memset(out, 0, sizeof(*out));
	LB(get, id, out);
}

enum gx_db_status gx_store_lb_content(struct gx_store_conn *conn, long long id, void **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	LB(content, id, data, len);
}

enum gx_db_status gx_store_lb_mark_read(struct gx_store_conn *conn, long long id, long long at_us)
{
	LB(mark_read, id, at_us);
}

enum gx_db_status gx_store_lb_confirm(struct gx_store_conn *conn, long long id, long long at_us)
{
	LB(confirm, id, at_us);
}

enum gx_db_status gx_store_lb_archive(struct gx_store_conn *conn, long long id, bool archived)
{
	LB(archive, id, archived);
}

enum gx_db_status gx_store_lb_list(struct gx_store_conn *conn, const struct gx_lb_query *q,
				   struct gx_lb_document *rows, size_t limit, size_t *n, bool *more)
{
	*n = 0;
	*more = false;
	LB(list, q, rows, limit, n, more);
}

enum gx_db_status gx_store_lb_unread_count(struct gx_store_conn *conn, long long space_id, long long *n)
{
	*n = 0;
	LB(unread_count, space_id, n);
}

enum gx_db_status gx_store_lb_tombstone_get(struct gx_store_conn *conn, long long id, struct gx_lb_tombstone *out)
{
	memset(out, 0, sizeof(*out));
	LB(tombstone_get, id, out);
}

enum gx_db_status gx_store_lb_purge(struct gx_store_conn *conn, long long now_us, size_t limit, size_t *purged)
{
	*purged = 0;
	LB(purge, now_us, limit, purged);
}

enum gx_db_status gx_store_outbox_add(struct gx_store_conn *conn, const struct gx_outbox_entry *e)
{
	if (e->kind == NULL || e->org == NULL)
		return GX_DB_HARD_ERROR;
	LB(outbox_add, e);
}

enum gx_db_status gx_store_outbox_take(struct gx_store_conn *conn, long long now_us, long long lease_until_us,
				       struct gx_outbox_due *out)
{
	memset(out, 0, sizeof(*out));
	LB(outbox_take, now_us, lease_until_us, out);
}

enum gx_db_status gx_store_outbox_finish(struct gx_store_conn *conn, long long id, const char *state,
					 unsigned smtp_code, long long at_us)
{
	if (state == NULL)
		return GX_DB_HARD_ERROR;
	LB(outbox_finish, id, state, smtp_code, at_us);
}

enum gx_db_status gx_store_outbox_retry(struct gx_store_conn *conn, long long id, long long due_at_us)
{
	LB(outbox_retry, id, due_at_us);
}

enum gx_db_status gx_store_outbox_of(struct gx_store_conn *conn, long long document_id, long long submission_id,
				     char **out)
{
	*out = NULL;
	LB(outbox_of, document_id, submission_id, out);
}

enum gx_db_status gx_store_email_code_get(struct gx_store_conn *conn, long long person_id,
					  struct gx_email_code_row *out)
{
	memset(out, 0, sizeof(*out));
	LB(email_code_get, person_id, out);
}

enum gx_db_status gx_store_email_code_put(struct gx_store_conn *conn, const struct gx_email_code_row *row)
{
	LB(email_code_put, row);
}

enum gx_db_status gx_store_cert_put(struct gx_store_conn *conn, const struct gx_cert_row *row)
{
	if (row->statement == NULL)
		return GX_DB_HARD_ERROR;
	LB(cert_put, row);
}

enum gx_db_status gx_store_cert_get(struct gx_store_conn *conn, const char *code, struct gx_cert_row *out)
{
	memset(out, 0, sizeof(*out));
	if (code == NULL)
		return GX_DB_NO_RESULTS;
	LB(cert_get, code, out);
}
