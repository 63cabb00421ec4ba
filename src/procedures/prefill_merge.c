/** The register's value or the person's own for one field (prefill_merge.h). */

#include "procedures/prefill_merge.h"

#include <stdbool.h>
#include <string.h>

#include "procedures/field_kind.h"
#include "procedures/prefill_items.h"

static bool is_option(const json_t *field, const char *value)
{
	size_t i;
	json_t *option;
	json_array_foreach(json_object_get(field, "options"), i, option) {
		const char *v = json_string_value(json_object_get(option, "value"));
		if (v != NULL && strcmp(v, value) == 0)
			return true;
	}
	return false;
}

static bool is_group(const json_t *field)
{
	return gx_field_kind_of(field) == GX_FIELD_GROUP;
}

static bool register_has_value(const struct gx_prefill_register_part *reg)
{
	return reg != NULL && reg->outcome != NULL && strcmp(reg->outcome, "ok") == 0 && reg->value != NULL &&
	       !json_is_null(reg->value);
}

/* A declared value the field can take: a choice's only among its options. */
static bool self_usable(const json_t *field, const struct gx_prefill_self_part *self)
{
	if (self == NULL || self->value == NULL)
		return false;
	return gx_field_kind_of(field) != GX_FIELD_CHOICE || is_option(field, self->value);
}

static json_t *register_provenance(const struct gx_prefill_register_part *reg)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:s?}", "source", reg->source, "attribute", reg->attribute, "as_of",
			 reg->as_of != NULL ? reg->as_of : "", "version", (json_int_t)reg->version, "of", reg->of);
}

/* Whether any item's provenance holds a value (a related subject's). */
static bool any_item(const json_t *items)
{
	size_t i;
	json_t *p;
	json_array_foreach(items, i, p) if (json_object_size(p) > 0) return true;
	return false;
}

/* The self part's provenance; with a register part, why its value was not used. */
static json_t *self_provenance(const struct gx_prefill_self_part *self, const struct gx_prefill_register_part *reg)
{
	json_t *p = json_pack("{s:s, s:s, s:s}", "source", "self", "attribute", self->attribute, "as_of",
			      self->as_of != NULL ? self->as_of : "");
	if (p == NULL || reg == NULL)
		return p;
	const char *outcome = register_has_value(reg) ? "not_preferred"
			      : reg->outcome == NULL || strcmp(reg->outcome, "ok") == 0 ? "no_value"
											: reg->outcome;
	if (json_object_set_new(p, "register",
				json_pack("{s:s, s:s, s:s}", "source", reg->source != NULL ? reg->source : "",
					  "attribute", reg->attribute != NULL ? reg->attribute : "", "outcome",
					  outcome)) != 0) {
		json_decref(p);
		return NULL;
	}
	return p;
}

int gx_prefill_merge(const json_t *field, const struct gx_prefill_register_part *reg,
		     const struct gx_prefill_self_part *self, json_t **value, json_t **provenance)
{
	*value = NULL;
	*provenance = NULL;
	const char *prefer = json_string_value(json_object_get(field, "prefer"));
	bool self_first = prefer != NULL && strcmp(prefer, "self") == 0;
	bool use_self = self_usable(field, self) && (self_first || !register_has_value(reg));
	if (use_self) {
		*value = json_string(self->value);
		*provenance = self_provenance(self, reg);
	} else if (register_has_value(reg) && is_group(field)) {
		/* A list: one item per element (prefill_items.c); none, or not a list: nothing. */
		json_t *items = NULL;
		*value = gx_prefill_group_items(field, reg->attribute, reg->value, reg->related,
						reg->related != NULL ? &items : NULL);
		if (*value == NULL || json_array_size(*value) == 0) {
			json_decref(*value);
			json_decref(items);
			*value = NULL;
			return 0;
		}
		*provenance = register_provenance(reg);
		if (*provenance != NULL && items != NULL && any_item(items) &&
		    json_object_set(*provenance, "items", items) != 0) {
			json_decref(*provenance);
			*provenance = NULL;
		}
		json_decref(items);
	} else if (register_has_value(reg)) {
		*value = json_deep_copy(reg->value);
		*provenance = register_provenance(reg);
	} else {
		return 0;
	}
	if (*value == NULL || *provenance == NULL) {
		json_decref(*value);
		json_decref(*provenance);
		*value = *provenance = NULL;
		return -1;
	}
	return 0;
}
