#include "core/spaces.h"

enum gx_db_status gx_person_read(struct gx_store_conn *db, struct gx_person_id person, struct gx_person *out)
{
	return gx_store_person_get(db, person.v, out);
}

enum gx_db_status gx_space_membership(struct gx_store_conn *db, struct gx_space_id space, struct gx_person_id person,
				      struct gx_membership *out)
{
	return gx_store_membership(db, space, person, out);
}
