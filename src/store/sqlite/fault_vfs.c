/* The fault-injecting VFS of the test builds: every method passes through
 * to the default VFS's file; xRead, xWrite and xSync of the main database
 * and its WAL first ask whether this one must fail. */

#include "store/sqlite/fault_vfs.h"

#ifndef GX_TEST_HOOKS

int gx_sqlite_fault_vfs_install(void)
{
	return 0;
}

#else

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum op { OP_READ, OP_WRITE, OP_SYNC, OP_NONE };

static struct {
	pthread_mutex_t lock;
	const char *control;
	char fired_path[4096];
	long long gen;         /* of the armed fault; 0: none */
	enum op op;
	long long n, count;
	int err;               /* SQLite's code for the kind */
	int persistent;
	sqlite3_vfs vfs;
	sqlite3_vfs *base;
} f = {.lock = PTHREAD_MUTEX_INITIALIZER};

struct ffile {
	sqlite3_file base;     /* pMethods = &methods */
	int counted;           /* main database or WAL */
	sqlite3_file *real;    /* follows this struct */
};

/* Reads the control file; a new generation re-arms the count. */
static void refresh(void)
{
	char line[128] = {0};
	int fd = open(f.control, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (n <= 0)
		return;
	long long gen, at;
	char op[8], err[8], mode[8] = "once";
	if (sscanf(line, "%lld %7s %lld %7s %7s", &gen, op, &at, err, mode) < 4 || gen == f.gen)
		return;
	f.gen = gen;
	f.count = 0;
	f.n = at;
	f.op = strcmp(op, "read") == 0 ? OP_READ : strcmp(op, "write") == 0 ? OP_WRITE
					     : strcmp(op, "sync") == 0 ? OP_SYNC : OP_NONE;
	f.err = strcmp(err, "enospc") == 0 ? SQLITE_FULL : SQLITE_IOERR;
	f.persistent = strcmp(mode, "from") == 0;
}

/* SQLITE_OK, or the error this I/O must fail with. */
static int fault(const struct ffile *ff, enum op op)
{
	if (!ff->counted)
		return SQLITE_OK;
	int rc = SQLITE_OK;
	pthread_mutex_lock(&f.lock);
	refresh();
	if (f.gen != 0 && f.op == op && ++f.count >= f.n && (f.persistent || f.count == f.n)) {
		if (f.err == SQLITE_FULL && op != OP_READ)
			rc = SQLITE_FULL;
		else
			rc = op == OP_READ ? SQLITE_IOERR_READ : op == OP_WRITE ? SQLITE_IOERR_WRITE : SQLITE_IOERR_FSYNC;
		FILE *out = fopen(f.fired_path, "w");
		if (out != NULL) {
			fprintf(out, "%lld\n", f.gen);
			fclose(out);
		}
	}
	pthread_mutex_unlock(&f.lock);
	return rc;
}

#define REAL(file) (((struct ffile *)(file))->real)

static int x_close(sqlite3_file *file)
{
	int rc = REAL(file)->pMethods ? REAL(file)->pMethods->xClose(REAL(file)) : SQLITE_OK;
	return rc;
}
static int x_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
	int rc = fault((struct ffile *)file, OP_READ);
	return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xRead(REAL(file), buf, amt, off);
}
static int x_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
	int rc = fault((struct ffile *)file, OP_WRITE);
	return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xWrite(REAL(file), buf, amt, off);
}
static int x_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	return REAL(file)->pMethods->xTruncate(REAL(file), size);
}
static int x_sync(sqlite3_file *file, int flags)
{
	int rc = fault((struct ffile *)file, OP_SYNC);
	return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xSync(REAL(file), flags);
}
static int x_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	return REAL(file)->pMethods->xFileSize(REAL(file), size);
}
static int x_lock(sqlite3_file *file, int l)
{
	return REAL(file)->pMethods->xLock(REAL(file), l);
}
static int x_unlock(sqlite3_file *file, int l)
{
	return REAL(file)->pMethods->xUnlock(REAL(file), l);
}
static int x_check_reserved(sqlite3_file *file, int *out)
{
	return REAL(file)->pMethods->xCheckReservedLock(REAL(file), out);
}
static int x_file_control(sqlite3_file *file, int op, void *arg)
{
	return REAL(file)->pMethods->xFileControl(REAL(file), op, arg);
}
static int x_sector_size(sqlite3_file *file)
{
	return REAL(file)->pMethods->xSectorSize(REAL(file));
}
static int x_device_characteristics(sqlite3_file *file)
{
	return REAL(file)->pMethods->xDeviceCharacteristics(REAL(file));
}
static int x_shm_map(sqlite3_file *file, int pg, int pgsz, int extend, void volatile **pp)
{
	return REAL(file)->pMethods->xShmMap(REAL(file), pg, pgsz, extend, pp);
}
static int x_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	return REAL(file)->pMethods->xShmLock(REAL(file), offset, n, flags);
}
static void x_shm_barrier(sqlite3_file *file)
{
	REAL(file)->pMethods->xShmBarrier(REAL(file));
}
static int x_shm_unmap(sqlite3_file *file, int delete_flag)
{
	return REAL(file)->pMethods->xShmUnmap(REAL(file), delete_flag);
}
static int x_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **pp)
{
	/* No memory-mapped reads: every read goes through x_read, where faults are. */
	(void)file, (void)off, (void)amt;
	*pp = NULL;
	return SQLITE_OK;
}
static int x_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	(void)file, (void)off, (void)p;
	return SQLITE_OK;
}

static const sqlite3_io_methods methods = {
	3,          x_close,       x_read,        x_write,          x_truncate,      x_sync,
	x_file_size, x_lock,       x_unlock,      x_check_reserved, x_file_control,  x_sector_size,
	x_device_characteristics, x_shm_map, x_shm_lock, x_shm_barrier, x_shm_unmap, x_fetch,
	x_unfetch,
};

static int x_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
	(void)vfs;
	struct ffile *ff = (struct ffile *)file;
	ff->real = (sqlite3_file *)(ff + 1);
	ff->counted = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)) != 0;
	int rc = f.base->xOpen(f.base, name, ff->real, flags, out_flags);
	ff->base.pMethods = rc == SQLITE_OK ? &methods : NULL;
	return rc;
}

int gx_sqlite_fault_vfs_install(void)
{
	const char *control = getenv("GX_STORE_FAULT_FILE");
	if (control == NULL || *control == '\0')
		return 0;
	pthread_mutex_lock(&f.lock);
	int rc = 0;
	if (f.base == NULL) {
		f.base = sqlite3_vfs_find(NULL);
		f.control = control;
		snprintf(f.fired_path, sizeof(f.fired_path), "%s.fired", control);
		f.vfs = *f.base;
		f.vfs.zName = "gx-fault";
		f.vfs.szOsFile = (int)sizeof(struct ffile) + f.base->szOsFile;
		f.vfs.xOpen = x_open;
		f.vfs.pAppData = NULL;
		rc = f.base == NULL || sqlite3_vfs_register(&f.vfs, 1) != SQLITE_OK ? -1 : 0;
	}
	pthread_mutex_unlock(&f.lock);
	return rc;
}

#endif
