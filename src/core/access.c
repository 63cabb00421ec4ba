/* The one decision (access.h): the store gives the relations in force at
 * the instant; this merges them, and answers for a procedure. */

#include "core/access.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "procedures/definition.h"

#define RELATIONS_MAX 8

const char *gx_access_via_name(enum gx_access_via via)
{
	switch (via) {
	case GX_VIA_OWNER:
		return "owner";
	case GX_VIA_MEMBER:
		return "member";
	case GX_VIA_MANDATE:
		return "mandate";
	case GX_VIA_PARENT:
		return "parent";
	case GX_VIA_NONE:
		break;
	}
	return "none";
}

static int add_procedures(struct gx_access *a, const char *json)
{
	json_error_t e;
	json_t *list = json_loads(json, 0, &e);
	if (!json_is_array(list)) {
		json_decref(list);
		return -1;
	}
	size_t i;
	json_t *v;
	int rc = 0;
	json_array_foreach(list, i, v) {
		const char *id = json_string_value(v);
		if (id == NULL || strlen(id) >= GX_STORE_PROCEDURE_ID_MAX) {
			rc = -1;
			break;
		}
		bool seen = false;
		for (size_t k = 0; k < a->nprocedures && !seen; k++)
			seen = strcmp(a->procedures[k], id) == 0;
		if (seen)
			continue;
		if (a->nprocedures == GX_ACCESS_PROCEDURES_MAX) {
			rc = -1;
			break;
		}
		snprintf(a->procedures[a->nprocedures++], GX_STORE_PROCEDURE_ID_MAX, "%s", id);
	}
	json_decref(list);
	return rc;
}

static int add_org(struct gx_access *a, const char *org)
{
	for (size_t k = 0; k < a->norgs; k++)
		if (strcmp(a->orgs[k], org) == 0)
			return 0;
	if (a->norgs == GX_ACCESS_ORGS_MAX)
		return -1;
	snprintf(a->orgs[a->norgs++], GX_SCOPE_ORG_MAX, "%s", org);
	return 0;
}

/* How strong a relation is: the strongest names the role shown. */
static enum gx_access_via via_of(const struct gx_space_relation *r)
{
	if (strcmp(r->via, "member") == 0)
		return strcmp(r->role, "owner") == 0 ? GX_VIA_OWNER : GX_VIA_MEMBER;
	if (strcmp(r->via, "mandate") == 0)
		return GX_VIA_MANDATE;
	if (strcmp(r->via, "parent") == 0)
		return GX_VIA_PARENT;
	return GX_VIA_NONE;
}

int gx_access_merge(struct gx_access *a, const struct gx_space_relation *rels, size_t n)
{
	a->via = GX_VIA_NONE;
	a->role[0] = '\0';
	a->admin = a->letterbox = a->all_procedures = false;
	a->nprocedures = a->norgs = 0;
	a->mandate_id = a->until_us = 0;
	for (size_t i = 0; i < n; i++) {
		const struct gx_space_relation *r = &rels[i];
		enum gx_access_via via = via_of(r);
		if (via == GX_VIA_NONE)
			return -1;
		bool limited = r->procedures[0] != '\0' || r->organisation[0] != '\0';
		if (!limited)
			a->all_procedures = true;
		if (r->procedures[0] != '\0' && add_procedures(a, r->procedures) != 0)
			return -1;
		if (r->organisation[0] != '\0' && add_org(a, r->organisation) != 0)
			return -1;
		switch (via) {
		case GX_VIA_OWNER:
			a->admin = a->letterbox = true;
			break;
		case GX_VIA_MEMBER:
			a->admin |= strcmp(r->role, "administrator") == 0;
			a->letterbox |= !limited; /* a member limited to some procedures reads no letters */
			break;
		case GX_VIA_PARENT:
			a->letterbox = true;
			break;
		case GX_VIA_MANDATE:
			a->letterbox |= r->letterbox;
			break;
		case GX_VIA_NONE:
			break;
		}
		if (via > a->via) {
			a->via = via;
			snprintf(a->role, sizeof(a->role), "%s", r->role);
			a->mandate_id = via == GX_VIA_MANDATE ? r->mandate_id : 0;
			a->until_us = r->until_us;
		}
	}
	return 0;
}

enum gx_db_status gx_access_decide(struct gx_store_conn *db, struct gx_space_id space, struct gx_person_id person,
				   long long now_us, struct gx_access *out)
{
	struct gx_space_relation rels[RELATIONS_MAX];
	size_t n = 0;
	memset(out, 0, sizeof(*out));
	out->person_id = person.v;
	if (space.v <= 0 || person.v <= 0)
		return GX_DB_NO_RESULTS;
	enum gx_db_status s = gx_store_space_access(db, space, person, now_us, &out->space, rels, RELATIONS_MAX, &n);
	if (s != GX_DB_ONE_RESULT)
		return s;
	if (gx_access_merge(out, rels, n) != 0)
		return GX_DB_HARD_ERROR; /* fail closed */
	return GX_DB_ONE_RESULT;
}

void gx_access_owner(struct gx_access *out, struct gx_space_id space, struct gx_person_id person, const char *name)
{
	memset(out, 0, sizeof(*out));
	out->space.id = space.v;
	snprintf(out->space.kind, sizeof(out->space.kind), "private");
	out->space.owner_person_id = person.v;
	snprintf(out->space.name, sizeof(out->space.name), "%s", name != NULL ? name : "");
	out->person_id = person.v;
	out->via = GX_VIA_OWNER;
	snprintf(out->role, sizeof(out->role), "owner");
	out->admin = out->letterbox = out->all_procedures = true;
}

bool gx_access_may_start(const struct gx_access *a, const struct gx_procedure *p)
{
	return a != NULL && gx_procedure_for_space(p, a->space.kind) &&
	       gx_access_allows(a, gx_procedure_id(p), gx_procedure_organisation(p));
}

bool gx_access_allows(const struct gx_access *a, const char *procedure_id, const char *organisation)
{
	if (a == NULL || a->via == GX_VIA_NONE)
		return false;
	if (a->all_procedures)
		return true;
	for (size_t i = 0; procedure_id != NULL && i < a->nprocedures; i++)
		if (strcmp(a->procedures[i], procedure_id) == 0)
			return true;
	for (size_t i = 0; organisation != NULL && i < a->norgs; i++)
		if (strcmp(a->orgs[i], organisation) == 0)
			return true;
	return false;
}

bool gx_access_on_behalf(const struct gx_access *a)
{
	return a != NULL && (a->via == GX_VIA_MEMBER || a->via == GX_VIA_MANDATE || a->via == GX_VIA_PARENT);
}
