/** GET /v1/description: what the register is and serves (never data). */

#include "registryd/registryd.h"

#include "http/request.h"

enum gx_outcome gx_registryd_description(struct gx_req *r)
{
	if (gx_registryd_authenticate(r) == NULL)
		return GX_CLIENT_FAULT;
	/* The description was checked at load: it is exactly name, titles, keys and attributes. */
	const struct gx_registryd *app = gx_registryd_get();
	return gx_reply_bytes(r, 200, "application/json", app->description_text, app->description_len);
}
