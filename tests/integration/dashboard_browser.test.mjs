// The operator dashboard end to end (docs/dashboard.md): guichetd samples
// every second (operator.sample_interval_s = 1) while a person reads "my
// data" from three registers (persons and vehicles up, income_tax pointing
// at a port where nothing listens) and submits to two organisations; the
// rows land in operator_samples (and the hourly rollups), with the outbox's
// backlog and the transparency log's size and last cosignature; the same
// figures on /metrics; a platform
// operator (guichetctl operators add) logs in through the provider and sees
// the charts, their tables and which register is down, in fr/de/en, axe-clean;
// anyone else is told nothing is there (404); old rows are purged.
// Screenshots in build/screenshots (dashboard-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql, GUICHETCTL } from './lib/registers.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { dbEnv } from './lib/store.mjs';
import { runSanitized, stopAll } from './lib/exit.mjs';
import { launchBrowser, newContext, runAxe, seriousViolations, formatViolations, screenshot, SCREENSHOTS } from './lib/browser.mjs';
import { submitProviderLogin } from './lib/login_browser.mjs';

const SNCA = caseFixture('dash-snca', 'snca');
const CNS = caseFixture('dash-cns', 'cns');

let pop, regs = {}, work, g, idp, site, browser, context, page, person, operator, stranger;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-dashboard-'));
  regs.persons = await startRegistryd('persons', pop.dir);
  regs.vehicles = await startRegistryd('vehicles', pop.dir);
  const nowhere = `http://127.0.0.1:${await freePort()}`;  // income_tax: nothing listens there
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/`,
    IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`,
    GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'), GUICHET_PATHS_PROCEDURES: catalogWith(work, SNCA, CNS),
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url, vehicles: regs.vehicles.url,
      income_tax: nowhere }, { deadlineMs: 1000 }),
    GUICHET_OPERATOR_SAMPLE_INTERVAL_S: '1', GUICHET_OPERATOR_INSTANCE: 'it-a',
    GUICHET_OPERATOR_PROBE_TIMEOUT_MS: '500',
  } });
  person = pop.population.find((p) => p.featured);
  const others = pop.population.filter((p) => !p.featured);
  [operator, stranger] = [others[0], others[1]];
  browser = await launchBrowser();
  context = await newContext(browser, { acceptLanguage: 'en' });
  page = await context.newPage();
});

after(async () => {
  await stopAll(() => context?.close(), () => browser?.close(), g, () => g?.cleanup(), idp, regs.persons,
    regs.vehicles, () => pop?.cleanup(), () => work && rmSync(work, { recursive: true, force: true }));
});

const ctl = (args, expect) => runSanitized(GUICHETCTL, ['operators', ...args], { env: dbEnv(g.db), expect });
const rows = (q) => sql(g.db, q).split('\n').filter(Boolean);
// A write beside guichetd's own (its sampler and checkpointer write every
// second): SQLite's shell waits for the lock instead of failing at once.
const write = (q) => sql(g.db, { sqlite: `PRAGMA busy_timeout = 10000; ${q}`, postgresql: q });
const total = (series, label) => Number(sql(g.db,
  `SELECT coalesce(sum(value), 0) FROM operator_samples WHERE series = '${series}' AND label = '${label}'`));

