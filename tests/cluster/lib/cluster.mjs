// The cluster for tests (make test-cluster): scripts/cluster/up.sh's etcd,
// two PostgreSQL under Patroni and HAProxy in a temporary folder, on free
// loopback ports, and the guichetd instances behind it (the ASan build, as
// in the integration tests, each judged at its end by lib/exit.mjs), all on
// one database. Helpers read Patroni's view of the cluster, kill -9 the
// primary, and query the database through HAProxy.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../../idp/testing.mjs';
import { startGuichetd } from '../../integration/lib/guichetd.mjs';
import { freePort } from '../../integration/lib/stack.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// NAME=value lines, values possibly in double quotes.
function readEnv(file) {
  const env = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = line.match(/^([A-Z0-9_]+)=(.*)$/);
    if (m) env[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return env;
}

export async function startCluster({ instances = 3 } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'guichet-cluster-'));
  chmodSync(work, 0o755); // the cluster's user (postgres, when run as root) goes through it
  const dir = join(work, 'cluster');
  const webPort = await freePort();
  const site = `http://127.0.0.1:${webPort}`;
  const ports = [];
  for (let i = 0; i < instances; i++) ports.push(await freePort());
  const c = { work, dir, site, ports, guichetd: [], idp: null };
  c.up = () => execFileSync('sh', ['scripts/cluster/up.sh', dir],
    { env: { ...process.env, WEB_PORT: String(webPort), GUICHETD_PORTS: ports.join(' ') }, stdio: ['ignore', 'inherit', 'inherit'] });
  c.down = () => execFileSync('sh', ['scripts/cluster/down.sh', dir], { stdio: 'inherit' });
  try {
    c.up();
  } catch (e) {
    try { c.down(); } catch { /* what up.sh left */ }
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  c.env = readEnv(join(dir, 'cluster.env'));
  c.idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/` } });
  writeFileSync(join(work, 'registers.json'), '{"registers": []}');
  const env = {
    GUICHET_STORE_BACKEND: 'postgresql', GUICHET_STORE_POSTGRESQL_CONNINFO: c.env.PG_CONNINFO,
    GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: c.idp.issuer, GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`,
    GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`, GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt-signing.key'),
    GUICHET_TRANSLOG_KEY_FILE: join(work, 'translog-signing.key'), GUICHET_MAIL_CODE_KEY_FILE: join(work, 'mail-code.key'),
    GUICHET_SOURCES_REGISTERS: join(work, 'registers.json'), GUICHET_LIMITS_RATE_TRUST_FORWARDED_FOR: 'true',
  };
  // One after the other: the first applies the migrations and makes the keys, which all share.
  for (const port of ports) c.guichetd.push(await startGuichetd({ env: { ...env, GUICHET_LISTEN_PORT: String(port) } }));
  await until(async () => (await fetch(`${site}/readyz`)).status === 200, 15000, 'HAProxy serves a ready guichetd');
  return c;
}

// Patroni's view: [{ name, role: leader | sync_standby | replica, state, timeline }].
export async function members(c) {
  for (const api of [c.env.PG1_API, c.env.PG2_API]) {
    try {
      const res = await fetch(`http://127.0.0.1:${api}/cluster`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return (await res.json()).members;
    } catch { /* that Patroni is down: ask the other */ }
  }
  return [];
}

// Whether there is a primary with a synchronous standby that streams from it.
export async function healthy(c) {
  const m = await members(c);
  const roles = m.filter((x) => x.state === 'running' || x.state === 'streaming').map((x) => x.role).sort();
  return roles.length === 2 && roles[0] === 'leader' && roles[1] === 'sync_standby';
}

// kill -9 of the primary's PostgreSQL: its postmaster and every process it
// started at once, as when the server crashes. Returns the member's name.
export async function killPrimary(c) {
  const leader = (await members(c)).find((x) => x.role === 'leader');
  if (!leader) throw new Error('no primary to kill');
  const postmaster = readFileSync(join(c.dir, leader.name, 'data', 'postmaster.pid'), 'utf8').split('\n')[0].trim();
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', postmaster], { encoding: 'utf8' }).split(/\s+/).filter(Boolean);
  execFileSync('kill', ['-9', postmaster, ...children]);
  return leader.name;
}

// A query on the guichet database, through HAProxy (the primary).
export function psql(c, query) {
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', c.env.PG_CONNINFO, '-c', query],
    { encoding: 'utf8', maxBuffer: 256 << 20 }).trim();
}

// HAProxy's view of the guichetd backend: { g1: 'UP', g2: 'DOWN', … }.
export async function backendStates(c) {
  const csv = await (await fetch(`http://127.0.0.1:${c.env.STATS_PORT}/;csv`)).text();
  const states = {};
  for (const line of csv.split('\n')) {
    const f = line.split(',');
    if (f[0] === 'guichetd' && /^g\d+$/.test(f[1])) states[f[1]] = f[17];
  }
  return states;
}

// Polls ok() every 100 ms until it holds; throws after ms, naming what.
export async function until(ok, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await ok()) return;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(100);
  }
}

// Keeps the servers' logs (Patroni, PostgreSQL, HAProxy, etcd, each
// guichetd) in keep (build/test-logs/cluster/NAME/): the folder goes.
function keepLogs(c, keep) {
  mkdirSync(keep, { recursive: true });
  const files = [['etcd/etcd.log', 'etcd.log'], ['haproxy.log', 'haproxy.log']];
  for (const n of ['pg1', 'pg2']) files.push([`${n}/patroni.log`, `${n}-patroni.log`], [`${n}/log/postgresql.log`, `${n}-postgresql.log`]);
  for (const [from, to] of files) if (existsSync(join(c.dir, from))) copyFileSync(join(c.dir, from), join(keep, to));
  c.guichetd.forEach((g, i) => existsSync(g.logPath) && copyFileSync(g.logPath, join(keep, `guichetd-${i + 1}.log`)));
}

// Stops the guichetd (each judged: kill lists the ones the test killed with
// SIGKILL), the provider and the cluster; keeps the logs in keep; removes
// the folder.
export async function stopCluster(c, { killed = [], keep } = {}) {
  const failures = [];
  for (const [i, g] of c.guichetd.entries()) {
    try {
      await g.stop(killed.includes(i) ? { expect: { signal: 'SIGKILL' } } : {});
    } catch (e) { failures.push(e); }
  }
  try { c.down(); } catch (e) { failures.push(e); }
  if (keep) keepLogs(c, keep);
  for (const g of c.guichetd) g.cleanup();
  try { await c.idp?.stop(); } catch (e) { failures.push(e); }
  rmSync(c.work, { recursive: true, force: true });
  if (failures.length) throw failures[0];
}
