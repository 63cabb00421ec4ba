// Starts a real guichetd on a free loopback port with a temporary database
// (SQLite, or PostgreSQL with GX_TEST_STORE=postgresql: lib/store.mjs),
// and gives tests small HTTP helpers. The binary is build/asan/guichetd unless
// GUICHETD names another. stop() judges how it ended (lib/exit.mjs): a test
// cannot forget LeakSanitizer's exit status.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { assertCleanExit, sanitizerEnv } from './exit.mjs';
import { onPostgres, createDatabase, dropDatabase, storeEnv, PgDatabase } from './store.mjs';

// The folder's database: its SQLite file, or the PostgreSQL database made for
// it at its first start (a restart in the same folder finds the same one).
function databaseOf(workdir) {
  if (!onPostgres) return join(workdir, 'guichet.db');
  const marker = join(workdir, 'postgresql-database');
  if (existsSync(marker)) return new PgDatabase(readFileSync(marker, 'utf8').trim());
  const db = createDatabase('guichet');
  writeFileSync(marker, db.schema);
  return db;
}

export const GUICHETD = process.env.GUICHETD || 'build/asan/guichetd';

// Every test's requests come from 127.0.0.1, faster than any person: the
// rate limits are off unless a test sets them (throttle.test.mjs does).
export const NO_RATE_LIMITS = Object.fromEntries(['ADDRESS_PER_S', 'LOGIN_PER_MIN', 'VERIFY_PER_MIN', 'SESSION_PER_S',
  'CLIENT_PER_S'].map((k) => [`GUICHET_LIMITS_RATE_${k}`, '0']));

export async function startGuichetd({ env = {}, args = ['--threads', '2'], dir } = {}) {
  const workdir = dir || mkdtempSync(join(tmpdir(), 'guichet-it-'));
  const logPath = join(workdir, 'guichetd.log');
  const db = databaseOf(workdir);
  // A restart in the same folder appends to the log: only what follows counts.
  const logFrom = existsSync(logPath) ? statSync(logPath).size : 0;
  const child = spawn(GUICHETD, args, {
    env: {
      ...process.env,
      GUICHET_LISTEN_PORT: '0',
      GUICHET_STORE_SQLITE_PATH: join(workdir, 'guichet.db'),
      ...storeEnv(db),
      GUICHET_RECEIPTS_KEY_FILE: join(workdir, 'receipt-signing.key'),
      GUICHET_TRANSLOG_KEY_FILE: join(workdir, 'translog-signing.key'),
      GUICHET_MAIL_CODE_KEY_FILE: join(workdir, 'mail-code.key'),
      GUICHET_LOG_PATH: logPath,
      ...NO_RATE_LIMITS,
      ...sanitizerEnv(),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await waitForPort(logPath, logFrom, child, () => stderr);
  const server = {
    child, port, db, workdir, logPath, exited,
    base: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    log: () => readFileSync(logPath, 'utf8'),
    logLines: () => readFileSync(logPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l)),
    // Sends signal (unless the test already sent one), waits for the exit
    // and throws unless it is expect (default: status 0) with no sanitizer
    // report in stderr; returns { code, signal }. A string is the signal.
    async stop(opts = {}) {
      const { signal = 'SIGTERM', expect } = typeof opts === 'string' ? { signal: opts } : opts;
      if (child.exitCode === null && child.signalCode === null && !child.killed) child.kill(signal);
      const r = await exited;
      assertCleanExit('guichetd', r, stderr, expect);
      return r;
    },
    cleanup() {
      dropDatabase(db);
      rmSync(workdir, { recursive: true, force: true });
    },
  };
  return server;
}

async function waitForPort(logPath, from, child, stderr) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`guichetd exited ${child.exitCode}: ${stderr()}`);
    let text = '';
    try { text = readFileSync(logPath).subarray(from).toString('utf8'); } catch { /* not yet */ }
    const m = text.match(/"event":"listening","msg":"http:\/\/127\.0\.0\.1:(\d+)\//);
    if (m) return Number(m[1]);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`guichetd did not start: ${stderr()}`);
}

// Sends raw bytes and collects the whole answer until the server closes or
// timeoutMs passes. Returns { status, headers, body, raw, closed }.
export function rawRequest(port, bytes, { timeoutMs = 5000, endAfterWrite = false } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    let closed = false;
    const timer = setTimeout(() => { sock.destroy(); finish(); }, timeoutMs);
    function finish() {
      clearTimeout(timer);
      resolve({ ...parseResponse(Buffer.concat(chunks).toString('latin1')), closed });
    }
    sock.on('connect', () => { sock.write(bytes); if (endAfterWrite) sock.end(); });
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', () => {});
    sock.on('close', () => { closed = true; finish(); });
  });
}

export function parseResponse(raw) {
  const idx = raw.indexOf('\r\n\r\n');
  if (idx < 0) return { status: 0, headers: {}, body: '', raw };
  const [statusLine, ...lines] = raw.slice(0, idx).split('\r\n');
  const headers = {};
  for (const l of lines) {
    const c = l.indexOf(':');
    headers[l.slice(0, c).toLowerCase()] = l.slice(c + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: raw.slice(idx + 4), raw };
}

export async function json(res) {
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}
