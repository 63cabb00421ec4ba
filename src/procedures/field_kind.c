/** Field kinds: the one table of their names (field_kind.h). */

#include "procedures/field_kind.h"

#include <string.h>

/* Indexed by enum gx_field_kind. */
static const char *const names[GX_FIELD__KINDS] = {
	[GX_FIELD_UNKNOWN] = "unknown",
	[GX_FIELD_TEXT] = "text",
	[GX_FIELD_NUMBER] = "number",
	[GX_FIELD_AMOUNT] = "amount",
	[GX_FIELD_DATE] = "date",
	[GX_FIELD_CHOICE] = "choice",
	[GX_FIELD_MULTICHOICE] = "multichoice",
	[GX_FIELD_YESNO] = "yesno",
	[GX_FIELD_ADDRESS] = "address",
	[GX_FIELD_IBAN] = "iban",
	[GX_FIELD_EMAIL] = "email",
	[GX_FIELD_PHONE] = "phone",
	[GX_FIELD_NATIONAL_ID] = "national_id",
	[GX_FIELD_GROUP] = "group",
	[GX_FIELD_FILE] = "file",
};

enum gx_field_kind gx_field_kind_from_name(const char *name)
{
	for (int k = GX_FIELD_UNKNOWN + 1; name != NULL && k < GX_FIELD__KINDS; k++)
		if (strcmp(name, names[k]) == 0)
			return (enum gx_field_kind)k;
	return GX_FIELD_UNKNOWN;
}

const char *gx_field_kind_name(enum gx_field_kind kind)
{
	return kind > GX_FIELD_UNKNOWN && kind < GX_FIELD__KINDS ? names[kind] : names[GX_FIELD_UNKNOWN];
}

enum gx_field_kind gx_field_kind_of(const json_t *field)
{
	const json_t *compiled = json_object_get(field, GX_FIELD_KIND_MEMBER);
	if (compiled == NULL)
		return gx_field_kind_from_name(json_string_value(json_object_get(field, "kind")));
	json_int_t k = json_integer_value(compiled);
	return k > GX_FIELD_UNKNOWN && k < GX_FIELD__KINDS ? (enum gx_field_kind)k : GX_FIELD_UNKNOWN;
}

int gx_field_kind_set(json_t *field, enum gx_field_kind kind)
{
	return json_object_set_new(field, GX_FIELD_KIND_MEMBER, json_integer((json_int_t)kind));
}
