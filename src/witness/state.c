#include "witness/state.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "translog/b64.h"
#include "translog/note.h"

#define FORMAT "guichet-witness-state/v1"

static int refuse(char *err, size_t errlen, const char *path, const char *why)
{
	snprintf(err, errlen, "%s: %s", path, why);
	return -1;
}

static int read_file(const char *path, char **out, size_t *len, char *err, size_t errlen)
{
	*out = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *buf = malloc(GX_WITNESS_STATE_MAX_LEN + 1);
	size_t n = buf != NULL ? fread(buf, 1, GX_WITNESS_STATE_MAX_LEN + 1, f) : 0;
	int bad = buf == NULL || ferror(f);
	fclose(f);
	if (bad || n > GX_WITNESS_STATE_MAX_LEN) {
		free(buf);
		return refuse(err, errlen, path, bad ? "cannot be read" : "larger than 1 MiB");
	}
	*out = buf;
	*len = n;
	return 0;
}

static int read_log(const json_t *e, struct gx_witness_log_state *l)
{
	const json_t *origin = json_object_get(e, "origin"), *size = json_object_get(e, "size"),
		     *root = json_object_get(e, "root"), *cp = json_object_get(e, "checkpoint");
	if (!json_is_object(e) || json_object_size(e) != 4 || !json_is_string(origin) || !json_is_integer(size) ||
	    !json_is_string(root) || !json_is_string(cp))
		return -1;
	size_t olen = json_string_length(origin);
	if (olen == 0 || olen > GX_CHECKPOINT_ORIGIN_MAX || strlen(json_string_value(origin)) != olen ||
	    json_integer_value(size) < 0 || json_string_length(root) != 44 ||
	    gx_tlog_b64_decode(json_string_value(root), 44, l->seen.root.b, sizeof(l->seen.root.b)) != 32 ||
	    json_string_length(cp) > GX_NOTE_MAX_LEN)
		return -1;
	memcpy(l->origin, json_string_value(origin), olen + 1);
	l->seen.size = (uint64_t)json_integer_value(size);
	l->checkpoint = strdup(json_string_value(cp));
	return l->checkpoint != NULL ? 0 : -1;
}

int gx_witness_state_load(const char *path, struct gx_witness_state *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	char *text;
	size_t len;
	int rc = read_file(path, &text, &len, err, errlen);
	if (rc != 0)
		return rc > 0 ? 0 : -1;
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	free(text);
	const json_t *format = json_object_get(root, "format"), *logs = json_object_get(root, "logs");
	if (root == NULL || !json_is_string(format) || strcmp(json_string_value(format), FORMAT) != 0 ||
	    !json_is_array(logs) || json_array_size(logs) > GX_WITNESS_MAX_LOGS) {
		json_decref(root);
		return refuse(err, errlen, path, "not a " FORMAT " state file");
	}
	for (size_t i = 0; i < json_array_size(logs); i++) {
		/* (s->count is still i: find looks at the logs before this one) */
		if (read_log(json_array_get(logs, i), &s->logs[i]) != 0 ||
		    gx_witness_state_find(s, s->logs[i].origin) != NULL) {
			free(s->logs[i].checkpoint);
			json_decref(root);
			gx_witness_state_free(s);
			snprintf(err, errlen, "%s: logs/%zu is damaged or repeated", path, i);
			return -1;
		}
		s->count = i + 1;
	}
	json_decref(root);
	return 0;
}

/* The file's text, or NULL when any part of it could not be made: a state
 * missing a log would make the witness forget what it cosigned. */
static char *state_text(const struct gx_witness_state *s)
{
	json_t *logs = json_array();
	for (size_t i = 0; logs != NULL && i < s->count; i++) {
		const struct gx_witness_log_state *l = &s->logs[i];
		char root[48];
		gx_tlog_b64_encode(l->seen.root.b, sizeof(l->seen.root.b), root, sizeof(root));
		json_t *e = json_pack("{s:s, s:I, s:s, s:s}", "origin", l->origin, "size", (json_int_t)l->seen.size, "root",
				      root, "checkpoint", l->checkpoint != NULL ? l->checkpoint : "");
		if (e == NULL || json_array_append_new(logs, e) != 0) {
			json_decref(logs);
			return NULL;
		}
	}
	json_t *root = json_pack("{s:s, s:o}", "format", FORMAT, "logs", logs);
	char *text = root != NULL ? json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(root);
	return text;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync of the folder holding path, so that the rename itself is durable. */
static int sync_folder(const char *path)
{
	char *copy = strdup(path);
	if (copy == NULL)
		return -1;
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int gx_witness_state_save(const char *path, const struct gx_witness_state *s, char *err, size_t errlen)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return refuse(err, errlen, path, "path too long");
	char *text = state_text(s);
	if (text == NULL)
		return refuse(err, errlen, path, "out of memory");
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		free(text);
		return -1;
	}
	int bad = write_all(fd, text, strlen(text)) != 0 || write_all(fd, "\n", 1) != 0 || fsync(fd) != 0;
	bad = close(fd) != 0 || bad;
	free(text);
	if (bad || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: cannot be written: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (sync_folder(path) != 0)
		return refuse(err, errlen, path, "its folder cannot be synced");
	return 0;
}

const struct gx_witness_log_state *gx_witness_state_find(const struct gx_witness_state *s, const char *origin)
{
	for (size_t i = 0; i < s->count; i++) {
		if (strcmp(s->logs[i].origin, origin) == 0)
			return &s->logs[i];
	}
	return NULL;
}

int gx_witness_state_set(struct gx_witness_state *s, const char *origin, const struct gx_witness_seen *seen,
			 const char *checkpoint)
{
	struct gx_witness_log_state *l = (struct gx_witness_log_state *)gx_witness_state_find(s, origin);
	if (strlen(origin) > GX_CHECKPOINT_ORIGIN_MAX || (l == NULL && s->count == GX_WITNESS_MAX_LOGS))
		return -1;
	char *copy = strdup(checkpoint);
	if (copy == NULL)
		return -1;
	if (l == NULL) {
		l = &s->logs[s->count++];
		snprintf(l->origin, sizeof(l->origin), "%s", origin);
	} else {
		free(l->checkpoint);
	}
	l->seen = *seen;
	l->checkpoint = copy;
	return 0;
}

void gx_witness_state_free(struct gx_witness_state *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->logs[i].checkpoint);
	memset(s, 0, sizeof(*s));
}
