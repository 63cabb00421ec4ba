/** The store's front: picks the backend, owns the process-wide handle, dispatches each call. */

#include "store/store.h"

#include "config/config.h"
#include "store/group_commit.h"
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct gx_store_ops *const backends[] = {
	&gx_store_sqlite_ops,
	&gx_store_pg_ops,
};

void gx_store_config_defaults(struct gx_store_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->backend = "sqlite";
	cfg->schema = GX_STORE_SCHEMA_PLATFORM;
	cfg->sqlite_path = "guichet.db";
	cfg->pg_conninfo = "dbname=guichet";
	cfg->pg_override = NULL;
	cfg->busy_timeout_ms = 2000;
	cfg->tx_max_attempts = 5;
	cfg->group_commit_max_batch = 256;
	cfg->group_commit_max_wait_us = 0;
	cfg->group_commit_queue_cap = 8192;
	cfg->wal_checkpoint_pages = 8000;
}

void gx_store_config_from(struct gx_store_config *cfg, const struct gx_config *c, enum gx_store_schema schema)
{
	gx_store_config_defaults(cfg);
	cfg->schema = schema;
	cfg->backend = c->store_backend;
	cfg->sqlite_path = c->sqlite_path;
	cfg->pg_conninfo = c->pg_conninfo;
	cfg->busy_timeout_ms = (int)c->busy_timeout_ms;
	cfg->group_commit_max_batch = c->group_commit_max_batch;
	cfg->group_commit_max_wait_us = c->group_commit_max_wait_us;
	cfg->group_commit_queue_cap = c->group_commit_queue_cap;
}