async function until(what, check, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function apiSession(nationalId) {
  const l = await login({ site }, { nationalId });
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  return { cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id };
}

async function submit(who, procedure) {
  const api = (method, path, body) => fetch(`${site}${path}`, { method, headers: { cookie: who.cookie,
    'x-csrf-token': who.csrf, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const draft = await (await api('POST', `/api/v1/spaces/${who.space}/drafts`, { procedure })).json();
  assert.equal((await api('PUT', `/api/v1/spaces/${who.space}/drafts/${draft.id}`, { data: { note: 'x' }, step: 1 })).status, 200);
  assert.equal((await api('POST', `/api/v1/spaces/${who.space}/drafts/${draft.id}/submit`)).status, 201);
}

test('guichetctl operators: add, list, remove; bad input refused, changing nothing', () => {
  ctl(['add', operator.national_id]);
  ctl(['add', operator.national_id]);  // again: nothing changes
  ctl(['add', stranger.national_id]);
  let list = JSON.parse(ctl(['list']).stdout);
  assert.deepEqual(list.map((o) => o.national_id).sort(), [operator.national_id, stranger.national_id].sort());
  assert.equal(list[0].given_name, null, 'named before their first login');
  ctl(['remove', stranger.national_id]);
  const gone = ctl(['remove', stranger.national_id], { code: 1 });
  assert.match(gone.stderr, /is not a platform operator/);
  const bad = ctl(['add', '12345'], { code: 2 });
  assert.match(bad.stderr, /12345 is not a national identification number/);
  ctl(['add'], { code: 2 });
  list = JSON.parse(ctl(['list']).stdout);
  assert.deepEqual(list.map((o) => o.national_id), [operator.national_id]);
});

test('prefills and submissions become rows each second; the registers are probed', { timeout: 60000 }, async () => {
  const who = await apiSession(person.national_id);
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${site}/api/v1/my-data`, { headers: { cookie: who.cookie } });
    assert.equal(res.status, 200);
    const byName = Object.fromEntries((await res.json()).registers.map((r) => [r.name, r.status]));
    assert.deepEqual(byName, { persons: 'ok', vehicles: 'ok', income_tax: 'unavailable' });
  }
  for (let i = 0; i < 3; i++) await submit(who, SNCA.id);
  for (let i = 0; i < 2; i++) await submit(who, CNS.id);

  await until('the rows of the submissions and prefills', () =>
    total('submissions', 'snca') === 3 && total('submissions', 'cns') === 2 &&
    total('prefill.calls', 'persons') >= 3 && total('prefill.errors', 'income_tax') >= 3);
  assert.equal(total('prefill.calls', 'income_tax'), total('prefill.errors', 'income_tax'));
  // The hourly rollups (what the hours' and days' charts read) say the same.
  await until('the rollups', () => Number(sql(g.db,
    "SELECT coalesce(sum(value_sum), 0) FROM operator_rollups WHERE series = 'submissions' AND label = 'snca'")) === 3);
  assert.equal(total('prefill.errors', 'persons'), 0);
  assert.ok(total('prefill.p99_us', 'persons') > 0, 'a latency');
  await until('probes of each register', () =>
    rows("SELECT 1 FROM operator_samples WHERE series = 'register.up' AND label = 'persons' AND value = 1").length > 0 &&
    rows("SELECT 1 FROM operator_samples WHERE series = 'register.up' AND label = 'income_tax' AND value = 0").length > 0);
  assert.equal(rows("SELECT 1 FROM operator_samples WHERE series = 'register.up' AND label = 'income_tax' AND value = 1").length, 0);
  assert.ok(total('commit.items', '') >= 5, 'the submissions went through the group commit');
  assert.ok(Number(sql(g.db, "SELECT max(value) FROM operator_samples WHERE series = 'store.bytes'")) > 0);
  // The outbox's backlog (nothing to mail here) and the transparency log: a
  // leaf per register read; a witness's cosignature of its latest
  // checkpoint (written here as a witness's POST would: no witness runs).
  assert.equal(Number(sql(g.db, "SELECT max(value) FROM operator_samples WHERE series = 'outbox.backlog'")), 0);
  await until('the log\'s size', () => Number(sql(g.db,
    "SELECT coalesce(max(value), 0) FROM operator_samples WHERE series = 'translog.size'")) >= 6);
  await until('a checkpoint', () => Number(sql(g.db, 'SELECT count(*) FROM tlog_checkpoints')) > 0);
  const cosignedAt = Date.now() * 1000 - 30e6;
  write(`INSERT INTO tlog_cosignatures (size, key_name, key_id, line, at_us)
    SELECT max(size), 'test-witness', 1, '— test-witness AAAA', ${cosignedAt} FROM tlog_checkpoints`);
  await until('the cosignature\'s age', () => rows(
    "SELECT value FROM operator_samples WHERE series = 'translog.cosign_age_s' AND value BETWEEN 30 AND 60").length > 0);
  // One writer, rows on the second, a second apart; no person anywhere in them.
  assert.deepEqual(rows('SELECT DISTINCT instance FROM operator_samples'), ['it-a']);
  const times = rows("SELECT DISTINCT at_s FROM operator_samples WHERE series = 'store.bytes' ORDER BY at_s").map(Number);
  assert.ok(times.length >= 3);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] > times[i - 1]);
  const all = sql(g.db, 'SELECT series, label, instance FROM operator_samples');
  assert.doesNotMatch(all, new RegExp(`${person.national_id}|${person.family_name}`));
});

test('/metrics has the same figures', async () => {
  const m = await (await fetch(`${site}/metrics`)).text();
  assert.match(m, /^guichet_submissions_total\{organisation="snca"\} 3$/m);
  assert.match(m, /^guichet_submissions_total\{organisation="cns"\} 2$/m);
  assert.match(m, /^guichet_register_requests_total\{register="income_tax",outcome="unavailable"\} [1-9]\d*$/m);
  assert.match(m, /^guichet_register_requests_total\{register="persons",outcome="ok"\} [1-9]\d*$/m);
  assert.match(m, /^guichet_register_request_duration_seconds_count\{register="persons"\} [1-9]\d*$/m);
  assert.match(m, /^guichet_register_up\{register="persons"\} 1$/m);
  assert.match(m, /^guichet_register_up\{register="income_tax"\} 0$/m);
  assert.match(m, /^guichet_store_size_bytes [1-9]\d*$/m);
  assert.match(m, /^guichet_store_commit_batch_size_bucket\{le="\+Inf"\} [1-9]\d*$/m);
  assert.match(m, /^guichet_outbox_deliveries_total\{outcome="failed"\} 0$/m);
  assert.match(m, /^guichet_outbox_backlog 0$/m);
  assert.match(m, /^guichet_translog_size [1-9]\d*$/m);
  assert.match(m, /^guichet_translog_last_cosignature_timestamp_seconds \d+\.\d+$/m);
  // The dashboard's total and /metrics' agree.
  const calls = Number(m.match(/^guichet_register_request_duration_seconds_count\{register="persons"\} (\d+)$/m)[1]);
  assert.equal(total('prefill.calls', 'persons'), calls);
  assert.doesNotMatch(m, new RegExp(`${person.national_id}|${person.family_name}`));
});

// One chart, closer: build/screenshots/dashboard-chart-<id>.png.
async function chartShot(id) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.locator(`#${id}`).screenshot({ path: join(SCREENSHOTS, `dashboard-chart-${id}.png`) });
}

async function axeClean(what) {
  const serious = seriousViolations(await runAxe(page));
  assert.equal(serious.length, 0, `${what}:\n${formatViolations(serious)}`);
}

test('an operator logs in and sees the charts, their tables, and the register that is down', { timeout: 120000 }, async () => {
  await page.goto(`${site}/operator`);
  await submitProviderLogin(page, { nationalId: operator.national_id, site });
  assert.equal(new URL(page.url()).pathname, '/operator');
  const main = page.locator('main');
  assert.equal(await main.locator('h1').innerText(), 'Operating Guichet');
  // Every chart drawn (each with its accessible name), none empty.
  const charts = main.locator('svg.gx-chart[role="img"]');
  assert.equal(await charts.count(), 12);
  for (const id of ['submissions-hour', 'submissions-day', 'prefill-p50', 'prefill-p99', 'prefill-errors',
    'availability', 'commit-batches', 'commit-queue', 'outbox', 'translog-size', 'cosign-age', 'disk']) {
    assert.equal(await page.locator(`#${id} svg title`).count(), 1, id);
  }
  assert.equal(await main.getByText('No figures for this period yet.').count(), 0);
  // Now: the registers as probed.
  const now = (await main.locator('dl.govuk-summary-list').innerText()).replace(/\s+/g, ' ');
  assert.match(now, /Unavailable/);
  assert.match(now, /Available/);
  assert.match(now, /Entries in the transparency log [1-9]\d*/);
  assert.match(now, /Last cosignature by a witness \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  assert.match(now, /Mails waiting to be sent 0/);
  // The submissions per hour, as a table: this hour's row has 3 for SNCA, 2 for CNS.
  const table = page.locator('#submissions-hour table');
  const headers = await table.locator('thead th').allTextContents();
  const last = await table.locator('tbody tr').last().locator('td').allTextContents();
  const byOrg = Object.fromEntries(headers.slice(1).map((h, i) => [h, last[i]]));
  assert.equal(byOrg[Object.keys(byOrg).find((h) => /SNCA/.test(h))], '3');
  assert.equal(byOrg[Object.keys(byOrg).find((h) => /CNS/.test(h))], '2');
  // The error rate of income_tax is 100 % where it was asked.
  const errs = page.locator('#prefill-errors table');
  const errHeaders = await errs.locator('thead th').allTextContents();
  const col = errHeaders.findIndex((h) => /tax/i.test(h));
  assert.ok(col > 0, errHeaders.join(', '));
  const rates = (await errs.locator(`tbody tr td:nth-of-type(${col})`).allTextContents()).filter((v) => v !== '–');
  assert.ok(rates.length > 0 && rates.every((v) => v === '100.0'), rates.join(', '));
  await screenshot(page, 'dashboard-48h');
  for (const id of ['submissions-hour', 'prefill-p99', 'availability', 'commit-batches', 'outbox', 'cosign-age']) await chartShot(id);
  await axeClean('dashboard, 48 hours');
  await page.locator('#prefill-p99 details summary').click();
  await axeClean('dashboard with a table open');

  await page.locator('a[href="/operator?window=1h"]').click();
  assert.equal(new URL(page.url()).search, '?window=1h');
  assert.equal(await page.locator('main strong[aria-current="page"]').innerText(), 'Last hour, per minute');
  assert.equal(await main.locator('svg.gx-chart').count(), 12);
  await screenshot(page, 'dashboard-1h');
  await axeClean('dashboard, last hour');
});

test('in French and German', { timeout: 60000 }, async () => {
  for (const [lang, title, heading] of [['fr', 'Exploitation de Guichet', 'Démarches envoyées'],
    ['de', 'Betrieb von Guichet', 'Eingereichte Verfahren']]) {
    await page.goto(`${site}/language/${lang}?next=${encodeURIComponent('/operator')}`);
    assert.equal(new URL(page.url()).pathname, '/operator');
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    assert.equal(await page.locator('main h1').innerText(), title);
    assert.match(await page.locator('main').innerText(), new RegExp(heading));
    assert.equal(await page.locator('main svg.gx-chart').count(), 12);
    await screenshot(page, `dashboard-${lang}`);
    await axeClean(`dashboard in ${lang}`);
  }
  await page.goto(`${site}/language/en?next=${encodeURIComponent('/operator')}`);
});

test('anyone else: a login first, then nothing there; a bad window is a 400 naming it', async () => {
  const anon = await fetch(`${site}/operator`, { redirect: 'manual', headers: { accept: 'text/html' } });
  assert.equal(anon.status, 303);
  assert.equal(anon.headers.get('location'), '/login?next=/operator');
  const json = await fetch(`${site}/operator`, { redirect: 'manual' });
  assert.equal(json.status, 401);

  const s = await apiSession(stranger.national_id);
  const res = await fetch(`${site}/operator`, { headers: { cookie: s.cookie, accept: 'text/html' } });
  assert.equal(res.status, 404);
  assert.doesNotMatch(await res.text(), /gx-chart|Operating Guichet/);
  // The submitter too, on every window.
  const p = await apiSession(person.national_id);
  for (const w of ['', '?window=1h', '?window=30d']) {
    assert.equal((await fetch(`${site}/operator${w}`, { headers: { cookie: p.cookie } })).status, 404);
  }

  const op = await apiSession(operator.national_id);
  for (const w of ['2h', '', '48H', '48h%00']) {
    const bad = await fetch(`${site}/operator?window=${w}`, { headers: { cookie: op.cookie } });
    assert.equal(bad.status, 400, w);
    const problem = await bad.json();
    assert.equal(problem.code, 'bad_parameter');
    assert.equal(problem.field, 'window');
  }
  assert.equal((await fetch(`${site}/operator?window=30d`, { headers: { cookie: op.cookie } })).status, 200);
  // Removed: the next request finds nothing there, on the same session.
  ctl(['remove', operator.national_id]);
  assert.equal((await fetch(`${site}/operator`, { headers: { cookie: op.cookie } })).status, 404);
  ctl(['add', operator.national_id]);
  assert.equal((await fetch(`${site}/operator`, { headers: { cookie: op.cookie } })).status, 200);
});

test('the sampler deletes rows older than 48 hours, rollups older than 35 days', { timeout: 30000 }, async () => {
  const now = Math.floor(Date.now() / 1000), hour = (s) => s - s % 3600;
  const [old, month, day] = [now - 40 * 86400, now - 30 * 86400, now - 49 * 3600];
  write(`INSERT INTO operator_samples (series, label, instance, at_s, value) VALUES
    ('store.bytes', '', 'old', ${old}, 1), ('store.bytes', '', 'old', ${month}, 2),
    ('store.bytes', '', 'old', ${day}, 3), ('store.bytes', '', 'old', ${now - 3600}, 4)`);
  write(`INSERT INTO operator_rollups (series, label, instance, at_s, value_sum, value_max, samples) VALUES
    ('store.bytes', '', 'old', ${hour(old)}, 1, 1, 1), ('store.bytes', '', 'old', ${hour(month)}, 2, 2, 1)`);
  await until('the old rows purged', () => rows("SELECT 1 FROM operator_samples WHERE instance = 'old'").length === 1 &&
    rows("SELECT 1 FROM operator_rollups WHERE instance = 'old'").length === 1);
  assert.deepEqual(rows("SELECT at_s FROM operator_samples WHERE instance = 'old'"), [String(now - 3600)]);
  assert.deepEqual(rows("SELECT at_s FROM operator_rollups WHERE instance = 'old'"), [String(hour(month))]);
  assert.doesNotMatch(g.log(), /samples_failed|sampling_failed/);
});
