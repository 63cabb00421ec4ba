#include "portal/routes.h"

#include "http/operator.h"
#include "portal/api/access_log.h"
#include "portal/api/transparency.h"
#include "portal/pages/access_log.h"
#include "portal/api/attachments.h"
#include "portal/api/corrections.h"
#include "portal/api/drafts.h"
#include "portal/api/feedback.h"
#include "portal/api/letterbox.h"
#include "portal/api/mydata.h"
#include "portal/api/openapi.h"
#include "portal/api/overview.h"
#include "portal/api/procedures.h"
#include "portal/api/requests.h"
#include "portal/api/self_declared.h"
#include "portal/api/mandates.h"
#include "portal/api/members.h"
#include "portal/api/space.h"
#include "portal/api/submissions.h"
#include "portal/pages/about.h"
#include "portal/pages/attachments.h"
#include "portal/pages/corrections.h"
#include "portal/pages/drafts.h"
#include "portal/pages/guest.h"
#include "portal/pages/email.h"
#include "portal/pages/letterbox.h"
#include "portal/pages/login.h"
#include "portal/pages/mydata.h"
#include "portal/pages/overview.h"
#include "portal/pages/procedures.h"
#include "portal/pages/public.h"
#include "portal/pages/requests.h"
#include "portal/pages/self_declared.h"
#include "portal/pages/space.h"
#include "portal/pages/spaces.h"
#include "portal/pages/topics.h"
#include "site/static.h"
#include "portal/pages/submissions.h"
#include "portal/pages/verify.h"

#define LB "/spaces/{space}/letterbox"

