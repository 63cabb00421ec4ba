#ifndef GX_CORE_SELF_DECLARED_H
#define GX_CORE_SELF_DECLARED_H

/** Self-declared data: what the person declares themselves (phone, e-mail,
 *  IBAN, preferred language …, the attributes of
 *  gx_procedure_self_attributes), kept apart from the registers' authentic
 *  data and used to prefill the fields mapped to it. Values are personal
 *  data: never logged, never repeated in an error. */

#include <jansson.h>
#include <stddef.h>

#include "core/ctx.h"

/** The person's values as a new object {attribute: {"value", "updated_at_us"}}; NULL on a store error. */
json_t *gx_self_declared_load(struct gx_store_conn *db, struct gx_person_id person);

/** The values' public view: {attribute: {"value", "as_of"}} with as_of the
 *  Luxembourg day it was declared. New reference. */
json_t *gx_self_declared_values(const json_t *stored);

/** Checks a value for attribute before it is stored: NULL when it may be
 *  (*value and *len then hold it trimmed), else the reason, a constant
 *  sentence that does not quote it. An unknown attribute is refused too. */
const char *gx_self_declared_check(const char *attribute, const char **value, size_t *len);

/** Stores the person's value for attribute (checked), or deletes it when
 *  value is NULL; done(arg, result) runs exactly once, after it is durable
 *  (result GX_DB_NO_RESULTS: there was nothing to delete). value is copied. */
void gx_self_declared_write(const struct gx_core_ctx *c, const char *attribute, const char *value, size_t len,
			    gx_durable_done_fn done, void *arg);

#endif
