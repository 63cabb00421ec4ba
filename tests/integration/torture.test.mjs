// Crash torture: TORTURE_CYCLES cycles (3 in make test, 50 in make
// torture) of a mixed workload (lib/workload.mjs: drafts with their prefill
// from the persons register, self-declared data, submissions with and
// without an attached PDF, the commune's case system moving cases, the
// commune's deliveries to letter boxes with their mailed notifications,
// correction requests with evidence to the persons register, the housing
// ministry fetching register data under the person's consent) with kill -9
// of guichetd at a random moment, then a restart on the same store. In
// every third cycle the persons register (registryd) is killed with -9
// mid-load as well, and in every third the SMTP server (a process of its
// own), each started again on its port a moment later.
//
// After every restart: every write the clients saw acknowledged is there
// and intact (files byte for byte), every receipt verifies, every consent
// fetch answered 200 has its access record in the person's log, a case move,
// a delivery or a correction whose answer was lost takes effect once when
// sent again with its Idempotency-Key, the store passes its integrity
// check and the transparency log verifies. At the end: every delivery's
// notification reached the SMTP server (a second copy only where a kill
// fell between the server's 250 and the outbox's row marked sent, the same
// Message-ID: counted and bounded by the kills), and every correction
// reached the register exactly once. On SQLite and on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, GUICHETCTL } from './lib/registers.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { stopAll, runSanitized } from './lib/exit.mjs';
import { onPostgres, sql, dbEnv } from './lib/store.mjs';
import { startSmtpProcess } from './lib/smtp_process.mjs';
import { body, header } from './lib/smtp.mjs';
import { FAST_SYNC, registerRow, waitFor } from './lib/corrections.mjs';
import { Ledger, workload, verifyLedger, FIXTURE_ID, attachFixture, LETTER_TYPE, REUSE_PROCEDURE, REUSE_ORG } from './lib/workload.mjs';

const CYCLES = Number(process.env.TORTURE_CYCLES || 3);
const MAIL_ENV = { GUICHET_MAIL_POLL_MS: '200', GUICHET_MAIL_RETRY_INITIAL_MS: '300', GUICHET_MAIL_RETRY_MAX_MS: '1500',
  GUICHET_MAIL_TIMEOUT_MS: '2000', GUICHET_MAIL_CONNECT_TIMEOUT_MS: '1000' };
let pop, persons, work, idp, g, env, keys, client, letters, reuse, reg, smtp, smtpFile, corrections;
const site = () => g.base;
const kills = { guichetd: 0, registryd: 0, smtp: 0 };
const restartFailures = [];

async function me(cookie) {
  return (await fetch(`${g.base}/api/v1/me`, { headers: { cookie } })).json();
}

