// Self-declared data: the person adds, changes and deletes their own phone,
// e-mail, IBAN … in "my data" (API and a no-JS form), each write durable
// before the answer; bad values are refused naming /value and nothing is
// stored; the page shows them apart from the registers' data, labelled
// "Declared by you"; they prefill the procedure fields mapped to them
// ({"self": "phone"}) with provenance "self"; a field that names both a
// register attribute and a self-declared one takes the register's value
// unless it says "prefer": "self", and the declared one when the register
// gave none (said No to, down), the provenance saying which and why; and
// another person never sees or changes them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql, GUICHETCTL } from './lib/registers.mjs';
import { runSanitized, stopAll } from './lib/exit.mjs';

let pop, regs = {}, work, g, idp, site, person, other;

const texts = (s) => ({ fr: s, de: s, en: s });
// A fixture definition: one register field, self fields, and the employer
// from the social security register or declared, with and without "prefer": "self".
const FIXTURE = {
  id: 'self-declared-fixture', version: 1, organisation: 'commune', themes: ['citizenship'],
  about: { who: texts('Anyone.'), needs: texts('Nothing.'), duration: texts('A day.'), cost: texts('Free.') },
  titles: texts('Self-declared fixture'), help: texts('A test definition.'),
  statuses: { submitted: { to: ['completed', 'rejected'] }, completed: { final: true }, rejected: { final: true } },
  steps: [{ id: 'you', titles: texts('You'), fields: [
    { id: 'family_name', kind: 'text', labels: texts('Family name'), prefill: { source: 'persons', attribute: 'family_name' } },
    { id: 'phone', kind: 'phone', labels: texts('Phone'), prefill: { self: 'phone' } },
    { id: 'iban', kind: 'iban', labels: texts('IBAN'), prefill: { self: 'iban' } },
    { id: 'language', kind: 'choice', labels: texts('Language'), prefill: { self: 'preferred_language' },
      options: ['fr', 'de', 'en'].map((v) => ({ value: v, labels: texts(v) })) },
    { id: 'employer', kind: 'text', labels: texts('Employer'),
      prefill: { source: 'social_security', attribute: 'employer_name', self: 'employer_name' } },
    { id: 'employer_mine', kind: 'text', labels: texts('Employer'),
      prefill: { source: 'social_security', attribute: 'employer_name', self: 'employer_name' }, prefer: 'self' },
  ] }],
};

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-self-declared-'));
  const catalog = join(work, 'procedures');
  cpSync('procedures', catalog, { recursive: true });
  writeFileSync(join(catalog, `${FIXTURE.id}.json`), JSON.stringify(FIXTURE, null, 2));
  runSanitized(GUICHETCTL, ['procedures', 'check', catalog]);
  regs.persons = await startRegistryd('persons', pop.dir);
  regs.social_security = await startRegistryd('social_security', pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'),
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url, social_security: regs.social_security.url }),
    GUICHET_PATHS_PROCEDURES: catalog,
  } });
  person = pop.population.find((p) => p.featured);
  other = pop.population.find((p) => p.national_id !== person.national_id);
});

