/** SMTP sends with libcurl (mailer.h). */

#include "mail/mailer.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/address.h"
#include "mail/backoff.h"
#include "mail/encode.h"
#include "mail/message.h"
#include "mail/reply.h"

#define IDLE_CONNECTION_MAX_S 60   /* reuse an idle SMTP connection at most this long */

struct gx_mailer {
	CURL *curl;
	struct gx_config_mail cfg;
	char url[300];
	char from[sizeof(((struct gx_config_mail *)0)->from) + 2]; /* "<address>" */
	struct gx_smtp_reader reader;
	const char *msg;    /* the message being sent */
	size_t len, off;
};

int gx_mail_global_init(void)
{
	if (sodium_init() < 0)
		return -1;
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void gx_mail_global_cleanup(void)
{
	curl_global_cleanup();
}

static int fail(char *err, size_t errlen, const char *setting, const char *what)
{
	snprintf(err, errlen, "%s: %s", setting, what);
	return -1;
}

/* A host name, an IPv4 address or an IPv6 address: nothing that could
 * change the URL it goes into. */
static int host_ok(const char *h)
{
	if (h[0] == '\0' || strlen(h) > 253)
		return 0;
	for (const char *p = h; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '-' || *p == ':'))
			return 0;
	return 1;
}

int gx_mail_settings_check(const struct gx_config_mail *c, char *err, size_t errlen)
{
	if (!host_ok(c->host))
		return fail(err, errlen, "mail.host", "not a host name or address");
	enum gx_mail_address_fault f = gx_mail_address_check(c->from, strlen(c->from));
	if (f != GX_MAIL_ADDRESS_OK) {
		snprintf(err, errlen, "mail.from: not an address we can send from (%s)", gx_mail_address_fault_name(f));
		return -1;
	}
	size_t n = strlen(c->from_name);
	if (n > GX_MAIL_FROM_NAME_MAX || !gx_mail_text_ok(c->from_name, n, false))
		return fail(err, errlen, "mail.from_name", "too long, or holds a control character or bad UTF-8");
	return 0;
}

static size_t read_message(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct gx_mailer *m = userdata;
	size_t room = size * nitems, left = m->len - m->off, n = left < room ? left : room;
	memcpy(buf, m->msg + m->off, n);
	m->off += n;
	return n;
}

/* libcurl shows us each reply line (HEADER_IN) and command (HEADER_OUT);
 * the reader keeps codes and verbs, nothing else. */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *userp)
{
	struct gx_mailer *m = userp;
	if (type == CURLINFO_HEADER_IN)
		gx_smtp_reader_feed(&m->reader, data, size);
	else if (type == CURLINFO_HEADER_OUT)
		gx_smtp_reader_command(&m->reader, data, size);
	return 0;
}

static int setup(struct gx_mailer *m)
{
	const struct gx_config_mail *c = &m->cfg;
	static const long use_ssl[] = {
		[GX_STARTTLS_NONE] = CURLUSESSL_NONE,
		[GX_STARTTLS_OPPORTUNISTIC] = CURLUSESSL_TRY,
		[GX_STARTTLS_REQUIRED] = CURLUSESSL_ALL,
	};
	CURL *h = m->curl;
	long response_s = (long)(c->timeout_ms + 999) / 1000;
	CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                                              \
	if (rc == CURLE_OK)                                                                                        \
	rc = curl_easy_setopt(h, opt, val)
	SET(CURLOPT_URL, m->url);
	SET(CURLOPT_PROTOCOLS_STR, "smtp");
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_MAIL_FROM, m->from);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, read_message);
	SET(CURLOPT_READDATA, m);
	SET(CURLOPT_VERBOSE, 1L);
	SET(CURLOPT_DEBUGFUNCTION, on_debug);
	SET(CURLOPT_DEBUGDATA, m);
	SET(CURLOPT_CONNECTTIMEOUT_MS, (long)c->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, (long)c->timeout_ms);
	SET(CURLOPT_SERVER_RESPONSE_TIMEOUT, response_s);
	SET(CURLOPT_MAXAGE_CONN, (long)IDLE_CONNECTION_MAX_S);
	SET(CURLOPT_USE_SSL, use_ssl[c->starttls]);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_file[0] != '\0')
		SET(CURLOPT_CAINFO, c->ca_file);
	if (c->username[0] != '\0') {
		SET(CURLOPT_USERNAME, c->username);
		SET(CURLOPT_PASSWORD, c->password);
	}
#undef SET
	return rc == CURLE_OK ? 0 : -1;
}

