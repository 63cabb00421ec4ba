#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

static int parse(struct gx_config *c, const char *text, struct gx_config_error *err)
{
	gx_config_defaults(c);
	return gx_config_parse(c, "t.conf", text, strlen(text), err);
}

static void test_defaults_serve_the_demo(void **state)
{
	struct gx_config c;
	struct gx_config_error err;
	gx_config_defaults(&c);
	assert_string_equal(c.listen_address, "127.0.0.1");
	assert_int_equal(c.listen_port, 8080);
	assert_int_equal(c.json_body_max, 64 * 1024);
	assert_int_equal(c.upload_body_max, 10 * 1024 * 1024);
	assert_int_equal(gx_config_validate(&c, &err), 0);
}

static void test_file_values_and_suffixes(void **state)
{
	struct gx_config c;
	struct gx_config_error err;
	assert_int_equal(parse(&c, "# x\n\nlisten.port = 9090\r\nlimits.json_body=8k\n  log.requests = false  \n"
				   "limits.upload_body = 2M\nstore.sqlite.path = /tmp/x y.db\n",
			       &err),
			 0);
	assert_int_equal(c.listen_port, 9090);
	assert_int_equal(c.json_body_max, 8192);
	assert_int_equal(c.upload_body_max, 2 * 1024 * 1024);
	assert_false(c.log_requests);
	assert_string_equal(c.sqlite_path, "/tmp/x y.db");
}

static void test_errors_name_the_line(void **state)
{
	struct gx_config c;
	struct gx_config_error err;
	assert_int_equal(parse(&c, "listen.port = 1\nbogus.key = 3\n", &err), -1);
	assert_string_equal(err.where, "t.conf:2");
	assert_non_null(strstr(err.message, "bogus.key"));
	assert_int_equal(parse(&c, "listen.port = 70000\n", &err), -1);
	assert_string_equal(err.where, "t.conf:1");
	assert_int_equal(parse(&c, "listen.port = -1\n", &err), -1);
	assert_int_equal(parse(&c, "listen.port = 12abc\n", &err), -1);
	assert_int_equal(parse(&c, "just words\n", &err), -1);
	assert_int_equal(parse(&c, "log.requests = maybe\n", &err), -1);
	assert_int_equal(parse(&c, "limits.json_body = 99999999999999999999k\n", &err), -1);
}

static void test_env_overrides(void **state)
{
	struct gx_config c;
	struct gx_config_error err;
	gx_config_defaults(&c);
	setenv("GUICHET_LISTEN_PORT", "7070", 1);
	setenv("GUICHET_STORE_SQLITE_PATH", "/tmp/env.db", 1);
	assert_int_equal(gx_config_apply_env(&c, &err), 0);
	assert_int_equal(c.listen_port, 7070);
	assert_string_equal(c.sqlite_path, "/tmp/env.db");
	setenv("GUICHET_SERVER_THREADS", "lots", 1);
	assert_int_equal(gx_config_apply_env(&c, &err), -1);
	assert_string_equal(err.where, "GUICHET_SERVER_THREADS");
	unsetenv("GUICHET_SERVER_THREADS");
	unsetenv("GUICHET_LISTEN_PORT");
	unsetenv("GUICHET_STORE_SQLITE_PATH");
}

static void test_validate(void **state)
{
	struct gx_config c;
	struct gx_config_error err;
	assert_int_equal(parse(&c, "store.backend = oracle\n", &err), 0);
	assert_int_equal(gx_config_validate(&c, &err), -1);
	assert_int_equal(parse(&c, "store.backend = postgresql\n"
				   "store.postgresql.conninfo = host=/run/pg port=5433 dbname=guichet user=g\n", &err), 0);
	assert_int_equal(gx_config_validate(&c, &err), 0);
	assert_string_equal(c.pg_conninfo, "host=/run/pg port=5433 dbname=guichet user=g");
	setenv("GUICHET_STORE_POSTGRESQL_CONNINFO", "postgresql:///other", 1);
	assert_int_equal(gx_config_apply_env(&c, &err), 0);
	unsetenv("GUICHET_STORE_POSTGRESQL_CONNINFO");
	assert_string_equal(c.pg_conninfo, "postgresql:///other");
	assert_int_equal(parse(&c, "limits.json_body = 20M\n", &err), 0);
	assert_int_equal(gx_config_validate(&c, &err), -1);
}

static void test_shipped_file_is_valid(void **state)
{
	struct gx_config c, d;
	struct gx_config_error err;
	gx_config_defaults(&c);
	gx_config_defaults(&d);
	assert_int_equal(gx_config_load_file(&c, "etc/guichet.conf", &err), 0);
	/* The documented file states the defaults, so loading it changes nothing. */
	assert_memory_equal(&c, &d, sizeof(c));
}