// Every guichetd and registryd exit is judged (lib/exit.mjs), after all are stopped.
after(async () => {
  await stopAll(g, () => g?.cleanup(), idp, regs.persons, regs.social_security, () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

async function session(who = person) {
  const l = await login({ site }, { nationalId: who.national_id });
  assert.ok(l.cookie, 'logged in');
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  const api = (method, path, body) => fetch(`${site}${path}`, {
    method, headers: { cookie: l.cookie, 'x-csrf-token': me.csrf_token, 'content-type': 'application/json', 'accept-language': 'en' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const form = (fields) => fetch(`${site}/my-data/self-declared`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: l.cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    body: new URLSearchParams({ csrf_token: me.csrf_token, ...fields }).toString(),
  });
  const page = async () => (await fetch(`${site}/my-data`, { headers: { cookie: l.cookie, 'accept-language': 'en' } })).text();
  return { cookie: l.cookie, space: me.active_space.id, id: me.person?.id, api, form, page };
}

const values = async (s) => {
  const res = await s.api('GET', '/api/v1/self-declared');
  assert.equal(res.status, 200);
  return (await res.json()).values;
};
const stored = (attribute) => Number(sql(g.db, `SELECT count(*) FROM self_declared WHERE attribute = '${attribute}'`));
// The day a value is declared is Luxembourg's, not UTC's (util/local_time.c).
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Luxembourg' }).format(new Date());

test('add, change and delete through the API; each answer comes once it is stored', async () => {
  const s = await session();
  const all = await (await s.api('GET', '/api/v1/self-declared')).json();
  assert.deepEqual(all.attributes, ['phone', 'email', 'iban', 'preferred_language', 'employer_name', 'profession']);

  let res = await s.api('PUT', '/api/v1/self-declared/email', { value: ' anne.muller@example.lu ' });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { attribute: 'email', value: 'anne.muller@example.lu', as_of: today() });
  assert.equal(sql(g.db, "SELECT value FROM self_declared WHERE attribute = 'email'"), 'anne.muller@example.lu');
  assert.deepEqual((await values(s)).email, { value: 'anne.muller@example.lu', as_of: today() });

  res = await s.api('PUT', '/api/v1/self-declared/email', { value: 'anne@example.org' });
  assert.equal(res.status, 200);
  assert.equal((await values(s)).email.value, 'anne@example.org');
  assert.equal(stored('email'), 1, 'changed in place, one row');

  for (const [attribute, value] of [['iban', 'LU28 0019 4006 4475 0000'], ['preferred_language', 'en'],
    ['employer_name', 'Société Électrique S.à r.l.'], ['profession', 'Ingénieure']]) {
    res = await s.api('PUT', `/api/v1/self-declared/${attribute}`, { value });
    assert.equal(res.status, 200, attribute);
    assert.equal((await values(s))[attribute].value, value);
  }

  res = await s.api('DELETE', '/api/v1/self-declared/email');
  assert.equal(res.status, 204);
  assert.equal((await values(s)).email, undefined);
  assert.equal(stored('email'), 0);
  // Deleting what is not there is not an error.
  assert.equal((await s.api('DELETE', '/api/v1/self-declared/email')).status, 204);
  for (const a of ['iban', 'preferred_language', 'employer_name', 'profession'])
    assert.equal((await s.api('DELETE', `/api/v1/self-declared/${a}`)).status, 204);
  assert.deepEqual(await values(s), {});
});

test('a bad value is refused naming /value, with the reason; nothing is stored', async () => {
  const s = await session();
  const bad = [
    ['phone', '621 123 456', /phone/], ['phone', '+352 abc', /phone/], ['phone', '', /value/],
    ['iban', 'LU28 0019 4006 4475 0001', /IBAN/], ['iban', 'not an iban', /IBAN/],
    ['email', 'anne.muller', /e-mail/], ['email', 'a@b@example.lu', /e-mail/],
    ['preferred_language', 'it', /fr, de, en, lb/],
    ['profession', 'x'.repeat(201), /long/], ['profession', 'two\nlines', /control/],
  ];
  for (const [attribute, value, reason] of bad) {
    const res = await s.api('PUT', `/api/v1/self-declared/${attribute}`, { value });
    assert.equal(res.status, 400, `${attribute} ${JSON.stringify(value)}`);
    const problem = await res.json();
    assert.equal(problem.field, '/value');
    assert.match(problem.detail, reason);
    assert.ok(!problem.detail.includes(value) || value === '', 'the reason does not repeat the value');
    assert.equal(stored(attribute), 0, `${attribute} not stored`);
  }
  // The body is checked too, and an unknown attribute does not exist.
  assert.equal((await s.api('PUT', '/api/v1/self-declared/phone', {})).status, 400);
  assert.equal((await s.api('PUT', '/api/v1/self-declared/phone', { value: 5 })).status, 400);
  assert.equal((await s.api('PUT', '/api/v1/self-declared/shoe_size', { value: '42' })).status, 404);
  assert.equal((await s.api('DELETE', '/api/v1/self-declared/shoe_size')).status, 404);
  assert.equal(Number(sql(g.db, 'SELECT count(*) FROM self_declared')), 0);
  // A bad value does not replace a good one.
  assert.equal((await s.api('PUT', '/api/v1/self-declared/phone', { value: '+352 621 000 111' })).status, 200);
  assert.equal((await s.api('PUT', '/api/v1/self-declared/phone', { value: '12' })).status, 400);
  assert.equal((await values(s)).phone.value, '+352 621 000 111');
  assert.equal((await s.api('DELETE', '/api/v1/self-declared/phone')).status, 204);
});

test('the my-data page shows them apart, "Declared by you"; the no-JS form adds, changes and deletes', async () => {
  const s = await session();
  assert.equal((await s.api('PUT', '/api/v1/self-declared/phone', { value: '+352 621 555 777' })).status, 200);
  let html = await s.page();
  const at = html.indexOf('id="self-declared"');
  assert.ok(at > 0, 'the self-declared section');
  const registers = html.slice(0, at), mine = html.slice(at);
  assert.ok(registers.includes('gx-register'), 'the registers come first');
  assert.ok(!registers.includes('+352 621 555 777'), 'not mixed with the registers');
  assert.match(mine, /\+352 621 555 777 <strong class="govuk-tag[^"]*">Declared by you<\/strong>/);
  assert.match(mine, /<label class="govuk-label" for="self-attribute">/);
  assert.match(mine, /<select class="govuk-select" id="self-attribute" name="attribute">/);
  assert.match(mine, /<option value="preferred_language">Preferred language<\/option>/);
  assert.match(mine, /<label class="govuk-label" for="self-value">/);
  const forms = mine.match(/<form [^>]*action="\/my-data\/self-declared"[\s\S]*?<\/form>/g);
  assert.equal(forms.length, 2, 'a delete form for the phone, the add form');
  for (const f of forms) assert.match(f, /name="csrf_token" value="[^"]+"/);

  // The form without JavaScript: add, change, delete; each a 303 back to the page.
  let res = await s.form({ attribute: 'profession', value: 'Boulanger' });
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /^\/my-data/);
  assert.equal((await values(s)).profession.value, 'Boulanger');
  res = await s.form({ attribute: 'profession', value: 'Pâtissier' });
  assert.equal(res.status, 303);
  assert.equal((await values(s)).profession.value, 'Pâtissier');
  html = await s.page();
  assert.match(html.slice(html.indexOf('id="self-declared"')), /Pâtissier <strong class="govuk-tag[^"]*">Declared by you/);
  res = await s.form({ attribute: 'phone', value: '12345' });
  assert.equal(res.status, 400);
  assert.equal((await values(s)).phone.value, '+352 621 555 777', 'unchanged');
  res = await s.form({ attribute: 'profession', delete: '1' });
  assert.equal(res.status, 303);
  assert.equal((await values(s)).profession, undefined);
  // Without the CSRF token, refused.
  res = await fetch(`${site}/my-data/self-declared`, { method: 'POST', redirect: 'manual',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'attribute=profession&value=Spy' });
  assert.equal(res.status, 403);
  assert.equal((await values(s)).profession, undefined);
  // The API's my data carries them apart too.
  const md = await (await fetch(`${site}/api/v1/my-data`, { headers: { cookie: s.cookie } })).json();
  assert.deepEqual(Object.keys(md.self_declared), ['phone']);
  assert.equal((await s.api('DELETE', '/api/v1/self-declared/phone')).status, 204);
});

test('a procedure with a {"self": "phone"} field opened after declaring a phone has it prefilled, provenance "self"', async () => {
  const s = await session();
  assert.equal((await s.api('PUT', '/api/v1/self-declared/phone', { value: '+352 621 123 456' })).status, 200);
  assert.equal((await s.api('PUT', '/api/v1/self-declared/email', { value: 'anne@example.lu' })).status, 200);
  const res = await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'change-of-address' });
  assert.equal(res.status, 201);
  const draft = await res.json();
  assert.equal(draft.data.phone, '+352 621 123 456');
  assert.deepEqual(draft.provenance.phone, { source: 'self', attribute: 'phone', as_of: today() });
  assert.equal(draft.data.email, 'anne@example.lu');
  assert.equal(draft.provenance.email.source, 'self');
  // The registers' values keep their own provenance.
  for (const [id, p] of Object.entries(draft.provenance)) if (id !== 'phone' && id !== 'email') assert.equal(p.source, 'persons', id);
  // Resumed, the same.
  const resumed = await (await s.api('GET', `/api/v1/spaces/${s.space}/drafts/${draft.id}`)).json();
  assert.equal(resumed.provenance.phone.source, 'self');
  assert.equal((await s.api('DELETE', `/api/v1/spaces/${s.space}/drafts/${draft.id}`)).status, 204);

  // Nothing declared: the field stays empty.
  assert.equal((await s.api('DELETE', '/api/v1/self-declared/phone')).status, 204);
  const empty = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'change-of-address' })).json();
  assert.equal(empty.data.phone, undefined);
  assert.equal(empty.provenance.phone, undefined);
  assert.equal(empty.data.email, 'anne@example.lu');
  assert.equal((await s.api('DELETE', '/api/v1/self-declared/email')).status, 204);
});

