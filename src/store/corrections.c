/* Corrections' store methods (corrections.h): dispatch to the backend, a
 * register's refused on a platform store and the platform's on a register's. */

#include "store/corrections_int.h"

#include <string.h>

static bool schema_is(struct gx_store_conn *conn, enum gx_store_schema schema)
{
	return conn->store != NULL && conn->store->cfg.schema == schema && conn->ops->corrections != NULL;
}

#define REGISTRY(conn) schema_is(conn, GX_STORE_SCHEMA_REGISTRY)

enum gx_db_status gx_store_registry_correction_insert(struct gx_store_conn *conn,
						      const struct gx_registry_correction_new *c,
						      const struct gx_registry_evidence *files, size_t n, long long *id)
{
	if (!REGISTRY(conn) || c == NULL || (n > 0 && files == NULL))
		return GX_DB_HARD_ERROR;
	return conn->ops->corrections->registry_insert(conn, c, files, n, id);
}

enum gx_db_status gx_store_registry_correction_get(struct gx_store_conn *conn, long long id, const char *client,
						   char **out)
{
	*out = NULL;
	if (!REGISTRY(conn))
		return GX_DB_HARD_ERROR;
	return conn->ops->corrections->registry_get(conn, id, client, out);
}

enum gx_db_status gx_store_registry_correction_by_request(struct gx_store_conn *conn, const char *client,
							  const char *request_id, char **out)
{
	*out = NULL;
	if (!REGISTRY(conn) || client == NULL || request_id == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->corrections->registry_by_request(conn, client, request_id, out);
}

enum gx_db_status gx_store_registry_corrections_list(struct gx_store_conn *conn, const char *which, size_t limit,
						     char **out)
{
	*out = NULL;
	if (!REGISTRY(conn) || which == NULL ||
	    (strcmp(which, "open") != 0 && strcmp(which, "decided") != 0 && strcmp(which, "all") != 0))
		return GX_DB_HARD_ERROR;
	return conn->ops->corrections->registry_list(conn, which, limit, out);
}

enum gx_db_status gx_store_registry_correction_set_status(struct gx_store_conn *conn, long long id,
							  const char *status, const char *decision_json,
							  long long at_us)
{
	if (!REGISTRY(conn) || status == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->corrections->registry_set_status(conn, id, status, decision_json, at_us);
}

enum gx_db_status gx_store_registry_correction_feed_append(struct gx_store_conn *conn, const char *client,
							   long long id, long long at_us, const char *kind,
							   const char *data_json, long long *seq)
{
	if (!REGISTRY(conn) || client == NULL || kind == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->corrections->registry_feed_append(conn, client, id, at_us, kind,
							     data_json != NULL ? data_json : "{}", seq);
}

enum gx_db_status gx_store_registry_correction_feed(struct gx_store_conn *conn, const char *client, long long after,
						    size_t limit, char **out, long long *last)
{
	*out = NULL;
	if (!REGISTRY(conn) || client == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->corrections->registry_feed(conn, client, after, limit, out, last);
}

enum gx_db_status gx_store_registry_evidence_get(struct gx_store_conn *conn, long long id, int seq,
						 struct gx_registry_evidence *out)
{
	memset(out, 0, sizeof(*out));
	if (!REGISTRY(conn))
		return GX_DB_HARD_ERROR;
	return conn->ops->corrections->registry_evidence_get(conn, id, seq, out);
}
