#include "authz/authz.h"

#include <string.h>

#include "store/operators.h"
#include "store/store.h"

/* Who may act, and what relation to the resource they need. */
enum who { ANYONE, PERSON, CLIENT };
enum relation {
	REL_NONE,          /* no resource */
	REL_SPACE,         /* any relation in force to the space (core/access.h): owner, member, mandatary, parent */
	REL_SPACE_ADMIN,   /* the space's owner or an administrator of it */
	REL_SPACE_LETTERBOX, /* a relation that includes reading the letter box */
	REL_AGENT,         /* an agent of the organisation with at least the rule's role */
	REL_SCOPE,         /* a client holding the rule's scope (its organisation is its token's) */
	REL_OPERATOR,      /* a platform operator */
};

struct rule {
	const char *name;
	enum who who;
	enum relation relation;
	enum gx_agent_role role;  /* REL_AGENT: the least role */
	unsigned scope;           /* REL_SCOPE: the scope needed */
};

static const struct rule rules[GX_ACT__COUNT] = {
	[GX_ACT_OPERATE] = {"operate", ANYONE, REL_NONE},
	[GX_ACT_PUBLIC_VIEW] = {"public.view", ANYONE, REL_NONE},
	[GX_ACT_FEEDBACK_SEND] = {"feedback.send", ANYONE, REL_NONE},
	[GX_ACT_GUEST_SUBMIT] = {"guest.submit", ANYONE, REL_NONE},
	[GX_ACT_LOGIN] = {"login", ANYONE, REL_NONE},
	[GX_ACT_LOGOUT] = {"logout", PERSON, REL_NONE},
	[GX_ACT_SELF_VIEW] = {"self.view", PERSON, REL_NONE},
	[GX_ACT_SELF_CHANGE] = {"self.change", PERSON, REL_NONE},
	[GX_ACT_SPACE_VIEW] = {"space.view", PERSON, REL_SPACE},
	[GX_ACT_SPACE_ACT] = {"space.act", PERSON, REL_SPACE},
	[GX_ACT_SPACE_ADMIN] = {"space.admin", PERSON, REL_SPACE_ADMIN},
	[GX_ACT_SPACE_LETTERBOX] = {"space.letterbox", PERSON, REL_SPACE_LETTERBOX},
	[GX_ACT_AGENT_HOME] = {"agent.home", PERSON, REL_NONE},
	[GX_ACT_ORG_VIEW] = {"org.view", PERSON, REL_AGENT, GX_ROLE_HANDLER},
	[GX_ACT_ORG_HANDLE] = {"org.handle", PERSON, REL_AGENT, GX_ROLE_HANDLER},
	[GX_ACT_ORG_SUPERVISE] = {"org.supervise", PERSON, REL_AGENT, GX_ROLE_SUPERVISOR},
	[GX_ACT_ORG_ADMIN] = {"org.admin", PERSON, REL_AGENT, GX_ROLE_ADMIN},
	[GX_ACT_CLIENT_TOKEN] = {"client.token", ANYONE, REL_NONE},
	[GX_ACT_CLIENT_SUBMISSIONS_READ] = {"client.submissions.read", CLIENT, REL_SCOPE, .scope = GX_SCOPE_SUBMISSIONS_READ},
	[GX_ACT_CLIENT_SUBMISSIONS_WRITE] = {"client.submissions.write", CLIENT, REL_SCOPE,
					     .scope = GX_SCOPE_SUBMISSIONS_WRITE},
	[GX_ACT_CLIENT_REGISTERS_READ] = {"client.registers.read", CLIENT, REL_SCOPE, .scope = GX_SCOPE_REGISTERS_READ},
	[GX_ACT_CLIENT_LETTERBOX_SEND] = {"client.letterbox.send", CLIENT, REL_SCOPE, .scope = GX_SCOPE_LETTERBOX_SEND},
	[GX_ACT_CLIENT_ANY] = {"client.any", CLIENT, REL_NONE},
	[GX_ACT_OPERATOR_VIEW] = {"operator.view", PERSON, REL_OPERATOR},
	[GX_ACT_WITNESS_COSIGN] = {"witness.cosign", ANYONE, REL_NONE},
};

