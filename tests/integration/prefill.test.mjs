// Authentic sources end to end: a seeded population in real registryd
// processes, a person logged in through the real provider, "my data" read
// from the registers concurrently, access records on both sides that match,
// the Yes/No choice honoured, and registers that are slow, down, hanging or
// answering garbage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, startFaultyRegister, sql } from './lib/registers.mjs';
import { stopAll } from './lib/exit.mjs';

const NAMES = ['persons', 'companies', 'vehicles', 'social_security', 'income_tax', 'driving_licences'];
let pop, regs = {}, work;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-prefill-'));
  for (const n of NAMES) regs[n] = await startRegistryd(n, pop.dir);
});
// Each registryd's exit is judged (lib/exit.mjs), after all are stopped.
after(async () => {
  await stopAll(Object.values(regs), () => pop?.cleanup(), () => work && rmSync(work, { recursive: true, force: true }));
});

// A guichetd + provider whose registers are `urls`; returns a logged-in person.
async function platform(urls, { deadlineMs = 2000, env = {} } = {}) {
  const port = await freePort();
  const site = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(work, 'p-'));
  const person = pop.population.find((p) => p.featured) || pop.population[0];
  const idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  const g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_SOURCES_REGISTERS: registersFile(dir, urls, { deadlineMs }),
    ...env,
  } });
  const stack = { site, g, idp };
  const l = await login(stack, { nationalId: person.national_id });
  assert.ok(l.cookie, 'logged in');
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  return { ...stack, person, cookie: l.cookie, csrf: me.csrf_token,
    stop: () => stopAll(g, idp, () => g.cleanup()) };
}

const urlsOf = (rs) => Object.fromEntries(Object.entries(rs).map(([n, r]) => [n, r.url]));
const myData = async (p) => fetch(`${p.site}/api/v1/my-data`, { headers: { cookie: p.cookie } });
const byName = (body) => Object.fromEntries(body.registers.map((r) => [r.name, r]));

test('my data comes from every register, with as-of dates, and both sides record each read once', async () => {
  const p = await platform(urlsOf(regs));
  try {
    const before = Object.fromEntries(NAMES.map((n) => [n, Number(sql(regs[n].db, 'SELECT count(*) FROM access_log'))]));
    const res = await myData(p);
    assert.equal(res.status, 200);
    const r = byName(await res.json());
    for (const n of NAMES) assert.equal(r[n].status, 'ok', `${n}: ${r[n].status}`);
    const v = Object.fromEntries(r.persons.values.map((x) => [x.attribute, x]));
    assert.equal(v.given_name.value, p.person.given_name);
    assert.equal(v.family_name.value, p.person.family_name);
    assert.match(v.given_name.as_of, /^\d{4}-\d{2}-\d{2}$/);

    // The platform's access records and the registers' access logs, one to one.
    const platformRows = sql(p.g.db, "SELECT source, request_id, attributes FROM access_records WHERE purpose = 'my-data' ORDER BY source")
      .split('\n').filter(Boolean).map((l) => l.split('|'));
    assert.deepEqual(platformRows.map((x) => x[0]).sort(), [...NAMES].sort());
    for (const [source, requestId, attrs] of platformRows) {
      const reg = sql(regs[source].db, `SELECT count(*) FROM access_log WHERE request_id = '${requestId}'`);
      assert.equal(reg, '1', `${source} logged ${requestId} once`);
      assert.doesNotMatch(attrs, new RegExp(p.person.family_name), 'attribute names, never values');
    }
    for (const n of NAMES) {
      const after = Number(sql(regs[n].db, 'SELECT count(*) FROM access_log'));
      assert.equal(after - before[n], 1, `${n}: one lookup logged`);
    }
    assert.doesNotMatch(p.g.log(), new RegExp(`${p.person.national_id}|${p.person.family_name}`));
  } finally {
    await p.stop();
  }
});

