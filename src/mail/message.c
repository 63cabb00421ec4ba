/** Building a notification's message (message.h). */

#include "mail/message.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mail/address.h"
#include "mail/encode.h"

static const char ID_CONTEXT[] = "guichet mail message-id v1";

const char *gx_mail_fault_name(enum gx_mail_fault f)
{
	switch (f) {
	case GX_MAIL_FAULT_NONE: return "none";
	case GX_MAIL_FAULT_FROM: return "from";
	case GX_MAIL_FAULT_FROM_NAME: return "from_name";
	case GX_MAIL_FAULT_TO: return "to";
	case GX_MAIL_FAULT_SUBJECT: return "subject";
	case GX_MAIL_FAULT_BODY: return "body";
	case GX_MAIL_FAULT_LANG: return "lang";
	case GX_MAIL_FAULT_KIND: return "kind";
	case GX_MAIL_FAULT_PARAM: return "param";
	case GX_MAIL_FAULT_MEMORY: return "memory";
	}
	return "invalid";
}

int gx_mail_message_id(struct gx_mail_id id, const char *domain, char *out, size_t cap)
{
	unsigned char in[8], h[16];
	for (int i = 0; i < 8; i++)
		in[i] = (unsigned char)(id.value >> (56 - 8 * i));
	crypto_generichash(h, sizeof(h), in, sizeof(in), (const unsigned char *)ID_CONTEXT, sizeof(ID_CONTEXT) - 1);
	char hex[33];
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	int n = snprintf(out, cap, "<%s@%s>", hex, domain);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

void gx_mail_date(long long t_us, char *out, size_t cap)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)(t_us / 1000000);
	struct tm tm;
	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm)), tm.tm_year = 70, tm.tm_mday = 1, tm.tm_wday = 4;
	snprintf(out, cap, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static bool address_ok(const char *a)
{
	return a != NULL && gx_mail_address_check(a, strlen(a)) == GX_MAIL_ADDRESS_OK;
}

static bool lang_ok(const char *l)
{
	size_t n = l != NULL ? strlen(l) : 0;
	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (l[i] < 'a' || l[i] > 'z')
			return false;
	return true;
}

static enum gx_mail_fault check(const struct gx_mail_message *m)
{
	if (!address_ok(m->from))
		return GX_MAIL_FAULT_FROM;
	if (!address_ok(m->to))
		return GX_MAIL_FAULT_TO;
	size_t n = m->from_name != NULL ? strlen(m->from_name) : 0;
	if (n > GX_MAIL_FROM_NAME_MAX || !gx_mail_text_ok(m->from_name, n, false))
		return GX_MAIL_FAULT_FROM_NAME;
	n = m->subject != NULL ? strlen(m->subject) : 0;
	if (n == 0 || n > GX_MAIL_SUBJECT_MAX || !gx_mail_text_ok(m->subject, n, false))
		return GX_MAIL_FAULT_SUBJECT;
	n = m->body != NULL ? strlen(m->body) : 0;
	if (n == 0 || n > GX_MAIL_BODY_MAX || !gx_mail_text_ok(m->body, n, true))
		return GX_MAIL_FAULT_BODY;
	if (!lang_ok(m->lang))
		return GX_MAIL_FAULT_LANG;
	return GX_MAIL_FAULT_NONE;
}

int gx_mail_message_build(const struct gx_mail_message *m, struct gx_buf *out, enum gx_mail_fault *fault)
{
	enum gx_mail_fault f = check(m);
	if (f != GX_MAIL_FAULT_NONE) {
		*fault = f;
		return -1;
	}
	size_t mark = out->len;
	char date[40], mid[GX_MAIL_MESSAGE_ID_MAX];
	gx_mail_date(m->date_us, date, sizeof(date));
	if (gx_mail_message_id(m->id, gx_mail_address_domain(m->from), mid, sizeof(mid)) != 0) {
		*fault = GX_MAIL_FAULT_FROM;
		return -1;
	}
	gx_buf_reserve(out, 1024 + strlen(m->body) * 3);
	gx_buf_appendf(out, "Date: %s\r\n", date);
	gx_mail_header_mailbox(out, "From", m->from_name != NULL ? m->from_name : "",
			       m->from_name != NULL ? strlen(m->from_name) : 0, m->from);
	gx_buf_appendf(out, "To: %s\r\n", m->to);
	gx_mail_header_text(out, "Subject", m->subject, strlen(m->subject));
	gx_buf_appendf(out, "Message-ID: %s\r\n", mid);
	gx_buf_append_str(out, "MIME-Version: 1.0\r\n"
			       "Content-Type: text/plain; charset=UTF-8\r\n"
			       "Content-Transfer-Encoding: quoted-printable\r\n");
	gx_buf_appendf(out, "Content-Language: %s\r\n", m->lang);
	gx_buf_append_str(out, "Auto-Submitted: auto-generated\r\n"
			       "X-Auto-Response-Suppress: All\r\n"
			       "\r\n");
	gx_mail_qp_body(out, m->body, strlen(m->body));
	if (out->failed) {
		out->len = mark;
		*fault = GX_MAIL_FAULT_MEMORY;
		return -1;
	}
	*fault = GX_MAIL_FAULT_NONE;
	return 0;
}
