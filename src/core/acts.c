/* Who on behalf of whom (acts.h). */

#include "core/acts.h"

enum gx_db_status gx_act_record(struct gx_store_conn *w, const struct gx_core_ctx *c, const char *kind,
				const char *procedure_id, long long item_id, const char *detail_json)
{
	const struct gx_access *a = c->access;
	if (!gx_access_on_behalf(a))
		return GX_DB_ONE_RESULT;
	const char *via = a->via == GX_VIA_MANDATE ? "mandate" : a->via == GX_VIA_PARENT ? "parent" : "member";
	struct gx_space_act act = {.space_id = a->space.id,
				   .at_us = c->now_us,
				   .person_id = c->person.v,
				   .via = via,
				   .mandate_id = a->mandate_id,
				   .kind = kind,
				   .procedure_id = procedure_id,
				   .item_id = item_id,
				   .detail_json = detail_json,
				   .request_id = c->request_id != NULL ? c->request_id : "-"};
	return gx_store_space_act_append(w, &act);
}
