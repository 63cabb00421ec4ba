/** The PostgreSQL backend's table of functions, and its process-wide open/close. */

#include "store/translog_int.h"
#include "store/pg/pg_int.h"
#include "store/corrections_int.h"
#include "store/letterbox_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void free_state(struct gx_pg_state *s)
{
	if (s == NULL)
		return;
	free(s->conninfo);
	free(s->override);
	free(s);
}

static int pg_open(const struct gx_store_config *cfg, void **state, char *err, size_t err_size)
{
	int rc = GX_STORE_ERR;
	struct gx_pg_state *s = NULL;
	PGconn *pg = NULL;

	*state = NULL;
	if (!PQisthreadsafe()) {
		snprintf(err, err_size, "store: libpq was built without thread support");
		goto fail;
	}
	if (cfg->pg_conninfo == NULL) {
		snprintf(err, err_size, "store: no PostgreSQL connection string configured");
		goto fail;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->conninfo = strdup(cfg->pg_conninfo)) == NULL ||
	    (cfg->pg_override != NULL && (s->override = strdup(cfg->pg_override)) == NULL)) {
		snprintf(err, err_size, "store: out of memory");
		goto fail;
	}
	s->schema = cfg->schema;
	s->lock_timeout_ms = cfg->busy_timeout_ms;
	if ((pg = gx_pg_connect(s, err, err_size)) == NULL)
		goto fail;
	rc = gx_pg_migrate(pg, cfg->schema, err, err_size);
	if (rc != GX_STORE_OK)
		goto fail;
	PQfinish(pg);
	*state = s;
	return GX_STORE_OK;
fail:
	PQfinish(pg);
	free_state(s);
	return rc;
}

static void pg_close(void *state)
{
	free_state(state);
}

static const struct gx_store_spaces_ops spaces_ops = {
	.space_access = gx_pg_space_access,
	.spaces_of = gx_pg_spaces_of,
	.company_space = gx_pg_company_space,
	.company_space_create = gx_pg_company_space_create,
	.person_ensure = gx_pg_person_ensure,
	.guardianship_put = gx_pg_guardianship_put,
	.member_put = gx_pg_member_put,
	.member_remove = gx_pg_member_remove,
	.member_role = gx_pg_member_role,
	.space_admins = gx_pg_space_admins,
	.space_actors = gx_pg_space_actors,
	.members_list = gx_pg_members_list,
	.invitation_create = gx_pg_invitation_create,
	.invitation_get = gx_pg_invitation_get,
	.invitation_settle = gx_pg_invitation_settle,
	.invitations_of_space = gx_pg_invitations_of_space,
	.invitations_for = gx_pg_invitations_for,
	.mandate_create = gx_pg_mandate_create,
	.mandate_get = gx_pg_mandate_get,
	.mandate_accept = gx_pg_mandate_accept,
	.mandate_revoke = gx_pg_mandate_revoke,
	.mandates_of_space = gx_pg_mandates_of_space,
	.mandates_for = gx_pg_mandates_for,
	.mandate_open_exists = gx_pg_mandate_open_exists,
	.space_event_append = gx_pg_space_event_append,
	.space_events = gx_pg_space_events,
	.space_act_append = gx_pg_space_act_append,
	.space_acts = gx_pg_space_acts,
	.session_space_set = gx_pg_session_space_set,
};

