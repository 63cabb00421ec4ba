// The soak (issue 17): SOAK_MINUTES (30) of the mixed workload of the crash
// torture (tests/integration/lib/workload.mjs: drafts with their prefill,
// self-declared data, submissions, case moves through the organisation
// API) against the release guichetd, at about half the rate it saturates
// at (measured first, SOAK_PROBE_SECONDS, 20), sampling each minute
// guichetd's resident memory, open file descriptors, the store's size and
// the p99 of the minute's requests. After SOAK_WARMUP_MINUTES (15: the group-commit writer's 64 MiB page cache fills in about that), memory
// and descriptors must not grow beyond 5 %; the store grows with the data,
// so its bytes per acknowledged write are what must stay flat. Prints a
// table, writes build/bench/soak.md and an SVG chart build/bench/soak.svg.
// On SQLite (GX_TEST_STORE=postgresql: a throwaway PostgreSQL cluster).
//
//   node bench/soak.mjs            (after make all; make bench does not run it)
import { mkdtempSync, rmSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.GUICHETD ||= 'build/release/guichetd';
process.env.REGISTRYD ||= 'build/release/registryd';
process.env.GUICHETCTL ||= 'build/release/guichetctl';
const { startIdp } = await import('../idp/testing.mjs');
const { startGuichetd } = await import('../tests/integration/lib/guichetd.mjs');
const { freePort, login } = await import('../tests/integration/lib/stack.mjs');
const { seed, startRegistryd, registersFile } = await import('../tests/integration/lib/registers.mjs');
const { caseFixture, catalogWith } = await import('../tests/integration/lib/case_fixture.mjs');
const { clientKeys, orgClient } = await import('../tests/integration/lib/org_client.mjs');
const { onPostgres, sql } = await import('../tests/integration/lib/store.mjs');
const { Ledger, workload, FIXTURE_ID } = await import('../tests/integration/lib/workload.mjs');

const MINUTES = Number(process.env.SOAK_MINUTES || 30);
const WARMUP = Number(process.env.SOAK_WARMUP_MINUTES || 15);
const PROBE_S = Number(process.env.SOAK_PROBE_SECONDS || 20);
const WORKERS = Number(process.env.SOAK_WORKERS || 16);

const pop = seed({ persons: 2000 });
const work = mkdtempSync(join(tmpdir(), 'guichet-soak-'));
const reg = await startRegistryd('persons', pop.dir);
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${url}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
const g = await startGuichetd({ args: ['--threads', '1'], env: {
  GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: url, GUICHET_OIDC_ISSUER: idp.issuer,
  GUICHET_OIDC_REDIRECT_URI: `${url}/auth/callback`, GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: reg.url }),
  GUICHET_PATHS_PROCEDURES: catalogWith(work, caseFixture(FIXTURE_ID, 'commune')) } });
