#ifndef GX_CORE_SPACES_H
#define GX_CORE_SPACES_H

/** Persons and the spaces they act in. */

#include "core/ctx.h"

/** The person's names and national id: GX_DB_ONE_RESULT, GX_DB_NO_RESULTS or an error. */
enum gx_db_status gx_person_read(struct gx_store_conn *db, struct gx_person_id person, struct gx_person *out);

/** The person's place in the space (role, and the space's kind); GX_DB_NO_RESULTS when none. */
enum gx_db_status gx_space_membership(struct gx_store_conn *db, struct gx_space_id space, struct gx_person_id person,
				      struct gx_membership *out);

#endif