test('register values and self values each fill their fields; prefer and choice options are honoured', async () => {
  const s = await session();
  assert.equal((await s.api('PUT', '/api/v1/self-declared/phone', { value: '+352 621 999 000' })).status, 200);
  assert.equal((await s.api('PUT', '/api/v1/self-declared/iban', { value: 'LU28 0019 4006 4475 0000' })).status, 200);
  assert.equal((await s.api('PUT', '/api/v1/self-declared/preferred_language', { value: 'lb' })).status, 200);
  let draft = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: FIXTURE.id })).json();
  assert.equal(draft.data.family_name, person.family_name);
  assert.equal(draft.provenance.family_name.source, 'persons');
  assert.equal(draft.data.phone, '+352 621 999 000');
  assert.deepEqual(draft.provenance.phone, { source: 'self', attribute: 'phone', as_of: today() });
  assert.equal(draft.data.iban, 'LU28 0019 4006 4475 0000');
  assert.equal(draft.provenance.iban.source, 'self');
  // "lb" is not one of this choice's options: not prefilled.
  assert.equal(draft.data.language, undefined);
  assert.equal((await s.api('PUT', '/api/v1/self-declared/preferred_language', { value: 'de' })).status, 200);
  draft = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: FIXTURE.id })).json();
  assert.equal(draft.data.language, 'de');
  assert.deepEqual(draft.provenance.language, { source: 'self', attribute: 'preferred_language', as_of: today() });
  for (const a of ['phone', 'iban', 'preferred_language'])
    assert.equal((await s.api('DELETE', `/api/v1/self-declared/${a}`)).status, 204);
});

