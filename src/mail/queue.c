/** Queue items (queue.h). */

#include "mail/queue.h"

struct gx_mail_params gx_mail_item_params(const struct gx_mail_item *item)
{
	return (struct gx_mail_params){
		.organisation = item->organisation,
		.title = item->title,
		.date = item->date,
		.code = item->code,
		.minutes = item->minutes,
		.reference = item->reference,
	};
}
