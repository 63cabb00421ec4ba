/** The SQLite backend's table of functions, and its process-wide open/close. */

#include "store/translog_int.h"
#include "store/sqlite/fault_vfs.h"
#include "store/sqlite/sqlite_int.h"
#include "store/corrections_int.h"
#include "store/letterbox_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SQLite counts every allocation for sqlite3_status() under one global
 * mutex; nothing here reads those counts, and the lock showed in profiles
 * of the writer. Possible only before SQLite initialises: hence first. */
static void configure_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sqlite_open(const struct gx_store_config *cfg, void **state, char *err, size_t err_size)
{
	int rc = GX_STORE_ERR;
	sqlite3 *db = NULL;
	struct gx_sqlite_state *s = NULL;

	*state = NULL;
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_once);
	if (!sqlite3_threadsafe()) {
		snprintf(err, err_size, "store: SQLite was built without thread support");
		goto fail;
	}
	if (cfg->sqlite_path == NULL || cfg->sqlite_path[0] == '\0') {
		snprintf(err, err_size, "store: no SQLite path configured");
		goto fail;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->path = strdup(cfg->sqlite_path)) == NULL) {
		snprintf(err, err_size, "store: out of memory");
		goto fail;
	}
	s->busy_timeout_ms = cfg->busy_timeout_ms;
	s->schema = cfg->schema;
	if (gx_sqlite_fault_vfs_install() != 0) {
		snprintf(err, err_size, "store: cannot install the fault-injecting VFS");
		goto fail;
	}
	if (gx_sqlite_open_db(s->path, s->busy_timeout_ms, &db, err, err_size) != 0)
		goto fail;
	rc = gx_sqlite_migrate(db, cfg->schema, err, err_size);
	if (rc != GX_STORE_OK)
		goto fail;
	sqlite3_close(db);
	s->checkpoint_pages = cfg->wal_checkpoint_pages;
	*state = s;
	return GX_STORE_OK;
fail:
	sqlite3_close(db);
	if (s != NULL)
		free(s->path);
	free(s);
	return rc;
}

static void sqlite_close(void *state)
{
	struct gx_sqlite_state *s = state;
	if (s == NULL)
		return;
	free(s->path);
	free(s);
}

static const struct gx_store_spaces_ops spaces_ops = {
	.space_access = gx_sqlite_space_access,
	.spaces_of = gx_sqlite_spaces_of,
	.company_space = gx_sqlite_company_space,
	.company_space_create = gx_sqlite_company_space_create,
	.person_ensure = gx_sqlite_person_ensure,
	.guardianship_put = gx_sqlite_guardianship_put,
	.member_put = gx_sqlite_member_put,
	.member_remove = gx_sqlite_member_remove,
	.member_role = gx_sqlite_member_role,
	.space_admins = gx_sqlite_space_admins,
	.space_actors = gx_sqlite_space_actors,
	.members_list = gx_sqlite_members_list,
	.invitation_create = gx_sqlite_invitation_create,
	.invitation_get = gx_sqlite_invitation_get,
	.invitation_settle = gx_sqlite_invitation_settle,
	.invitations_of_space = gx_sqlite_invitations_of_space,
	.invitations_for = gx_sqlite_invitations_for,
	.mandate_create = gx_sqlite_mandate_create,
	.mandate_get = gx_sqlite_mandate_get,
	.mandate_accept = gx_sqlite_mandate_accept,
	.mandate_revoke = gx_sqlite_mandate_revoke,
	.mandates_of_space = gx_sqlite_mandates_of_space,
	.mandates_for = gx_sqlite_mandates_for,
	.mandate_open_exists = gx_sqlite_mandate_open_exists,
	.space_event_append = gx_sqlite_space_event_append,
	.space_events = gx_sqlite_space_events,
	.space_act_append = gx_sqlite_space_act_append,
	.space_acts = gx_sqlite_space_acts,
	.session_space_set = gx_sqlite_session_space_set,
};

