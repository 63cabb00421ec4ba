#ifndef GX_PORTAL_API_MEMBERS_H
#define GX_PORTAL_API_MEMBERS_H

/** A company's space's members and invitations over the API (core/spaces.h). */

#include "http/handler.h"
#include "json/spec.h"

extern const struct gx_json_field gx_invitation_spec[];
extern const struct gx_json_field gx_member_spec[];

enum gx_outcome gx_api_members(struct gx_req *r);             /* GET /api/v1/spaces/{space}/members */
enum gx_outcome gx_api_invitation_create(struct gx_req *r);   /* POST /api/v1/spaces/{space}/invitations */
enum gx_outcome gx_api_invitation_withdraw(struct gx_req *r); /* DELETE /api/v1/spaces/{space}/invitations/{invitation} */
enum gx_outcome gx_api_member_put(struct gx_req *r);          /* PUT /api/v1/spaces/{space}/members/{person} */
enum gx_outcome gx_api_member_delete(struct gx_req *r);       /* DELETE /api/v1/spaces/{space}/members/{person} */
enum gx_outcome gx_api_invitation_accept(struct gx_req *r);   /* POST /api/v1/invitations/{invitation}/accept */
enum gx_outcome gx_api_invitation_decline(struct gx_req *r);  /* POST /api/v1/invitations/{invitation}/decline */
enum gx_outcome gx_api_space_history(struct gx_req *r);       /* GET /api/v1/spaces/{space}/history */
enum gx_outcome gx_api_space_acts(struct gx_req *r);          /* GET /api/v1/spaces/{space}/acts */

#endif
