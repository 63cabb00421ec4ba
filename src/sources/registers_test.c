/** The registers configuration file (registers.h): a good file gives each
 *  register as written, in order, with the defaults; the shipped
 *  etc/registers.json loads; every bad file is refused with an error that
 *  names the file and the JSON path, and leaves nothing behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sources/registers.h"

#define TITLES "{\"fr\": \"Registre\", \"de\": \"Register\", \"en\": \"Register\"}"
#define ATTR(n) "{\"name\": \"" n "\", \"titles\": " TITLES "}"
/* A register entry with the given name and extra members (", ..." or ""). */
#define REG(name, more)                                                                                            \
	"{\"name\": \"" name "\", \"url\": \"http://127.0.0.1:9101\", \"key\": \"demo-guichet-registry-key-0001\","   \
	" \"subject_key\": \"national_id\", \"titles\": " TITLES ", \"my_data\": [" ATTR("given_name") "]" more "}"

static int parse(const char *text, struct gx_registers *r, char *err, size_t errlen)
{
	err[0] = '\0';
	return gx_registers_parse(text, strlen(text), "registers.json", r, err, errlen);
}

/* text must be refused with an error starting "registers.json: " and
 * containing want (the JSON path and what is wrong), nothing kept. */
static void assert_refused(const char *text, const char *want)
{
	struct gx_registers r;
	char err[300];
	memset(&r, 0x5a, sizeof(r));
	if (parse(text, &r, err, sizeof(err)) != -1)
		fail_msg("accepted: %s", text);
	if (strncmp(err, "registers.json: ", 16) != 0 || strstr(err, want) == NULL)
		fail_msg("error \"%s\", expected \"registers.json: ...%s...\" for: %s", err, want, text);
	assert_int_equal(r.count, 0);
	assert_null(r.items);
	gx_registers_free(&r); /* harmless after a refusal */
}

static void test_good_file(void **state)
{
	struct gx_registers r;
	char err[300];
	const char *text =
		"{\"deadline_ms\": 750, \"registers\": ["
		" {\"name\": \"persons\", \"url\": \"http://127.0.0.1:9101/base\", \"key\": \"demo-guichet-registry-key-0001\","
		"  \"subject_key\": \"national_id\", \"choice\": true,"
		"  \"titles\": {\"fr\": \"Personnes\", \"de\": \"Personen\", \"en\": \"Persons\", \"lb\": \"Persounen\"},"
		"  \"my_data\": [" ATTR("given_name") ", {\"name\": \"address.street\", \"titles\":"
		"   {\"fr\": \"Rue\", \"de\": \"Straße\", \"en\": \"Street\"}}]},"
		" " REG("vehicles", ", \"choice\": false") ","
		" " REG("companies", "")
		"]}";
	if (parse(text, &r, err, sizeof(err)) != 0)
		fail_msg("refused: %s", err);
	assert_int_equal(r.deadline_ms, 750);
	assert_int_equal(r.count, 3);
	const struct gx_register *p = &r.items[0];
	assert_string_equal(p->name, "persons");
	assert_string_equal(p->url, "http://127.0.0.1:9101/base");
	assert_string_equal(p->key, "demo-guichet-registry-key-0001");
	assert_string_equal(p->subject_key, "national_id");
	assert_true(p->choice);
	assert_string_equal(json_string_value(json_object_get(p->titles, "lb")), "Persounen");
	assert_int_equal(p->nmy_data, 2);
	assert_string_equal(p->my_data[0], "given_name");
	assert_string_equal(p->my_data[1], "address.street");
	assert_null(p->my_data[2]);
	assert_string_equal(json_string_value(json_object_get(json_object_get(p->attribute_titles, "address.street"), "de")),
			    "Straße");
	assert_false(r.items[1].choice);
	assert_false(r.items[2].choice); /* choice defaults to false */
	assert_ptr_equal(gx_registers_find(&r, "vehicles"), &r.items[1]);
	assert_ptr_equal(gx_registers_find(&r, "companies"), &r.items[2]);
	assert_null(gx_registers_find(&r, "Persons"));
	assert_null(gx_registers_find(&r, ""));
	gx_registers_free(&r);
	assert_int_equal(r.count, 0);
	assert_null(r.items);

	/* No deadline: 2000 ms. No registers at all is a valid (empty) file. */
	assert_int_equal(parse("{\"registers\": [" REG("persons", "") "]}", &r, err, sizeof(err)), 0);
	assert_int_equal(r.deadline_ms, 2000);
	gx_registers_free(&r);
	assert_int_equal(parse("{\"registers\": []}", &r, err, sizeof(err)), 0);
	assert_int_equal(r.count, 0);
	assert_null(gx_registers_find(&r, "persons"));
	gx_registers_free(&r);
	/* The bounds of the deadline. */
	assert_int_equal(parse("{\"deadline_ms\": 10, \"registers\": []}", &r, err, sizeof(err)), 0);
	assert_int_equal(r.deadline_ms, 10);
	gx_registers_free(&r);
	assert_int_equal(parse("{\"deadline_ms\": 60000, \"registers\": []}", &r, err, sizeof(err)), 0);
	assert_int_equal(r.deadline_ms, 60000);
	gx_registers_free(&r);
}