static void test_orgapi_token_lifetime(void **state)
{
	struct gx_config c;
	struct gx_config_error err;
	gx_config_defaults(&c);
	assert_int_equal(c.orgapi_token_lifetime_s, 300);
	assert_int_equal(gx_config_set(&c, "orgapi.token_lifetime_s", "2", &err), 0);
	assert_int_equal(c.orgapi_token_lifetime_s, 2);
	assert_int_equal(gx_config_set(&c, "orgapi.token_lifetime_s", "0", &err), -1);
	assert_int_equal(gx_config_set(&c, "orgapi.token_lifetime_s", "301", &err), -1);
	assert_int_equal(c.orgapi_token_lifetime_s, 2);
}

static void test_session_cache(void **state)
{
	struct gx_config c;
	struct gx_config_error err;
	gx_config_defaults(&c);
	assert_int_equal(c.session_cache_ms, 5000);
	assert_int_equal(gx_config_set(&c, "session.cache_ms", "0", &err), 0);
	assert_int_equal(c.session_cache_ms, 0);
	assert_int_equal(gx_config_set(&c, "session.cache_ms", "60001", &err), -1);
	assert_int_equal(c.session_cache_ms, 0);
}

static void test_mail_settings(void **state)
{
	struct gx_config c;
	struct gx_config_error err;
	gx_config_defaults(&c);
	assert_string_equal(c.mail.host, "127.0.0.1");
	assert_int_equal(c.mail.port, 1025);
	assert_int_equal(c.mail.starttls, GX_STARTTLS_NONE);
	assert_int_equal(parse(&c, "mail.starttls = required\nmail.port = 587\nmail.username = u\n"
				   "mail.host = smtp.example.org\nmail.retry.initial_ms = 1k\n", &err), 0);
	assert_int_equal(c.mail.starttls, GX_STARTTLS_REQUIRED);
	assert_int_equal(c.mail.port, 587);
	assert_int_equal(c.mail.retry_initial_ms, 1024);
	assert_int_equal(gx_config_validate(&c, &err), 0);
	assert_int_equal(parse(&c, "mail.starttls = sometimes\n", &err), -1);
	assert_string_equal(err.where, "t.conf:1");
	assert_non_null(strstr(err.message, "mail.starttls"));
	assert_int_equal(parse(&c, "mail.port = 0\n", &err), -1);

	/* the environment: GUICHET_MAIL_RETRY_MAX_MS for mail.retry.max_ms */
	gx_config_defaults(&c);
	setenv("GUICHET_MAIL_STARTTLS", "opportunistic", 1);
	setenv("GUICHET_MAIL_RETRY_MAX_MS", "2000", 1);
	assert_int_equal(gx_config_apply_env(&c, &err), 0);
	assert_int_equal(c.mail.starttls, GX_STARTTLS_OPPORTUNISTIC);
	assert_int_equal(c.mail.retry_max_ms, 2000);
	unsetenv("GUICHET_MAIL_STARTTLS");
	unsetenv("GUICHET_MAIL_RETRY_MAX_MS");
	/* the backoff's start beyond its cap */
	assert_int_equal(gx_config_validate(&c, &err), -1);
	assert_string_equal(err.where, "mail.retry.initial_ms");

	/* credentials go in clear only to this machine */
	assert_int_equal(parse(&c, "mail.username = u\nmail.password = p\n", &err), 0);
	assert_int_equal(gx_config_validate(&c, &err), 0);
	assert_int_equal(parse(&c, "mail.username = u\nmail.host = 127.0.0.2\nmail.starttls = opportunistic\n", &err), 0);
	assert_int_equal(gx_config_validate(&c, &err), 0);
	assert_int_equal(parse(&c, "mail.username = u\nmail.host = smtp.example.org\nmail.starttls = opportunistic\n",
			       &err), 0);
	assert_int_equal(gx_config_validate(&c, &err), -1);
	assert_string_equal(err.where, "mail.username");
	assert_int_equal(parse(&c, "mail.username = u\nmail.host = 127.evil.example\n", &err), 0);
	assert_int_equal(gx_config_validate(&c, &err), -1);
	assert_int_equal(parse(&c, "mail.password = p\n", &err), 0);
	assert_int_equal(gx_config_validate(&c, &err), -1);
	assert_string_equal(err.where, "mail.password");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_serve_the_demo),
		cmocka_unit_test(test_file_values_and_suffixes),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_env_overrides),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_shipped_file_is_valid),
		cmocka_unit_test(test_orgapi_token_lifetime),
		cmocka_unit_test(test_session_cache),
		cmocka_unit_test(test_mail_settings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
