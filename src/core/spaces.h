#ifndef GX_CORE_SPACES_H
#define GX_CORE_SPACES_H

/**
 * Persons and the spaces they act in: their own, companies' (whose managers
 * in the companies register open them; administrators invite members),
 * their minor children's (from the population register), and those whose
 * owner gave them a mandate. Every change of who may act in a space is an
 * event of its history. Who may do each of these is core's decision
 * (access.h): the space's admin operations need c->access->admin, which the
 * authorization layer checked for the route; invitations and mandates are
 * answered by the person they name, by national id.
 *
 * Each write ends in exactly one call of its completion, on every path.
 */

#include <stdbool.h>

#include "core/ctx.h"

/** The person's names and national id: GX_DB_ONE_RESULT, GX_DB_NO_RESULTS or an error. */
enum gx_db_status gx_person_read(struct gx_store_conn *db, struct gx_person_id person, struct gx_person *out);

/* --- reads: JSON array texts, malloc'ed into *out (see store/spaces.h for their members) -------- */

/** The spaces the acting person may act in now. */
enum gx_db_status gx_spaces_read(const struct gx_core_ctx *c, char **out);
/** Invitations and mandates waiting for the acting person's answer, and the mandates they hold. */
enum gx_db_status gx_invitations_for_me(const struct gx_core_ctx *c, char **out);
enum gx_db_status gx_mandates_for_me(const struct gx_core_ctx *c, char **out);
/** A space's members, pending invitations, mandates, history and acts on its owner's behalf. */
enum gx_db_status gx_space_members_read(struct gx_store_conn *db, struct gx_space_id space, char **out);
enum gx_db_status gx_space_invitations_read(const struct gx_core_ctx *c, struct gx_space_id space, char **out);
enum gx_db_status gx_space_mandates_read(struct gx_store_conn *db, struct gx_space_id space, char **out);
enum gx_db_status gx_space_history_read(struct gx_store_conn *db, struct gx_space_id space, size_t limit, char **out);
enum gx_db_status gx_space_acts_read(struct gx_store_conn *db, struct gx_space_id space, size_t limit, char **out);

/* --- writes -------------------------------------------------------------------------------------- */

/** How a write ended: status OK (id: what it made or changed), NOT_FOUND,
 *  FORBIDDEN, CONFLICT (reason says what), INVALID (field and reason name
 *  the input at fault), UNAVAILABLE or FAULT. Strings are static. */
struct gx_space_result {
	enum gx_core_status status;
	long long id;
	const char *field;
	const char *reason;
	size_t count;   /* companies' and children's spaces: how many were opened or found */
	long long space_id; /* a mandate's: the space it was granted for */
};
typedef void (*gx_space_done_fn)(void *arg, const struct gx_space_result *res);

/** What an administrator asks of a member or an invitee: a role and, for a
 *  member limited to some procedures, their ids (each loaded, at most 20). */
struct gx_member_input {
	const char *role;                       /* "administrator" or "member" */
	const char *const *procedures;          /* NULL or empty: every procedure (role member only) */
	size_t nprocedures;
};

/** Invites the person with national_id into space (a company's, c->access
 *  admin) with in: a pending invitation for 30 days, and an event. */
void gx_invitation_create(const struct gx_core_ctx *c, struct gx_space_id space, const char *national_id,
			  const struct gx_member_input *in, gx_space_done_fn done, void *arg);
/** The invitee (the acting person, by national id) accepts or declines
 *  invitation id: accepting makes them a member (one already keeps their
 *  role). NOT_FOUND when it is not theirs, no longer pending or expired. */
void gx_invitation_answer(const struct gx_core_ctx *c, long long id, bool accept, gx_space_done_fn done, void *arg);
/** An administrator of space withdraws a pending invitation of it. */
void gx_invitation_withdraw(const struct gx_core_ctx *c, struct gx_space_id space, long long id,
			    gx_space_done_fn done, void *arg);
/** An administrator of space changes a member's role and procedures, or
 *  removes them (in NULL). The owner of a private space cannot be changed;
 *  the last administrator can be neither demoted nor removed (CONFLICT). */
void gx_member_change(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_person_id member,
		      const struct gx_member_input *in, gx_space_done_fn done, void *arg);

/** What a mandate grants. */
struct gx_mandate_input {
	const char *mandatary;                  /* their national id */
	const char *scope;                      /* "all", "procedures" or "organisation" */
	const char *const *procedures;          /* scope "procedures": 1 to 20 loaded ids */
	size_t nprocedures;
	const char *organisation;               /* scope "organisation": an organisation with loaded procedures */
	const char *valid_from;                 /* "YYYY-MM-DD" (Luxembourg), today or later; NULL: today */
	const char *valid_until;                /* "YYYY-MM-DD", required: after valid_from, at most 5 years later */
	bool letterbox;                         /* may also read the letter box */
};
/** The space's owner or an administrator grants a mandate (pending until
 *  the mandatary accepts), and an event. CONFLICT when that person already
 *  holds an open one for the space. */
void gx_mandate_grant(const struct gx_core_ctx *c, struct gx_space_id space, const struct gx_mandate_input *in,
		      gx_space_done_fn done, void *arg);
/** The mandatary (the acting person, by national id) accepts mandate id:
 *  NOT_FOUND when it is not theirs, already answered, revoked or over. */
void gx_mandate_accept(const struct gx_core_ctx *c, long long id, gx_space_done_fn done, void *arg);
/** The mandatary, or the grantor's side (the space's owner or an
 *  administrator, decided at c->now_us), revokes mandate id: no access from
 *  that moment. NOT_FOUND for anyone else; CONFLICT when already revoked. */
void gx_mandate_revoke(const struct gx_core_ctx *c, long long id, gx_space_done_fn done, void *arg);

/** Asks the companies register which companies the acting person manages
 *  (an access record on them) and opens each one's professional space: the
 *  first manager to open it becomes its administrator, a later one a member
 *  (an administrator can promote them). res->count: the companies. */
void gx_company_spaces_open(const struct gx_core_ctx *c, gx_space_done_fn done, void *arg);

/** Asks the population register for the acting person's children (access
 *  records on the person and on each child) and, for each minor, records
 *  the child's space and the parent's right to act in it until the 18th
 *  birthday. res->count: the minor children. */
void gx_children_record(const struct gx_core_ctx *c, gx_space_done_fn done, void *arg);

/** Makes space (which c->access says the person may act in) the session's
 *  active space: the header then names it and acts in it. NOT_FOUND when
 *  the session ended meanwhile. */
void gx_space_activate(const struct gx_core_ctx *c, struct gx_space_id space,
		       const unsigned char id_hash[GX_SESSION_HASH_BYTES], gx_space_done_fn done, void *arg);

/** The day (days since 1970-01-01) a person born on birth (a day number)
 *  turns 18: a 29 February birthday counts on 1 March. */
int gx_majority_day(int birth);

#endif
