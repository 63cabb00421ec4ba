#include "portal/messages.h"

#include "i18n/i18n.h"
#include "portal/app.h"
#include "site/site.h"

json_t *gx_portal_submit_errors(struct gx_req *r, const json_t *errors)
{
	json_t *copy = json_deep_copy(errors);
	const char *message = gx_i18n_get(gx_site.i18n, gx_req_lang(r), "proc.files_changed");
	size_t i;
	json_t *e;
	json_array_foreach(copy, i, e) {
		if (json_object_get(e, "message") == NULL)
			json_object_set_new(e, "message",
					    json_string(message != NULL ? message
									: "The files changed: check them and submit again."));
	}
	return copy;
}
