// Registers for tests: a seeded population, one registryd per register on a
// free port, a registers.json for guichetd pointing at them, and faulty
// stand-ins (slow, hanging, garbage, oversized) for the failure tests. The
// seeding guichetctl and each registryd's stop() are judged by lib/exit.mjs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { assertCleanExit, runSanitized, sanitizerEnv } from './exit.mjs';
import { onPostgres, createDatabase, dropDatabase, serverEnv, schemaConninfo, PgDatabase, sql as storeSql } from './store.mjs';

export const REGISTER_NAMES = ['persons', 'companies', 'vehicles', 'social_security', 'income_tax', 'driving_licences'];

// The registers' databases of a seed folder: SQLite files in it, or on
// PostgreSQL the schemas PREFIX + name (the prefix kept in the folder).
export function registerDatabase(dir, name) {
  if (!onPostgres) return join(dir, `${name}.db`);
  return new PgDatabase(`${readFileSync(join(dir, 'postgresql-prefix'), 'utf8').trim()}${name}`);
}

// What `guichetctl seed` needs besides --out: on PostgreSQL, the six empty
// databases (made here) and --db-prefix, whose value + a register's name is
// the connection string that reaches that register's. Returns { args, env, drop }.
export function seedTarget(dir) {
  if (!onPostgres) return { args: [], env: {}, drop: () => {} };
  const marker = join(dir, 'postgresql-prefix');
  let prefix;
  if (existsSync(marker)) {
    prefix = readFileSync(marker, 'utf8').trim();
  } else {
    const first = createDatabase('reg_persons');
    prefix = first.schema.slice(0, -'persons'.length);
    for (const r of REGISTER_NAMES.slice(1)) createDatabase(`reg_${r}`, { exact: `${prefix}${r}` });
    writeFileSync(marker, prefix);
  }
  return { args: ['--db-prefix', schemaConninfo(prefix)], env: serverEnv(),
    drop: () => { for (const r of REGISTER_NAMES) dropDatabase(new PgDatabase(`${prefix}${r}`)); } };
}

export const REGISTRYD = process.env.REGISTRYD || 'build/asan/registryd';
export const GUICHETCTL = process.env.GUICHETCTL || 'build/asan/guichetctl';
export const PLATFORM_KEY = 'demo-guichet-registry-key-0001';

export function seed({ persons = 2000, seedValue = 7 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-registers-'));
  const target = seedTarget(dir);
  runSanitized(GUICHETCTL, ['seed', '--persons', String(persons), '--seed', String(seedValue), '--out', dir,
    '--idp-population', join(dir, 'idp-population.json'), ...target.args], { name: 'guichetctl seed', env: target.env });
  return { dir, population: JSON.parse(readFileSync(join(dir, 'idp-population.json'), 'utf8')),
    cleanup: () => { target.drop(); rmSync(dir, { recursive: true, force: true }); } };
}

// port: a fixed one (a register started again where it was, after a kill);
// each start logs to a file of its own.
let starts = 0;
export async function startRegistryd(name, dbDir, { port = 0 } = {}) {
  const log = join(dbDir, `${name}${port ? `.${++starts}` : ''}.log`);
  const db = registerDatabase(dbDir, name);
  const child = spawn(REGISTRYD, ['--register', `registers/${name}.json`, '--db', onPostgres ? db.override : db,
    '--clients', 'etc/registry-clients.json', '--port', String(port), '--threads', '1'], {
    env: { ...process.env, ...sanitizerEnv(), ...serverEnv(), GUICHET_LOG_PATH: log },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const deadline = Date.now() + 15000;
  for (;;) {
    let text = '';
    try { text = readFileSync(log, 'utf8'); } catch { /* not yet */ }
    if (child.exitCode !== null) throw new Error(`registryd ${name} exited (${child.exitCode}): ${stderr}${text.slice(-2000)}`);
    const m = text.match(/"event":"listening","msg":"http:\/\/127\.0\.0\.1:(\d+)\//);
    if (m) {
      return { name, port: Number(m[1]), url: `http://127.0.0.1:${m[1]}`, db, child, exited,
        stderr: () => stderr,
        // SIGTERM (unless already sent), then as guichetd's stop(): throws
        // unless exit status 0 with no sanitizer report; returns { code, signal }.
        async stop() {
          if (child.exitCode === null && child.signalCode === null && !child.killed) child.kill('SIGTERM');
          const r = await exited;
          assertCleanExit(`registryd ${name}`, r, stderr);
          return r;
        } };
    }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`registryd ${name} did not start: ${stderr}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
}

// guichetd's registers.json with the given URLs (name -> url), taken from etc/registers.json.
export function registersFile(dir, urls, { deadlineMs = 2000 } = {}) {
  const conf = JSON.parse(readFileSync('etc/registers.json', 'utf8'));
  conf.deadline_ms = deadlineMs;
  conf.registers = conf.registers.filter((r) => urls[r.name]).map((r) => ({ ...r, url: urls[r.name] }));
  const path = join(dir, 'registers.json');
  writeFileSync(path, JSON.stringify(conf));
  return path;
}

// A stand-in register: 'slow' forwards to target after delayMs; 'hang' never
// answers; 'garbage' answers 200 with text that is not JSON; 'huge' answers
// a 1 MiB body.
export async function startFaultyRegister(mode, { target, delayMs = 300 } = {}) {
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', async () => {
      if (mode === 'hang') return;
      if (mode === 'garbage') { res.setHeader('content-type', 'application/json'); res.end('{"values": [oops'); return; }
      if (mode === 'huge') { res.setHeader('content-type', 'application/json'); res.end(`{"values":{},"pad":"${'x'.repeat(1 << 20)}"}`); return; }
      await new Promise((r) => setTimeout(r, delayMs));
      // guichetd's sampler asks /readyz with a GET at each wall-clock minute: no body to forward then.
      const withBody = req.method !== 'GET' && req.method !== 'HEAD';
      const up = await fetch(`${target}${req.url}`, { method: req.method, headers: req.headers, body: withBody ? body : undefined });
      res.writeHead(up.status, { 'content-type': up.headers.get('content-type') || 'application/json' });
      res.end(Buffer.from(await up.arrayBuffer()));
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(r); }) };
}

// A query on a test database, SQLite's or PostgreSQL's (lib/store.mjs).
export const sql = storeSql;
