/* guichetd's background threads (background.h). */

#include "guichetd/background.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/auto_cert.h"
#include "core/domain.h"
#include "core/email.h"
#include "core/lb_purge.h"
#include "core/letterbox.h"
#include "core/mail_out.h"
#include "core/outbox.h"
#include "i18n/i18n.h"
#include "log/oplog.h"
#include "mail/mailer.h"
#include "mail/memqueue.h"
#include "mail/sender.h"
#include "site/site.h"
#include "util/clock.h"

static struct {
	struct gx_mailer *mailer;
	struct gx_mail_texts *texts;
	struct gx_mail_sender *sender;
	struct gx_mail_memqueue *codes;
	struct gx_store_conn *mail_db, *purge_db;
	struct gx_outbox_queue outbox;
	pthread_t purger;
	bool purging;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	unsigned interval_s;
	bool mail_global;
} bg = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static void wake_sender(void *arg)
{
	gx_mail_sender_wake(arg);
}

static struct gx_mail_texts *texts_from_site(char *err, size_t errlen)
{
	struct gx_mail_texts *t = gx_mail_texts_new();
	static const enum gx_lang langs[] = {GX_LANG_FR, GX_LANG_DE, GX_LANG_EN, GX_LANG_LB};
	for (size_t i = 0; t != NULL && i < sizeof(langs) / sizeof(langs[0]); i++)
		if (gx_mail_texts_add(t, gx_lang_code(langs[i]), gx_i18n_catalog(gx_site.i18n, langs[i]), err, errlen) !=
		    0) {
			gx_mail_texts_free(t);
			return NULL;
		}
	return t;
}

static void *purge_loop(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&bg.lock);
	while (!bg.stop) {
		pthread_mutex_unlock(&bg.lock);
		size_t n = 0;
		if (gx_lb_purge_run(bg.purge_db, gx_wall_us(), &n) != 0)
			gx_oplog_event(GX_LOG_ERROR, "letterbox_purge", NULL, "the purge failed; trying again later");
		else if (n > 0)
			gx_oplog_event(GX_LOG_INFO, "letterbox_purge", NULL, "%zu documents purged, tombstones kept", n);
		pthread_mutex_lock(&bg.lock);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += bg.interval_s;
		while (!bg.stop && pthread_cond_timedwait(&bg.cond, &bg.lock, &ts) == 0)
			;
	}
	pthread_mutex_unlock(&bg.lock);
	gx_oplog_thread_exit();
	return NULL;
}

int gx_background_start(const struct gx_config *c, struct gx_store *store, char *err, size_t errlen)
{
	gx_lb_settings = (struct gx_lb_settings){.max_bytes = c->letterbox.max_bytes,
						 .due_reminder_days = c->letterbox.due_reminder_days};
	gx_cert_settings = (struct gx_cert_settings){.platform = c->letterbox.platform, .site_url = c->site_url,
						     .fonts_dir = c->letterbox.fonts_dir[0] != '\0' ? c->letterbox.fonts_dir
												    : NULL};
	if (gx_email_init(c->mail.code_key_file, err, errlen) != 0)
		return -1;
	if (gx_mail_settings_check(&c->mail, err, errlen) != 0 || gx_mail_global_init() != 0)
		goto fail;
	bg.mail_global = true;
	if ((bg.texts = texts_from_site(err, errlen)) == NULL || (bg.mailer = gx_mailer_new(&c->mail, err, errlen)) == NULL)
		goto fail;
	bg.sender = gx_mail_sender_new(&c->mail, bg.texts, gx_mail_transport_smtp(bg.mailer));
	bg.codes = gx_mail_memqueue_new(1024);
	bg.mail_db = gx_store_conn_open(store);
	bg.purge_db = gx_store_conn_open(store);
	if (bg.sender == NULL || bg.codes == NULL || bg.mail_db == NULL || bg.purge_db == NULL) {
		snprintf(err, errlen, "the mail sender cannot start (memory or store)");
		goto fail;
	}
	/* A row is held longer than one send can take, then given back. */
	bg.outbox = (struct gx_outbox_queue){.db = bg.mail_db, .domain = &gx_domain,
					     .lease_us = ((long long)c->mail.timeout_ms + 5000) * 1000};
	struct gx_mail_queue queues[2] = {gx_outbox_queue(&bg.outbox), gx_mail_memqueue_queue(bg.codes)};
	gx_outbox_set_waker(wake_sender, bg.sender);
	gx_email_set_queue(bg.codes, wake_sender, bg.sender);
	gx_mail_out_set(bg.codes, bg.sender); /* the receipts of procedures submitted without logging in */
	if (gx_mail_sender_start(bg.sender, queues, 2, c->mail.poll_ms) != 0) {
		snprintf(err, errlen, "the mail sender's thread cannot start");
		goto fail;
	}
	bg.stop = false;
	bg.interval_s = c->letterbox.purge_interval_s;
	if (pthread_create(&bg.purger, NULL, purge_loop, NULL) != 0) {
		snprintf(err, errlen, "the letter box's purge thread cannot start");
		goto fail;
	}
	bg.purging = true;
	return 0;
fail:
	gx_background_stop();
	return -1;
}

void gx_background_stop(void)
{
	if (bg.purging) {
		pthread_mutex_lock(&bg.lock);
		bg.stop = true;
		pthread_cond_signal(&bg.cond);
		pthread_mutex_unlock(&bg.lock);
		pthread_join(bg.purger, NULL);
		bg.purging = false;
	}
	gx_outbox_set_waker(NULL, NULL);
	gx_email_set_queue(NULL, NULL, NULL);
	gx_mail_out_set(NULL, NULL);
	gx_mail_sender_free(bg.sender);
	gx_mailer_free(bg.mailer);
	gx_mail_texts_free(bg.texts);
	gx_mail_memqueue_free(bg.codes);
	if (bg.mail_db != NULL)
		gx_store_conn_close(bg.mail_db);
	if (bg.purge_db != NULL)
		gx_store_conn_close(bg.purge_db);
	if (bg.mail_global)
		gx_mail_global_cleanup();
	gx_email_free();
	bg.sender = NULL;
	bg.mailer = NULL;
	bg.texts = NULL;
	bg.codes = NULL;
	bg.mail_db = bg.purge_db = NULL;
	bg.mail_global = false;
}
