#ifndef GX_PORTAL_PAGES_SPACES_H
#define GX_PORTAL_PAGES_SPACES_H

/** The spaces a person acts in, invitations and mandates to answer, as
 *  pages (spaces.c); a company's members (members.c) and a space's mandates
 *  (mandates.c). Authorization has already been decided (src/authz). */

#include <jansson.h>

#include "http/handler.h"
#include "i18n/i18n.h"

enum gx_outcome gx_page_spaces(struct gx_req *r);             /* GET /spaces */
enum gx_outcome gx_page_space_activate(struct gx_req *r);     /* POST /spaces/{space}/activate */
enum gx_outcome gx_page_companies_open(struct gx_req *r);     /* POST /spaces/companies */
enum gx_outcome gx_page_children_record(struct gx_req *r);    /* POST /spaces/children */
enum gx_outcome gx_page_invitation_accept(struct gx_req *r);  /* POST /invitations/{invitation}/accept */
enum gx_outcome gx_page_invitation_decline(struct gx_req *r); /* POST /invitations/{invitation}/decline */
enum gx_outcome gx_page_mandate_accept(struct gx_req *r);     /* POST /mandates/{mandate}/accept */
enum gx_outcome gx_page_mandate_revoke(struct gx_req *r);     /* POST /mandates/{mandate}/revoke */

enum gx_outcome gx_page_members(struct gx_req *r);            /* GET /spaces/{space}/members */
enum gx_outcome gx_page_invite(struct gx_req *r);             /* POST /spaces/{space}/invitations */
enum gx_outcome gx_page_invitation_withdraw(struct gx_req *r); /* POST /spaces/{space}/invitations/{invitation}/withdraw */
enum gx_outcome gx_page_member_change(struct gx_req *r);      /* POST /spaces/{space}/members/{person} */
enum gx_outcome gx_page_member_remove(struct gx_req *r);      /* POST /spaces/{space}/members/{person}/remove */

enum gx_outcome gx_page_mandates(struct gx_req *r);           /* GET /spaces/{space}/mandates */
enum gx_outcome gx_page_mandate_grant(struct gx_req *r);      /* POST /spaces/{space}/mandates */

/** The titles of a JSON array of procedure ids, joined by commas (malloc'ed; NULL for none). */
char *gx_page_procedure_titles(const json_t *ids, enum gx_lang lang);
/** How a mandate ({scope, procedures, organisation}) reads: every procedure, their titles, an organisation's (malloc'ed). */
char *gx_page_mandate_scope(const json_t *t, const json_t *m, enum gx_lang lang);
/** A mandate's state at now_us ("pending", "accepted", "in_force", "over", "revoked") and its tag's class. */
const char *gx_page_mandate_state(const json_t *m, long long now_us, const char **tag_class);
/** Its first and last days, "YYYY-MM-DD – YYYY-MM-DD". */
void gx_page_mandate_dates(const json_t *m, char out[64]);

/** The procedures a space of kind offers, [{id, title, checked}] (checked: in chosen, a JSON array or NULL). */
json_t *gx_page_procedure_choices(const char *kind, const json_t *chosen, enum gx_lang lang);
/** What was done in the route's space on its behalf, newest first: [{at, who, what, procedure}]. */
json_t *gx_page_acts(struct gx_req *r, const json_t *t, enum gx_lang lang, size_t limit);
/** The route's space's history, newest first: [{at, what, who}]. */
json_t *gx_page_history(struct gx_req *r, const json_t *t);

#endif
