#ifndef GX_BACKOFFICE_PAGES_CASE_H
#define GX_BACKOFFICE_PAGES_CASE_H

/** A case as a page for its organisation's agents (case.c), and the forms
 *  that change it (case_actions.c). */

#include <jansson.h>

#include "http/handler.h"

enum gx_outcome gx_bo_case(struct gx_req *r);  /* GET /backoffice/orgs/{org}/cases/{submission} */

/* The forms of the case page (case_actions.c): POST …/assign, …/note,
 * …/status (multipart: a decision's PDF), …/request; GET …/files/{attachment}. */
enum gx_outcome gx_bo_case_assign(struct gx_req *r);
enum gx_outcome gx_bo_case_note(struct gx_req *r);
enum gx_outcome gx_bo_case_status(struct gx_req *r);
enum gx_outcome gx_bo_case_request(struct gx_req *r);
enum gx_outcome gx_bo_case_file(struct gx_req *r);

/* POST …/register-data: what the consent allows, fetched from the registers
 * now and shown once (never stored in the case). */
enum gx_outcome gx_bo_case_fetch(struct gx_req *r);

/** The case page of the path answered with status, with errors (taken;
 *  [{text, href}] for the error summary, or NULL) and fetched (taken: what
 *  was just fetched from the registers, [{title, status, values}], or NULL). */
enum gx_outcome gx_bo_case_reply(struct gx_req *r, int status, json_t *errors, json_t *fetched);

#endif