static void test_shipped_file_loads(void **state)
{
	struct gx_registers r;
	char err[300] = "";
	if (gx_registers_load("etc/registers.json", &r, err, sizeof(err)) != 0)
		fail_msg("etc/registers.json: %s", err);
	assert_true(r.count >= 6);
	static const char *const names[] = {"persons", "companies", "vehicles", "social_security", "income_tax",
					    "driving_licences"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct gx_register *g = gx_registers_find(&r, names[i]);
		if (g == NULL)
			fail_msg("etc/registers.json has no %s", names[i]);
		assert_true(g->nmy_data > 0);
		assert_non_null(json_object_get(g->titles, "en"));
		for (size_t j = 0; j < g->nmy_data; j++)
			assert_non_null(json_object_get(g->attribute_titles, g->my_data[j]));
	}
	gx_registers_free(&r);
}

static void test_bad_files(void **state)
{
	/* Not JSON, not an object, wrong types. */
	assert_refused("", "registers.json: ");
	assert_refused("{\"registers\": [", "registers.json: ");
	assert_refused("[]", "registers.json: ");
	assert_refused("{}", "/registers");
	assert_refused("{\"registers\": {}}", "/registers");
	assert_refused("{\"registers\": [\"persons\"]}", "/registers/0");
	assert_refused("{\"registers\": [], \"deadline_ms\": \"2000\"}", "/deadline_ms");
	assert_refused("{\"registers\": [], \"deadline_ms\": 9}", "/deadline_ms");
	assert_refused("{\"registers\": [], \"deadline_ms\": 60001}", "/deadline_ms");
	assert_refused("{\"registers\": [], \"deadline_ms\": 1.5}", "/deadline_ms");
	assert_refused("{\"registers\": [], \"timeout\": 5}", "/timeout");
	/* A register's members. */
	assert_refused("{\"registers\": [" REG("persons", "") ", {\"name\": \"vehicles\"}]}", "/registers/1/");
	assert_refused("{\"registers\": [" REG("persons", ", \"colour\": \"red\"") "]}", "/registers/0/colour");
	assert_refused("{\"registers\": [" REG("persons", ", \"choice\": \"yes\"") "]}", "/registers/0/choice");
	assert_refused("{\"registers\": [" REG("", "") "]}", "/registers/0/name");
	assert_refused("{\"registers\": [{\"name\": \"persons\", \"url\": \"http://127.0.0.1:9101\", \"key\": \"short\","
		       " \"subject_key\": \"national_id\", \"titles\": " TITLES ", \"my_data\": [" ATTR("x") "]}]}",
		       "/registers/0/key");
	assert_refused("{\"registers\": [{\"name\": \"persons\", \"url\": \"http://127.0.0.1:9101\","
		       " \"key\": \"demo-guichet-registry-key-0001\", \"subject_key\": \"national_id\","
		       " \"titles\": {\"fr\": \"R\", \"de\": \"R\"}, \"my_data\": [" ATTR("x") "]}]}",
		       "/registers/0/titles/en");
	assert_refused("{\"registers\": [{\"name\": \"persons\", \"url\": \"http://127.0.0.1:9101\","
		       " \"key\": \"demo-guichet-registry-key-0001\", \"subject_key\": \"national_id\","
		       " \"titles\": " TITLES ", \"my_data\": []}]}",
		       "/registers/0/my_data");
	assert_refused("{\"registers\": [{\"name\": \"persons\", \"url\": \"http://127.0.0.1:9101\","
		       " \"key\": \"demo-guichet-registry-key-0001\", \"subject_key\": \"national_id\","
		       " \"titles\": " TITLES ", \"my_data\": [{\"name\": \"x\"}]}]}",
		       "/registers/0/my_data/0/titles");
	/* Only http:// (the client speaks plain HTTP to registers on a private network). */
	assert_refused("{\"registers\": [" REG("persons", "") ", {\"name\": \"vehicles\", \"url\": \"https://vehicles.example\","
		       " \"key\": \"demo-guichet-registry-key-0001\", \"subject_key\": \"national_id\", \"titles\": " TITLES ","
		       " \"my_data\": [" ATTR("x") "]}]}",
		       "/registers/1/url: only http:// registers are supported");
	/* A name twice: the second is named. */
	assert_refused("{\"registers\": [" REG("persons", "") ", " REG("vehicles", "") ", " REG("persons", "") "]}",
		       "/registers/2/name: persons appears twice");
}

