#ifndef GX_AUTHZ_AUTHZ_H
#define GX_AUTHZ_AUTHZ_H

/** The one place that answers "may actor A do action X on resource R?".
 *  Every route names its action (and, for a space, the path parameter that
 *  holds it); the HTTP layer asks before the handler runs, so no handler
 *  decides and no route escapes. Who may do what is a table of rules
 *  (authz.c): professional-space members, mandate holders and organisations
 *  become new rows and relations, not new code paths. */

#include <stdbool.h>

#include "session/session.h"

struct gx_store_conn;

enum gx_actor_kind { GX_ACTOR_ANONYMOUS, GX_ACTOR_PERSON };

struct gx_actor {
	enum gx_actor_kind kind;
	struct gx_session session;   /* for GX_ACTOR_PERSON */
};

enum gx_action {
	GX_ACT_OPERATE,        /* health, readiness, metrics, hello, static files: no session looked up */
	GX_ACT_PUBLIC_VIEW,    /* public pages */
	GX_ACT_FEEDBACK_SEND,  /* page feedback */
	GX_ACT_LOGIN,          /* start or finish a login */
	GX_ACT_LOGOUT,
	GX_ACT_SELF_VIEW,      /* who am I, my active space, my data */
	GX_ACT_SELF_CHANGE,    /* my own choices (prefill consent) */
	GX_ACT_SPACE_VIEW,     /* see a space and what is in it */
	GX_ACT_SPACE_ACT,      /* open, save, submit or delete procedures in a space */
	GX_ACT__COUNT
};

enum gx_decision {
	GX_ALLOW,
	GX_DENY_LOGIN,    /* log in first: 401 for the API, a redirect to /login for pages */
	GX_DENY_HIDDEN,   /* not yours: answered as if it did not exist (404) */
	GX_DENY_ERROR,    /* the store could not be asked: 503 */
};

enum gx_resource_kind { GX_RES_NONE, GX_RES_SPACE };

struct gx_resource {
	enum gx_resource_kind kind;
	long long id;   /* GX_RES_SPACE: the space's id; <= 0 when the parameter was not a valid id */
};

/** The decision for actor a doing action on res. May read relations from the store. */
enum gx_decision gx_authz_decide(struct gx_store_conn *db, const struct gx_actor *a, enum gx_action action,
				 const struct gx_resource *res);

/** The action's stable name ("space.view"), for the route listing and the matrix test. */
const char *gx_action_name(enum gx_action action);

/** True when the action needs the request's session (all but GX_ACT_OPERATE). */
bool gx_action_needs_actor(enum gx_action action);

#endif
