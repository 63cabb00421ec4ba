#ifndef GX_STORE_LETTERBOX_INT_H
#define GX_STORE_LETTERBOX_INT_H

/** What a backend implements for store/letterbox.h: one table of
 *  functions, reached from struct gx_store_ops's lb member. */

#include "store/letterbox.h"

struct gx_store_lb_ops {
	enum gx_db_status (*recipient)(struct gx_store_conn *conn, const char *national_id, long long *person_id,
				       long long *space_id);
	enum gx_db_status (*space_person)(struct gx_store_conn *conn, long long space_id, long long *person_id);
	enum gx_db_status (*optin_get)(struct gx_store_conn *conn, long long space_id, const char *org,
				       const char *doc_type);
	enum gx_db_status (*optin_set)(struct gx_store_conn *conn, long long space_id, const char *org,
				       const char *doc_type, bool on, long long at_us);
	enum gx_db_status (*optins)(struct gx_store_conn *conn, long long space_id, char **out);
	enum gx_db_status (*insert)(struct gx_store_conn *conn, struct gx_lb_document *d);
	enum gx_db_status (*get)(struct gx_store_conn *conn, long long id, struct gx_lb_document *out);
	enum gx_db_status (*content)(struct gx_store_conn *conn, long long id, void **data, size_t *len);
	enum gx_db_status (*mark_read)(struct gx_store_conn *conn, long long id, long long at_us);
	enum gx_db_status (*confirm)(struct gx_store_conn *conn, long long id, long long at_us);
	enum gx_db_status (*archive)(struct gx_store_conn *conn, long long id, bool archived);
	enum gx_db_status (*list)(struct gx_store_conn *conn, const struct gx_lb_query *q, struct gx_lb_document *rows,
				  size_t limit, size_t *n, bool *more);
	enum gx_db_status (*unread_count)(struct gx_store_conn *conn, long long space_id, long long *n);
	enum gx_db_status (*tombstone_get)(struct gx_store_conn *conn, long long id, struct gx_lb_tombstone *out);
	enum gx_db_status (*purge)(struct gx_store_conn *conn, long long now_us, size_t limit, size_t *purged);
	enum gx_db_status (*outbox_add)(struct gx_store_conn *conn, const struct gx_outbox_entry *e);
	enum gx_db_status (*outbox_take)(struct gx_store_conn *conn, long long now_us, long long lease_until_us,
					 struct gx_outbox_due *out);
	enum gx_db_status (*outbox_finish)(struct gx_store_conn *conn, long long id, const char *state,
					   unsigned smtp_code, long long at_us);
	enum gx_db_status (*outbox_retry)(struct gx_store_conn *conn, long long id, long long due_at_us);
	enum gx_db_status (*outbox_of)(struct gx_store_conn *conn, long long document_id, long long submission_id,
				       char **out);
	enum gx_db_status (*email_code_get)(struct gx_store_conn *conn, long long person_id,
					    struct gx_email_code_row *out);
	enum gx_db_status (*email_code_put)(struct gx_store_conn *conn, const struct gx_email_code_row *row);
	enum gx_db_status (*cert_put)(struct gx_store_conn *conn, const struct gx_cert_row *row);
	enum gx_db_status (*cert_get)(struct gx_store_conn *conn, const char *code, struct gx_cert_row *out);
};

extern const struct gx_store_lb_ops gx_sqlite_lb_ops;
extern const struct gx_store_lb_ops gx_pg_lb_ops;

#endif