function call(p, method, path, json) {
  const headers = { cookie: p.cookie, 'x-csrf-token': p.csrf };
  if (json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${g.base}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
}

before(async () => {
  pop = seed({ persons: 300 });
  work = mkdtempSync(join(tmpdir(), 'guichet-torture-'));
  reg = await startRegistryd('persons', pop.dir);
  smtpFile = join(work, 'smtp.jsonl');
  smtp = await startSmtpProcess(smtpFile);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${url}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  const fixture = caseFixture(FIXTURE_ID, 'commune');
  const catalog = catalogWith(work, fixture, attachFixture(fixture));
  copyFileSync(`tests/fixtures/procedures/pages/${REUSE_PROCEDURE}.json`, join(catalog, `${REUSE_PROCEDURE}.json`));
  env = { GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: url, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${url}/auth/callback`, GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: reg.url }),
    GUICHET_PATHS_PROCEDURES: catalog,
    GUICHET_MAIL_PORT: String(smtp.port), ...MAIL_ENV, ...FAST_SYNC };
  g = await startGuichetd({ env });
  persons = [];
  corrections = {};
  const adults = pop.population.filter((x) => x.national_id && Number(x.national_id.slice(0, 4)) < 2000).slice(0, 4);
  for (const [i, x] of adults.entries()) {
    const l = await login({ site: g.base }, { nationalId: x.national_id });
    assert.ok(l.cookie, 'logged in');
    const m = await me(l.cookie);
    const p = { nationalId: x.national_id, cookie: l.cookie, csrf: m.csrf_token, space: m.active_space.id };
    persons.push(p);
    // The commune's calendars electronically, a verified address for their notifications.
    assert.equal((await call(p, 'PUT', `/api/v1/spaces/${p.space}/letterbox/settings`,
      { choices: [{ org: 'commune', type: LETTER_TYPE, electronic: true }] })).status, 200);
    const address = `torture${i}@example.test`;
    assert.equal((await call(p, 'PUT', '/api/v1/self-declared/email', { value: address })).status, 200);
    assert.equal((await call(p, 'POST', '/api/v1/my-data/email/code')).status, 202);
    const mail = await waitFor(() => smtp.received().find((r) => r.rcptTo.includes(address)), { what: 'the code' });
    const code = body(mail.raw).match(/\b(\d{6})\b/)[1];
    assert.equal((await call(p, 'POST', '/api/v1/my-data/email/verify', { code })).status, 200);
    // What the register holds of the given name: the correction requests' current value.
    const mine = await (await call(p, 'GET', '/api/v1/my-data')).json();
    const held = mine.registers.find((r) => r.name === 'persons').values.find((v) => v.attribute === 'given_name');
    const version = Number(JSON.parse(sql(reg.db, `SELECT version FROM records WHERE key = '${x.national_id}'`, { json: true }))[0].version);
    corrections[p.nationalId] = { value: held.value, version };
  }
  keys = clientKeys();
  client = orgClient({ g, site: g.base }, keys, 'commune', 'submissions.read,submissions.write');
  letters = orgClient({ g, site: g.base }, keys, 'commune', 'letterbox.send');
  reuse = orgClient({ g, site: g.base }, keys, REUSE_ORG, 'submissions.read,registers.read');
});

after(async () => {
  await stopAll(g, idp, reg, () => smtp?.stop(), () => g?.cleanup(), () => keys?.remove(), () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

// kill -9 of the persons register mid-load, started again on its port.
async function killRegistryd() {
  await pause(200 + Math.random() * 800);
  reg.child.kill('SIGKILL');
  const exit = await reg.exited;
  assert.equal(exit.signal, 'SIGKILL');
  kills.registryd++;
  await pause(300);
  // Started again as an operator would: a start that fails is told (with
  // the register's log) and tried again, at most three times.
  for (let attempt = 1; ; attempt++) {
    try {
      reg = await startRegistryd('persons', pop.dir, { port: reg.port });
      return;
    } catch (e) {
      restartFailures.push(e.message.slice(0, 600));
      console.log(`torture: registryd did not start again (attempt ${attempt}): ${e.message.slice(0, 600)}`);
      if (attempt === 3) throw e;
      await pause(1000);
    }
  }
}

// kill -9 of the SMTP server mid-load, started again on its port.
async function killSmtp() {
  await pause(200 + Math.random() * 800);
  const exit = await smtp.kill();
  assert.equal(exit.signal, 'SIGKILL');
  kills.smtp++;
  await pause(300);
  smtp = await startSmtpProcess(smtpFile, smtp.port);
}

function translogVerifies() {
  const r = runSanitized(GUICHETCTL, ['translog', 'verify'], { name: 'guichetctl translog verify',
    env: { ...dbEnv(g.db), GUICHET_TRANSLOG_KEY_FILE: join(g.workdir, 'translog-signing.key') }, expect: { code: 0 } });
  return r.stdout;
}

test(`${CYCLES} cycles of mixed load, kill -9 of guichetd (and of registryd, of the SMTP server), restart: nothing acknowledged is lost`, async () => {
  const ledger = new Ledger();
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    let stopped = false;
    const load = workload({ site, persons, client, ledger, attachments: true, letters, corrections, reuse }).run(() => stopped);
    // the other process killed first, while the load runs on; guichetd then
    const other = cycle % 3 === 2 ? killRegistryd() : cycle % 3 === 0 ? killSmtp() : Promise.resolve();
    await Promise.all([other, pause(300 + Math.random() * 1700)]);
    await g.stop({ signal: 'SIGKILL', expect: { signal: 'SIGKILL' } });
    kills.guichetd++;
    stopped = true;
    await load;
    g = await startGuichetd({ dir: g.workdir, env });
    const checked = await verifyLedger({ site: g.base, ledger, client, letters });
    if (!onPostgres) assert.equal(sql(g.db, 'PRAGMA integrity_check'), 'ok');
    const leaves = Number(translogVerifies().match(/^translog verify: ok: (\d+) leaves/m)?.[1]);
    assert.ok(leaves > 0, 'the transparency log verifies');
    assert.ok(checked > 0);
  }

  // The platform recovered from the register's kill: a prefilled draft has the register's values again.
  const p = persons[0];
  const draft = await (await call(p, 'POST', `/api/v1/spaces/${p.space}/drafts`, { procedure: 'certificate-of-residence' })).json();
  assert.deepEqual(draft.sources, [{ register: 'persons', status: 'ok' }], 'the persons register answers prefill again');
  const mine = await (await call(p, 'GET', '/api/v1/my-data')).json();
  assert.equal(mine.registers.find((r) => r.name === 'persons').status, 'ok');

  // Every acknowledged delivery's notification reached the SMTP server; copies only from kills.
  const acked = [...ledger.letters.values()].filter((l) => l.acked);
  const mails = (token) => smtp.received().filter((m) => body(m.raw).includes(token));
  await waitFor(() => acked.every((l) => mails(l.token).length > 0), { timeoutMs: 60000, what: 'every notification mailed' });
  let copies = 0;
  for (const l of acked) {
    const got = mails(l.token);
    assert.equal(new Set(got.map((m) => header(m.raw, 'Message-ID'))).size, 1, 'every copy of a notification has its Message-ID');
    copies += got.length - 1;
  }
  assert.ok(copies <= kills.guichetd + kills.smtp, `${copies} second copies for ${kills.guichetd + kills.smtp} kills`);

  // Every acknowledged correction request reached the register, exactly once.
  const filed = [...ledger.corrections.values()].filter((c) => c.acked);
  const requestIds = filed.map((c) => sql(g.db, `SELECT request_id FROM corrections WHERE id = ${c.id}`));
  await waitFor(() => requestIds.every((id) => registerRow(reg, id).length > 0), { timeoutMs: 60000, what: 'every request at the register' });
  for (const id of requestIds) assert.equal(registerRow(reg, id).length, 1, 'one request at the register');

  const { acked: ok, unanswered, refused } = ledger.counts;
  const fetched = [...ledger.fetches.values()].reduce((a, b) => a + b, 0);
  console.log(`torture: ${kills.guichetd} kills of guichetd, ${kills.registryd} of registryd, ${kills.smtp} of the SMTP server; ` +
    `requests answered 2xx ${ok}, unanswered (killed in flight) ${unanswered}, refused ${refused}; checked after every restart: ` +
    `${ledger.submissions.size} submissions with receipts, ${ledger.attachments.size} attached files, ${ledger.drafts.size} drafts, ` +
    `${ledger.moves.size} case moves, ${ledger.phone.size} phones, ${fetched} consent fetches with values (each an access record; ` +
    `${ledger.counts.fetchesWithoutRegister ?? 0} more answered while the register was down, without values), ` +
    `${acked.length} letter-box deliveries ` +
    `(notifications mailed: ${acked.length}, second copies ${copies}), ${filed.length} correction requests (each once at the register); ` +
    `registryd starts that failed and were tried again: ${restartFailures.length}`);
  assert.ok(ledger.submissions.size > 0 && ledger.moves.size > 0, 'the workload reached submissions and case moves');
  assert.ok(ledger.attachments.size > 0 && acked.length > 0 && filed.length > 0 && fetched > 0,
    'the workload reached attachments, deliveries, corrections and consent fetches');
});
