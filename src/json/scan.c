#include "json/spec_int.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/*
 * Both scanners follow only what decides structure: brackets outside strings,
 * and where strings start and end (a quote not preceded by an escaping
 * backslash). On text jansson would refuse they may see a different shape,
 * but jansson stops at the first bad token, before any structure the two
 * could disagree on.
 */

int gx_json_depth_check(const char *s, size_t len, int max_depth, int *line, int *column)
{
	bool in_string = false, escaped = false;
	int depth = 0, ln = 1, col = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n') {
			ln++;
			col = 0;
		} else if ((c & 0xC0) != 0x80) {
			col++;
		}
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			if (++depth > max_depth) {
				*line = ln;
				*column = col;
				return -1;
			}
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return 0;
}

/** One open container while rebuilding a pointer. */
struct level {
	bool object;
	bool expect_key;          /* objects: the next string is a member name */
	size_t index;             /* arrays: current item */
	size_t key_start, key_end; /* objects: last member name, quotes included */
};

/* Decodes the quoted member name at s[start, end) and pushes it onto p. */
static int push_key(struct gx_json_ptr *p, const char *s, size_t start, size_t end)
{
	json_t *k = json_loadb(s + start, end - start, JSON_DECODE_ANY, NULL);

	if (k == NULL || !json_is_string(k)) {
		json_decref(k);
		return -1;
	}
	gx_json_ptr_push(p, json_string_value(k), json_string_length(k));
	json_decref(k);
	return 0;
}

int gx_json_pointer_at(const char *s, size_t len, size_t at, int max_depth, bool in_value,
		       struct gx_json_ptr *p)
{
	struct level *stack = NULL;
	bool in_string = false, escaped = false, in_key = false;
	int depth = 0;
	int rc = -1;

	p->len = 0;
	p->buf[0] = '\0';
	p->cut = false;
	if (max_depth <= 0 || at > len)
		goto done;
	stack = calloc((size_t)max_depth, sizeof *stack);
	if (stack == NULL)
		goto done;
	for (size_t i = 0; i < at; i++) {
		char c = s[i];
		struct level *top = depth > 0 ? &stack[depth - 1] : NULL;

		if (in_string) {
			if (escaped) {
				escaped = false;
			} else if (c == '\\') {
				escaped = true;
			} else if (c == '"') {
				in_string = false;
				if (in_key) {
					top->key_end = i + 1;
					top->expect_key = false;
					in_key = false;
				}
			}
			continue;
		}
		switch (c) {
		case '"':
			in_string = true;
			if (top != NULL && top->object && top->expect_key) {
				in_key = true;
				top->key_start = i;
				top->key_end = 0;
			}
			break;
		case '{':
		case '[':
			if (depth == max_depth)
				goto done;
			stack[depth++] = (struct level){.object = c == '{', .expect_key = c == '{'};
			break;
		case '}':
		case ']':
			if (depth > 0)
				depth--;
			break;
		case ',':
			if (top != NULL && top->object)
				top->expect_key = true;
			else if (top != NULL)
				top->index++;
			break;
		default:
			break;
		}
	}
	if (in_value && (!in_string || in_key))
		goto done;
	for (int d = 0; d < depth; d++) {
		if (!stack[d].object) {
			gx_json_ptr_push_index(p, stack[d].index);
		} else if (stack[d].key_end > stack[d].key_start) {
			if (push_key(p, s, stack[d].key_start, stack[d].key_end) < 0)
				goto done;
		} else {
			break; /* inside an object before its first complete name */
		}
	}
	rc = 0;
done:
	if (rc < 0) {
		p->len = 0;
		p->buf[0] = '\0';
		p->cut = false;
	}
	free(stack);
	return rc;
}