test('another person cannot see or change them', async () => {
  const mine = await session(person);
  const theirs = await session(other);
  assert.equal((await mine.api('PUT', '/api/v1/self-declared/phone', { value: '+352 621 111 222' })).status, 200);
  assert.deepEqual(await values(theirs), {}, 'the other person sees none of them');
  const md = await (await fetch(`${site}/api/v1/my-data`, { headers: { cookie: theirs.cookie } })).json();
  assert.deepEqual(md.self_declared, {});
  assert.ok(!(await theirs.page()).includes('+352 621 111 222'));
  // Their writes and deletes only ever touch their own data.
  assert.equal((await theirs.api('PUT', '/api/v1/self-declared/phone', { value: '+49 30 1234 5678' })).status, 200);
  assert.equal((await theirs.api('DELETE', '/api/v1/self-declared/phone')).status, 204);
  assert.equal((await theirs.form({ attribute: 'phone', delete: '1' })).status, 303);
  assert.equal((await values(mine)).phone.value, '+352 621 111 222');
  assert.deepEqual(await values(theirs), {});
  // Their drafts are not prefilled from the first person's data.
  const draft = await (await theirs.api('POST', `/api/v1/spaces/${theirs.space}/drafts`, { procedure: 'change-of-address' })).json();
  assert.equal(draft.data.phone, undefined);
  assert.equal((await mine.api('DELETE', '/api/v1/self-declared/phone')).status, 204);
});

// --- a register attribute and a self-declared one for the same field ---------------------

const DECLARED_EMPLOYER = 'Boulangerie Reuter S.à r.l.';
const ssDb = () => regs.social_security.db;
// A person (not the one above) the social security register knows an employer for.
function employed() {
  const keys = new Set(sql(ssDb(), {
    sqlite: "SELECT key FROM records WHERE json_extract(data, '$.employer_name') IS NOT NULL",
    postgresql: "SELECT key FROM records WHERE data::json ->> 'employer_name' IS NOT NULL",
  }).split('\n'));
  const who = pop.population.find((p) => keys.has(p.national_id) && p.national_id !== person.national_id && p.national_id !== other.national_id);
  assert.ok(who, 'someone with an employer in the register');
  return who;
}
const registerEmployer = (who) => sql(ssDb(), {
  sqlite: `SELECT json_extract(data, '$.employer_name') FROM records WHERE key = '${who.national_id}'`,
  postgresql: `SELECT data::json ->> 'employer_name' FROM records WHERE key = '${who.national_id}'`,
});
const open = async (s, procedure) => {
  const res = await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure });
  assert.equal(res.status, 201);
  return res.json();
};
const statusOf = (draft, register) => draft.sources.find((x) => x.register === register)?.status;
// Personal values are compared, never printed: a failure names the field only.
const same = (got, want, what) => assert.ok(got === want, what);

