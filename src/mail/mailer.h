#ifndef GX_MAIL_MAILER_H
#define GX_MAIL_MAILER_H

/** Sending one message over SMTP with libcurl's SMTP client.
 *
 *  A struct gx_mailer owns one libcurl easy handle, and with it an SMTP
 *  connection kept open between sends (re-opened when the server closed
 *  it). A send BLOCKS for up to mail.timeout_ms: the mailer belongs to the
 *  sender's own thread (sender.h) and must never be used on an event loop
 *  or from two threads at once.
 *
 *  Settings are mail.* (config.h, docs/mail.md). Certificates are always
 *  verified; with mail.starttls = required, libcurl refuses to go on in
 *  clear when the server does not offer STARTTLS, so no byte of a message
 *  or a password goes unencrypted.
 *
 *  Nothing a send reports holds the recipient's address or the message:
 *  the result (outcome.h) carries codes only, and libcurl's own messages
 *  are neither printed nor kept. */

#include <stddef.h>

#include "config/config.h"
#include "mail/outcome.h"

/** Once per process, before any thread starts: libcurl's and libsodium's
 *  global set-up. Returns 0 or -1. gx_mail_global_cleanup at the end. */
int gx_mail_global_init(void);
void gx_mail_global_cleanup(void);

/** Checks the mail.* settings: a From address we can send from, a display
 *  name without control characters, a host name or address. Returns 0, or
 *  -1 with err naming the setting. */
int gx_mail_settings_check(const struct gx_config_mail *c, char *err, size_t errlen);

struct gx_mailer;

/** A mailer with a copy of settings (checked by gx_mail_settings_check).
 *  Opens no connection yet. NULL with err filled on failure. */
struct gx_mailer *gx_mailer_new(const struct gx_config_mail *settings, char *err, size_t errlen);

/** Sends message (a whole RFC 5322 message with CRLF line ends, message.h)
 *  to the address to, as the settings' From. attempt is this attempt's
 *  number (1 for the first): a transient failure's retry_after_ms is the
 *  backoff for it (backoff.h). Fills *out; never fails otherwise. */
void gx_mailer_send(struct gx_mailer *m, const char *to, const char *message, size_t len, unsigned attempt,
		    struct gx_mail_result *out);

/** Closes the connection (QUIT) and frees the mailer. */
void gx_mailer_free(struct gx_mailer *m);

#endif
