#ifndef GX_AUTHZ_AUTHZ_H
#define GX_AUTHZ_AUTHZ_H

/** The one place that answers "may actor A do action X on resource R?".
 *  Every route names its action (and, for a space, the path parameter that
 *  holds it); the HTTP layer asks before the handler runs, so no handler
 *  decides and no route escapes. Who may do what is a table of rules
 *  (authz.c): professional-space members, mandate holders and organisations
 *  become new rows and relations, not new code paths. */

#include <stdbool.h>

#include "core/access.h"
#include "session/session.h"

struct gx_store_conn;

enum gx_actor_kind {
	GX_ACTOR_ANONYMOUS,
	GX_ACTOR_PERSON,   /* a person logged in through the identity provider (a citizen, or an agent) */
	GX_ACTOR_CLIENT,   /* an organisation's machine client, by its access token (/api/org/v1) */
};

/** What an organisation's API client may do: a bit each. */
enum gx_scope {
	GX_SCOPE_SUBMISSIONS_READ = 1u << 0,   /* "submissions.read" */
	GX_SCOPE_SUBMISSIONS_WRITE = 1u << 1,  /* "submissions.write" */
	GX_SCOPE_REGISTERS_READ = 1u << 2,     /* "registers.read" */
	GX_SCOPE_LETTERBOX_SEND = 1u << 3,     /* "letterbox.send" */
};

#define GX_CLIENT_ID_MAX 65
#define GX_ORG_ID_MAX 65

/** An organisation's machine client, as its access token says. */
struct gx_client {
	char id[GX_CLIENT_ID_MAX];
	char org[GX_ORG_ID_MAX];
	unsigned scopes;   /* enum gx_scope bits */
	long long expires_at_us;  /* when the token stops working */
};

/** An agent's role in an organisation, each including the one before. */
enum gx_agent_role {
	GX_ROLE_NONE,
	GX_ROLE_HANDLER,     /* works cases */
	GX_ROLE_SUPERVISOR,  /* also assigns cases and sees all */
	GX_ROLE_ADMIN,       /* also manages the organisation's agents, API clients and document types */
};

struct gx_actor {
	enum gx_actor_kind kind;
	struct gx_session session;   /* GX_ACTOR_PERSON */
	struct gx_client client;     /* GX_ACTOR_CLIENT */
	enum gx_agent_role role;     /* a person acting for the route's organisation: their role there */
	struct gx_access access;     /* a person acting in the route's space: core's decision (core/access.h) */
};

enum gx_action {
	GX_ACT_OPERATE,        /* health, readiness, metrics, hello, static files: no session looked up */
	GX_ACT_PUBLIC_VIEW,    /* public pages */
	GX_ACT_FEEDBACK_SEND,  /* page feedback */
	GX_ACT_GUEST_SUBMIT,   /* a procedure submitted without logging in: anyone (not cross-site) */
	GX_ACT_LOGIN,          /* start or finish a login */
	GX_ACT_LOGOUT,
	GX_ACT_SELF_VIEW,      /* who am I, my active space, my data */
	GX_ACT_SELF_CHANGE,    /* my own choices (prefill consent) */
	GX_ACT_SPACE_VIEW,     /* see a space and what is in it */
	GX_ACT_SPACE_ACT,      /* open, save, submit or delete procedures in a space (core checks each procedure) */
	GX_ACT_SPACE_ADMIN,    /* change who may act in a space: members, invitations, mandates (owner, administrator) */
	GX_ACT_SPACE_LETTERBOX,/* read a space's letter box (owner, administrator, member for every procedure, parent,
				* a mandatary whose mandate includes it) */
	GX_ACT_AGENT_HOME,     /* the back office's start: the organisations the person is an agent of */
	GX_ACT_ORG_VIEW,       /* an agent of the route's organisation, any role: the inbox, a case */
	GX_ACT_ORG_HANDLE,     /* the same: work a case (assign to oneself, notes, statuses, requests, decisions) */
	GX_ACT_ORG_SUPERVISE,  /* a supervisor or admin of it: assign a case to another agent */
	GX_ACT_ORG_ADMIN,      /* an admin of it: its agents, API clients and document types */
	GX_ACT_CLIENT_TOKEN,   /* a client assertion exchanged for an access token: anyone (the assertion is checked) */
	GX_ACT_CLIENT_SUBMISSIONS_READ,   /* a client with scope submissions.read */
	GX_ACT_CLIENT_SUBMISSIONS_WRITE,  /* a client with scope submissions.write */
	GX_ACT_CLIENT_REGISTERS_READ,     /* a client with scope registers.read */
	GX_ACT_CLIENT_LETTERBOX_SEND,     /* a client with scope letterbox.send */
	GX_ACT_CLIENT_ANY,                /* any client with a valid token, whatever its scopes (who am I) */
	GX_ACT_OPERATOR_VIEW,  /* a platform operator (guichetctl operators): the operator dashboard */
	GX_ACT_WITNESS_COSIGN,            /* a witness's cosignature of a checkpoint: anyone, no cookie (the signature is checked) */
	GX_ACT__COUNT
};

