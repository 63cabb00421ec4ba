/* guichet-witness: an independent witness of Guichet's transparency log (or
 * any log speaking the same three endpoints). It follows each configured
 * log, cosigns a checkpoint only after checking that it extends the last one
 * it cosigned, and refuses, logs and never cosigns a fork. Meant to be run
 * by someone other than the platform's operator, e.g. the data protection
 * authority. See docs/transparency.md. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "log/oplog.h"
#include "translog/keys.h"
#include "witness/http_curl.h"
#include "witness/round.h"
#include "witness/state.h"

#define MAX_LOGS GX_WITNESS_MAX_LOGS

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	stopping = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: guichet-witness keygen --name NAME --key FILE\n"
		"         makes the witness's key (cosignature/v1, Ed25519) in FILE (mode 0600, never overwritten)\n"
		"         and prints its verifier key, to give to the logs and to whoever checks cosignatures\n"
		"       guichet-witness vkey --key FILE\n"
		"       guichet-witness run --key FILE --state FILE --log URL VKEY [--log URL VKEY]...\n"
		"         [--interval SECONDS] [--timeout SECONDS] [--once] [--log-file PATH]\n"
		"         follows each log (URL: its base, serving /checkpoint, /consistency, /cosignature;\n"
		"         VKEY: its verifier key, whose name is its origin) every SECONDS (default 10)\n"
		"exit: 0 done, 1 cannot start, 2 usage, 3 (--once) a log was refused, 4 (--once) a log unreachable\n");
}

struct args {
	const char *cmd, *name, *key, *state, *log_file;
	const char *log_url[MAX_LOGS], *log_vkey[MAX_LOGS];
	size_t logs;
	double interval, timeout;
	int once;
};

static int parse_args(int argc, char **argv, struct args *a)
{
	a->interval = 10;
	a->timeout = 10;
	if (argc < 2)
		return -1;
	a->cmd = argv[1];
	for (int i = 2; i < argc; i++) {
		const char *k = argv[i];
		if (strcmp(k, "--once") == 0) {
			a->once = 1;
			continue;
		}
		if (strcmp(k, "--log") == 0) {
			if (i + 2 >= argc || a->logs == MAX_LOGS)
				return -1;
			a->log_url[a->logs] = argv[++i];
			a->log_vkey[a->logs++] = argv[++i];
			continue;
		}
		if (i + 1 >= argc)
			return -1;
		const char *v = argv[++i];
		char *end;
		if (strcmp(k, "--name") == 0)
			a->name = v;
		else if (strcmp(k, "--key") == 0)
			a->key = v;
		else if (strcmp(k, "--state") == 0)
			a->state = v;
		else if (strcmp(k, "--log-file") == 0)
			a->log_file = v;
		else if (strcmp(k, "--interval") == 0 && (a->interval = strtod(v, &end), *end == '\0'))
			;
		else if (strcmp(k, "--timeout") == 0 && (a->timeout = strtod(v, &end), *end == '\0'))
			;
		else
			return -1;
	}
	if (!(a->interval >= 0.05 && a->interval <= 86400) || !(a->timeout >= 0.1 && a->timeout <= 600))
		return -1;
	return 0;
}

/* Reads the signer key file (one line); the text is wiped after use. */
static int read_key(const char *path, struct gx_note_signer *s)
{
	char text[GX_NOTE_KEY_TEXT_MAX + 2], err[160];
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "guichet-witness: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	int rc = gx_note_signer_parse(text, n, s, err, sizeof(err));
	sodium_memzero(text, sizeof(text));
	if (rc != 0) {
		fprintf(stderr, "guichet-witness: %s: %s\n", path, err);
		return -1;
	}
	if (s->pub.type != GX_NOTE_KEY_COSIGNATURE_V1) {
		fprintf(stderr, "guichet-witness: %s: not a cosignature/v1 (0x04) key\n", path);
		gx_note_signer_wipe(s);
		return -1;
	}
	return 0;
}

static int cmd_keygen(const struct args *a)
{
	struct gx_note_signer s;
	char err[160], text[GX_NOTE_KEY_TEXT_MAX];
	if (a->name == NULL || a->key == NULL)
		return 2;
	if (gx_note_signer_generate(a->name, GX_NOTE_KEY_COSIGNATURE_V1, &s, err, sizeof(err)) != 0) {
		fprintf(stderr, "guichet-witness: %s\n", err);
		return 2;
	}
	int fd = open(a->key, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "guichet-witness: %s: %s\n", a->key, strerror(errno));
		gx_note_signer_wipe(&s);
		return 1;
	}
	int n = gx_note_signer_format(&s, text, sizeof(text));
	int bad = n < 0 || write(fd, text, (size_t)n) != n || write(fd, "\n", 1) != 1 || fsync(fd) != 0;
	bad = close(fd) != 0 || bad;
	sodium_memzero(text, sizeof(text));
	if (bad) {
		fprintf(stderr, "guichet-witness: %s: cannot be written\n", a->key);
		unlink(a->key);
		gx_note_signer_wipe(&s);
		return 1;
	}
	gx_note_verifier_format(&s.pub, text, sizeof(text));
	printf("%s\n", text);
	gx_note_signer_wipe(&s);
	return 0;
}

