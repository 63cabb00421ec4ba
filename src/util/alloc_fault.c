/* The allocation wrappers; see alloc_fault.h. */

#include "util/alloc_fault.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

static _Thread_local uint64_t faults;

uint64_t gx_alloc_faults(void)
{
	return faults;
}

#ifndef GX_TEST_HOOKS

static int fail_now(void)
{
	return 0;
}

#else

#include <fcntl.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile int64_t *control;        /* [gen, n, fired gen] */
static _Atomic int state;                /* 0 not looked, 1 none, 2 mapped */
static _Atomic int64_t armed_gen;
static _Atomic int64_t count;

static void look(void)
{
	int expected = 0;
	if (!atomic_compare_exchange_strong(&state, &expected, 1))
		return;
	const char *path = getenv("GX_ALLOC_FAULT_FILE");
	if (path == NULL || *path == '\0')
		return;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	void *p = mmap(NULL, 24, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return;
	control = p;
	atomic_store(&state, 2);
}

/* True when this allocation must fail. */
static int fail_now(void)
{
	if (atomic_load_explicit(&state, memory_order_relaxed) != 2) {
		look();
		if (atomic_load(&state) != 2)
			return 0;
	}
	int64_t gen = control[0], n = control[1];
	if (gen == 0)
		return 0;
	if (gen != atomic_load_explicit(&armed_gen, memory_order_relaxed)) {
		atomic_store(&armed_gen, gen);
		atomic_store(&count, 0);
	}
	if (atomic_fetch_add(&count, 1) + 1 != n)
		return 0;
	control[2] = gen;
	return 1;
}

#endif

/* The allocation p, counted when it failed (p is NULL). */
static void *counted(void *p)
{
	if (p == NULL)
		faults++;
	return p;
}

void *__wrap_malloc(size_t size)
{
	return counted(fail_now() ? NULL : __real_malloc(size));
}

void *__wrap_calloc(size_t n, size_t size)
{
	return counted(fail_now() ? NULL : __real_calloc(n, size));
}

void *__wrap_realloc(void *p, size_t size)
{
	/* realloc(p, 0) may answer NULL having freed p: not a failure. */
	if (size == 0)
		return __real_realloc(p, size);
	return counted(fail_now() ? NULL : __real_realloc(p, size));
}

char *__wrap_strdup(const char *s)
{
	return counted(fail_now() ? NULL : __real_strdup(s));
}

char *__wrap_strndup(const char *s, size_t n)
{
	return counted(fail_now() ? NULL : __real_strndup(s, n));
}
