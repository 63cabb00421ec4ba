#include "authz/authz.h"

#include <string.h>

#include "store/store.h"

/* Who may act, and what relation to the resource they need. */
enum who { ANYONE, PERSON };
enum relation {
	REL_NONE,          /* no resource */
	REL_SPACE_MEMBER,  /* any role in the space: owner, administrator, member */
};

struct rule {
	const char *name;
	enum who who;
	enum relation relation;
};

static const struct rule rules[GX_ACT__COUNT] = {
	[GX_ACT_OPERATE] = {"operate", ANYONE, REL_NONE},
	[GX_ACT_PUBLIC_VIEW] = {"public.view", ANYONE, REL_NONE},
	[GX_ACT_FEEDBACK_SEND] = {"feedback.send", ANYONE, REL_NONE},
	[GX_ACT_LOGIN] = {"login", ANYONE, REL_NONE},
	[GX_ACT_LOGOUT] = {"logout", PERSON, REL_NONE},
	[GX_ACT_SELF_VIEW] = {"self.view", PERSON, REL_NONE},
	[GX_ACT_SELF_CHANGE] = {"self.change", PERSON, REL_NONE},
	[GX_ACT_SPACE_VIEW] = {"space.view", PERSON, REL_SPACE_MEMBER},
	[GX_ACT_SPACE_ACT] = {"space.act", PERSON, REL_SPACE_MEMBER},
};

const char *gx_action_name(enum gx_action action)
{
	return (unsigned)action < GX_ACT__COUNT ? rules[action].name : "unknown";
}

bool gx_action_needs_actor(enum gx_action action)
{
	return action != GX_ACT_OPERATE;
}

static enum gx_decision space_member(struct gx_store_conn *db, const struct gx_actor *a, const struct gx_resource *res)
{
	if (res->kind != GX_RES_SPACE || res->id <= 0)
		return GX_DENY_HIDDEN;
	/* The active space's membership came with the session, and is trusted
	 * exactly as long as the session itself (session/session.c). */
	if (res->id == a->session.space_id && a->session.in_space)
		return GX_ALLOW;
	struct gx_membership m;
	enum gx_db_status s = gx_store_membership(db, GX_ID(gx_space_id, res->id),
						  GX_ID(gx_person_id, a->session.person_id), &m);
	if (s < 0)
		return GX_DENY_ERROR;
	return s == GX_DB_ONE_RESULT ? GX_ALLOW : GX_DENY_HIDDEN;
}

enum gx_decision gx_authz_decide(struct gx_store_conn *db, const struct gx_actor *a, enum gx_action action,
				 const struct gx_resource *res)
{
	if ((unsigned)action >= GX_ACT__COUNT || rules[action].name == NULL)
		return GX_DENY_HIDDEN; /* an action without a rule is allowed to nobody */
	const struct rule *rule = &rules[action];
	if (rule->who == PERSON && a->kind != GX_ACTOR_PERSON)
		return GX_DENY_LOGIN;
	switch (rule->relation) {
	case REL_NONE:
		return GX_ALLOW;
	case REL_SPACE_MEMBER:
		return space_member(db, a, res);
	}
	return GX_DENY_HIDDEN;
}