test('with No to the population register, no request reaches it and no access record is written for it', async () => {
  const p = await platform(urlsOf(regs));
  try {
    const no = await fetch(`${p.site}/api/v1/my-data/choices`, {
      method: 'PUT', headers: { cookie: p.cookie, 'x-csrf-token': p.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ register: 'persons', allow: false }),
    });
    assert.equal(no.status, 200);
    const before = sql(regs.persons.db, 'SELECT count(*) FROM access_log');
    const platformBefore = sql(p.g.db, "SELECT count(*) FROM access_records WHERE source = 'persons'");
    const r = byName(await (await myData(p)).json());
    assert.equal(r.persons.status, 'declined');
    assert.deepEqual(r.persons.values, []);
    assert.equal(r.vehicles.status, 'ok');
    assert.equal(sql(regs.persons.db, 'SELECT count(*) FROM access_log'), before);
    assert.equal(sql(p.g.db, "SELECT count(*) FROM access_records WHERE source = 'persons'"), platformBefore);

    const yes = await fetch(`${p.site}/api/v1/my-data/choices`, {
      method: 'PUT', headers: { cookie: p.cookie, 'x-csrf-token': p.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ register: 'persons', allow: true }),
    });
    assert.equal(yes.status, 200);
    assert.equal(byName(await (await myData(p)).json()).persons.status, 'ok');

    const bad = await fetch(`${p.site}/api/v1/my-data/choices`, {
      method: 'PUT', headers: { cookie: p.cookie, 'x-csrf-token': p.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ register: 'nonexistent', allow: false }),
    });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).field, '/register');
  } finally {
    await p.stop();
  }
});

// The person's No's travel with their session (docs/identity.md): a choice
// made in one session (the API, then the My data form) counts on the very
// next request of every session of theirs: the sessions this guichetd
// caches take the No's the choice left, so prefill does not read them from
// the store (its rows are removed under the cache to show it; sessions are
// trusted for a minute here).
test('a No, then a Yes, counts on the very next my-data of each of the person\'s sessions', async () => {
  const p = await platform(urlsOf(regs), { env: { GUICHET_SESSION_CACHE_MS: '60000' } });
  try {
    const other = await login(p, { nationalId: p.person.national_id });
    assert.ok(other.cookie, 'a second session of the same person');
    const mine = { ...p, cookie: other.cookie };
    const statusIn = async (q) => byName(await (await myData(q)).json()).vehicles.status;
    // Both sessions cached, with the register allowed.
    assert.equal(await statusIn(p), 'ok');
    assert.equal(await statusIn(mine), 'ok');

    const no = await fetch(`${p.site}/api/v1/my-data/choices`, {
      method: 'PUT', headers: { cookie: p.cookie, 'x-csrf-token': p.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ register: 'vehicles', allow: false }),
    });
    assert.equal(no.status, 200);
    const asked = sql(regs.vehicles.db, 'SELECT count(*) FROM access_log');
    assert.equal(await statusIn(p), 'declined', 'at once in the session that said No');
    assert.equal(await statusIn(mine), 'declined', 'at once in the other session');
    assert.equal(sql(regs.vehicles.db, 'SELECT count(*) FROM access_log'), asked, 'the register was not asked');
    sql(p.g.db, 'DELETE FROM prefill_choices');
    assert.equal(await statusIn(p), 'declined', 'the session\'s No, not the store\'s rows');
    assert.equal(await statusIn(mine), 'declined', 'in the other session too');

    // Yes through the My data form, from the other session.
    const csrf = (await (await fetch(`${p.site}/api/v1/me`, { headers: { cookie: mine.cookie } })).json()).csrf_token;
    const yes = await fetch(`${p.site}/my-data/choices`, {
      method: 'POST', redirect: 'manual', headers: { cookie: mine.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `register=vehicles&allow=yes&csrf_token=${encodeURIComponent(csrf)}`,
    });
    assert.equal(yes.status, 303);
    assert.equal(await statusIn(mine), 'ok');
    assert.equal(await statusIn(p), 'ok');
  } finally {
    await p.stop();
  }
});