struct gx_mailer *gx_mailer_new(const struct gx_config_mail *settings, char *err, size_t errlen)
{
	if (gx_mail_settings_check(settings, err, errlen) != 0)
		return NULL;
	if ((unsigned)settings->starttls > GX_STARTTLS_REQUIRED) {
		fail(err, errlen, "mail.starttls", "unknown mode");
		return NULL;
	}
	struct gx_mailer *m = calloc(1, sizeof(*m));
	if (m == NULL) {
		fail(err, errlen, "mail", "out of memory");
		return NULL;
	}
	m->cfg = *settings;
	bool v6 = strchr(settings->host, ':') != NULL;
	snprintf(m->url, sizeof(m->url), "smtp://%s%s%s:%u", v6 ? "[" : "", settings->host, v6 ? "]" : "",
		 settings->port);
	snprintf(m->from, sizeof(m->from), "<%s>", settings->from);
	m->curl = curl_easy_init();
	if (m->curl == NULL || setup(m) != 0) {
		fail(err, errlen, "mail", "libcurl refused the settings");
		gx_mailer_free(m);
		return NULL;
	}
	return m;
}

static enum gx_mail_cause cause_of(CURLcode rc, const struct gx_smtp_reader *r)
{
	switch (rc) {
	case CURLE_OK:
		return GX_MAIL_CAUSE_NONE;
	case CURLE_LOGIN_DENIED:
		return GX_MAIL_CAUSE_AUTH;
	default:
		break;
	}
	if (r->code >= 400)
		return GX_MAIL_CAUSE_REPLY;
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return GX_MAIL_CAUSE_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return GX_MAIL_CAUSE_TIMEOUT;
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
		return GX_MAIL_CAUSE_TLS;
	case CURLE_OUT_OF_MEMORY:
	case CURLE_BAD_FUNCTION_ARGUMENT:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_NOT_BUILT_IN:
	case CURLE_READ_ERROR:
	case CURLE_ABORTED_BY_CALLBACK:
		return GX_MAIL_CAUSE_LOCAL;
	default:
		return GX_MAIL_CAUSE_NETWORK;
	}
}

static void finish(struct gx_mail_result *out, enum gx_mail_cause cause, const struct gx_smtp_reader *r,
		   const struct gx_config_mail *c, unsigned attempt)
{
	/* a reply's code says something only when the reply is the cause */
	bool replied = cause == GX_MAIL_CAUSE_NONE || cause == GX_MAIL_CAUSE_REPLY || cause == GX_MAIL_CAUSE_AUTH;
	out->cause = cause;
	out->phase = r->reply_phase;
	out->smtp_code = replied ? r->code : 0;
	out->has_status = replied && r->has_status;
	if (out->has_status)
		memcpy(out->status, r->status, sizeof(out->status));
	out->outcome = gx_mail_classify(cause, r->reply_phase, r->code);
	out->retry_after_ms = out->outcome == GX_MAIL_TRANSIENT
				      ? gx_mail_backoff_random_ms(c->retry_initial_ms, c->retry_max_ms, attempt)
				      : 0;
}

void gx_mailer_send(struct gx_mailer *m, const char *to, const char *message, size_t len, unsigned attempt,
		    struct gx_mail_result *out)
{
	memset(out, 0, sizeof(*out));
	gx_smtp_reader_init(&m->reader);
	if (to == NULL || gx_mail_address_check(to, strlen(to)) != GX_MAIL_ADDRESS_OK) {
		finish(out, GX_MAIL_CAUSE_MESSAGE, &m->reader, &m->cfg, attempt);
		return;
	}
	char rcpt[GX_MAIL_ADDRESS_MAX + 3];
	snprintf(rcpt, sizeof(rcpt), "<%s>", to);
	struct curl_slist *list = curl_slist_append(NULL, rcpt);
	if (list == NULL) {
		finish(out, GX_MAIL_CAUSE_LOCAL, &m->reader, &m->cfg, attempt);
		return;
	}
	m->msg = message;
	m->len = len;
	m->off = 0;
	CURLcode rc = curl_easy_setopt(m->curl, CURLOPT_MAIL_RCPT, list);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(m->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	if (rc == CURLE_OK)
		rc = curl_easy_perform(m->curl);
	enum gx_mail_cause cause = cause_of(rc, &m->reader);
	curl_easy_setopt(m->curl, CURLOPT_MAIL_RCPT, (struct curl_slist *)NULL);
	curl_slist_free_all(list);
	m->msg = NULL;
	m->len = m->off = 0;
	finish(out, cause, &m->reader, &m->cfg, attempt);
}

void gx_mailer_free(struct gx_mailer *m)
{
	if (m == NULL)
		return;
	if (m->curl != NULL)
		curl_easy_cleanup(m->curl);
	sodium_memzero(m->cfg.password, sizeof(m->cfg.password));
	free(m);
}