enum gx_decision {
	GX_ALLOW,
	GX_DENY_LOGIN,    /* log in first: 401 for the API, a redirect to /login for pages */
	GX_DENY_HIDDEN,   /* not yours: answered as if it did not exist (404) */
	GX_DENY_FORBIDDEN, /* known to be there, not allowed (a token without the scope, an agent in a lesser role, a
			    * member who is no administrator): 403 */
	GX_DENY_ERROR,    /* the store could not be asked: 503 */
};

enum gx_resource_kind { GX_RES_NONE, GX_RES_SPACE, GX_RES_ORG };

struct gx_resource {
	enum gx_resource_kind kind;
	long long id;      /* GX_RES_SPACE: the space's id; <= 0 when the parameter was not a valid id */
	const char *org;   /* GX_RES_ORG: the organisation's id; NULL when the parameter was not valid */
};

/** The decision for actor a doing action on res at now_us (the platform's
 *  clock, util/clock.h gx_now_us). May read relations from the store; for an
 *  agent's action it sets a->role to their role in the organisation, for a
 *  space's a->access to core's decision (who may act there, for which
 *  procedures). */
enum gx_decision gx_authz_decide(struct gx_store_conn *db, struct gx_actor *a, enum gx_action action,
				 const struct gx_resource *res, long long now_us);

/** The decision for the person of a in another space than the route's (the
 *  session's active space, for the page header): core's, at now_us. */
enum gx_db_status gx_authz_space_of(struct gx_store_conn *db, const struct gx_actor *a, long long space_id,
				    long long now_us, struct gx_access *out);

/** True when the action is a machine client's: the request authenticates
 *  with a bearer access token, never a cookie, and needs no CSRF token. */
bool gx_action_by_client(enum gx_action action);

/** True for the organisation API's routes: the client actions and the token
 *  exchange. No cookie is read there and no CSRF token is asked for. */
bool gx_action_cookieless(enum gx_action action);

/** The scope's name ("submissions.read"), or NULL; and the bit of a name (0: none). */
const char *gx_scope_name(enum gx_scope scope);
unsigned gx_scope_from_name(const char *name, size_t len);

/** The bits of a list of scope names separated by sep ("submissions.read
 *  registers.read"); an empty list is none. Returns 0, or -1 when an element
 *  is empty or no scope's name (then *bad and *bad_len, when not NULL, say
 *  which). */
int gx_scopes_parse(const char *list, size_t len, char sep, unsigned *bits, const char **bad, size_t *bad_len);
/** The names of the scopes in bits, separated by sep, into out ("" for
 *  none); -1 when out is too small. */
int gx_scopes_format(unsigned bits, char sep, char *out, size_t outlen);

/** The role's name ("handler", "supervisor", "admin"); and its value from a name (GX_ROLE_NONE: none). */
const char *gx_agent_role_name(enum gx_agent_role role);
enum gx_agent_role gx_agent_role_from_name(const char *name);

/** The action's stable name ("space.view"), for the route listing and the matrix test. */
const char *gx_action_name(enum gx_action action);

/** True when the action needs the request's session (all but GX_ACT_OPERATE). */
bool gx_action_needs_actor(enum gx_action action);

#endif
