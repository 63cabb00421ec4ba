/* guichetctl mail test --to ADDRESS [--config FILE] [--kind KIND] [--lang L]
 *   [--organisation NAME] [--title TITLE] [--date DATE] [--id N] [--attempts N]
 *
 * Sends one notification through the SMTP server of the mail.* settings
 * (--config FILE, then GUICHET_MAIL_* variables), to check them: the
 * operator's "does mail work?", and the integration tests' way to drive
 * the mail library (tests/integration/mail.test.mjs). The notification is
 * the kind's text from the catalogs (paths.i18n) in --lang (default fr):
 * "test" by default, or document, request, decision, reminder, due, receipt, code
 * (a fresh random code; it is not printed). It goes through the same
 * sender as guichetd's, over an in-memory queue: with --attempts N
 * (default 1) a transient failure is retried after the configured backoff
 * until N attempts were made.
 *
 * Prints one line per attempt (codes only: never the address or the
 * server's text) and the Message-ID. Exit 0 when the server took the
 * message, 1 when it did not, 2 on a usage or settings error. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "guichetctl/commands.h"
#include "i18n/i18n.h"
#include "mail/code.h"
#include "mail/mailer.h"
#include "mail/memqueue.h"
#include "mail/sender.h"
#include "util/clock.h"

struct options {
	const char *config_file, *to, *kind, *lang, *organisation, *title, *date, *id, *reference;
	unsigned attempts;
};

static int usage(void)
{
	fprintf(stderr,
		"usage: guichetctl mail test --to ADDRESS [--config FILE] [--kind KIND] [--lang fr|de|en|lb]\n"
		"         [--organisation NAME] [--title TITLE] [--date DATE] [--id N] [--attempts N]\n"
		"  sends one notification through the mail.* settings' SMTP server;\n"
		"  KIND: test (default), document, request, decision, reminder, due, code, receipt\n"
		"  (--reference YYYY-GX-NNNNNN for a receipt)\n");
	return 2;
}

static int parse(int argc, char **argv, struct options *o)
{
	struct {
		const char *flag;
		const char **slot;
	} flags[] = {
		{"--config", &o->config_file}, {"--to", &o->to},       {"--kind", &o->kind},
		{"--lang", &o->lang},          {"--organisation", &o->organisation},
		{"--title", &o->title},        {"--date", &o->date},   {"--id", &o->id},
		{"--reference", &o->reference},
	};
	const char *attempts = NULL;
	*o = (struct options){.kind = "test", .lang = "fr", .organisation = "Guichet", .title = "Test",
			      .date = "2030-01-01", .reference = "2030-GX-000001", .attempts = 1};
	if (argc < 2 || strcmp(argv[1], "test") != 0)
		return -1;
	for (int i = 2; i < argc; i++) {
		bool matched = false;
		for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]) && !matched; f++)
			if (strcmp(argv[i], flags[f].flag) == 0 && i + 1 < argc) {
				*flags[f].slot = argv[++i];
				matched = true;
			}
		if (!matched && strcmp(argv[i], "--attempts") == 0 && i + 1 < argc) {
			attempts = argv[++i];
			matched = true;
		}
		if (!matched)
			return -1;
	}
	if (attempts != NULL) {
		char *end;
		unsigned long n = strtoul(attempts, &end, 10);
		if (*end != '\0' || n < 1 || n > 1000)
			return -1;
		o->attempts = (unsigned)n;
	}
	return o->to != NULL ? 0 : -1;
}

static int load_settings(const struct options *o, struct gx_config *c)
{
	struct gx_config_error cerr;
	char err[300];
	gx_config_defaults(c);
	if ((o->config_file != NULL && gx_config_load_file(c, o->config_file, &cerr) != 0) ||
	    gx_config_apply_env(c, &cerr) != 0 || gx_config_validate(c, &cerr) != 0) {
		fprintf(stderr, "guichetctl: configuration: %s: %s\n", cerr.where, cerr.message);
		return -1;
	}
	if (gx_mail_settings_check(&c->mail, err, sizeof(err)) != 0) {
		fprintf(stderr, "guichetctl: configuration: %s\n", err);
		return -1;
	}
	return 0;
}

/* The notification's texts in every language of the catalogs. */
static struct gx_mail_texts *load_texts(const char *dir)
{
	struct gx_i18n *i18n = NULL;
	char err[512];
	if (gx_i18n_load(dir, &i18n, err, sizeof(err)) != 0) {
		fprintf(stderr, "guichetctl: catalogs: %s\n", err);
		return NULL;
	}
	struct gx_mail_texts *t = gx_mail_texts_new();
	static const enum gx_lang langs[] = {GX_LANG_FR, GX_LANG_DE, GX_LANG_EN, GX_LANG_LB};
	for (size_t i = 0; t != NULL && i < sizeof(langs) / sizeof(langs[0]); i++)
		if (gx_mail_texts_add(t, gx_lang_code(langs[i]), gx_i18n_catalog(i18n, langs[i]), err, sizeof(err)) != 0) {
			fprintf(stderr, "guichetctl: catalogs: %s\n", err);
			gx_mail_texts_free(t);
			t = NULL;
		}
	gx_i18n_free(i18n);
	return t;
}

