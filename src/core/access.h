#ifndef GX_CORE_ACCESS_H
#define GX_CORE_ACCESS_H

/**
 * The one decision of who may act in which space, for which procedure, at a
 * given time. The authorization layer (src/authz) asks it for every route
 * naming a space, before the handler runs; core's operations then ask the
 * same answer whether it covers the procedure of what they touch (a draft,
 * a submission, a file), so no route and no operation decides apart.
 *
 * A person acts in a space as its owner (their private space), as a member
 * of a company's space (administrator, member, or member limited to named
 * procedures), as a mandatary (a mandate accepted, not revoked, between its
 * dates: every procedure, a list, or one organisation's), or as a parent of
 * a minor child (until the child's 18th birthday: the date is read, no job
 * ends it). Relations are read from the store on every decision, so a
 * revoked or expired mandate gives no access from that moment.
 */

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

#define GX_ACCESS_PROCEDURES_MAX 40   /* a member's list and a mandate's, together */
#define GX_ACCESS_ORGS_MAX 4

enum gx_access_via {
	GX_VIA_NONE,     /* no relation in force: the space is hidden (404) */
	GX_VIA_MANDATE,  /* a mandate of the space's owner (or of the company) */
	GX_VIA_PARENT,   /* a parent of the space's minor owner */
	GX_VIA_MEMBER,   /* an administrator or member of a company's space */
	GX_VIA_OWNER,    /* the person's own private space */
};

struct gx_procedure;

/** The decision for one person and one space at one instant. */
struct gx_access {
	enum gx_access_via via;        /* the strongest relation in force */
	struct gx_space_row space;     /* the space: its kind, owner or company, name */
	long long person_id;           /* who acts */
	char role[16];                 /* "owner", "administrator", "member", "parent", "mandatary" */
	bool admin;                    /* may change who acts here: members, invitations, mandates */
	bool letterbox;                /* may read the space's letter box */
	bool all_procedures;           /* every procedure; else the lists below */
	size_t nprocedures;
	char procedures[GX_ACCESS_PROCEDURES_MAX][GX_STORE_PROCEDURE_ID_MAX];
	size_t norgs;
	char orgs[GX_ACCESS_ORGS_MAX][GX_SCOPE_ORG_MAX];   /* every procedure of these organisations */
	long long mandate_id;          /* GX_VIA_MANDATE: the mandate acted under */
	long long until_us;            /* when the relation ends (a mandate, a child's majority); 0: none */
};

/** Decides for person in space at now_us: GX_DB_ONE_RESULT with out filled
 *  (out->via GX_VIA_NONE when no relation is in force: hide the space),
 *  GX_DB_NO_RESULTS when there is no such space, or a store error (deny). */
enum gx_db_status gx_access_decide(struct gx_store_conn *db, struct gx_space_id space, struct gx_person_id person,
				   long long now_us, struct gx_access *out);

/** The decision for the owner of their own private space, without the store
 *  (the session says so, and that relation never ends): name is theirs. */
void gx_access_owner(struct gx_access *out, struct gx_space_id space, struct gx_person_id person, const char *name);

/** The same from relations already read (pure; tested alone): merges them
 *  into out, whose space and person_id the caller set. Returns -1 when a
 *  relation is malformed or the scopes do not fit (deny). */
int gx_access_merge(struct gx_access *out, const struct gx_space_relation *rels, size_t n);

/** Whether a covers procedure_id of organisation (either may be NULL: not covered unless every procedure). */
bool gx_access_allows(const struct gx_access *a, const char *procedure_id, const char *organisation);

/** Whether procedure p may be started in a's space: it is for that kind of
 *  space and a covers it. */
bool gx_access_may_start(const struct gx_access *a, const struct gx_procedure *p);

/** True when a is someone acting in a space not their own (a member of a
 *  company's space, a mandatary, a parent): what they do is recorded as
 *  "who on behalf of whom" (space_acts). */
bool gx_access_on_behalf(const struct gx_access *a);

/** The via's name ("owner", "member", "mandate", "parent"). */
const char *gx_access_via_name(enum gx_access_via via);

#endif