test('four registers each 600 ms slow: the page waits for the slowest, not the sum', async () => {
  const slow = {};
  for (const n of ['persons', 'vehicles', 'social_security', 'income_tax']) slow[n] = await startFaultyRegister('slow', { target: regs[n].url, delayMs: 600 });
  const p = await platform({ ...urlsOf(slow), driving_licences: regs.driving_licences.url });
  try {
    await myData(p); // warm: connections
    const t0 = Date.now();
    const res = await myData(p);
    const took = Date.now() - t0;
    const r = byName(await res.json());
    for (const n of Object.keys(slow)) assert.equal(r[n].status, 'ok');
    assert.ok(took >= 600, `took ${took} ms`);
    // Three in a row would take 1800 ms: well below that, they overlapped
    // (with room for a busy machine, where one request's own work took 450 ms).
    assert.ok(took < 3 * 600, `took ${took} ms: the lookups overlapped (the sum would be 2400 ms)`);
  } finally {
    await stopAll(p, Object.values(slow));
  }
});

test('a register that is down, hangs, or answers garbage or too much fails alone', async () => {
  const hang = await startFaultyRegister('hang');
  const garbage = await startFaultyRegister('garbage');
  const huge = await startFaultyRegister('huge');
  const down = `http://127.0.0.1:${await freePort()}`;
  const p = await platform({ persons: regs.persons.url, companies: regs.companies.url, vehicles: down, social_security: hang.url,
    income_tax: garbage.url, driving_licences: huge.url }, { deadlineMs: 500 });
  try {
    const res = await myData(p);
    assert.equal(res.status, 200);
    const r = byName(await res.json());
    assert.equal(r.persons.status, 'ok');
    assert.ok(r.persons.values.length > 0);
    assert.equal(r.vehicles.status, 'unavailable');
    assert.equal(r.social_security.status, 'timeout');
    assert.equal(r.income_tax.status, 'bad_answer');
    assert.equal(r.driving_licences.status, 'bad_answer');
    for (const n of ['vehicles', 'social_security', 'income_tax', 'driving_licences']) assert.deepEqual(r[n].values, []);
    // Only the register that answered has an access record.
    assert.equal(sql(p.g.db, {
      sqlite: "SELECT group_concat(source) FROM (SELECT source FROM access_records WHERE purpose = 'my-data' ORDER BY source)",
      postgresql: "SELECT string_agg(source, ',' ORDER BY source) FROM access_records WHERE purpose = 'my-data'",
    }), 'companies,persons');
    // The page says which source could not be reached, in the person's language.
    const page = await (await fetch(`${p.site}/my-data`, { headers: { cookie: p.cookie, accept: 'text/html', 'accept-language': 'en' } })).text();
    assert.match(page, /could not be reached right now/);
    assert.match(page, /did not answer in time/);
  } finally {
    await stopAll(p, hang, garbage, huge);
  }
});

test('when the access records cannot be written, no value is returned (fail closed)', async () => {
  const p = await platform(urlsOf(regs));
  try {
    sql(p.g.db, {
      sqlite: "CREATE TRIGGER refuse_records BEFORE INSERT ON access_records BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
      postgresql: "CREATE FUNCTION refuse_records() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END; $$;"
        + ' CREATE TRIGGER refuse_records BEFORE INSERT ON access_records FOR EACH ROW EXECUTE FUNCTION refuse_records();',
    });
    const res = await myData(p);
    assert.equal(res.status, 503);
    const body = await res.json();
    assert.equal(body.withheld, true);
    for (const r of body.registers) assert.deepEqual(r.values, [], `${r.name} withheld`);
    assert.doesNotMatch(JSON.stringify(body), new RegExp(p.person.family_name));
    const page = await (await fetch(`${p.site}/my-data`, { headers: { cookie: p.cookie, accept: 'text/html', 'accept-language': 'en' } })).text();
    assert.match(page, /could not be recorded/);
    assert.doesNotMatch(page, new RegExp(`>${p.person.family_name}<`));
    sql(p.g.db, { sqlite: 'DROP TRIGGER refuse_records', postgresql: 'DROP TRIGGER refuse_records ON access_records' });
    assert.equal((await myData(p)).status, 200);
  } finally {
    await p.stop();
  }
});