/* method, pattern, handler, body, body spec, action (authz/authz.c), space parameter, organisation parameter */
const struct gx_route_def gx_routes[] = {
	{"GET", "/healthz", gx_operator_healthz, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"GET", "/readyz", gx_operator_readyz, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"GET", "/metrics", gx_operator_metrics, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"GET", "/hello", gx_operator_hello, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"GET", "/static/{file}", gx_static_get, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},

	{"GET", "/", gx_page_start, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/accessibility", gx_page_accessibility, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/privacy", gx_page_privacy, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/language/{lang}", gx_page_language, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/verify", gx_page_verify, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"POST", "/verify", gx_page_verify_post, GX_BODY_MULTIPART, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},

	{"GET", "/login", gx_login_start, GX_BODY_NONE, NULL, GX_ACT_LOGIN, NULL, NULL},
	{"GET", "/auth/callback", gx_login_callback, GX_BODY_NONE, NULL, GX_ACT_LOGIN, NULL, NULL},
	{"POST", "/logout", gx_logout, GX_BODY_FORM, NULL, GX_ACT_LOGOUT, NULL, NULL},
	{"GET", "/space", gx_space_home, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"GET", "/spaces", gx_page_spaces, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"POST", "/spaces/companies", gx_page_companies_open, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
	{"POST", "/spaces/children", gx_page_children_record, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
	{"GET", "/spaces/{space}", gx_space_page, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW, "space", NULL},
	{"POST", "/spaces/{space}/activate", gx_page_space_activate, GX_BODY_FORM, NULL, GX_ACT_SPACE_VIEW, "space", NULL},
	{"GET", "/spaces/{space}/members", gx_page_members, GX_BODY_NONE, NULL, GX_ACT_SPACE_ADMIN, "space", NULL},
	{"POST", "/spaces/{space}/invitations", gx_page_invite, GX_BODY_FORM, NULL, GX_ACT_SPACE_ADMIN, "space", NULL},
	{"POST", "/spaces/{space}/invitations/{invitation}/withdraw", gx_page_invitation_withdraw, GX_BODY_FORM, NULL,
	 GX_ACT_SPACE_ADMIN, "space", NULL},
	{"POST", "/spaces/{space}/members/{person}", gx_page_member_change, GX_BODY_FORM, NULL, GX_ACT_SPACE_ADMIN,
	 "space", NULL},
	{"POST", "/spaces/{space}/members/{person}/remove", gx_page_member_remove, GX_BODY_FORM, NULL,
	 GX_ACT_SPACE_ADMIN, "space", NULL},
	{"GET", "/spaces/{space}/mandates", gx_page_mandates, GX_BODY_NONE, NULL, GX_ACT_SPACE_ADMIN, "space", NULL},
	{"POST", "/spaces/{space}/mandates", gx_page_mandate_grant, GX_BODY_FORM, NULL, GX_ACT_SPACE_ADMIN, "space", NULL},
	{"POST", "/invitations/{invitation}/accept", gx_page_invitation_accept, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE,
	 NULL, NULL},
	{"POST", "/invitations/{invitation}/decline", gx_page_invitation_decline, GX_BODY_FORM, NULL,
	 GX_ACT_SELF_CHANGE, NULL, NULL},
	{"POST", "/mandates/{mandate}/accept", gx_page_mandate_accept, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE, NULL,
	 NULL},
	{"POST", "/mandates/{mandate}/revoke", gx_page_mandate_revoke, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE, NULL,
	 NULL},
	{"GET", "/my-data", gx_page_mydata, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"POST", "/my-data/choices", gx_page_mydata_choice, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
	{"POST", "/my-data/self-declared", gx_page_self_declared, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
	{"GET", "/my-data/corrections/new", gx_page_correction_new, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"POST", "/my-data/corrections", gx_page_correction_file, GX_BODY_MULTIPART, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
	{"GET", "/my-data/corrections/{correction}", gx_page_correction, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"POST", "/my-data/corrections/{correction}/withdraw", gx_page_correction_withdraw, GX_BODY_FORM, NULL,
	 GX_ACT_SELF_CHANGE, NULL, NULL},
	{"POST", "/my-data/email/code", gx_page_email_code, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
	{"POST", "/my-data/email/verify", gx_page_email_verify, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},

	{"GET", "/procedures", gx_page_catalogue, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/procedures/{procedure}", gx_page_procedure_about, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/procedures/{procedure}/without-login", gx_page_guest_form, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL,
	 NULL},
	{"POST", "/procedures/{procedure}/without-login", gx_page_guest_submit, GX_BODY_FORM, NULL, GX_ACT_GUEST_SUBMIT,
	 NULL, NULL},
	{"GET", "/themes/{theme}", gx_page_theme, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/life-events/{event}", gx_page_life_event, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"POST", "/spaces/{space}/procedures/{procedure}/start", gx_page_draft_start, GX_BODY_FORM, NULL,
	 GX_ACT_SPACE_ACT, "space", NULL},
	{"GET", "/spaces/{space}/overview", gx_page_overview, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW, "space", NULL},
	{"GET", "/spaces/{space}/drafts/{draft}", gx_page_draft_resume, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW, "space", NULL},
	{"GET", "/spaces/{space}/drafts/{draft}/steps/{n}", gx_page_draft_step, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW,
	 "space", NULL},
	{"POST", "/spaces/{space}/drafts/{draft}/steps/{n}", gx_page_draft_step_save, GX_BODY_FORM, NULL, GX_ACT_SPACE_ACT,
	 "space", NULL},
	{"POST", "/spaces/{space}/drafts/{draft}/steps/{n}/files", gx_page_file_upload, GX_BODY_MULTIPART, NULL,
	 GX_ACT_SPACE_ACT, "space", NULL},
	{"POST", "/spaces/{space}/drafts/{draft}/attachments/{attachment}/remove", gx_page_file_remove, GX_BODY_FORM, NULL,
	 GX_ACT_SPACE_ACT, "space", NULL},
	{"GET", "/spaces/{space}/drafts/{draft}/review", gx_page_draft_review, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW, "space", NULL},
	{"POST", "/spaces/{space}/drafts/{draft}/submit-form", gx_page_draft_submit, GX_BODY_FORM, NULL, GX_ACT_SPACE_ACT,
	 "space", NULL},
	{"POST", "/spaces/{space}/drafts/{draft}/delete", gx_page_draft_delete, GX_BODY_FORM, NULL, GX_ACT_SPACE_ACT, "space", NULL},
	{"GET", "/spaces/{space}/submissions/{submission}", gx_page_receipt, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW,
	 "space", NULL},
	{"GET", "/spaces/{space}/submissions/{submission}/requests/{request}", gx_page_request, GX_BODY_NONE, NULL,
	 GX_ACT_SPACE_VIEW, "space", NULL},
	{"POST", "/spaces/{space}/submissions/{submission}/requests/{request}", gx_page_request_answer,
	 GX_BODY_MULTIPART, NULL, GX_ACT_SPACE_ACT, "space", NULL},
	{"POST", "/spaces/{space}/submissions/{submission}/consent/revoke", gx_page_consent_revoke, GX_BODY_FORM, NULL,
	 GX_ACT_SPACE_ACT, "space", NULL},

	/* The letter box: whoever may read it (core/access.c: not a member limited to some procedures, a mandatary
	 * only if the mandate says so); its settings (which senders deliver electronically) are the owner's or an
	 * administrator's. */
	{"GET", LB, gx_page_lb_list, GX_BODY_NONE, NULL, GX_ACT_SPACE_LETTERBOX, "space", NULL},
	{"GET", LB "/settings", gx_page_lb_settings, GX_BODY_NONE, NULL, GX_ACT_SPACE_LETTERBOX, "space", NULL},
	{"POST", LB "/settings", gx_page_lb_settings_save, GX_BODY_FORM, NULL, GX_ACT_SPACE_ADMIN, "space", NULL},
	{"GET", LB "/{document}", gx_page_lb_document, GX_BODY_NONE, NULL, GX_ACT_SPACE_LETTERBOX, "space", NULL},
	{"GET", LB "/{document}/file", gx_page_lb_file, GX_BODY_NONE, NULL, GX_ACT_SPACE_LETTERBOX, "space", NULL},
	{"POST", LB "/{document}/confirm", gx_page_lb_confirm, GX_BODY_FORM, NULL,
	 GX_ACT_SPACE_LETTERBOX, "space", NULL},
	{"POST", LB "/{document}/archive", gx_page_lb_archive, GX_BODY_FORM, NULL,
	 GX_ACT_SPACE_LETTERBOX, "space", NULL},

	{"GET", "/api/v1" LB, gx_api_lb_list, GX_BODY_NONE, NULL, GX_ACT_SPACE_LETTERBOX, "space", NULL},
	{"GET", "/api/v1" LB "/settings", gx_api_lb_settings, GX_BODY_NONE, NULL,
	 GX_ACT_SPACE_LETTERBOX, "space", NULL},
	{"PUT", "/api/v1" LB "/settings", gx_api_lb_settings_put, GX_BODY_JSON, gx_api_lb_settings_spec,
	 GX_ACT_SPACE_ADMIN, "space", NULL},
	{"GET", "/api/v1" LB "/{document}", gx_api_lb_get, GX_BODY_NONE, NULL, GX_ACT_SPACE_LETTERBOX, "space", NULL},
	{"GET", "/api/v1" LB "/{document}/file", gx_api_lb_file, GX_BODY_NONE, NULL,
	 GX_ACT_SPACE_LETTERBOX, "space", NULL},
	{"POST", "/api/v1" LB "/{document}/confirm", gx_api_lb_confirm, GX_BODY_NONE, NULL,
	 GX_ACT_SPACE_LETTERBOX, "space", NULL},
	{"POST", "/api/v1" LB "/{document}/archive", gx_api_lb_archive, GX_BODY_JSON, gx_api_lb_archive_spec,
	 GX_ACT_SPACE_LETTERBOX, "space", NULL},
	{"POST", "/api/v1/my-data/email/code", gx_api_email_code, GX_BODY_NONE, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
	{"POST", "/api/v1/my-data/email/verify", gx_api_email_verify, GX_BODY_JSON, gx_api_email_verify_spec,
	 GX_ACT_SELF_CHANGE, NULL, NULL},
	{"POST", "/api/v1/spaces/{space}/submissions/{submission}/requests/{request}/answer", gx_api_request_answer,
	 GX_BODY_MULTIPART, NULL, GX_ACT_SPACE_ACT, "space", NULL},
	{"POST", "/api/v1/spaces/{space}/submissions/{submission}/consent/revoke", gx_api_consent_revoke, GX_BODY_NONE,
	 NULL, GX_ACT_SPACE_ACT, "space", NULL},
	{"POST", "/api/v1/feedback", gx_api_feedback, GX_BODY_JSON, gx_feedback_spec, GX_ACT_FEEDBACK_SEND, NULL, NULL},
	{"GET", "/api/v1/me", gx_api_me, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"GET", "/api/v1/my-data", gx_api_mydata_get, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"PUT", "/api/v1/my-data/choices", gx_api_mydata_choice, GX_BODY_JSON, gx_mydata_choice_spec, GX_ACT_SELF_CHANGE,
	 NULL, NULL},
	{"GET", "/api/v1/corrections", gx_api_corrections_list, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"POST", "/api/v1/corrections", gx_api_correction_file, GX_BODY_MULTIPART, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
	{"GET", "/api/v1/corrections/{correction}", gx_api_correction_get, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"POST", "/api/v1/corrections/{correction}/withdraw", gx_api_correction_withdraw, GX_BODY_NONE, NULL,
	 GX_ACT_SELF_CHANGE, NULL, NULL},
	{"GET", "/api/v1/corrections/{correction}/evidence/{seq}", gx_api_correction_evidence, GX_BODY_NONE, NULL,
	 GX_ACT_SELF_VIEW, NULL, NULL},
	{"GET", "/api/v1/self-declared", gx_api_self_declared_get, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"PUT", "/api/v1/self-declared/{attribute}", gx_api_self_declared_put, GX_BODY_JSON, gx_self_declared_put_spec,
	 GX_ACT_SELF_CHANGE, NULL, NULL},
	{"DELETE", "/api/v1/self-declared/{attribute}", gx_api_self_declared_delete, GX_BODY_NONE, NULL,
	 GX_ACT_SELF_CHANGE, NULL, NULL},
	{"GET", "/api/v1/spaces", gx_api_spaces, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"POST", "/api/v1/spaces/companies", gx_api_companies_open, GX_BODY_NONE, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
	{"POST", "/api/v1/spaces/children", gx_api_children_record, GX_BODY_NONE, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
	{"GET", "/api/v1/spaces/{space}", gx_api_space, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW, "space", NULL},
	{"POST", "/api/v1/spaces/{space}/activate", gx_api_space_activate, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW, "space",
	 NULL},
	{"GET", "/api/v1/spaces/{space}/members", gx_api_members, GX_BODY_NONE, NULL, GX_ACT_SPACE_ADMIN, "space", NULL},
	{"PUT", "/api/v1/spaces/{space}/members/{person}", gx_api_member_put, GX_BODY_JSON, gx_member_spec,
	 GX_ACT_SPACE_ADMIN, "space", NULL},
	{"DELETE", "/api/v1/spaces/{space}/members/{person}", gx_api_member_delete, GX_BODY_NONE, NULL,
	 GX_ACT_SPACE_ADMIN, "space", NULL},
	{"POST", "/api/v1/spaces/{space}/invitations", gx_api_invitation_create, GX_BODY_JSON, gx_invitation_spec,
	 GX_ACT_SPACE_ADMIN, "space", NULL},
	{"DELETE", "/api/v1/spaces/{space}/invitations/{invitation}", gx_api_invitation_withdraw, GX_BODY_NONE, NULL,
	 GX_ACT_SPACE_ADMIN, "space", NULL},
	{"GET", "/api/v1/spaces/{space}/mandates", gx_api_mandates, GX_BODY_NONE, NULL, GX_ACT_SPACE_ADMIN, "space", NULL},
	{"POST", "/api/v1/spaces/{space}/mandates", gx_api_mandate_grant, GX_BODY_JSON, gx_mandate_spec,
	 GX_ACT_SPACE_ADMIN, "space", NULL},
	{"GET", "/api/v1/spaces/{space}/history", gx_api_space_history, GX_BODY_NONE, NULL, GX_ACT_SPACE_ADMIN, "space",
	 NULL},
	{"GET", "/api/v1/spaces/{space}/acts", gx_api_space_acts, GX_BODY_NONE, NULL, GX_ACT_SPACE_ADMIN, "space", NULL},
	{"POST", "/api/v1/invitations/{invitation}/accept", gx_api_invitation_accept, GX_BODY_NONE, NULL,
	 GX_ACT_SELF_CHANGE, NULL, NULL},
	{"POST", "/api/v1/invitations/{invitation}/decline", gx_api_invitation_decline, GX_BODY_NONE, NULL,
	 GX_ACT_SELF_CHANGE, NULL, NULL},
	{"POST", "/api/v1/mandates/{mandate}/accept", gx_api_mandate_accept, GX_BODY_NONE, NULL, GX_ACT_SELF_CHANGE,
	 NULL, NULL},
	{"POST", "/api/v1/mandates/{mandate}/revoke", gx_api_mandate_revoke, GX_BODY_NONE, NULL, GX_ACT_SELF_CHANGE,
	 NULL, NULL},
	{"POST", "/api/v1/spaces/{space}/drafts", gx_api_draft_open, GX_BODY_JSON, gx_draft_open_spec, GX_ACT_SPACE_ACT,
	 "space", NULL},
	{"GET", "/api/v1/spaces/{space}/drafts/{draft}", gx_api_draft_get, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW, "space", NULL},
	{"PUT", "/api/v1/spaces/{space}/drafts/{draft}", gx_api_draft_save, GX_BODY_JSON, gx_draft_save_spec,
	 GX_ACT_SPACE_ACT, "space", NULL},
	{"DELETE", "/api/v1/spaces/{space}/drafts/{draft}", gx_api_draft_delete, GX_BODY_NONE, NULL, GX_ACT_SPACE_ACT,
	 "space", NULL},
	{"POST", "/api/v1/spaces/{space}/drafts/{draft}/submit", gx_api_submission_submit, GX_BODY_NONE, NULL, GX_ACT_SPACE_ACT,
	 "space", NULL},
	{"GET", "/api/v1/spaces/{space}/submissions/{submission}", gx_api_submission_get, GX_BODY_NONE, NULL,
	 GX_ACT_SPACE_VIEW, "space", NULL},
	{"GET", "/api/v1/spaces/{space}/overview", gx_api_overview, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW, "space", NULL},
	{"POST", "/api/v1/spaces/{space}/drafts/{draft}/attachments", gx_api_attachment_upload, GX_BODY_UPLOAD, NULL,
	 GX_ACT_SPACE_ACT, "space", NULL},
	{"GET", "/api/v1/spaces/{space}/attachments/{attachment}", gx_api_attachment_download, GX_BODY_NONE, NULL,
	 GX_ACT_SPACE_VIEW, "space", NULL},
	{"GET", "/api/v1/procedures", gx_api_procedures, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/api/v1/themes", gx_api_themes, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/api/v1/openapi.json", gx_api_openapi, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/api/v1/receipts/key", gx_api_receipts_key, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},

	/* "Who accessed my data", and the transparency log it is proven on (docs/transparency.md). */
	{"GET", "/access-log", gx_page_access_log, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"GET", "/api/v1/access-log", gx_api_access_log, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"GET", "/api/v1/access-log/export", gx_api_access_log_export, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"GET", "/api/v1/access-log/proofs", gx_api_access_log_proofs, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"GET", "/transparency/v1/checkpoint", gx_api_tlog_checkpoint, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/transparency/v1/checkpoints/{size}", gx_api_tlog_checkpoint_at, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW,
	 NULL, NULL},
	{"GET", "/transparency/v1/consistency", gx_api_tlog_consistency, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL,
	 NULL},
	{"GET", "/transparency/v1/inclusion", gx_api_tlog_inclusion, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/transparency/v1/keys", gx_api_tlog_keys, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/transparency/v1/openapi.json", gx_api_tlog_openapi, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"POST", "/transparency/v1/cosignature", gx_api_tlog_cosignature, GX_BODY_UPLOAD, NULL, GX_ACT_WITNESS_COSIGN,
	 NULL, NULL},
};

const size_t gx_routes_count = sizeof(gx_routes) / sizeof(gx_routes[0]);