const char *gx_action_name(enum gx_action action)
{
	return (unsigned)action < GX_ACT__COUNT ? rules[action].name : "unknown";
}

bool gx_action_needs_actor(enum gx_action action)
{
	return action != GX_ACT_OPERATE;
}

bool gx_action_by_client(enum gx_action action)
{
	return (unsigned)action < GX_ACT__COUNT && rules[action].who == CLIENT;
}

bool gx_action_cookieless(enum gx_action action)
{
	return action == GX_ACT_CLIENT_TOKEN || action == GX_ACT_WITNESS_COSIGN || gx_action_by_client(action);
}

static const char *const scope_names[] = {"submissions.read", "submissions.write", "registers.read", "letterbox.send"};

const char *gx_scope_name(enum gx_scope scope)
{
	for (unsigned i = 0; i < sizeof(scope_names) / sizeof(scope_names[0]); i++)
		if ((unsigned)scope == 1u << i)
			return scope_names[i];
	return NULL;
}

unsigned gx_scope_from_name(const char *name, size_t len)
{
	for (unsigned i = 0; i < sizeof(scope_names) / sizeof(scope_names[0]); i++)
		if (strlen(scope_names[i]) == len && memcmp(scope_names[i], name, len) == 0)
			return 1u << i;
	return 0;
}

int gx_scopes_parse(const char *list, size_t len, char sep, unsigned *bits, const char **bad, size_t *bad_len)
{
	*bits = 0;
	for (size_t start = 0, i = 0; len > 0 && i <= len; i++) {
		if (i < len && list[i] != sep)
			continue;
		unsigned bit = gx_scope_from_name(list + start, i - start);
		if (bit == 0) {
			if (bad != NULL)
				*bad = list + start;
			if (bad_len != NULL)
				*bad_len = i - start;
			return -1;
		}
		*bits |= bit;
		start = i + 1;
	}
	return 0;
}

int gx_scopes_format(unsigned bits, char sep, char *out, size_t outlen)
{
	size_t used = 0;
	if (outlen == 0)
		return -1;
	out[0] = '\0';
	for (unsigned i = 0; i < sizeof(scope_names) / sizeof(scope_names[0]); i++) {
		if (!(bits & (1u << i)))
			continue;
		size_t n = strlen(scope_names[i]) + (used > 0);
		if (used + n + 1 > outlen)
			return -1;
		if (used > 0)
			out[used++] = sep;
		memcpy(out + used, scope_names[i], strlen(scope_names[i]) + 1);
		used += strlen(scope_names[i]);
	}
	return 0;
}

static const char *const role_names[] = {[GX_ROLE_HANDLER] = "handler", [GX_ROLE_SUPERVISOR] = "supervisor",
					  [GX_ROLE_ADMIN] = "admin"};

const char *gx_agent_role_name(enum gx_agent_role role)
{
	return role > GX_ROLE_NONE && role <= GX_ROLE_ADMIN ? role_names[role] : "none";
}

enum gx_agent_role gx_agent_role_from_name(const char *name)
{
	for (int r = GX_ROLE_HANDLER; r <= GX_ROLE_ADMIN; r++)
		if (name != NULL && strcmp(name, role_names[r]) == 0)
			return (enum gx_agent_role)r;
	return GX_ROLE_NONE;
}

/* Core's decision (core/access.h), read from the store (but for one's own
 * private space): a mandate revoked or expired, a child come of age, a
 * member removed gives no access from that moment. No relation: as if the space did not exist (404); a
 * relation that does not include the action: 403. */
static enum gx_decision space(struct gx_store_conn *db, struct gx_actor *a, const struct gx_resource *res,
			      enum relation rel, long long now_us)
{
	if (res->kind != GX_RES_SPACE || res->id <= 0)
		return GX_DENY_HIDDEN;
	/* One's own private space, active in the session: a relation that never
	 * ends, trusted as long as the session (no store read on the hot path). */
	if (res->id == a->session.space_id && a->session.in_space) {
		gx_access_owner(&a->access, GX_ID(gx_space_id, res->id), GX_ID(gx_person_id, a->session.person_id),
				a->session.person_name);
		return GX_ALLOW;
	}
	enum gx_db_status s = gx_access_decide(db, GX_ID(gx_space_id, res->id), GX_ID(gx_person_id, a->session.person_id),
					       now_us, &a->access);
	if (s < 0)
		return GX_DENY_ERROR;
	if (s == GX_DB_NO_RESULTS || a->access.via == GX_VIA_NONE)
		return GX_DENY_HIDDEN;
	if (rel == REL_SPACE_ADMIN && !a->access.admin)
		return GX_DENY_FORBIDDEN;
	if (rel == REL_SPACE_LETTERBOX && !a->access.letterbox)
		return GX_DENY_FORBIDDEN;
	return GX_ALLOW;
}