static int cmd_vkey(const struct args *a)
{
	struct gx_note_signer s;
	char text[GX_NOTE_KEY_TEXT_MAX];
	if (a->key == NULL)
		return 2;
	if (read_key(a->key, &s) != 0)
		return 1;
	gx_note_verifier_format(&s.pub, text, sizeof(text));
	printf("%s\n", text);
	gx_note_signer_wipe(&s);
	return 0;
}

static int setup_logs(const struct args *a, struct gx_witness_log *logs)
{
	for (size_t i = 0; i < a->logs; i++) {
		char err[160];
		size_t n = strlen(a->log_url[i]);
		while (n > 0 && a->log_url[i][n - 1] == '/')
			n--;
		if (n == 0 || n >= sizeof(logs[i].url)) {
			fprintf(stderr, "guichet-witness: --log %s: not a URL\n", a->log_url[i]);
			return -1;
		}
		memcpy(logs[i].url, a->log_url[i], n);
		logs[i].url[n] = '\0';
		if (gx_note_verifier_parse(a->log_vkey[i], strlen(a->log_vkey[i]), &logs[i].key, err, sizeof(err)) != 0 ||
		    logs[i].key.type != GX_NOTE_KEY_ED25519) {
			fprintf(stderr, "guichet-witness: --log %s: the log's key: %s\n", a->log_url[i],
				logs[i].key.type != GX_NOTE_KEY_ED25519 ? "not an Ed25519 (0x01) key" : err);
			return -1;
		}
	}
	return 0;
}

/* Sleeps seconds, waking early when a signal asks to stop. */
static void pause_for(double seconds)
{
	struct timespec slice = {0, 50 * 1000 * 1000};
	for (double slept = 0; slept < seconds && !stopping; slept += 0.05)
		nanosleep(&slice, NULL);
}

static int cmd_run(const struct args *a)
{
	static struct gx_witness w;
	struct gx_witness_log logs[MAX_LOGS];
	char err[256], vkey[GX_NOTE_KEY_TEXT_MAX];
	memset(logs, 0, sizeof(logs));
	if (a->key == NULL || a->state == NULL || a->logs == 0)
		return 2;
	if (gx_oplog_open(a->log_file != NULL ? a->log_file : "-", false) != 0) {
		fprintf(stderr, "guichet-witness: %s: cannot open the log file\n", a->log_file);
		return 1;
	}
	if (sodium_init() < 0 || setup_logs(a, logs) != 0 || read_key(a->key, &w.key) != 0)
		return 1;
	w.state_path = a->state;
	if (gx_witness_state_load(a->state, &w.state, err, sizeof(err)) != 0) {
		fprintf(stderr, "guichet-witness: %s\n", err);
		gx_note_signer_wipe(&w.key);
		return 1;
	}
	if (gx_witness_curl_open(&w.transport, (long)(a->timeout * 1000)) != 0) {
		fprintf(stderr, "guichet-witness: libcurl cannot start\n");
		gx_witness_state_free(&w.state);
		gx_note_signer_wipe(&w.key);
		return 1;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	gx_note_verifier_format(&w.key.pub, vkey, sizeof(vkey));
	gx_oplog_event(GX_LOG_INFO, "witness_started", NULL, "key %s; %zu log(s); every %.2f s", vkey, a->logs,
		       a->interval);
	int refused = 0, failed = 0;
	do {
		for (size_t i = 0; i < a->logs && !stopping; i++) {
			enum gx_witness_outcome o = gx_witness_round(&w, &logs[i], (uint64_t)time(NULL));
			refused |= o == GX_WITNESS_REFUSED;
			failed |= o == GX_WITNESS_FAILED;
		}
		if (!a->once)
			pause_for(a->interval);
	} while (!a->once && !stopping);
	gx_oplog_event(GX_LOG_INFO, "witness_stopped", NULL, "%s", stopping ? "signal" : "one round done");
	gx_witness_curl_close(&w.transport);
	gx_witness_state_free(&w.state);
	gx_note_signer_wipe(&w.key);
	gx_oplog_close();
	if (a->once)
		return refused ? 3 : failed ? 4 : 0;
	return 0;
}

int main(int argc, char **argv)
{
	struct args a;
	memset(&a, 0, sizeof(a));
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	int rc = 2;
	if (parse_args(argc, argv, &a) == 0) {
		if (strcmp(a.cmd, "keygen") == 0)
			rc = cmd_keygen(&a);
		else if (strcmp(a.cmd, "vkey") == 0)
			rc = cmd_vkey(&a);
		else if (strcmp(a.cmd, "run") == 0)
			rc = cmd_run(&a);
	}
	if (rc == 2)
		usage(stderr);
	return rc;
}
