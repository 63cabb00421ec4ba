/* Corrections' store methods (corrections.h): dispatch to the backend, a
 * register's refused on a platform store and the platform's on a register's. */

#include "store/corrections_int.h"

#include <string.h>

static bool schema_is(struct gx_store_conn *conn, enum gx_store_schema schema)
{
	return conn->store != NULL && conn->store->cfg.schema == schema && conn->ops->corrections != NULL &&
	       conn->ops->registry_corrections != NULL;
}

#define REGISTRY(conn) schema_is(conn, GX_STORE_SCHEMA_REGISTRY)

enum gx_db_status gx_store_registry_correction_insert(struct gx_store_conn *conn,
						      const struct gx_registry_correction_new *c,
						      const struct gx_store_evidence *files, size_t n, long long *id)
{
	if (!REGISTRY(conn) || c == NULL || (n > 0 && files == NULL))
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_corrections->registry_insert(conn, c, files, n, id);
}

enum gx_db_status gx_store_registry_correction_get(struct gx_store_conn *conn, long long id, const char *client,
						   char **out)
{
	*out = NULL;
	if (!REGISTRY(conn))
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_corrections->registry_get(conn, id, client, out);
}

enum gx_db_status gx_store_registry_correction_by_request(struct gx_store_conn *conn, const char *client,
							  const char *request_id, char **out)
{
	*out = NULL;
	if (!REGISTRY(conn) || client == NULL || request_id == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_corrections->registry_by_request(conn, client, request_id, out);
}

enum gx_db_status gx_store_registry_corrections_list(struct gx_store_conn *conn, const char *which, size_t limit,
						     char **out)
{
	*out = NULL;
	if (!REGISTRY(conn) || which == NULL ||
	    (strcmp(which, "open") != 0 && strcmp(which, "decided") != 0 && strcmp(which, "all") != 0))
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_corrections->registry_list(conn, which, limit, out);
}

enum gx_db_status gx_store_registry_correction_set_status(struct gx_store_conn *conn, long long id,
							  const char *status, const char *decision_json,
							  long long at_us)
{
	if (!REGISTRY(conn) || status == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_corrections->registry_set_status(conn, id, status, decision_json, at_us);
}

enum gx_db_status gx_store_registry_correction_feed_append(struct gx_store_conn *conn, const char *client,
							   long long id, long long at_us, const char *kind,
							   const char *data_json, long long *seq)
{
	if (!REGISTRY(conn) || client == NULL || kind == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_corrections->registry_feed_append(conn, client, id, at_us, kind,
							     data_json != NULL ? data_json : "{}", seq);
}

enum gx_db_status gx_store_registry_correction_feed(struct gx_store_conn *conn, const char *client, long long after,
						    size_t limit, char **out, long long *last)
{
	*out = NULL;
	if (!REGISTRY(conn) || client == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_corrections->registry_feed(conn, client, after, limit, out, last);
}

enum gx_db_status gx_store_registry_evidence_get(struct gx_store_conn *conn, long long id, int seq,
						 struct gx_store_evidence *out)
{
	memset(out, 0, sizeof(*out));
	if (!REGISTRY(conn))
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_corrections->registry_evidence_get(conn, id, seq, out);
}

/* --- a person's requests (schema PLATFORM) ------------------------------------------------ */

#define PLATFORM(conn) schema_is(conn, GX_STORE_SCHEMA_PLATFORM)
#define OPS(conn) ((conn)->ops->corrections)

enum gx_db_status gx_store_correction_insert(struct gx_store_conn *conn, const struct gx_correction_new *c,
					     const struct gx_store_evidence *files, size_t n, long long *id)
{
	if (!PLATFORM(conn) || c == NULL || (n > 0 && files == NULL))
		return GX_DB_HARD_ERROR;
	return OPS(conn)->insert(conn, c, files, n, id);
}

enum gx_db_status gx_store_correction_get(struct gx_store_conn *conn, long long person_id, long long id, char **out)
{
	*out = NULL;
	return PLATFORM(conn) ? OPS(conn)->get(conn, person_id, id, out) : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_store_correction_by_key(struct gx_store_conn *conn, long long person_id, const char *client_key,
					     char **out)
{
	*out = NULL;
	return PLATFORM(conn) && client_key != NULL ? OPS(conn)->by_key(conn, person_id, client_key, out)
						    : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_store_correction_by_request(struct gx_store_conn *conn, const char *request_id, char **out)
{
	*out = NULL;
	return PLATFORM(conn) && request_id != NULL ? OPS(conn)->by_request(conn, request_id, out) : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_store_corrections_of(struct gx_store_conn *conn, long long person_id, size_t limit, char **out)
{
	*out = NULL;
	return PLATFORM(conn) ? OPS(conn)->of(conn, person_id, limit, out) : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_store_corrections_outbox(struct gx_store_conn *conn, long long now_us, size_t limit, char **out)
{
	*out = NULL;
	return PLATFORM(conn) ? OPS(conn)->outbox(conn, now_us, limit, out) : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_store_correction_events(struct gx_store_conn *conn, long long id, char **out)
{
	*out = NULL;
	return PLATFORM(conn) ? OPS(conn)->events(conn, id, out) : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_store_correction_event_append(struct gx_store_conn *conn, long long id, long long at_us,
						   const char *kind, const char *detail_json, bool notify, int *seq)
{
	if (!PLATFORM(conn) || kind == NULL)
		return GX_DB_HARD_ERROR;
	return OPS(conn)->event_append(conn, id, at_us, kind, detail_json, notify, seq);
}

enum gx_db_status gx_store_correction_evidence_list(struct gx_store_conn *conn, long long id, char **out)
{
	*out = NULL;
	return PLATFORM(conn) ? OPS(conn)->evidence_list(conn, id, out) : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_store_correction_evidence_get(struct gx_store_conn *conn, long long id, int seq,
						   struct gx_store_evidence *out)
{
	memset(out, 0, sizeof(*out));
	return PLATFORM(conn) ? OPS(conn)->evidence_get(conn, id, seq, out) : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_store_correction_change(struct gx_store_conn *conn, const struct gx_correction_change *ch)
{
	if (!PLATFORM(conn) || ch == NULL || (ch->kind == GX_CC_DECIDED && ch->status == NULL) ||
	    (ch->kind == GX_CC_SENT && ch->due == NULL))
		return GX_DB_HARD_ERROR;
	return OPS(conn)->change(conn, ch);
}

enum gx_db_status gx_store_correction_feed_get(struct gx_store_conn *conn, const char *register_name, long long *last)
{
	*last = 0;
	return PLATFORM(conn) && register_name != NULL ? OPS(conn)->feed_get(conn, register_name, last) : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_store_correction_feed_set(struct gx_store_conn *conn, const char *register_name, long long last)
{
	return PLATFORM(conn) && register_name != NULL ? OPS(conn)->feed_set(conn, register_name, last) : GX_DB_HARD_ERROR;
}
