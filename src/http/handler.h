#ifndef GX_HTTP_HANDLER_H
#define GX_HTTP_HANDLER_H

/** What a route is: method, pattern, the handler that answers it and what
 *  body it accepts. Handlers return one of three outcomes (STYLE.md). */

#include <stddef.h>

#include "authz/authz.h"

struct gx_req;
struct gx_json_field;

enum gx_outcome {
	GX_DONE,          /* a reply was queued, or will be from a callback */
	GX_CLIENT_FAULT,  /* a 4xx problem was queued */
	GX_SERVER_FAULT,  /* nothing was queued: the server answers 500 and logs a bug */
};

typedef enum gx_outcome (*gx_handler_fn)(struct gx_req *r);

enum gx_body {
	GX_BODY_NONE,    /* any body is refused with 413 */
	GX_BODY_JSON,    /* application/json up to limits.json_body, checked against spec */
	GX_BODY_UPLOAD,  /* up to limits.upload_body */
	GX_BODY_FORM,    /* application/x-www-form-urlencoded up to limits.json_body (HTML forms) */
	GX_BODY_MULTIPART, /* multipart/form-data up to limits.upload_body plus its framing (HTML file
			    * uploads), parsed into r->multipart before the handler; the CSRF token
			    * may come as its csrf_token part */
};

struct gx_route_def {
	const char *method;
	const char *pattern;
	gx_handler_fn handler;
	enum gx_body body;
	const struct gx_json_field *spec;  /* GX_BODY_JSON: the accepted fields */
	enum gx_action action;             /* what the route does: the authorization layer decides */
	const char *space_param;           /* the path parameter naming the space acted on, or NULL */
	const char *org_param;             /* the path parameter naming the organisation acted for, or NULL */
};

#endif
