#ifndef GX_STORE_SPACES_H
#define GX_STORE_SPACES_H

/**
 * The store's part of professional spaces and acting for others (issue 15):
 * companies' spaces and their members, invitations, mandates, parents of
 * minor children, each space's history and what was done in it on someone's
 * behalf. Primitives: core composes them inside one durable write and
 * decides (core/access.h); nothing here decides who may do what. Included
 * by store.h; each backend implements struct gx_store_spaces_ops.
 */

#include <stdbool.h>
#include <stddef.h>

#include "store/ids.h"

struct gx_store_conn;

#define GX_SPACE_NAME_MAX 258      /* a company's name, or "given family" */
#define GX_COMPANY_NUMBER_MAX 16   /* "B123456" */
#define GX_SCOPE_JSON_MAX 1400     /* a JSON array of up to 20 procedure ids */
#define GX_SCOPE_ORG_MAX 65

/** A space as the header and the decision need it. */
struct gx_space_row {
	long long id;
	char kind[16];                               /* "private" or "professional" */
	long long owner_person_id;                   /* private: its person; 0 for a company's */
	char owner_national_id[14];                  /* private: the owner's; "" otherwise */
	char company_number[GX_COMPANY_NUMBER_MAX];  /* professional: its number in the companies register */
	char name[GX_SPACE_NAME_MAX];                /* the company's name, or the owner's "given family" */
};

/** One way a person is related to a space, as stored (core/access.c merges
 *  them into one decision). */
struct gx_space_relation {
	char via[16];                          /* "member", "mandate" or "parent" */
	char role[16];                         /* member: "owner", "administrator", "member"; else "mandatary", "parent" */
	char procedures[GX_SCOPE_JSON_MAX];    /* a JSON array of procedure ids, or "" for every one */
	char organisation[GX_SCOPE_ORG_MAX];   /* a mandate for one organisation's procedures; "" otherwise */
	bool letterbox;                        /* may read the space's letter box */
	long long mandate_id;                  /* "mandate": which one */
	long long until_us;                    /* a mandate's end, a child's 18th birthday; 0: none */
};

/** The space and the person's relations to it in force at now_us (a
 *  mandate accepted, not revoked, begun and not ended; a child not yet 18):
 *  up to max into rels, their number into *n; more than max is
 *  GX_DB_HARD_ERROR (never silently fewer). GX_DB_NO_RESULTS when there is
 *  no such space. */
enum gx_db_status gx_store_space_access(struct gx_store_conn *conn, struct gx_space_id space,
					struct gx_person_id person, long long now_us, struct gx_space_row *out,
					struct gx_space_relation *rels, size_t max, size_t *n);

/** The spaces the person may act in at now_us, as a JSON array text
 *  (malloc'ed): [{id, kind, name, via, role, until_us}], their own first,
 *  then companies, children and mandates, each by name. */
enum gx_db_status gx_store_spaces_of(struct gx_store_conn *conn, struct gx_person_id person, long long now_us,
				     char **out);

/** The company's space: *id, or GX_DB_NO_RESULTS. */
enum gx_db_status gx_store_company_space(struct gx_store_conn *conn, const char *company_number, long long *id);
/** Makes the company's professional space (none may exist): *id. */
enum gx_db_status gx_store_company_space_create(struct gx_store_conn *conn, const char *company_number,
						const char *name, long long at_us, long long *id);

/** The person with national_id, made when missing (names from the
 *  population register, never logged in) with their private space: *person
 *  and *space. Their names are kept when they exist. */
enum gx_db_status gx_store_person_ensure(struct gx_store_conn *conn, const char *national_id, const char *given_name,
					 const char *family_name, long long at_us, long long *person, long long *space);
/** Records (or moves) a parent's right to act in their child's space until adult_at_us. */
enum gx_db_status gx_store_guardianship_put(struct gx_store_conn *conn, struct gx_person_id parent,
					    struct gx_space_id child_space, long long adult_at_us, long long at_us);

/* --- members -------------------------------------------------------------------- */

/** Makes the person a member of the space with role and, for a member
 *  limited to some procedures, procedures_json (NULL: every one), or
 *  changes those. */
enum gx_db_status gx_store_member_put(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				      const char *role, const char *procedures_json, long long at_us);
/** GX_DB_NO_RESULTS when they were not a member. The owner cannot be removed. */
enum gx_db_status gx_store_member_remove(struct gx_store_conn *conn, struct gx_space_id space,
					 struct gx_person_id person);
/** The person's role in the space into role ("" and GX_DB_NO_RESULTS when none). */
enum gx_db_status gx_store_member_role(struct gx_store_conn *conn, struct gx_space_id space,
				       struct gx_person_id person, char role[16]);
/** How many administrators the space has. */
enum gx_db_status gx_store_space_admins(struct gx_store_conn *conn, struct gx_space_id space, long long *n);
/** The persons other than its owner who act in the space at now_us (its
 *  members but the owner, the mandataries of mandates in force, the parents
 *  of a minor owner), each once, by id: *out malloc'ed (the caller frees;
 *  NULL when none), their number in *n. What each may do is the one
 *  decision's (core/access.h), asked per person. */