const struct gx_store_ops gx_store_sqlite_ops = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.conn_open = gx_sqlite_conn_open,
	.conn_close = gx_sqlite_conn_close,
	.between_batches = gx_sqlite_between_batches,
	.one_writer = true,
	.tx_begin = gx_sqlite_tx_begin,
	.tx_commit = gx_sqlite_tx_commit,
	.tx_rollback = gx_sqlite_tx_rollback,
	.in_tx = gx_sqlite_in_tx,
	.savepoint = gx_sqlite_savepoint,
	.savepoint_release = gx_sqlite_savepoint_release,
	.savepoint_rollback = gx_sqlite_savepoint_rollback,
	.ping = gx_sqlite_ping,
	.unreachable = gx_sqlite_io_failures,
	.schema_ready = gx_sqlite_schema_ready,
	.access_record_append = gx_sqlite_access_record_append,
	.access_records_count = gx_sqlite_access_records_count,
	.tlog = &gx_sqlite_tlog_ops,
	.feedback_append = gx_sqlite_feedback_append,
	.search_refresh = gx_sqlite_search_refresh,
	.search = gx_sqlite_search,
	.guest_reference = gx_sqlite_guest_reference,
	.guest_space_create = gx_sqlite_guest_space_create,
	.guest_submission_put = gx_sqlite_guest_submission_put,
	.guest_limit_add = gx_sqlite_guest_limit_add,
	.person_login = gx_sqlite_person_login,
	.person_get = gx_sqlite_person_get,
	.space_owner = gx_sqlite_space_owner,
	.membership = gx_sqlite_membership,
	.session_insert = gx_sqlite_session_insert,
	.session_get = gx_sqlite_session_get,
	.session_touch = gx_sqlite_session_touch,
	.session_delete = gx_sqlite_session_delete,
	.sessions_purge = gx_sqlite_sessions_purge,
	.login_state_put = gx_sqlite_login_state_put,
	.login_state_take = gx_sqlite_login_state_take,
	.prefill_choice_set = gx_sqlite_prefill_choice_set,
	.prefill_declined = gx_sqlite_prefill_declined,
	.prefill_declined_names = gx_sqlite_prefill_declined_names,
	.draft_create = gx_sqlite_draft_create,
	.draft_get = gx_sqlite_draft_get,
	.draft_save = gx_sqlite_draft_save,
	.draft_delete = gx_sqlite_draft_delete,
	.reference_next = gx_sqlite_reference_next,
	.submission_insert = gx_sqlite_submission_insert,
	.submission_get = gx_sqlite_submission_get,
	.submission_event = gx_sqlite_submission_event,
	.submission_timeline = gx_sqlite_submission_timeline,
	.space_overview = gx_sqlite_space_overview,
	.space_counts = gx_sqlite_space_counts,
	.spaces = &spaces_ops,
	.attachment_put = gx_sqlite_attachment_put,
	.attachment_get = gx_sqlite_attachment_get,
	.attachments_submit = gx_sqlite_attachments_submit,
	.attachments_list = gx_sqlite_attachments_list,
	.attachment_delete = gx_sqlite_attachment_delete,
	.draft_attachments_delete = gx_sqlite_draft_attachments_delete,
	.org_agent_set = gx_sqlite_org_agent_set,
	.org_agent_remove = gx_sqlite_org_agent_remove,
	.agent_role = gx_sqlite_agent_role,
	.org_agents_list = gx_sqlite_org_agents_list,
	.agent_orgs = gx_sqlite_agent_orgs,
	.org_agent_of = gx_sqlite_org_agent_of,
	.operator_set = gx_sqlite_operator_set,
	.operator_remove = gx_sqlite_operator_remove,
	.operator_is = gx_sqlite_operator_is,
	.operators_list = gx_sqlite_operators_list,
	.samples_put = gx_sqlite_samples_put,
	.samples_purge = gx_sqlite_samples_purge,
	.samples_rollup = gx_sqlite_samples_rollup,
	.samples_read = gx_sqlite_samples_read,
	.store_size = gx_sqlite_store_size,
	.operator_gauges = gx_sqlite_operator_gauges,
	.case_open = gx_sqlite_case_open,
	.case_get = gx_sqlite_case_get,
	.case_update = gx_sqlite_case_update,
	.inbox = gx_sqlite_inbox,
	.inbox_counts = gx_sqlite_inbox_counts,
	.case_log_append = gx_sqlite_case_log_append,
	.case_log = gx_sqlite_case_log,
	.event_append = gx_sqlite_event_append,
	.org_event_append = gx_sqlite_org_event_append,
	.org_events = gx_sqlite_org_events,
	.idempotent_get = gx_sqlite_idempotent_get,
	.idempotent_put = gx_sqlite_idempotent_put,
	.consent_put = gx_sqlite_consent_put,
	.consent_get = gx_sqlite_consent_get,
	.consent_revoke = gx_sqlite_consent_revoke,
	.org_client_add = gx_sqlite_org_client_add,
	.org_client_get = gx_sqlite_org_client_get,
	.org_client_revoke = gx_sqlite_org_client_revoke,
	.org_clients_list = gx_sqlite_org_clients_list,
	.client_assertion_record = gx_sqlite_client_assertion_record,
	.client_token_insert = gx_sqlite_client_token_insert,
	.client_token_get = gx_sqlite_client_token_get,
	.clients_purge = gx_sqlite_clients_purge,
	.self_declared_set = gx_sqlite_self_declared_set,
	.self_declared_all = gx_sqlite_self_declared_all,
	.lb = &gx_sqlite_lb_ops,
	.registry_put = gx_sqlite_registry_put,
	.registry_get = gx_sqlite_registry_get,
	.registry_access_append = gx_sqlite_registry_access_append,
	.registry_access_count = gx_sqlite_registry_access_count,
	.registry_access_of = gx_sqlite_registry_access_of,
	.registry_records_count = gx_sqlite_registry_records_count,
	.corrections = &gx_sqlite_correction_ops,
	.registry_corrections = &gx_sqlite_registry_correction_ops,
};