#define COPY(dst, src) ((src) != NULL && strlen(src) < sizeof(dst) ? (strcpy((dst), (src)), 0) : -1)

static int make_item(const struct options *o, struct gx_mail_item *it)
{
	enum gx_mail_address_fault af = gx_mail_address_check(o->to, strlen(o->to));
	if (af != GX_MAIL_ADDRESS_OK) {
		fprintf(stderr, "guichetctl: --to: not an address this platform can mail (%s)\n",
			gx_mail_address_fault_name(af));
		return -1;
	}
	memset(it, 0, sizeof(*it));
	if (gx_mail_kind_from_name(o->kind, &it->kind) != 0) {
		fprintf(stderr, "guichetctl: --kind: unknown kind\n");
		return -1;
	}
	enum gx_lang lang;
	if (gx_lang_from_code(o->lang, strlen(o->lang), &lang) != 0) {
		fprintf(stderr, "guichetctl: --lang: one of fr, de, en, lb\n");
		return -1;
	}
	it->created_us = gx_wall_us();
	it->id.value = (uint64_t)it->created_us;
	if (o->id != NULL) {
		char *end;
		it->id.value = strtoull(o->id, &end, 10);
		if (*end != '\0' || o->id[0] == '\0' || o->id[0] == '-') {
			fprintf(stderr, "guichetctl: --id: a whole number\n");
			return -1;
		}
	}
	if (COPY(it->lang, gx_lang_code(lang)) != 0 || COPY(it->to, o->to) != 0 ||
	    COPY(it->organisation, o->organisation) != 0 || COPY(it->title, o->title) != 0 ||
	    COPY(it->date, o->date) != 0 || COPY(it->reference, o->reference) != 0) {
		fprintf(stderr, "guichetctl: --organisation, --title or --date: too long\n");
		return -1;
	}
	if (it->kind == GX_MAIL_CODE) {
		gx_mail_code_generate(it->code);
		snprintf(it->minutes, sizeof(it->minutes), "%u", GX_MAIL_CODE_POLICY_DEFAULT.ttl_s / 60);
	}
	return 0;
}

static void sleep_until(long long wall_us)
{
	long long d = wall_us - gx_wall_us();
	if (d <= 0)
		return;
	struct timespec ts = {(time_t)(d / 1000000), (long)(d % 1000000) * 1000};
	nanosleep(&ts, NULL);
}

/* Tries the one item until it is sent or failed; 0 when it was sent. */
static int send_one(struct gx_mail_sender *s, struct gx_mail_memqueue *mq, struct gx_mail_id id)
{
	struct gx_mail_queue q = gx_mail_memqueue_queue(mq);
	for (;;) {
		struct gx_mail_attempt a;
		int r = gx_mail_sender_step(s, &q, gx_wall_us(), &a);
		if (r < 0)
			return 1;
		if (r == 0) {
			long long at = gx_mail_memqueue_next_at(mq);
			if (at < 0)
				break;
			sleep_until(at);
			continue;
		}
		char line[320];
		gx_mail_attempt_describe(&a, line, sizeof(line));
		printf("%s\n", line);
		fflush(stdout);
	}
	struct gx_mail_status st;
	return gx_mail_memqueue_status(mq, id, &st) == 0 && st.state == GX_MAIL_SENT ? 0 : 1;
}

int gx_ctl_mail(int argc, char **argv)
{
	struct options o;
	struct gx_config c;
	struct gx_mail_item item;
	if (parse(argc, argv, &o) != 0)
		return usage();
	if (load_settings(&o, &c) != 0 || make_item(&o, &item) != 0)
		return 2;
	c.mail.max_attempts = o.attempts;
	if (gx_mail_global_init() != 0) {
		fprintf(stderr, "guichetctl: libcurl or libsodium could not start\n");
		return 1;
	}
	int rc = 2;
	char err[300], mid[GX_MAIL_MESSAGE_ID_MAX];
	struct gx_mail_texts *texts = load_texts(c.i18n_dir);
	struct gx_mailer *mailer = texts != NULL ? gx_mailer_new(&c.mail, err, sizeof(err)) : NULL;
	struct gx_mail_sender *sender = NULL;
	struct gx_mail_memqueue *mq = gx_mail_memqueue_new(1);
	if (texts != NULL && mailer == NULL)
		fprintf(stderr, "guichetctl: %s\n", err);
	if (mailer == NULL || mq == NULL)
		goto out;
	sender = gx_mail_sender_new(&c.mail, texts, gx_mail_transport_smtp(mailer));
	if (sender == NULL || gx_mail_memqueue_push(mq, &item, item.created_us) != 0)
		goto out;
	gx_mail_message_id(item.id, gx_mail_address_domain(c.mail.from), mid, sizeof(mid));
	printf("notification %llu, Message-ID %s\n", (unsigned long long)item.id.value, mid);
	rc = send_one(sender, mq, item.id);
out:
	memset(&item, 0, sizeof(item));
	gx_mail_sender_free(sender);
	gx_mail_memqueue_free(mq);
	gx_mailer_free(mailer);
	gx_mail_texts_free(texts);
	gx_mail_global_cleanup();
	return rc;
}
