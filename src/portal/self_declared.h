#ifndef GX_PORTAL_SELF_DECLARED_H
#define GX_PORTAL_SELF_DECLARED_H

/** Self-declared data: what the person declares themselves in "my data"
 *  (phone, e-mail, IBAN, preferred language …, the attributes of
 *  gx_procedure_self_attributes), kept and shown apart from the registers'
 *  authentic data, and used to prefill the procedure fields mapped to it
 *  ({"self": "phone"}, alone or after a register attribute: draft_prefill.h)
 *  (self_declared.c).
 *
 *   GET    /api/v1/self-declared              {"attributes": [...], "values": {attr: {"value", "as_of"}}}
 *   PUT    /api/v1/self-declared/{attribute}  {"value": "..."}: 200 once durable; 400 naming /value
 *   DELETE /api/v1/self-declared/{attribute}  204 once durable
 *   POST   /my-data/self-declared             the page's form: attribute + value, or delete=1; 303 to /my-data
 *
 *  Always the logged-in person's own data: no parameter names a person. */

#include <jansson.h>

#include "http/handler.h"
#include "i18n/i18n.h"
#include "json/spec.h"

struct gx_store_conn;

extern const struct gx_json_field gx_self_declared_put_spec[];

enum gx_outcome gx_self_declared_api_get(struct gx_req *r);     /* GET /api/v1/self-declared */
enum gx_outcome gx_self_declared_api_put(struct gx_req *r);     /* PUT /api/v1/self-declared/{attribute} */
enum gx_outcome gx_self_declared_api_delete(struct gx_req *r);  /* DELETE /api/v1/self-declared/{attribute} */
enum gx_outcome gx_self_declared_form(struct gx_req *r);        /* POST /my-data/self-declared */

/** The person's self-declared values as a new object {attribute: {"value",
 *  "updated_at_us"}}; NULL on a store error. */
json_t *gx_self_declared_load(struct gx_store_conn *db, long long person_id);

/** The "my data" page's block for values (from gx_self_declared_load):
 *  {items: [{attribute, label, value, as_of}], has_items, options: [{attribute, label}], csrf}. New reference. */
json_t *gx_self_declared_page_block(const json_t *values, enum gx_lang lang, const char *csrf);

/** The API's view of values: {attribute: {"value", "as_of"}}. New reference. */
json_t *gx_self_declared_api_values(const json_t *values);

#endif
