/* Dispatch of store/spaces.h to the backend's struct gx_store_spaces_ops. */

#include "store/store_int.h"

enum gx_db_status gx_store_space_access(struct gx_store_conn *conn, struct gx_space_id space,
					struct gx_person_id person, long long now_us, struct gx_space_row *out,
					struct gx_space_relation *rels, size_t max, size_t *n)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->space_access == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->space_access(conn, space, person, now_us, out, rels, max, n);
}

enum gx_db_status gx_store_spaces_of(struct gx_store_conn *conn, struct gx_person_id person, long long now_us,
				     char **out)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->spaces_of == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->spaces_of(conn, person, now_us, out);
}

enum gx_db_status gx_store_company_space(struct gx_store_conn *conn, const char *company_number, long long *id)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->company_space == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->company_space(conn, company_number, id);
}

enum gx_db_status gx_store_company_space_create(struct gx_store_conn *conn, const char *company_number,
						const char *name, long long at_us, long long *id)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->company_space_create == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->company_space_create(conn, company_number, name, at_us, id);
}

enum gx_db_status gx_store_person_ensure(struct gx_store_conn *conn, const char *national_id, const char *given_name,
					 const char *family_name, long long at_us, long long *person, long long *space)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->person_ensure == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->person_ensure(conn, national_id, given_name, family_name, at_us, person, space);
}

enum gx_db_status gx_store_guardianship_put(struct gx_store_conn *conn, struct gx_person_id parent,
					    struct gx_space_id child_space, long long adult_at_us, long long at_us)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->guardianship_put == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->guardianship_put(conn, parent, child_space, adult_at_us, at_us);
}

enum gx_db_status gx_store_member_put(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				      const char *role, const char *procedures_json, long long at_us)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->member_put == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->member_put(conn, space, person, role, procedures_json, at_us);
}

enum gx_db_status gx_store_member_remove(struct gx_store_conn *conn, struct gx_space_id space,
					 struct gx_person_id person)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->member_remove == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->member_remove(conn, space, person);
}

enum gx_db_status gx_store_member_role(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				       char role[16])
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->member_role == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->member_role(conn, space, person, role);
}

enum gx_db_status gx_store_space_admins(struct gx_store_conn *conn, struct gx_space_id space, long long *n)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->space_admins == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->space_admins(conn, space, n);
}

enum gx_db_status gx_store_space_actors(struct gx_store_conn *conn, struct gx_space_id space, long long now_us,
					long long **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (conn->ops->spaces == NULL || conn->ops->spaces->space_actors == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->space_actors(conn, space, now_us, out, n);
}

enum gx_db_status gx_store_members_list(struct gx_store_conn *conn, struct gx_space_id space, char **out)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->members_list == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->members_list(conn, space, out);
}

enum gx_db_status gx_store_invitation_create(struct gx_store_conn *conn, const struct gx_invitation *in, long long *id)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->invitation_create == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->invitation_create(conn, in, id);
}

enum gx_db_status gx_store_invitation_get(struct gx_store_conn *conn, long long id, struct gx_invitation *out)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->invitation_get == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->invitation_get(conn, id, out);
}

enum gx_db_status gx_store_invitation_settle(struct gx_store_conn *conn, long long id, const char *state,
					     long long at_us)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->invitation_settle == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->invitation_settle(conn, id, state, at_us);
}

enum gx_db_status gx_store_invitations_of_space(struct gx_store_conn *conn, struct gx_space_id space, long long now_us,
						char **out)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->invitations_of_space == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->invitations_of_space(conn, space, now_us, out);
}

enum gx_db_status gx_store_invitations_for(struct gx_store_conn *conn, const char *national_id, long long now_us,
					   char **out)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->invitations_for == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->invitations_for(conn, national_id, now_us, out);
}

enum gx_db_status gx_store_mandate_create(struct gx_store_conn *conn, const struct gx_mandate *m, long long *id)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->mandate_create == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->mandate_create(conn, m, id);
}

enum gx_db_status gx_store_mandate_get(struct gx_store_conn *conn, long long id, struct gx_mandate *out)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->mandate_get == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->mandate_get(conn, id, out);
}

enum gx_db_status gx_store_mandate_accept(struct gx_store_conn *conn, long long id, struct gx_person_id person,
					  long long at_us)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->mandate_accept == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->mandate_accept(conn, id, person, at_us);
}

enum gx_db_status gx_store_mandate_revoke(struct gx_store_conn *conn, long long id, struct gx_person_id by,
					  long long at_us)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->mandate_revoke == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->mandate_revoke(conn, id, by, at_us);
}

enum gx_db_status gx_store_mandates_of_space(struct gx_store_conn *conn, struct gx_space_id space, char **out)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->mandates_of_space == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->mandates_of_space(conn, space, out);
}

enum gx_db_status gx_store_mandates_for(struct gx_store_conn *conn, const char *national_id, char **out)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->mandates_for == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->mandates_for(conn, national_id, out);
}

enum gx_db_status gx_store_mandate_open_exists(struct gx_store_conn *conn, struct gx_space_id space,
					       const char *national_id, long long now_us, bool *exists)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->mandate_open_exists == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->mandate_open_exists(conn, space, national_id, now_us, exists);
}

enum gx_db_status gx_store_space_event_append(struct gx_store_conn *conn, struct gx_space_id space, long long at_us,
					      const char *kind, struct gx_person_id actor, const char *detail_json)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->space_event_append == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->space_event_append(conn, space, at_us, kind, actor, detail_json);
}

enum gx_db_status gx_store_space_events(struct gx_store_conn *conn, struct gx_space_id space, size_t limit, char **out)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->space_events == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->space_events(conn, space, limit, out);
}

enum gx_db_status gx_store_space_act_append(struct gx_store_conn *conn, const struct gx_space_act *a)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->space_act_append == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->space_act_append(conn, a);
}

enum gx_db_status gx_store_space_acts(struct gx_store_conn *conn, struct gx_space_id space, size_t limit, char **out)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->space_acts == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->space_acts(conn, space, limit, out);
}

enum gx_db_status gx_store_session_space_set(struct gx_store_conn *conn, const unsigned char *id_hash,
					     struct gx_space_id space)
{
	if (conn->ops->spaces == NULL || conn->ops->spaces->session_space_set == NULL)
		return GX_DB_HARD_ERROR;
	return conn->ops->spaces->session_space_set(conn, id_hash, space);
}