static char *dup_or_null(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

static void free_strings(struct gx_store *store)
{
	free(store->backend_name);
	free(store->sqlite_path);
	free(store->pg_conninfo);
	free(store->pg_override);
}

int gx_store_open(const struct gx_store_config *cfg, struct gx_store **out, char *err, size_t err_size)
{
	int rc = GX_STORE_ERR;
	struct gx_store *store = NULL;
	const struct gx_store_ops *ops = NULL;

	*out = NULL;
	if (err_size > 0)
		err[0] = '\0';
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (cfg->backend != NULL && strcmp(cfg->backend, backends[i]->name) == 0)
			ops = backends[i];
	if (ops == NULL) {
		snprintf(err, err_size, "store: unknown backend \"%s\"", cfg->backend ? cfg->backend : "(null)");
		goto fail;
	}
	if (cfg->schema != GX_STORE_SCHEMA_PLATFORM && cfg->schema != GX_STORE_SCHEMA_REGISTRY) {
		snprintf(err, err_size, "store: unknown schema %d", (int)cfg->schema);
		goto fail;
	}
	if (cfg->group_commit_max_batch == 0 || cfg->group_commit_queue_cap == 0 || cfg->tx_max_attempts == 0) {
		snprintf(err, err_size, "store: group-commit batch, queue capacity and tx attempts must be >= 1");
		goto fail;
	}
	store = calloc(1, sizeof(*store));
	if (store == NULL)
		goto oom;
	store->ops = ops;
	store->cfg = *cfg;
	store->backend_name = dup_or_null(cfg->backend);
	store->sqlite_path = dup_or_null(cfg->sqlite_path);
	store->pg_conninfo = dup_or_null(cfg->pg_conninfo);
	store->pg_override = dup_or_null(cfg->pg_override);
	if (store->backend_name == NULL || (cfg->sqlite_path != NULL && store->sqlite_path == NULL) ||
	    (cfg->pg_conninfo != NULL && store->pg_conninfo == NULL) || (cfg->pg_override != NULL && store->pg_override == NULL))
		goto oom;
	store->cfg.backend = store->backend_name;
	store->cfg.sqlite_path = store->sqlite_path;
	store->cfg.pg_conninfo = store->pg_conninfo;
	store->cfg.pg_override = store->pg_override;

	rc = ops->open(&store->cfg, &store->state, err, err_size);
	if (rc != GX_STORE_OK)
		goto fail;
	store->gc = gx_group_commit_start(store, err, err_size);
	if (store->gc == NULL) {
		rc = GX_STORE_ERR;
		goto fail;
	}
	*out = store;
	return GX_STORE_OK;
oom:
	snprintf(err, err_size, "store: out of memory");
	rc = GX_STORE_ERR;
fail:
	if (store != NULL) {
		if (store->state != NULL)
			ops->close(store->state);
		free_strings(store);
		free(store);
	}
	return rc;
}

void gx_store_close(struct gx_store *store)
{
	if (store == NULL)
		return;
	gx_group_commit_stop(store->gc);
	store->ops->close(store->state);
	free_strings(store);
	free(store);
}

struct gx_store_conn *gx_store_conn_open(struct gx_store *store)
{
	struct gx_store_conn *conn = store->ops->conn_open(store->state, false);
	if (conn == NULL)
		return NULL;
	conn->store = store;
	conn->ops = store->ops;
	return conn;
}

void gx_store_conn_close(struct gx_store_conn *conn)
{
	if (conn == NULL)
		return;
	gx_store_conn_rollback_if_open(conn);
	conn->ops->conn_close(conn);
}

enum gx_db_status gx_store_tx_begin(struct gx_store_conn *conn, bool write)
{
	return conn->ops->tx_begin(conn, write);
}

enum gx_db_status gx_store_tx_commit(struct gx_store_conn *conn)
{
	return conn->ops->tx_commit(conn);
}

void gx_store_tx_rollback(struct gx_store_conn *conn)
{
	conn->ops->tx_rollback(conn);
}

bool gx_store_conn_in_tx(struct gx_store_conn *conn)
{
	return conn->ops->in_tx(conn);
}

bool gx_store_conn_rollback_if_open(struct gx_store_conn *conn)
{
	if (!conn->ops->in_tx(conn))
		return false;
	conn->ops->tx_rollback(conn);
	return true;
}

enum gx_db_status gx_store_ping(struct gx_store_conn *conn)
{
	return conn->ops->ping(conn);
}

uint64_t gx_store_conn_unreachable(struct gx_store_conn *conn)
{
	return conn->ops->unreachable != NULL ? conn->ops->unreachable(conn) : 0;
}

int gx_store_schema_ready(struct gx_store_conn *conn)
{
	return conn->ops->schema_ready(conn);
}

int gx_store_durable_submit(struct gx_store *store, gx_store_write_fn write, gx_store_done_fn done, void *arg)
{
	return gx_group_commit_submit(store->gc, write, done, arg);
}

void gx_store_durable_drain(struct gx_store *store)
{
	gx_group_commit_drain(store->gc);
}

void gx_store_durable_stats(struct gx_store *store, struct gx_store_durable_stats *out)
{
	gx_group_commit_stats(store->gc, out);
}

void gx_store_durable_peaks_take(struct gx_store *store, struct gx_store_durable_stats *out)
{
	gx_group_commit_peaks_take(store->gc, out);
}

enum gx_db_status gx_store_access_record_append(struct gx_store_conn *conn, const struct gx_access_record *rec)
{
	long long id = 0;
	enum gx_db_status st = conn->ops->access_record_append(conn, rec, &id);
	if (st >= 0) {
		if (conn->records_written == 0 || id < conn->records_min_id)
			conn->records_min_id = id;
		if (conn->records_written == 0 || id > conn->records_max_id)
			conn->records_max_id = id;
		conn->records_written++;
	}
	return st;
}

enum gx_db_status gx_store_access_records_count(struct gx_store_conn *conn, const char *subject, long long *out)
{
	return conn->ops->access_records_count(conn, subject, out);
}

enum gx_db_status gx_store_search_refresh(struct gx_store_conn *conn, const struct gx_search_doc *docs, size_t n,
					  const char *fingerprint, long long now_us, bool *changed)
{
	return conn->ops->search_refresh(conn, docs, n, fingerprint, now_us, changed);
}

long gx_store_search(struct gx_store_conn *conn, const char *lang, const struct gx_search_group *groups,
		     size_t ngroups, struct gx_search_hit *out, size_t max)
{
	if (ngroups == 0 || ngroups > GX_SEARCH_GROUPS_MAX)
		return GX_DB_HARD_ERROR;
	for (size_t i = 0; i < ngroups; i++)
		if (groups[i].nterms == 0 || groups[i].nterms > GX_SEARCH_TERMS_MAX)
			return GX_DB_HARD_ERROR;
	return conn->ops->search(conn, lang, groups, ngroups, out, max);
}

enum gx_db_status gx_store_guest_reference(struct gx_store_conn *conn, const unsigned char token_hash[32], char *ref,
					   size_t ref_size)
{
	return conn->ops->guest_reference(conn, token_hash, ref, ref_size);
}

enum gx_db_status gx_store_guest_space_create(struct gx_store_conn *conn, long long now_us, long long *space_id)
{
	return conn->ops->guest_space_create(conn, now_us, space_id);
}

enum gx_db_status gx_store_guest_submission_put(struct gx_store_conn *conn, long long submission_id,
						const unsigned char token_hash[32], long long now_us)
{
	return conn->ops->guest_submission_put(conn, submission_id, token_hash, now_us);
}

enum gx_db_status gx_store_guest_limit_add(struct gx_store_conn *conn, const unsigned char key_hash[32],
					   long long window_start_us, long long forget_before_us, long long *count)
{
	return conn->ops->guest_limit_add(conn, key_hash, window_start_us, forget_before_us, count);
}

enum gx_db_status gx_store_feedback_append(struct gx_store_conn *conn, const struct gx_feedback *fb, long long *id)
{
	return conn->ops->feedback_append(conn, fb, id);
}

enum gx_db_status gx_store_person_login(struct gx_store_conn *conn, const struct gx_person_login *in,
					long long *person_id, long long *private_space_id)
{
	return conn->ops->person_login(conn, in, person_id, private_space_id);
}

enum gx_db_status gx_store_person_get(struct gx_store_conn *conn, long long person_id, struct gx_person *out)
{
	return conn->ops->person_get(conn, person_id, out);
}

enum gx_db_status gx_store_membership(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				      struct gx_membership *out)
{
	return conn->ops->membership(conn, space, person, out);
}

enum gx_db_status gx_store_session_insert(struct gx_store_conn *conn, const struct gx_session_row *row,
					  const char *id_token)
{
	return conn->ops->session_insert(conn, row, id_token);
}

enum gx_db_status gx_store_session_get(struct gx_store_conn *conn, const unsigned char id_hash[GX_SESSION_HASH_BYTES],
				       struct gx_session_row *out)
{
	return conn->ops->session_get(conn, id_hash, out);
}

enum gx_db_status gx_store_session_touch(struct gx_store_conn *conn,
					 const unsigned char id_hash[GX_SESSION_HASH_BYTES], long long last_seen_at_us)
{
	return conn->ops->session_touch(conn, id_hash, last_seen_at_us);
}

enum gx_db_status gx_store_session_delete(struct gx_store_conn *conn,
					  const unsigned char id_hash[GX_SESSION_HASH_BYTES], char *id_token,
					  size_t id_token_size)
{
	return conn->ops->session_delete(conn, id_hash, id_token, id_token_size);
}

enum gx_db_status gx_store_sessions_purge(struct gx_store_conn *conn, long long now_us, long long idle_before_us,
					  long long login_before_us)
{
	return conn->ops->sessions_purge(conn, now_us, idle_before_us, login_before_us);
}

enum gx_db_status gx_store_login_state_put(struct gx_store_conn *conn, const struct gx_login_state *in)
{
	return conn->ops->login_state_put(conn, in);
}

enum gx_db_status gx_store_login_state_take(struct gx_store_conn *conn, const char *state, struct gx_login_state *out)
{
	return conn->ops->login_state_take(conn, state, out);
}

/* A register's methods: refused (hard error) on a platform store, whose
 * database has no such tables; the platform's fail the same way on a register's. */

static bool is_registry(struct gx_store_conn *conn)
{
	return conn->store != NULL && conn->store->cfg.schema == GX_STORE_SCHEMA_REGISTRY;
}

enum gx_db_status gx_store_registry_put(struct gx_store_conn *conn, const char *key_type, const char *key,
					const char *data_json, const char *as_of, long long version)
{
	if (!is_registry(conn) || key_type == NULL || key == NULL || data_json == NULL || as_of == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_put(conn, key_type, key, data_json, as_of, version);
}

enum gx_db_status gx_store_registry_get(struct gx_store_conn *conn, const char *key_type, const char *key,
					struct gx_registry_record *out)
{
	memset(out, 0, sizeof(*out));
	if (!is_registry(conn) || key_type == NULL || key == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_get(conn, key_type, key, out);
}

enum gx_db_status gx_store_registry_access_append(struct gx_store_conn *conn, const struct gx_registry_access *a)
{
	if (!is_registry(conn))
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_access_append(conn, a);
}

enum gx_db_status gx_store_registry_access_count(struct gx_store_conn *conn, long long *out)
{
	if (!is_registry(conn))
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_access_count(conn, out);
}

enum gx_db_status gx_store_registry_access_of(struct gx_store_conn *conn, const char *subject_type,
					      const char *subject, size_t limit, char **out, bool *more)
{
	*out = NULL;
	*more = false;
	if (!is_registry(conn) || subject_type == NULL || subject == NULL || limit == 0)
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_access_of(conn, subject_type, subject, limit, out, more);
}

enum gx_db_status gx_store_registry_records_count(struct gx_store_conn *conn, long long *out)
{
	if (!is_registry(conn))
		return GX_DB_HARD_ERROR;
	return conn->ops->registry_records_count(conn, out);
}

enum gx_db_status gx_store_prefill_choice_set(struct gx_store_conn *conn, long long person_id, const char *reg,
					      bool allowed, long long at_us)
{
	if (conn->ops->prefill_choice_set == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->prefill_choice_set(conn, person_id, reg, allowed, at_us);
}

enum gx_db_status gx_store_prefill_declined(struct gx_store_conn *conn, long long person_id,
					    const char *const *registers, size_t n, bool *declined)
{
	for (size_t i = 0; i < n; i++)
		declined[i] = false;
	if (conn->ops->prefill_declined == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->prefill_declined(conn, person_id, registers, n, declined);
}

enum gx_db_status gx_store_prefill_declined_names(struct gx_store_conn *conn, long long person_id,
						  struct gx_declined_names *out)
{
	memset(out, 0, sizeof(*out));
	if (conn->ops->prefill_declined_names == NULL)
		return GX_DB_HARD_ERROR;
	enum gx_db_status s = conn->ops->prefill_declined_names(conn, person_id, out);
	if (s != GX_DB_ONE_RESULT)
		memset(out, 0, sizeof(*out)); /* nothing half read (or of no one) may be trusted */
	return s;
}

void gx_draft_clear(struct gx_draft *d)
{
	free(d->data_json);
	free(d->provenance_json);
	d->data_json = d->provenance_json = NULL;
}

void gx_submission_clear(struct gx_submission *s)
{
	free(s->data_json);
	free(s->receipt_json);
	s->data_json = s->receipt_json = NULL;
}

enum gx_db_status gx_store_draft_create(struct gx_store_conn *conn, const struct gx_draft *d, long long *id)
{
	GX_STORE_DISPATCH(draft_create, d, id);
}

enum gx_db_status gx_store_draft_get(struct gx_store_conn *conn, long long id, struct gx_draft *out)
{
	GX_STORE_DISPATCH(draft_get, id, out);
}

enum gx_db_status gx_store_draft_save(struct gx_store_conn *conn, long long id, const char *data_json, int step,
				      long long at_us)
{
	GX_STORE_DISPATCH(draft_save, id, data_json, step, at_us);
}

enum gx_db_status gx_store_draft_delete(struct gx_store_conn *conn, long long id)
{
	GX_STORE_DISPATCH(draft_delete, id);
}

enum gx_db_status gx_store_reference_next(struct gx_store_conn *conn, int year, long long *seq)
{
	GX_STORE_DISPATCH(reference_next, year, seq);
}

enum gx_db_status gx_store_submission_insert(struct gx_store_conn *conn, const struct gx_submission *s, long long *id)
{
	GX_STORE_DISPATCH(submission_insert, s, id);
}

enum gx_db_status gx_store_submission_get(struct gx_store_conn *conn, long long id, struct gx_submission *out)
{
	GX_STORE_DISPATCH(submission_get, id, out);
}

enum gx_db_status gx_store_submission_event(struct gx_store_conn *conn, long long submission_id, long long at_us,
					    const char *status, const char *message_json)
{
	GX_STORE_DISPATCH(submission_event, submission_id, at_us, status, message_json);
}

enum gx_db_status gx_store_submission_timeline(struct gx_store_conn *conn, long long submission_id, char **out)
{
	GX_STORE_DISPATCH(submission_timeline, submission_id, out);
}

enum gx_db_status gx_store_space_overview(struct gx_store_conn *conn, const struct gx_overview_query *q, size_t limit,
					  struct gx_space_item *items, size_t *n, bool *more)
{
	*n = 0;
	*more = false;
	GX_STORE_DISPATCH(space_overview, q, limit, items, n, more);
}

void gx_overview_counts_add(struct gx_overview_counts *c, const char *kind, const char *status, bool action,
			    long long n)
{
	c->all += n;
	if (strcmp(kind, "draft") == 0)
		c->drafts += n;
	else if (strcmp(status, "completed") == 0 || strcmp(status, "rejected") == 0)
		c->completed += n;
	else
		c->active += n;
	if (action)
		c->action += n;
}

const char *gx_overview_after_kind(const struct gx_overview_query *q)
{
	return q->after_id <= 0 ? "" : q->after_draft ? "draft" : "submission";
}

enum gx_db_status gx_store_space_counts(struct gx_store_conn *conn, long long space_id, const char *procedures_json,
					struct gx_overview_counts *out)
{
	*out = (struct gx_overview_counts){0};
	GX_STORE_DISPATCH(space_counts, space_id, procedures_json, out);
}

enum gx_db_status gx_store_self_declared_set(struct gx_store_conn *conn, long long person_id, const char *attribute,
					     const char *value, long long at_us)
{
	if (attribute == NULL)
		return GX_DB_HARD_ERROR;
	GX_STORE_DISPATCH(self_declared_set, person_id, attribute, value, at_us);
}

enum gx_db_status gx_store_self_declared_all(struct gx_store_conn *conn, long long person_id, char **json_out)
{
	*json_out = NULL;
	GX_STORE_DISPATCH(self_declared_all, person_id, json_out);
}

void gx_attachment_clear(struct gx_attachment *a)
{
	free((void *)a->data);
	a->data = NULL;
}

enum gx_db_status gx_store_attachment_put(struct gx_store_conn *conn, const struct gx_attachment *a)
{
	GX_STORE_DISPATCH(attachment_put, a);
}

enum gx_db_status gx_store_attachment_get(struct gx_store_conn *conn, const char *id, bool with_data,
					  struct gx_attachment *out)
{
	GX_STORE_DISPATCH(attachment_get, id, with_data, out);
}

enum gx_db_status gx_store_attachments_submit(struct gx_store_conn *conn, long long draft_id, long long submission_id,
					      const char *ids_json, char *missing, size_t missing_len)
{
	GX_STORE_DISPATCH(attachments_submit, draft_id, submission_id, ids_json, missing, missing_len);
}

enum gx_db_status gx_store_attachments_list(struct gx_store_conn *conn, enum gx_attachment_owner owner,
					    long long owner_id, char **out)
{
	*out = NULL;
	GX_STORE_DISPATCH(attachments_list, owner, owner_id, out);
}

enum gx_db_status gx_store_attachment_delete(struct gx_store_conn *conn, const char *id, long long draft_id)
{
	if (id == NULL)
		return GX_DB_HARD_ERROR;
	GX_STORE_DISPATCH(attachment_delete, id, draft_id);
}

enum gx_db_status gx_store_draft_attachments_delete(struct gx_store_conn *conn, long long draft_id)
{
	GX_STORE_DISPATCH(draft_attachments_delete, draft_id);
}

enum gx_db_status gx_store_org_agent_set(struct gx_store_conn *conn, const char *org, const char *national_id,
					 const char *role, long long at_us)
{
	GX_STORE_DISPATCH(org_agent_set, org, national_id, role, at_us);
}

enum gx_db_status gx_store_org_agent_remove(struct gx_store_conn *conn, const char *org, const char *national_id)
{
	GX_STORE_DISPATCH(org_agent_remove, org, national_id);
}

enum gx_db_status gx_store_agent_role(struct gx_store_conn *conn, const char *org, struct gx_person_id person,
				      char role[16])
{
	role[0] = '\0';
	GX_STORE_DISPATCH(agent_role, org, person, role);
}

enum gx_db_status gx_store_org_agents_list(struct gx_store_conn *conn, const char *org, char **out)
{
	*out = NULL;
	GX_STORE_DISPATCH(org_agents_list, org, out);
}

enum gx_db_status gx_store_agent_orgs(struct gx_store_conn *conn, struct gx_person_id person, char **out)
{
	*out = NULL;
	GX_STORE_DISPATCH(agent_orgs, person, out);
}

enum gx_db_status gx_store_case_open(struct gx_store_conn *conn, const struct gx_case *c)
{
	GX_STORE_DISPATCH(case_open, c);
}

enum gx_db_status gx_store_case_get(struct gx_store_conn *conn, long long submission_id, struct gx_case *out)
{
	GX_STORE_DISPATCH(case_get, submission_id, out);
}

enum gx_db_status gx_store_case_update(struct gx_store_conn *conn, long long submission_id, long long expect,
				       const struct gx_case_change *ch)
{
	GX_STORE_DISPATCH(case_update, submission_id, expect, ch);
}

enum gx_db_status gx_store_inbox(struct gx_store_conn *conn, const struct gx_inbox_query *q, struct gx_case *rows,
				 size_t limit, size_t *n, bool *more)
{
	GX_STORE_DISPATCH(inbox, q, rows, limit, n, more);
}

enum gx_db_status gx_store_inbox_counts(struct gx_store_conn *conn, const char *org, char **out)
{
	GX_STORE_DISPATCH(inbox_counts, org, out);
}

enum gx_db_status gx_store_case_log_append(struct gx_store_conn *conn, long long submission_id, long long at_us,
					   const char *kind, const char *author, const char *detail_json, int *seq)
{
	GX_STORE_DISPATCH(case_log_append, submission_id, at_us, kind, author, detail_json, seq);
}

enum gx_db_status gx_store_case_log(struct gx_store_conn *conn, long long submission_id, char **out)
{
	GX_STORE_DISPATCH(case_log, submission_id, out);
}

enum gx_db_status gx_store_event_append(struct gx_store_conn *conn, const struct gx_event *e, int *seq)
{
	GX_STORE_DISPATCH(event_append, e, seq);
}

enum gx_db_status gx_store_org_event_append(struct gx_store_conn *conn, const char *org, long long at_us,
					    const char *kind, long long submission_id, const char *data_json,
					    long long *seq)
{
	GX_STORE_DISPATCH(org_event_append, org, at_us, kind, submission_id, data_json, seq);
}

enum gx_db_status gx_store_org_events(struct gx_store_conn *conn, const char *org, long long after, size_t limit,
				      char **out, long long *last)
{
	GX_STORE_DISPATCH(org_events, org, after, limit, out, last);
}

enum gx_db_status gx_store_idempotent_get(struct gx_store_conn *conn, const char *client, const char *key,
					  struct gx_idempotent *out)
{
	GX_STORE_DISPATCH(idempotent_get, client, key, out);
}

enum gx_db_status gx_store_idempotent_put(struct gx_store_conn *conn, const char *client, const char *key,
					  const char *request_hash, int status, const char *body, long long at_us)
{
	GX_STORE_DISPATCH(idempotent_put, client, key, request_hash, status, body, at_us);
}

enum gx_db_status gx_store_consent_put(struct gx_store_conn *conn, const struct gx_reuse_consent *c)
{
	GX_STORE_DISPATCH(consent_put, c);
}

enum gx_db_status gx_store_consent_get(struct gx_store_conn *conn, long long submission_id,
				       struct gx_reuse_consent *out)
{
	GX_STORE_DISPATCH(consent_get, submission_id, out);
}

enum gx_db_status gx_store_consent_revoke(struct gx_store_conn *conn, long long submission_id, long long at_us)
{
	GX_STORE_DISPATCH(consent_revoke, submission_id, at_us);
}

void gx_reuse_consent_clear(struct gx_reuse_consent *c)
{
	free(c->registers_json);
	free(c->purpose_json);
	free(c->legal_basis_json);
	c->registers_json = c->purpose_json = c->legal_basis_json = NULL;
}

enum gx_db_status gx_store_org_agent_of(struct gx_store_conn *conn, const char *org, const char *national_id,
					char role[16])
{
	role[0] = '\0';
	GX_STORE_DISPATCH(org_agent_of, org, national_id, role);
}

enum gx_db_status gx_store_space_owner(struct gx_store_conn *conn, long long space_id, struct gx_person *out)
{
	GX_STORE_DISPATCH(space_owner, space_id, out);
}

void gx_org_client_clear(struct gx_org_client *c)
{
	free(c->jwk);
	c->jwk = NULL;
}

enum gx_db_status gx_store_org_client_add(struct gx_store_conn *conn, const struct gx_org_client *c)
{
	if (c->jwk == NULL)
		return GX_DB_HARD_ERROR;
	GX_STORE_DISPATCH(org_client_add, c);
}

enum gx_db_status gx_store_org_client_get(struct gx_store_conn *conn, const char *client_id, struct gx_org_client *out)
{
	memset(out, 0, sizeof(*out));
	GX_STORE_DISPATCH(org_client_get, client_id, out);
}

enum gx_db_status gx_store_org_client_revoke(struct gx_store_conn *conn, const char *org, const char *client_id,
					     long long at_us)
{
	GX_STORE_DISPATCH(org_client_revoke, org, client_id, at_us);
}

enum gx_db_status gx_store_org_clients_list(struct gx_store_conn *conn, const char *org, char **out)
{
	*out = NULL;
	GX_STORE_DISPATCH(org_clients_list, org, out);
}

enum gx_db_status gx_store_client_assertion_record(struct gx_store_conn *conn, const char *client_id, const char *jti,
						   long long expires_at_us)
{
	GX_STORE_DISPATCH(client_assertion_record, client_id, jti, expires_at_us);
}

enum gx_db_status gx_store_client_token_insert(struct gx_store_conn *conn, const struct gx_client_token *t)
{
	GX_STORE_DISPATCH(client_token_insert, t);
}

enum gx_db_status gx_store_client_token_get(struct gx_store_conn *conn, const unsigned char hash[GX_STORE_TOKEN_HASH_BYTES],
					    struct gx_client_token *out)
{
	memset(out, 0, sizeof(*out));
	GX_STORE_DISPATCH(client_token_get, hash, out);
}

enum gx_db_status gx_store_clients_purge(struct gx_store_conn *conn, long long now_us)
{
	GX_STORE_DISPATCH(clients_purge, now_us);
}