test('both have a value: the register\'s wins, "prefer": "self" takes the declared one; the provenance says which', async () => {
  const who = employed();
  const authentic = registerEmployer(who);
  assert.ok(authentic && authentic !== DECLARED_EMPLOYER);
  const s = await session(who);
  assert.equal((await s.api('PUT', '/api/v1/self-declared/employer_name', { value: DECLARED_EMPLOYER })).status, 200);

  const draft = await open(s, FIXTURE.id);
  assert.equal(statusOf(draft, 'social_security'), 'ok');
  same(draft.data.employer, authentic, 'employer: the register\'s value');
  const p = draft.provenance.employer;
  assert.equal(p.source, 'social_security');
  assert.equal(p.attribute, 'employer_name');
  assert.match(p.as_of, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(typeof p.version, 'number');
  assert.equal(p.register, undefined);
  assert.equal(draft.data.employer_mine, DECLARED_EMPLOYER);
  assert.deepEqual(draft.provenance.employer_mine, { source: 'self', attribute: 'employer_name', as_of: today(),
    register: { source: 'social_security', attribute: 'employer_name', outcome: 'not_preferred' } });
  // Resumed, the same.
  const resumed = await (await s.api('GET', `/api/v1/spaces/${s.space}/drafts/${draft.id}`)).json();
  assert.deepEqual(resumed.provenance, draft.provenance);
  assert.equal((await s.api('DELETE', `/api/v1/spaces/${s.space}/drafts/${draft.id}`)).status, 204);

  // A shipped definition that names both: the register's employer.
  const shipped = await open(s, 'tax-class-change');
  same(shipped.data.employer_name, authentic, 'tax-class-change employer_name: the register\'s value');
  assert.equal(shipped.provenance.employer_name.source, 'social_security');
  assert.equal((await s.api('DELETE', `/api/v1/spaces/${s.space}/drafts/${shipped.id}`)).status, 204);

  assert.ok(!g.log().includes(authentic) && !g.log().includes(DECLARED_EMPLOYER), 'no employer in the log');
  assert.equal((await s.api('DELETE', '/api/v1/self-declared/employer_name')).status, 204);
});

test('No to the social security register: the declared employer fills the field, the provenance says the register was declined', async () => {
  const who = employed();
  const s = await session(who);
  assert.equal((await s.api('PUT', '/api/v1/self-declared/employer_name', { value: DECLARED_EMPLOYER })).status, 200);
  assert.equal((await s.api('PUT', '/api/v1/my-data/choices', { register: 'social_security', allow: false })).status, 200);
  const asked = sql(ssDb(), 'SELECT count(*) FROM access_log');

  let draft = await open(s, FIXTURE.id);
  assert.equal(statusOf(draft, 'social_security'), 'declined');
  for (const id of ['employer', 'employer_mine']) {
    assert.equal(draft.data[id], DECLARED_EMPLOYER, id);
    assert.deepEqual(draft.provenance[id], { source: 'self', attribute: 'employer_name', as_of: today(),
      register: { source: 'social_security', attribute: 'employer_name', outcome: 'declined' } }, id);
  }
  assert.equal(draft.provenance.family_name.source, 'persons', 'the other register still fills its fields');
  assert.equal(sql(ssDb(), 'SELECT count(*) FROM access_log'), asked, 'the declined register was not asked');

  // Nothing declared either: the field stays empty.
  assert.equal((await s.api('DELETE', '/api/v1/self-declared/employer_name')).status, 204);
  draft = await open(s, FIXTURE.id);
  assert.equal(draft.data.employer, undefined);
  assert.equal(draft.provenance.employer, undefined);
  assert.equal((await s.api('PUT', '/api/v1/my-data/choices', { register: 'social_security', allow: true })).status, 200);
});

// Last: it stops the social security register.
test('the social security register is down: the declared employer fills the field, the provenance says the register was unavailable', async () => {
  const who = employed();
  const s = await session(who);
  assert.equal((await s.api('PUT', '/api/v1/self-declared/employer_name', { value: DECLARED_EMPLOYER })).status, 200);
  // Up: the register's value, which the declared one must not replace silently once it is down.
  let draft = await open(s, FIXTURE.id);
  assert.equal(draft.provenance.employer.source, 'social_security');

  await regs.social_security.stop();   // judged: exit 0, no sanitizer report
  draft = await open(s, FIXTURE.id);
  assert.equal(statusOf(draft, 'social_security'), 'unavailable');
  assert.equal(draft.data.employer, DECLARED_EMPLOYER);
  assert.deepEqual(draft.provenance.employer, { source: 'self', attribute: 'employer_name', as_of: today(),
    register: { source: 'social_security', attribute: 'employer_name', outcome: 'unavailable' } });
  assert.equal(draft.provenance.family_name.source, 'persons');
  // The shipped definition too.
  const shipped = await open(s, 'child-benefit');
  assert.equal(shipped.data.employer_name, DECLARED_EMPLOYER);
  assert.equal(shipped.provenance.employer_name.register.outcome, 'unavailable');
  assert.equal((await s.api('DELETE', '/api/v1/self-declared/employer_name')).status, 204);
});
