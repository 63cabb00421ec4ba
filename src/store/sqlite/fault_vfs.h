#ifndef GX_STORE_SQLITE_FAULT_VFS_H
#define GX_STORE_SQLITE_FAULT_VFS_H

/**
 * Test builds only (GX_TEST_HOOKS, the ASan tree): a SQLite VFS over the
 * default one that fails the Nth read, write or sync of the store's files
 * (database and write-ahead log) with EIO or ENOSPC, so that the tests can
 * sweep a fault over every I/O of a workload (tests/integration/
 * store_faults.test.mjs, docs/development.md).
 *
 * Armed by the file named in GX_STORE_FAULT_FILE, read at each counted I/O:
 * one line "GEN OP N ERR [MODE]": OP read|write|sync, ERR eio|enospc, MODE
 * once (the Nth only; default) or from (the Nth and every later one). A
 * new GEN starts the count again; GEN 0 or no file: nothing fails. When the
 * fault fires, "GEN" is written to GX_STORE_FAULT_FILE.fired.
 */

/** Installs the VFS as SQLite's default when GX_STORE_FAULT_FILE is set in
 *  a test build; otherwise does nothing. Idempotent. 0, or -1 on failure. */
int gx_sqlite_fault_vfs_install(void);

#endif
