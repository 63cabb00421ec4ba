#ifndef GX_STORE_CORRECTIONS_INT_H
#define GX_STORE_CORRECTIONS_INT_H

/** What a backend implements for corrections.h: a table of its own, which
 *  struct gx_store_ops points at (corrections.c dispatches and refuses a
 *  schema's methods on the other's store). */

#include "store/corrections.h"
#include "store/store_int.h"

/* schema REGISTRY */
struct gx_store_registry_correction_ops {
	enum gx_db_status (*registry_insert)(struct gx_store_conn *conn, const struct gx_registry_correction_new *c,
					     const struct gx_store_evidence *files, size_t n, long long *id);
	enum gx_db_status (*registry_get)(struct gx_store_conn *conn, long long id, const char *client, char **out);
	enum gx_db_status (*registry_by_request)(struct gx_store_conn *conn, const char *client, const char *request_id,
						 char **out);
	enum gx_db_status (*registry_list)(struct gx_store_conn *conn, const char *which, size_t limit, char **out);
	enum gx_db_status (*registry_set_status)(struct gx_store_conn *conn, long long id, const char *status,
						 const char *decision_json, long long at_us);
	enum gx_db_status (*registry_feed_append)(struct gx_store_conn *conn, const char *client, long long id,
						  long long at_us, const char *kind, const char *data_json,
						  long long *seq);
	enum gx_db_status (*registry_feed)(struct gx_store_conn *conn, const char *client, long long after, size_t limit,
					   char **out, long long *last);
	enum gx_db_status (*registry_evidence_get)(struct gx_store_conn *conn, long long id, int seq,
						   struct gx_store_evidence *out);
};

/* schema PLATFORM */
struct gx_store_correction_ops {
	enum gx_db_status (*insert)(struct gx_store_conn *conn, const struct gx_correction_new *c,
				    const struct gx_store_evidence *files, size_t n, long long *id);
	enum gx_db_status (*get)(struct gx_store_conn *conn, long long person_id, long long id, char **out);
	enum gx_db_status (*by_key)(struct gx_store_conn *conn, long long person_id, const char *client_key, char **out);
	enum gx_db_status (*by_request)(struct gx_store_conn *conn, const char *request_id, char **out);
	enum gx_db_status (*of)(struct gx_store_conn *conn, long long person_id, size_t limit, char **out);
	enum gx_db_status (*outbox)(struct gx_store_conn *conn, long long now_us, size_t limit, char **out);
	enum gx_db_status (*events)(struct gx_store_conn *conn, long long id, char **out);
	enum gx_db_status (*event_append)(struct gx_store_conn *conn, long long id, long long at_us, const char *kind,
					  const char *detail_json, bool notify, int *seq);
	enum gx_db_status (*evidence_list)(struct gx_store_conn *conn, long long id, char **out);
	enum gx_db_status (*evidence_get)(struct gx_store_conn *conn, long long id, int seq, struct gx_store_evidence *out);
	enum gx_db_status (*change)(struct gx_store_conn *conn, const struct gx_correction_change *ch);
	enum gx_db_status (*feed_get)(struct gx_store_conn *conn, const char *register_name, long long *last);
	enum gx_db_status (*feed_set)(struct gx_store_conn *conn, const char *register_name, long long last);
};

extern const struct gx_store_registry_correction_ops gx_sqlite_registry_correction_ops;
extern const struct gx_store_registry_correction_ops gx_pg_registry_correction_ops;
extern const struct gx_store_correction_ops gx_sqlite_correction_ops;
extern const struct gx_store_correction_ops gx_pg_correction_ops;

#endif
