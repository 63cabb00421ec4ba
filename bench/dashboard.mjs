// The operator dashboard with a full table (docs/dashboard.md, "Measured"):
// operator_samples (and its hourly rollups) filled with 35 days of one-minute rows (16 organisations,
// 6 registers, the group commit and the store: the retention's worth at the
// default interval), then GET /operator timed for each window, logged in as
// an operator. Prints the rows, the store's size and the page's times.
//
//   GUICHETD=build/release/guichetd GUICHETCTL=build/release/guichetctl node bench/dashboard.mjs
//   (GX_TEST_STORE=postgresql for PostgreSQL, as the integration tests)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login } from '../tests/integration/lib/stack.mjs';
import { runSanitized } from '../tests/integration/lib/exit.mjs';
import { dbEnv, sql } from '../tests/integration/lib/store.mjs';

const GUICHETCTL = process.env.GUICHETCTL || 'build/release/guichetctl';
const DAYS = Number(process.env.DASHBOARD_DAYS || 35);
const ORGS = ['acd', 'adem', 'aed', 'cae', 'cedies', 'cgdis', 'cns', 'commune', 'ctie', 'guichet', 'lbr', 'mlogement',
  'snca', 'sncf', 'ccss', 'police'];
const REGS = ['persons', 'companies', 'vehicles', 'social_security', 'income_tax', 'driving_licences'];
const OPERATOR = '2001122432396';

const work = mkdtempSync(join(tmpdir(), 'guichet-bench-dash-'));
const s = await startStack({ env: { GUICHET_OPERATOR_INSTANCE: 'bench' } });
try {
  runSanitized(GUICHETCTL, ['operators', 'add', OPERATOR], { env: dbEnv(s.g.db) });
  const now = Math.floor(Date.now() / 1000);
  const from = now - now % 60 - DAYS * 86400;
  const n = DAYS * 1440;
  // Per minute: every organisation with a few submissions, every register
  // with calls, an error now and then, p50 and p99, up (but once in 997
  // minutes); the group commit; the store. Each row's value is
  // base + sign * ((m * mul + add) % modulo / div) for minute m.
  const t = (series, label, base, sign, mul, add, modulo, div) =>
    `('${series}', '${label}', ${base}, ${sign}, ${mul}, ${add}, ${modulo}, ${div})`;
  const templates = [
    ...ORGS.map((o, i) => t('submissions', o, 1, 1, 1, i, 4, 1)),
    ...REGS.flatMap((r, i) => [t('prefill.calls', r, 20, 1, 1, i, 30, 1), t('prefill.errors', r, 0, 1, 1, i, 7, 6),
      t('prefill.p50_us', r, 1500, 1, 7, i, 800, 1), t('prefill.p99_us', r, 9000, 1, 13, i, 20000, 1),
      t('register.up', r, 1, -1, 1, i, 997, 996)]),
    t('commit.batches', '', 40, 1, 1, 0, 20, 1), t('commit.items', '', 90, 1, 1, 0, 50, 1),
    t('commit.batch_max', '', 2, 1, 1, 0, 9, 1), t('commit.queue_max', '', 0, 1, 1, 0, 13, 1),
    t('store.bytes', '', 100000000, 1, 1000, 0, 1000000000, 1),
  ];
  const t0 = Date.now();
  sql(s.g.db, `WITH RECURSIVE minutes(m) AS (SELECT 0 UNION ALL SELECT m + 1 FROM minutes WHERE m < ${n - 1}),
    templ(series, label, base, sign, mul, addend, modulo, divisor) AS (VALUES ${templates.join(', ')})
    INSERT INTO operator_samples (series, label, instance, at_s, value)
    SELECT series, label, 'synthetic', ${from} + m * 60, base + sign * (((m * mul + addend) % modulo) / divisor)
    FROM minutes, templ`);
  // The hourly rollups the sampler keeps as it goes, all at once here.
  sql(s.g.db, `INSERT INTO operator_rollups (series, label, instance, at_s, value_sum, value_max, samples)
    SELECT series, label, instance, at_s - at_s % 3600, sum(value), max(value), count(*) FROM operator_samples
    WHERE instance = 'synthetic' GROUP BY series, label, instance, at_s - at_s % 3600`);
  const rows = Number(sql(s.g.db, 'SELECT count(*) FROM operator_samples'));
  console.log(`${rows} rows (${DAYS} days) written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // The sampler measures the store's size each minute: wait for /metrics to say it.
  const l = await login(s, { nationalId: OPERATOR });
  for (const w of ['48h', '1h', '30d']) {
    const times = [];
    for (let i = 0; i < 21; i++) {
      const t = process.hrtime.bigint();
      const res = await fetch(`${s.site}/operator?window=${w}`, { headers: { cookie: l.cookie } });
      const body = await res.text();
      if (res.status !== 200 || !body.includes('gx-chart')) throw new Error(`${w}: ${res.status}`);
      if (i > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(`GET /operator?window=${w}: median ${times[10].toFixed(1)} ms, slowest ${times[19].toFixed(1)} ms (20 requests)`);
  }
  for (const table of ['operator_samples', 'operator_rollups']) {
    const size = sql(s.g.db, {
      sqlite: `SELECT sum(pgsize) FROM dbstat WHERE name IN ('${table}', '${table}_at')`,
      postgresql: `SELECT pg_total_relation_size('${table}')`,
    });
    const count = Number(sql(s.g.db, `SELECT count(*) FROM ${table}`));
    console.log(`${table} and its index: ${count} rows, ${(Number(size) / 1048576).toFixed(1)} MiB, ${(Number(size) / count).toFixed(0)} bytes a row`);
  }
} finally {
  await s.stop();
  rmSync(work, { recursive: true, force: true });
}
