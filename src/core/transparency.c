#include "core/transparency.h"

#include "core/checkpoints.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int gx_transparency_parse_witnesses(const char *text, struct gx_note_verifier *out, size_t cap, char *err,
				    size_t errlen)
{
	size_t n = 0;
	const char *p = text != NULL ? text : "";
	for (;;) {
		while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			return (int)n;
		size_t len = strcspn(p, " ,\t\n");
		char why[120];
		if (n == cap) {
			snprintf(err, errlen, "more than %zu witness keys", cap);
			return -1;
		}
		if (gx_note_verifier_parse(p, len, &out[n], why, sizeof(why)) != 0) {
			snprintf(err, errlen, "witness key %zu: %s", n + 1, why);
			return -1;
		}
		if (out[n].type != GX_NOTE_KEY_COSIGNATURE_V1) {
			snprintf(err, errlen, "witness key %zu: not a cosignature/v1 key (type 0x04)", n + 1);
			return -1;
		}
		n++;
		p += len;
	}
}

static int write_key(const char *path, const struct gx_note_signer *s, char *err, size_t errlen)
{
	char text[GX_NOTE_KEY_TEXT_MAX + 1];
	int len = gx_note_signer_format(s, text, sizeof(text) - 1);
	if (len < 0) {
		snprintf(err, errlen, "%s: cannot format the key", path);
		return -1;
	}
	text[len++] = '\n';
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		sodium_memzero(text, sizeof(text));
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	bool ok = write(fd, text, (size_t)len) == len && fsync(fd) == 0;
	close(fd);
	sodium_memzero(text, sizeof(text));
	if (!ok) {
		unlink(path);
		snprintf(err, errlen, "%s: cannot write", path);
		return -1;
	}
	return 0;
}

static int read_key(const char *path, struct gx_note_signer *s, char *err, size_t errlen)
{
	char text[GX_NOTE_KEY_TEXT_MAX + 2];
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return 1; /* missing */
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	char why[120];
	int rc = gx_note_signer_parse(text, n, s, why, sizeof(why));
	sodium_memzero(text, sizeof(text));
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	return 0;
}

int gx_transparency_load(struct gx_transparency *t, const struct gx_transparency_files *f, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium cannot start");
		return -1;
	}
	int rc = read_key(f->key_file, &t->signer, err, errlen);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		if (!f->create) {
			snprintf(err, errlen, "%s: no such file (guichetd makes it at its first start)", f->key_file);
			return -1;
		}
		char why[120];
		if (gx_note_signer_generate(f->origin, GX_NOTE_KEY_ED25519, &t->signer, why, sizeof(why)) != 0) {
			snprintf(err, errlen, "translog.origin: %s", why);
			return -1;
		}
		if (write_key(f->key_file, &t->signer, err, errlen) != 0) {
			gx_note_signer_wipe(&t->signer);
			return -1;
		}
	}
	if (t->signer.pub.type != GX_NOTE_KEY_ED25519) {
		snprintf(err, errlen, "%s: not an Ed25519 (type 0x01) key", f->key_file);
		goto fail;
	}
	if (strcmp(t->signer.pub.name, f->origin) != 0) {
		snprintf(err, errlen, "%s: the key is named %s, but translog.origin is %s", f->key_file,
			 t->signer.pub.name, f->origin);
		goto fail;
	}
	t->can_sign = true;
	t->log_key = t->signer.pub;
	if (gx_note_verifier_format(&t->log_key, t->log_key_text, sizeof(t->log_key_text)) < 0) {
		snprintf(err, errlen, "%s: cannot format the verifier key", f->key_file);
		goto fail;
	}
	int nw = gx_transparency_parse_witnesses(f->witnesses, t->witnesses, GX_TRANSPARENCY_WITNESSES_MAX, err, errlen);
	if (nw < 0)
		goto fail;
	t->nwitnesses = (size_t)nw;
	t->quorum = f->quorum > 0 ? f->quorum : 1;
	if (t->quorum > t->nwitnesses && t->nwitnesses > 0) {
		snprintf(err, errlen, "translog.witness_quorum: %u, but only %zu witness keys", f->quorum, t->nwitnesses);
		goto fail;
	}
	/* Without witnesses no checkpoint is ever witnessed; a quorum of 0 says so. */
	if (t->nwitnesses == 0)
		t->quorum = 0;
	t->interval_ms = f->interval_ms;
	t->loaded = true;
	return 0;
fail:
	gx_note_signer_wipe(&t->signer);
	t->can_sign = false;
	return -1;
}

void gx_transparency_free(struct gx_transparency *t)
{
	gx_checkpoint_cache_clear();
	gx_note_signer_wipe(&t->signer);
	memset(t, 0, sizeof(*t));
}
