#include "portal/routes.h"

#include "http/operator.h"
#include "portal/api/attachments.h"
#include "portal/api/drafts.h"
#include "portal/api/feedback.h"
#include "portal/api/mydata.h"
#include "portal/api/openapi.h"
#include "portal/api/overview.h"
#include "portal/api/procedures.h"
#include "portal/api/requests.h"
#include "portal/api/self_declared.h"
#include "portal/api/space.h"
#include "portal/api/submissions.h"
#include "portal/pages/about.h"
#include "portal/pages/attachments.h"
#include "portal/pages/drafts.h"
#include "portal/pages/guest.h"
#include "portal/pages/login.h"
#include "portal/pages/mydata.h"
#include "portal/pages/overview.h"
#include "portal/pages/procedures.h"
#include "portal/pages/public.h"
#include "portal/pages/requests.h"
#include "portal/pages/self_declared.h"
#include "portal/pages/space.h"
#include "portal/pages/topics.h"
#include "site/static.h"
#include "portal/pages/submissions.h"

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

	{"GET", "/login", gx_login_start, GX_BODY_NONE, NULL, GX_ACT_LOGIN, NULL, NULL},
	{"GET", "/auth/callback", gx_login_callback, GX_BODY_NONE, NULL, GX_ACT_LOGIN, NULL, NULL},
	{"POST", "/logout", gx_logout, GX_BODY_FORM, NULL, GX_ACT_LOGOUT, NULL, NULL},
	{"GET", "/space", gx_space_home, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"GET", "/spaces/{space}", gx_space_page, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW, "space", NULL},
	{"GET", "/my-data", gx_page_mydata, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"POST", "/my-data/choices", gx_page_mydata_choice, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
	{"POST", "/my-data/self-declared", gx_page_self_declared, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},

	{"GET", "/procedures", gx_page_catalogue, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/procedures/{procedure}", gx_page_procedure_about, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/procedures/{procedure}/without-login", gx_page_guest_form, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL,
	 NULL},
	{"POST", "/procedures/{procedure}/without-login", gx_page_guest_submit, GX_BODY_FORM, NULL, GX_ACT_GUEST_SUBMIT,
	 NULL, NULL},
	{"GET", "/themes/{theme}", gx_page_theme, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/life-events/{event}", gx_page_life_event, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"POST", "/procedures/{procedure}/start", gx_page_draft_start, GX_BODY_FORM, NULL, GX_ACT_SELF_CHANGE, NULL, NULL},
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

	{"POST", "/api/v1/spaces/{space}/submissions/{submission}/requests/{request}/answer", gx_api_request_answer,
	 GX_BODY_MULTIPART, NULL, GX_ACT_SPACE_ACT, "space", NULL},
	{"POST", "/api/v1/spaces/{space}/submissions/{submission}/consent/revoke", gx_api_consent_revoke, GX_BODY_NONE,
	 NULL, GX_ACT_SPACE_ACT, "space", NULL},
	{"POST", "/api/v1/feedback", gx_api_feedback, GX_BODY_JSON, gx_feedback_spec, GX_ACT_FEEDBACK_SEND, NULL, NULL},
	{"GET", "/api/v1/me", gx_api_me, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"GET", "/api/v1/my-data", gx_api_mydata_get, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"PUT", "/api/v1/my-data/choices", gx_api_mydata_choice, GX_BODY_JSON, gx_mydata_choice_spec, GX_ACT_SELF_CHANGE,
	 NULL, NULL},
	{"GET", "/api/v1/self-declared", gx_api_self_declared_get, GX_BODY_NONE, NULL, GX_ACT_SELF_VIEW, NULL, NULL},
	{"PUT", "/api/v1/self-declared/{attribute}", gx_api_self_declared_put, GX_BODY_JSON, gx_self_declared_put_spec,
	 GX_ACT_SELF_CHANGE, NULL, NULL},
	{"DELETE", "/api/v1/self-declared/{attribute}", gx_api_self_declared_delete, GX_BODY_NONE, NULL,
	 GX_ACT_SELF_CHANGE, NULL, NULL},
	{"GET", "/api/v1/spaces/{space}", gx_api_space, GX_BODY_NONE, NULL, GX_ACT_SPACE_VIEW, "space", NULL},
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
};

const size_t gx_routes_count = sizeof(gx_routes) / sizeof(gx_routes[0]);