static void test_too_many_registers(void **state)
{
	/* 64 registers are allowed; 65 are not. */
	for (int n = 64; n <= 65; n++) {
		size_t cap = 64 * 1024;
		char *text = malloc(cap);
		assert_non_null(text);
		size_t len = (size_t)snprintf(text, cap, "{\"registers\": [");
		for (int i = 0; i < n; i++) {
			char name[16];
			snprintf(name, sizeof(name), "r%d", i);
			len += (size_t)snprintf(text + len, cap - len,
						"%s{\"name\": \"%s\", \"url\": \"http://127.0.0.1:9101\","
						" \"key\": \"demo-guichet-registry-key-0001\", \"subject_key\": \"k\","
						" \"titles\": " TITLES ", \"my_data\": [" ATTR("a") "]}",
						i > 0 ? ", " : "", name);
		}
		snprintf(text + len, cap - len, "]}");
		if (n == 64) {
			struct gx_registers r;
			char err[300];
			if (parse(text, &r, err, sizeof(err)) != 0)
				fail_msg("64 registers refused: %s", err);
			assert_int_equal(r.count, 64);
			assert_ptr_equal(gx_registers_find(&r, "r63"), &r.items[63]);
			gx_registers_free(&r);
		} else {
			assert_refused(text, "/registers");
		}
		free(text);
	}
}

/* Writes len bytes of text (padded with spaces) to a temporary file; returns its path. */
static void write_file(char *path, size_t pathlen, const char *text, size_t len)
{
	snprintf(path, pathlen, "/tmp/gx_registers_test.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	assert_non_null(f);
	fputs(text, f);
	for (size_t i = strlen(text); i < len; i++)
		fputc(' ', f);
	assert_int_equal(fclose(f), 0);
}

static void test_load(void **state)
{
	struct gx_registers r;
	char err[300];
	char path[64];
	/* A missing file: its name in the error. */
	assert_int_equal(gx_registers_load("/nonexistent/registers.json", &r, err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/registers.json: cannot open");
	/* A bad file: the error names the file and the path in it. */
	const char *bad = "{\"registers\": [], \"deadline_ms\": 0}";
	write_file(path, sizeof(path), bad, strlen(bad));
	assert_int_equal(gx_registers_load(path, &r, err, sizeof(err)), -1);
	assert_int_equal(strncmp(err, path, strlen(path)), 0);
	assert_non_null(strstr(err, ": /deadline_ms"));
	unlink(path);
	/* 256 KiB exactly: read; one byte more: refused. */
	const char *good = "{\"registers\": [" REG("persons", "") "]}";
	write_file(path, sizeof(path), good, 256 * 1024);
	if (gx_registers_load(path, &r, err, sizeof(err)) != 0)
		fail_msg("256 KiB refused: %s", err);
	assert_int_equal(r.count, 1);
	gx_registers_free(&r);
	unlink(path);
	write_file(path, sizeof(path), good, 256 * 1024 + 1);
	assert_int_equal(gx_registers_load(path, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "larger than 256 KiB"));
	assert_int_equal(r.count, 0);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_shipped_file_loads),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_too_many_registers),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