const persons = [];
for (const p of pop.population.filter((x) => x.national_id).slice(0, WORKERS)) {
  const l = await login({ site: url }, { nationalId: p.national_id });
  const me = await (await fetch(`${url}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  persons.push({ nationalId: p.national_id, cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id });
}
const keys = clientKeys();
const client = orgClient({ g, site: url }, keys, 'commune', 'submissions.read,submissions.write');

// Every request's latency, through a fetch that measures.
const realFetch = globalThis.fetch;
let latencies = [], requests = 0, paceMs = 0;
globalThis.fetch = async (...args) => {
  if (paceMs > 0) await new Promise((r) => setTimeout(r, paceMs * (0.5 + Math.random())));
  const t = performance.now();
  const res = await realFetch(...args);
  await res.clone().arrayBuffer().catch(() => {});
  latencies.push(performance.now() - t);
  requests++;
  return res;
};
const p99 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] : 0; };

function sample(minute, ledger) {
  const status = readFileSync(`/proc/${g.child.pid}/status`, 'utf8');
  const rssKb = Number(status.match(/VmRSS:\s+(\d+)/)[1]);
  const fds = readdirSync(`/proc/${g.child.pid}/fd`).length;
  const storeBytes = onPostgres ? Number(sql(g.db, 'SELECT pg_database_size(current_database())'))
    : ['guichet.db', 'guichet.db-wal'].reduce((a, f) => { try { return a + statSync(join(g.workdir, f)).size; } catch { return a; } }, 0);
  const row = { minute, rssKb, fds, storeBytes, acked: ledger.counts.acked, p99: p99(latencies), rate: latencies.length / 60 };
  latencies = [];
  return row;
}

// 1. The saturated rate of this workload, unpaced.
const probe = new Ledger();
let stop = false;
const probing = workload({ site: () => url, persons, client, ledger: probe }).run(() => stop);
await new Promise((r) => setTimeout(r, PROBE_S * 1000));
stop = true;
await probing;
const saturated = requests / PROBE_S;
// 2. About half of it: each request waits, on average, as long as a request took at saturation.
paceMs = persons.length / (saturated / 2) * 1000 - persons.length / saturated * 1000;
console.log(`soak: saturated at ${saturated.toFixed(0)} req/s with ${persons.length} workers; pacing ${paceMs.toFixed(1)} ms a request for half; ${MINUTES} min, warm-up ${WARMUP}`);
latencies = []; requests = 0;
const ledger = new Ledger();
const rows = [];
stop = false;
const running = workload({ site: () => url, persons, client, ledger }).run(() => stop);
for (let m = 1; m <= MINUTES; m++) {
  await new Promise((r) => setTimeout(r, 60000));
  const row = sample(m, ledger);
  rows.push(row);
  console.log(`soak: minute ${m}: ${row.rate.toFixed(0)} req/s, p99 ${row.p99.toFixed(1)} ms, RSS ${(row.rssKb / 1024).toFixed(1)} MiB, ` +
    `${row.fds} fds, store ${(row.storeBytes / 1048576).toFixed(1)} MiB, ${row.acked} writes acknowledged`);
}
stop = true;
await running;

const base = rows[Math.min(WARMUP, rows.length) - 1];
const last = rows[rows.length - 1];
const growth = (a, b) => (b - a) / a * 100;
const perWrite = (r) => r.storeBytes / Math.max(1, r.acked);
const verdicts = [
  ['resident memory', growth(base.rssKb, last.rssKb)],
  ['open file descriptors', growth(base.fds, last.fds)],
  ['store bytes per acknowledged write', growth(perWrite(base), perWrite(last))],
];
const md = [
  `Soak: ${MINUTES} min on ${onPostgres ? 'PostgreSQL' : 'SQLite'}, ${persons.length} workers paced to ~half of ${saturated.toFixed(0)} req/s; after minute ${base.minute}:`,
  '', '| | growth | verdict (≤ 5 %) |', '|---|---:|---|',
  ...verdicts.map(([what, pct]) => `| ${what} | ${pct.toFixed(1)} % | ${pct <= 5 ? 'ok' : 'GREW'} |`),
  '', '| minute | req/s | p99 ms | RSS MiB | fds | store MiB | writes acked |', '|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.minute} | ${r.rate.toFixed(0)} | ${r.p99.toFixed(1)} | ${(r.rssKb / 1024).toFixed(1)} | ${r.fds} | ${(r.storeBytes / 1048576).toFixed(1)} | ${r.acked} |`),
].join('\n');
mkdirSync('build/bench', { recursive: true });
writeFileSync('build/bench/soak.md', md + '\n');
writeFileSync('build/bench/soak.svg', chart(rows));
console.log(md);

function chart(rs) {
  const W = 640, H = 300, L = 50, B = 30, series = [
    ['RSS (MiB)', (r) => r.rssKb / 1024, '#1f5fa8'], ['p99 (ms)', (r) => r.p99, '#b03a2e'], ['fds', (r) => r.fds, '#2e7d32']];
  const x = (m) => L + (m - 1) / Math.max(1, rs.length - 1) * (W - L - 10);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11" role="img">`,
    '<title>Soak: resident memory, p99 latency and open descriptors per minute, each scaled to its own maximum</title>',
    `<line x1="${L}" y1="${H - B}" x2="${W - 10}" y2="${H - B}" stroke="#000"/>`, `<line x1="${L}" y1="10" x2="${L}" y2="${H - B}" stroke="#000"/>`,
    `<text x="${W / 2}" y="${H - 5}" text-anchor="middle">minute</text>`];
  series.forEach(([name, f, color], i) => {
    const max = Math.max(...rs.map(f), 1e-9);
    const pts = rs.map((r) => `${x(r.minute).toFixed(1)},${(H - B - f(r) / max * (H - B - 20)).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts}"/>`,
      `<text x="${L + 8 + i * 190}" y="22" fill="${color}">${name}, max ${max.toFixed(1)}</text>`);
  });
  for (const r of rs) if (r.minute % 5 === 0 || r.minute === 1) parts.push(`<text x="${x(r.minute)}" y="${H - B + 14}" text-anchor="middle">${r.minute}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

await g.stop();
await reg.stop();
await idp.stop();
g.cleanup();
keys.remove();
pop.cleanup();
rmSync(work, { recursive: true, force: true });
if (verdicts.slice(0, 2).some(([, pct]) => pct > 5)) process.exitCode = 1;