const struct gx_store_ops gx_store_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.conn_open = gx_pg_conn_open,
	.conn_close = gx_pg_conn_close,
	.between_batches = NULL,
	.tx_lost = gx_pg_tx_lost,
	.optimistic_batches = true,
	.tx_begin = gx_pg_tx_begin,
	.tx_commit = gx_pg_tx_commit,
	.tx_rollback = gx_pg_tx_rollback,
	.in_tx = gx_pg_in_tx,
	.savepoint = gx_pg_savepoint,
	.savepoint_release = gx_pg_savepoint_release,
	.savepoint_rollback = gx_pg_savepoint_rollback,
	.flush = gx_pg_flush,
	.ping = gx_pg_ping,
	.unreachable = gx_pg_unreachable,
	.schema_ready = gx_pg_schema_ready,
	.access_record_append = gx_pg_access_record_append,
	.access_records_count = gx_pg_access_records_count,
	.tlog = &gx_pg_tlog_ops,
	.feedback_append = gx_pg_feedback_append,
	.search_refresh = gx_pg_search_refresh,
	.search = gx_pg_search,
	.guest_reference = gx_pg_guest_reference,
	.guest_space_create = gx_pg_guest_space_create,
	.guest_submission_put = gx_pg_guest_submission_put,
	.guest_limit_add = gx_pg_guest_limit_add,
	.person_login = gx_pg_person_login,
	.person_get = gx_pg_person_get,
	.membership = gx_pg_membership,
	.session_insert = gx_pg_session_insert,
	.session_get = gx_pg_session_get,
	.session_touch = gx_pg_session_touch,
	.session_delete = gx_pg_session_delete,
	.sessions_purge = gx_pg_sessions_purge,
	.login_state_put = gx_pg_login_state_put,
	.login_state_take = gx_pg_login_state_take,
	.prefill_choice_set = gx_pg_prefill_choice_set,
	.prefill_declined = gx_pg_prefill_declined,
	.prefill_declined_names = gx_pg_prefill_declined_names,
	.draft_create = gx_pg_draft_create,
	.draft_get = gx_pg_draft_get,
	.draft_save = gx_pg_draft_save,
	.draft_delete = gx_pg_draft_delete,
	.reference_next = gx_pg_reference_next,
	.submission_insert = gx_pg_submission_insert,
	.submission_get = gx_pg_submission_get,
	.submission_event = gx_pg_submission_event,
	.submission_timeline = gx_pg_submission_timeline,
	.space_overview = gx_pg_space_overview,
	.space_counts = gx_pg_space_counts,
	.spaces = &spaces_ops,
	.attachment_put = gx_pg_attachment_put,
	.attachment_get = gx_pg_attachment_get,
	.attachments_submit = gx_pg_attachments_submit,
	.attachments_list = gx_pg_attachments_list,
	.attachment_delete = gx_pg_attachment_delete,
	.draft_attachments_delete = gx_pg_draft_attachments_delete,
	.org_agent_set = gx_pg_org_agent_set,
	.org_agent_remove = gx_pg_org_agent_remove,
	.agent_role = gx_pg_agent_role,
	.org_agents_list = gx_pg_org_agents_list,
	.agent_orgs = gx_pg_agent_orgs,
	.org_agent_of = gx_pg_org_agent_of,
	.operator_set = gx_pg_operator_set,
	.operator_remove = gx_pg_operator_remove,
	.operator_is = gx_pg_operator_is,
	.operators_list = gx_pg_operators_list,
	.samples_put = gx_pg_samples_put,
	.samples_purge = gx_pg_samples_purge,
	.samples_rollup = gx_pg_samples_rollup,
	.samples_read = gx_pg_samples_read,
	.store_size = gx_pg_store_size,
	.operator_gauges = gx_pg_operator_gauges,
	.space_owner = gx_pg_space_owner,
	.case_open = gx_pg_case_open,
	.case_get = gx_pg_case_get,
	.case_update = gx_pg_case_update,
	.inbox = gx_pg_inbox,
	.inbox_counts = gx_pg_inbox_counts,
	.case_log_append = gx_pg_case_log_append,
	.case_log = gx_pg_case_log,
	.event_append = gx_pg_event_append,
	.org_event_append = gx_pg_org_event_append,
	.org_events = gx_pg_org_events,
	.idempotent_get = gx_pg_idempotent_get,
	.idempotent_put = gx_pg_idempotent_put,
	.consent_put = gx_pg_consent_put,
	.consent_get = gx_pg_consent_get,
	.consent_revoke = gx_pg_consent_revoke,
	.org_client_add = gx_pg_org_client_add,
	.org_client_get = gx_pg_org_client_get,
	.org_client_revoke = gx_pg_org_client_revoke,
	.org_clients_list = gx_pg_org_clients_list,
	.client_assertion_record = gx_pg_client_assertion_record,
	.client_token_insert = gx_pg_client_token_insert,
	.client_token_get = gx_pg_client_token_get,
	.clients_purge = gx_pg_clients_purge,
	.self_declared_set = gx_pg_self_declared_set,
	.self_declared_all = gx_pg_self_declared_all,
	.lb = &gx_pg_lb_ops,
	.registry_put = gx_pg_registry_put,
	.registry_get = gx_pg_registry_get,
	.registry_access_append = gx_pg_registry_access_append,
	.registry_access_count = gx_pg_registry_access_count,
	.registry_access_of = gx_pg_registry_access_of,
	.registry_records_count = gx_pg_registry_records_count,
	.corrections = &gx_pg_correction_ops,
	.registry_corrections = &gx_pg_registry_correction_ops,
};