enum gx_db_status gx_store_space_actors(struct gx_store_conn *conn, struct gx_space_id space, long long now_us,
					long long **out, size_t *n);
/** The members, by family then given name: [{person_id, national_id,
 *  given_name, family_name, role, procedures, since_us}] (malloc'ed). */
enum gx_db_status gx_store_members_list(struct gx_store_conn *conn, struct gx_space_id space, char **out);

/* --- invitations ------------------------------------------------------------------ */

struct gx_invitation {
	long long id;
	long long space_id;
	char national_id[14];
	char role[16];                        /* "administrator" or "member" */
	char procedures[GX_SCOPE_JSON_MAX];   /* "" for every procedure */
	long long invited_by;
	long long created_at_us, expires_at_us;
	char state[16];                       /* "pending", "accepted", "declined", "withdrawn" */
	long long settled_at_us;
};

enum gx_db_status gx_store_invitation_create(struct gx_store_conn *conn, const struct gx_invitation *in,
					     long long *id);
enum gx_db_status gx_store_invitation_get(struct gx_store_conn *conn, long long id, struct gx_invitation *out);
/** Moves a pending invitation to state: GX_DB_NO_RESULTS when it was not pending. */
enum gx_db_status gx_store_invitation_settle(struct gx_store_conn *conn, long long id, const char *state,
					     long long at_us);
/** A space's invitations still pending at now_us, newest first: [{id,
 *  national_id, role, procedures, created_at_us, expires_at_us}] (malloc'ed). */
enum gx_db_status gx_store_invitations_of_space(struct gx_store_conn *conn, struct gx_space_id space,
						long long now_us, char **out);
/** Pending invitations for national_id at now_us: [{id, space_id,
 *  space_name, role, procedures, expires_at_us}] (malloc'ed). */
enum gx_db_status gx_store_invitations_for(struct gx_store_conn *conn, const char *national_id, long long now_us,
					   char **out);

/* --- mandates --------------------------------------------------------------------- */

struct gx_mandate {
	long long id;
	long long space_id;                   /* the grantor's space: where the mandatary may act */
	long long granted_by;                 /* the person who granted it */
	char mandatary_national_id[14];
	long long mandatary_person_id;        /* once accepted; 0 before */
	char scope[16];                       /* "all", "procedures", "organisation" */
	char procedures[GX_SCOPE_JSON_MAX];   /* scope "procedures": a JSON array; "" otherwise */
	char organisation[GX_SCOPE_ORG_MAX];  /* scope "organisation"; "" otherwise */
	bool letterbox;
	long long valid_from_us, valid_until_us;
	long long created_at_us, accepted_at_us, revoked_at_us;   /* 0: not (yet) */
	long long revoked_by;
};

enum gx_db_status gx_store_mandate_create(struct gx_store_conn *conn, const struct gx_mandate *m, long long *id);
enum gx_db_status gx_store_mandate_get(struct gx_store_conn *conn, long long id, struct gx_mandate *out);
/** Accepts a mandate neither accepted nor revoked, for person:
 *  GX_DB_NO_RESULTS otherwise. */
enum gx_db_status gx_store_mandate_accept(struct gx_store_conn *conn, long long id, struct gx_person_id person,
					  long long at_us);
/** Revokes a mandate not yet revoked: GX_DB_NO_RESULTS otherwise. */
enum gx_db_status gx_store_mandate_revoke(struct gx_store_conn *conn, long long id, struct gx_person_id by,
					  long long at_us);
/** The mandates a space granted, newest first: [{id, mandatary_national_id,
 *  mandatary_name, scope, procedures, organisation, letterbox,
 *  valid_from_us, valid_until_us, created_at_us, accepted_at_us,
 *  revoked_at_us}] (malloc'ed; names null until accepted). */
enum gx_db_status gx_store_mandates_of_space(struct gx_store_conn *conn, struct gx_space_id space, char **out);
/** The mandates granted to national_id, newest first: [{id, space_id,
 *  space_name, scope, procedures, organisation, letterbox, valid_from_us,
 *  valid_until_us, created_at_us, accepted_at_us, revoked_at_us}] (malloc'ed). */
enum gx_db_status gx_store_mandates_for(struct gx_store_conn *conn, const char *national_id, char **out);
/** Whether a mandate of space to national_id is pending or accepted, not revoked and not over at now_us. */
enum gx_db_status gx_store_mandate_open_exists(struct gx_store_conn *conn, struct gx_space_id space,
					       const char *national_id, long long now_us, bool *exists);

/* --- history, and acts on someone's behalf ------------------------------------------ */

/** Appends to the space's history (detail: a JSON object text). */
enum gx_db_status gx_store_space_event_append(struct gx_store_conn *conn, struct gx_space_id space, long long at_us,
					      const char *kind, struct gx_person_id actor, const char *detail_json);