/* An agent of the organisation with at least the role: a stranger to it
 * sees nothing (404), as for a space; an agent of it in a lesser role is
 * told they may not (403). */
static enum gx_decision agent(struct gx_store_conn *db, struct gx_actor *a, const struct gx_resource *res,
			      enum gx_agent_role least)
{
	if (res->kind != GX_RES_ORG || res->org == NULL)
		return GX_DENY_HIDDEN;
	char role[16];
	enum gx_db_status s = gx_store_agent_role(db, res->org, GX_ID(gx_person_id, a->session.person_id), role);
	if (s < 0)
		return GX_DENY_ERROR;
	a->role = s == GX_DB_ONE_RESULT ? gx_agent_role_from_name(role) : GX_ROLE_NONE;
	return a->role == GX_ROLE_NONE ? GX_DENY_HIDDEN : a->role >= least ? GX_ALLOW : GX_DENY_FORBIDDEN;
}

/* A platform operator; anyone else is told nothing is there (404), as a
 * stranger to an organisation is. */
static enum gx_decision operator(struct gx_store_conn *db, const struct gx_actor *a)
{
	enum gx_db_status s = gx_store_operator_is(db, GX_ID(gx_person_id, a->session.person_id));
	if (s < 0)
		return GX_DENY_ERROR;
	return s == GX_DB_ONE_RESULT ? GX_ALLOW : GX_DENY_HIDDEN;
}

enum gx_decision gx_authz_decide(struct gx_store_conn *db, struct gx_actor *a, enum gx_action action,
				 const struct gx_resource *res, long long now_us)
{
	if ((unsigned)action >= GX_ACT__COUNT || rules[action].name == NULL)
		return GX_DENY_HIDDEN; /* an action without a rule is allowed to nobody */
	const struct rule *rule = &rules[action];
	if (rule->who == PERSON && a->kind != GX_ACTOR_PERSON)
		return GX_DENY_LOGIN;
	if (rule->who == CLIENT && a->kind != GX_ACTOR_CLIENT)
		return GX_DENY_LOGIN;
	/* A client acts for its own organisation only: another's is as if it did not exist. */
	if (rule->who == CLIENT && res->kind == GX_RES_ORG && (res->org == NULL || strcmp(res->org, a->client.org) != 0))
		return GX_DENY_HIDDEN;
	switch (rule->relation) {
	case REL_NONE:
		return GX_ALLOW;
	case REL_SPACE:
	case REL_SPACE_ADMIN:
	case REL_SPACE_LETTERBOX:
		return space(db, a, res, rule->relation, now_us);
	case REL_AGENT:
		return agent(db, a, res, rule->role);
	case REL_SCOPE:
		/* A token without the scope: forbidden, and the client knows it has the token. */
		return (a->client.scopes & rule->scope) != 0 ? GX_ALLOW : GX_DENY_FORBIDDEN;
	case REL_OPERATOR:
		return operator(db, a);
	}
	return GX_DENY_HIDDEN;
}

enum gx_db_status gx_authz_space_of(struct gx_store_conn *db, const struct gx_actor *a, long long space_id,
				    long long now_us, struct gx_access *out)
{
	if (space_id == a->session.space_id && a->session.in_space) {
		gx_access_owner(out, GX_ID(gx_space_id, space_id), GX_ID(gx_person_id, a->session.person_id),
				a->session.person_name);
		return GX_DB_ONE_RESULT;
	}
	return gx_access_decide(db, GX_ID(gx_space_id, space_id), GX_ID(gx_person_id, a->session.person_id), now_us,
				out);
}
