/** The group-commit writer that cannot start says why: pthread functions
 *  return their error number and leave errno alone, so the message must
 *  name the returned error, not whatever errno held. This binary stands in
 *  for pthread_create (the real one is reached through dlsym(RTLD_NEXT))
 *  and makes it fail on demand with errno set to something else. */

#include "store/store.h"
#include "store/store_testutil.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static int fail_create_with;  /* 0: the real pthread_create */
static int create_calls;

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
	create_calls++;
	if (fail_create_with != 0) {
		errno = ENOENT;  /* stale errno that has nothing to do with it */
		return fail_create_with;
	}
	static int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "pthread_create");
	if (real == NULL)
		return ENOSYS;
	return real(thread, attr, start, arg);
}

static struct gx_test_db tdb;

static int setup(void **state)
{
	gx_test_db_make(&tdb);
	fail_create_with = 0;
	create_calls = 0;
	return 0;
}

static int teardown(void **state)
{
	fail_create_with = 0;
	gx_test_db_remove(&tdb);
	return 0;
}

static void test_thread_refused_names_the_returned_error(void **state)
{
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	struct gx_store *store = NULL;
	char err[256] = "";
	fail_create_with = EAGAIN;
	assert_int_not_equal(gx_store_open(&cfg, &store, err, sizeof(err)), GX_STORE_OK);
	assert_null(store);
	assert_int_equal(create_calls, 1);
	if (strstr(err, "cannot start the group-commit writer") == NULL || strstr(err, strerror(EAGAIN)) == NULL ||
	    strstr(err, strerror(ENOENT)) != NULL)
		fail_msg("expected the writer's failure with \"%s\", got \"%s\"", strerror(EAGAIN), err);
}

/* The stand-in is transparent otherwise: the store opens and commits. */
static void test_thread_started_store_works(void **state)
{
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	struct gx_store *store = NULL;
	char err[256] = "";
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("gx_store_open: %s", err);
	assert_int_equal(create_calls, 1);
	gx_store_close(store);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_thread_refused_names_the_returned_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thread_started_store_works, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