/** The space's history, newest first, at most limit: [{id, at_us, kind,
 *  actor_name, detail}] (malloc'ed). */
enum gx_db_status gx_store_space_events(struct gx_store_conn *conn, struct gx_space_id space, size_t limit,
					char **out);

struct gx_space_act {
	long long space_id;
	long long at_us;
	long long person_id;          /* who acted */
	const char *via;              /* "member", "mandate", "parent" */
	long long mandate_id;         /* 0: none */
	const char *kind;             /* "draft.opened", "submitted", "data.read" … */
	const char *procedure_id;     /* may be NULL */
	long long item_id;            /* the draft or submission; 0: none */
	const char *detail_json;      /* may be NULL */
	const char *request_id;
};
enum gx_db_status gx_store_space_act_append(struct gx_store_conn *conn, const struct gx_space_act *a);
/** What was done in the space on its owner's behalf, newest first, at most
 *  limit: [{id, at_us, person_name, via, kind, procedure, item_id, detail}]
 *  (malloc'ed). */
enum gx_db_status gx_store_space_acts(struct gx_store_conn *conn, struct gx_space_id space, size_t limit, char **out);

/** The session's active space becomes space. */
enum gx_db_status gx_store_session_space_set(struct gx_store_conn *conn, const unsigned char *id_hash,
					     struct gx_space_id space);

/** What a backend implements of the above. */
struct gx_store_spaces_ops {
	enum gx_db_status (*space_access)(struct gx_store_conn *, struct gx_space_id, struct gx_person_id, long long,
					  struct gx_space_row *, struct gx_space_relation *, size_t, size_t *);
	enum gx_db_status (*spaces_of)(struct gx_store_conn *, struct gx_person_id, long long, char **);
	enum gx_db_status (*company_space)(struct gx_store_conn *, const char *, long long *);
	enum gx_db_status (*company_space_create)(struct gx_store_conn *, const char *, const char *, long long,
						  long long *);
	enum gx_db_status (*person_ensure)(struct gx_store_conn *, const char *, const char *, const char *, long long,
					   long long *, long long *);
	enum gx_db_status (*guardianship_put)(struct gx_store_conn *, struct gx_person_id, struct gx_space_id,
					      long long, long long);
	enum gx_db_status (*member_put)(struct gx_store_conn *, struct gx_space_id, struct gx_person_id, const char *,
					const char *, long long);
	enum gx_db_status (*member_remove)(struct gx_store_conn *, struct gx_space_id, struct gx_person_id);
	enum gx_db_status (*member_role)(struct gx_store_conn *, struct gx_space_id, struct gx_person_id, char *);
	enum gx_db_status (*space_admins)(struct gx_store_conn *, struct gx_space_id, long long *);
	enum gx_db_status (*space_actors)(struct gx_store_conn *, struct gx_space_id, long long, long long **, size_t *);
	enum gx_db_status (*members_list)(struct gx_store_conn *, struct gx_space_id, char **);
	enum gx_db_status (*invitation_create)(struct gx_store_conn *, const struct gx_invitation *, long long *);
	enum gx_db_status (*invitation_get)(struct gx_store_conn *, long long, struct gx_invitation *);
	enum gx_db_status (*invitation_settle)(struct gx_store_conn *, long long, const char *, long long);
	enum gx_db_status (*invitations_of_space)(struct gx_store_conn *, struct gx_space_id, long long, char **);
	enum gx_db_status (*invitations_for)(struct gx_store_conn *, const char *, long long, char **);
	enum gx_db_status (*mandate_create)(struct gx_store_conn *, const struct gx_mandate *, long long *);
	enum gx_db_status (*mandate_get)(struct gx_store_conn *, long long, struct gx_mandate *);
	enum gx_db_status (*mandate_accept)(struct gx_store_conn *, long long, struct gx_person_id, long long);
	enum gx_db_status (*mandate_revoke)(struct gx_store_conn *, long long, struct gx_person_id, long long);
	enum gx_db_status (*mandates_of_space)(struct gx_store_conn *, struct gx_space_id, char **);
	enum gx_db_status (*mandates_for)(struct gx_store_conn *, const char *, char **);
	enum gx_db_status (*mandate_open_exists)(struct gx_store_conn *, struct gx_space_id, const char *, long long,
						 bool *);
	enum gx_db_status (*space_event_append)(struct gx_store_conn *, struct gx_space_id, long long, const char *,
						struct gx_person_id, const char *);
	enum gx_db_status (*space_events)(struct gx_store_conn *, struct gx_space_id, size_t, char **);
	enum gx_db_status (*space_act_append)(struct gx_store_conn *, const struct gx_space_act *);
	enum gx_db_status (*space_acts)(struct gx_store_conn *, struct gx_space_id, size_t, char **);
	enum gx_db_status (*session_space_set)(struct gx_store_conn *, const unsigned char *, struct gx_space_id);
};

#endif
