// Procedures over the API: a draft prefilled from the registers with each
// value's provenance, saved and resumed after a new login, server-side
// validation returning every error at once, a durable submission with a
// readable reference and a receipt that verifies with node's own Ed25519.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql } from './lib/registers.mjs';
import { stopAll } from './lib/exit.mjs';

let pop, regs = {}, work, g, env, idp, site, person;
// Set by the kill -9 test: guichetd's end is then that signal, not exit 0.
let killed = false;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-procedures-'));
  regs.persons = await startRegistryd('persons', pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  env = {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'),
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url }),
  };
  g = await startGuichetd({ env });
  person = pop.population.find((p) => p.featured);
});

// Every guichetd and registryd exit is judged (lib/exit.mjs), after all are stopped.
after(async () => {
  await stopAll(() => g?.stop(killed ? { expect: { signal: 'SIGKILL' } } : {}), () => g?.cleanup(), idp, regs.persons,
    () => pop?.cleanup(), () => work && rmSync(work, { recursive: true, force: true }));
});

async function session() {
  const l = await login({ site }, { nationalId: person.national_id });
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  const api = (method, path, body) => fetch(`${site}${path}`, {
    method, headers: { cookie: l.cookie, 'x-csrf-token': me.csrf_token, 'content-type': 'application/json', 'accept-language': 'en' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { cookie: l.cookie, space: me.active_space.id, csrf: me.csrf_token, api };
}

// by post: the submission stays with the commune (delivered to the letter box, a certificate of
// residence is issued automatically: certificates.test.mjs)
const choices = { certificate_type: 'residence', certificate_language: 'en', copies: 2, delivery: 'post' };

test('opening a procedure gives a draft prefilled from the register, with provenance; it survives a new login', async () => {
  const s = await session();
  const res = await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'certificate-of-residence' });
  assert.equal(res.status, 201);
  const draft = await res.json();
  assert.equal(draft.data.family_name, person.family_name);
  assert.equal(draft.data.given_name, person.given_name);
  assert.equal(draft.provenance.family_name.source, 'persons');
  assert.match(draft.provenance.family_name.as_of, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(draft.sources, [{ register: 'persons', status: 'ok' }]);
  // The read was recorded, attribute names only.
  assert.match(sql(g.db, "SELECT attributes FROM access_records WHERE purpose = 'certificate-of-residence'"), /family_name/);

  const saved = await s.api('PUT', `/api/v1/spaces/${s.space}/drafts/${draft.id}`, { data: { ...draft.data, copies: 3 }, step: 1 });
  assert.equal(saved.status, 200);

  const again = await session(); // a new login, a new session
  assert.notEqual(again.cookie, s.cookie);
  const resumed = await (await again.api('GET', `/api/v1/spaces/${again.space}/drafts/${draft.id}`)).json();
  assert.equal(resumed.step, 1);
  assert.equal(resumed.data.copies, 3);

  const gone = await again.api('DELETE', `/api/v1/spaces/${again.space}/drafts/${draft.id}`);
  assert.equal(gone.status, 204);
  assert.equal((await again.api('GET', `/api/v1/spaces/${again.space}/drafts/${draft.id}`)).status, 404);
});

test('submitting checks everything on the server and returns every error at once; nothing is stored', async () => {
  const s = await session();
  const draft = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'certificate-of-residence' })).json();
  const bad = { ...draft.data, ...choices, copies: 9, delivery: 'pigeon', certificate_language: undefined, colour: 'red' };
  await s.api('PUT', `/api/v1/spaces/${s.space}/drafts/${draft.id}`, { data: bad, step: 1 });
  const before = sql(g.db, 'SELECT count(*) FROM submissions');
  const res = await s.api('POST', `/api/v1/spaces/${s.space}/drafts/${draft.id}/submit`);
  assert.equal(res.status, 422);
  const problem = await res.json();
  assert.equal(problem.code, 'validation_failed');
  const fields = problem.errors.map((e) => `${e.field} ${e.code}`).sort();
  assert.deepEqual(fields, ['/certificate_language required', '/colour unknown_field', '/copies too_large', '/delivery not_an_option']);
  for (const e of problem.errors) assert.ok(e.message && !e.message.includes('pigeon'));
  assert.equal(sql(g.db, 'SELECT count(*) FROM submissions'), before);
  assert.equal((await s.api('GET', `/api/v1/spaces/${s.space}/drafts/${draft.id}`)).status, 200, 'the draft is kept');
});

test('a procedure with reuse needs the person\'s answer (422 naming /reuse_consent), a boolean; No asks for what is asked instead', async () => {
  const s = await session();
  const draft = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'rent-subsidy' })).json();
  assert.equal(draft.data.reuse_consent, undefined, 'nothing answered for the person');
  const errorsWith = async (extra) => {
    const saved = await s.api('PUT', `/api/v1/spaces/${s.space}/drafts/${draft.id}`, { data: { ...draft.data, ...extra }, step: 0 });
    assert.equal(saved.status, 200);
    const res = await s.api('POST', `/api/v1/spaces/${s.space}/drafts/${draft.id}/submit`);
    assert.equal(res.status, 422);
    const problem = await res.json();
    assert.equal(problem.code, 'validation_failed');
    return problem.errors;
  };
  const about = (errors, field) => errors.filter((e) => e.field === field).map((e) => e.code);
  const before = sql(g.db, 'SELECT count(*) FROM submissions');
  let errors = await errorsWith({});
  assert.deepEqual(about(errors, '/reuse_consent'), ['required']);
  assert.equal(errors.find((e) => e.field === '/reuse_consent').message,
    'Say whether the organisation may fetch these data from the registers itself');
  assert.deepEqual(about(errors, '/household_certificate'), [], 'optional until the person says No');
  errors = await errorsWith({ reuse_consent: 'yes' });
  assert.deepEqual(about(errors, '/reuse_consent'), ['wrong_type']);
  errors = await errorsWith({ reuse_consent: true });
  assert.deepEqual(about(errors, '/reuse_consent'), []);
  assert.deepEqual(about(errors, '/household_certificate'), []);
  errors = await errorsWith({ reuse_consent: false });
  assert.deepEqual(about(errors, '/reuse_consent'), []);
  assert.deepEqual(about(errors, '/household_certificate'), ['required']);
  assert.equal(sql(g.db, 'SELECT count(*) FROM submissions'), before, 'nothing stored');
  // A procedure without reuse drops the answer: it is not in what is submitted.
  const other = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'certificate-of-residence' })).json();
  await s.api('PUT', `/api/v1/spaces/${s.space}/drafts/${other.id}`, { data: { ...other.data, ...choices, reuse_consent: true }, step: 1 });
  const res = await s.api('POST', `/api/v1/spaces/${s.space}/drafts/${other.id}/submit`);
  assert.equal(res.status, 201);
  const sub = await (await s.api('GET', `/api/v1/spaces/${s.space}/submissions/${(await res.json()).id}`)).json();
  assert.equal(sub.data.reuse_consent, undefined);
});

test('a valid submission gets a reference and a receipt that verifies with an independent Ed25519', async () => {
  const s = await session();
  const draft = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'certificate-of-residence' })).json();
  await s.api('PUT', `/api/v1/spaces/${s.space}/drafts/${draft.id}`, { data: { ...draft.data, ...choices }, step: 1 });
  const res = await s.api('POST', `/api/v1/spaces/${s.space}/drafts/${draft.id}/submit`);
  assert.equal(res.status, 201);
  const sub = await res.json();
  assert.match(sub.reference, /^\d{4}-GX-\d{6}$/);
  // The reference's year is Luxembourg's at the time of submission (from 23:00 UTC on 31 December, the next one).
  const luxYear = (t) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Luxembourg', year: 'numeric' }).format(t);
  assert.equal(sub.reference.slice(0, 4), luxYear(new Date(sub.receipt.submitted_at)));
  assert.equal(sub.receipt.reference, sub.reference);
  assert.equal(sub.receipt.procedure, 'certificate-of-residence');

  const jwk = await (await fetch(`${site}/api/v1/receipts/key`)).json();
  assert.equal(jwk.crv, 'Ed25519');
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  assert.equal(verify(null, Buffer.from(sub.receipt_text), key, Buffer.from(sub.signature, 'base64url')), true);
  const forged = sub.receipt_text.replace(sub.reference, '2026-GX-999999');
  assert.equal(verify(null, Buffer.from(forged), key, Buffer.from(sub.signature, 'base64url')), false);

  assert.equal((await s.api('GET', `/api/v1/spaces/${s.space}/drafts/${draft.id}`)).status, 404, 'the draft became the submission');
  const got = await (await s.api('GET', `/api/v1/spaces/${s.space}/submissions/${sub.id}`)).json();
  assert.equal(got.reference, sub.reference);
  assert.equal(got.version, draft.version);
  assert.deepEqual(got.timeline.map((e) => e.status), ['submitted']);
  assert.equal(got.signature, sub.signature);
});

// A person's value compared without printing it when it differs (personal data stays out of the test output).
const same = (got, want, what) => assert.ok(JSON.stringify(got) === JSON.stringify(want), what);

test('a group prefilled from a register\'s list: one item per child, each whole (national id, names, birth date); the page shows them and their source', async () => {
  const row = sql(regs.persons.db, {
    sqlite: "SELECT key, json_extract(data, '$.children') FROM records"
      + " WHERE json_array_length(json_extract(data, '$.children')) >= 2 ORDER BY key LIMIT 1",
    postgresql: "SELECT key, data::json -> 'children' FROM records"
      + " WHERE json_array_length(data::json -> 'children') >= 2 ORDER BY key COLLATE \"C\" LIMIT 1",
  });
  assert.ok(row, 'a parent of two or more in the register');
  const [parent, list] = row.split('|');
  const children = JSON.parse(list);
  const l = await login({ site }, { nationalId: parent });
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  const res = await fetch(`${site}/api/v1/spaces/${me.active_space.id}/drafts`, {
    method: 'POST', headers: { cookie: l.cookie, 'x-csrf-token': me.csrf_token, 'content-type': 'application/json' },
    body: JSON.stringify({ procedure: 'child-benefit' }) });
  assert.equal(res.status, 201);
  const draft = await res.json();
  assert.equal(draft.data.children.length, Math.min(children.length, 12));
  // Each child whole: its national id from the parent's record, its names and birth date from its own.
  const record = (id) => JSON.parse(sql(regs.persons.db, `SELECT data FROM records WHERE key = '${id}'`));
  same(draft.data.children, children.slice(0, 12).map((id) => { const c = record(id);
    return { national_id: id, given_name: c.given_name, family_name: c.family_name, birth_date: c.birth_date }; }),
  'one item per child, whole from the register');
  assert.equal(draft.provenance.children.source, 'persons');
  assert.equal(draft.provenance.children.attribute, 'children');
  assert.match(draft.provenance.children.as_of, /^\d{4}-\d{2}-\d{2}$/);
  // The children step: an item per child, its national id in its input, the list's source under the heading.
  const html = await (await fetch(`${site}/spaces/${me.active_space.id}/drafts/${draft.id}/steps/3`,
    { headers: { cookie: l.cookie, 'accept-language': 'en' } })).text();
  children.slice(0, 12).forEach((id, i) => assert.ok(html.includes(`name="children.${i}.national_id" type="text" value="${id}"`), `item ${i}`));
  assert.match(html, /id="f-children-source">Source: National register of natural persons, as of \d{4}-\d{2}-\d{2}</);
  // Saved as it is, the items check as the person's answers: only the questions the register cannot answer are asked.
  const check = await fetch(`${site}/api/v1/spaces/${me.active_space.id}/drafts/${draft.id}/submit`, {
    method: 'POST', headers: { cookie: l.cookie, 'x-csrf-token': me.csrf_token, 'accept-language': 'en' } });
  assert.equal(check.status, 422);
  const problem = await check.json();
  const about = problem.errors.filter((e) => e.field.startsWith('/children/')).map((e) => `${e.field.replace(/\/\d+\//, '/N/')} ${e.code}`);
  assert.deepEqual([...new Set(about)], ['/children/N/lives_with_you required'], 'national ids valid and known; no unknown member');
});

test('the overview lists drafts and procedures, filtered, counted and paged from a position', async () => {
  const s = await session();
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'dog-registration' })).json()).id);
  const all = await (await s.api('GET', `/api/v1/spaces/${s.space}/overview?per_page=2`)).json();
  assert.equal(all.items.length, 2);
  assert.ok(all.total >= 3);
  assert.equal(all.items[0].title.length > 0, true);
  assert.equal(typeof all.next, 'string', 'a full page says where the next begins');
  const page2 = await (await s.api('GET', `/api/v1/spaces/${s.space}/overview?per_page=2&after=${all.next}`)).json();
  assert.notEqual(page2.items[0]?.id, all.items[0].id);
  const drafts = await (await s.api('GET', `/api/v1/spaces/${s.space}/overview?filter=drafts&per_page=100`)).json();
  for (const id of ids) assert.ok(drafts.items.some((x) => x.kind === 'draft' && x.id === id));
  assert.equal(drafts.total, drafts.items.length);
  assert.equal(drafts.next, null);
  // The counts the store keeps are what a walk finds.
  const every = await (await s.api('GET', `/api/v1/spaces/${s.space}/overview?per_page=100`)).json();
  assert.equal(every.total, every.items.length);
  assert.equal(all.total, every.total);
  assert.equal(every.counts.all, every.total);
  assert.equal(every.counts.drafts, drafts.total);
  assert.equal(every.counts.drafts + every.counts.active + every.counts.completed, every.counts.all);
  const walked = [];
  for (let after = ''; ;) {
    const page = await (await s.api('GET', `/api/v1/spaces/${s.space}/overview?per_page=2${after ? `&after=${after}` : ''}`)).json();
    walked.push(...page.items);
    assert.equal(page.total, every.total);
    if (!page.next) break;
    after = page.next;
  }
  assert.deepEqual(walked.map((x) => `${x.kind}${x.id}`), every.items.map((x) => `${x.kind}${x.id}`));
  assert.deepEqual(every.items.slice(0, 4).map((x) => x.id), [...all.items, ...page2.items].map((x) => x.id));
  // Who started each: the person themselves.
  assert.ok(drafts.items.every((x) => typeof x.started_by === 'string' && x.started_by.length > 0));
  const active = await (await s.api('GET', `/api/v1/spaces/${s.space}/overview?filter=active&per_page=100`)).json();
  assert.ok(active.items.every((x) => x.kind === 'submission' && x.status !== 'completed'));
  assert.ok(active.items.some((x) => /^\d{4}-GX-\d{6}$/.test(x.reference)));
  assert.equal((await s.api('GET', `/api/v1/spaces/${s.space}/overview?filter=bogus`)).status, 400);
  assert.equal((await s.api('GET', `/api/v1/spaces/${s.space}/overview?per_page=1000`)).status, 400);
  for (const bad of ['x', '1.2', '1.2.x', '-1.2.d', '1.0.d', '01.2.d', '1.2.dd'])
    assert.equal((await s.api('GET', `/api/v1/spaces/${s.space}/overview?after=${bad}`)).status, 400, bad);
});

test('a draft submitted twice at once becomes one submission', async () => {
  const s = await session();
  const draft = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'certificate-of-residence' })).json();
  await s.api('PUT', `/api/v1/spaces/${s.space}/drafts/${draft.id}`, { data: { ...draft.data, ...choices }, step: 1 });
  const before = Number(sql(g.db, 'SELECT count(*) FROM submissions'));
  const answers = await Promise.all(Array.from({ length: 8 }, () => s.api('POST', `/api/v1/spaces/${s.space}/drafts/${draft.id}/submit`)));
  const statuses = answers.map((a) => a.status).sort();
  assert.equal(statuses.filter((x) => x === 201).length, 1, statuses.join(','));
  assert.ok(statuses.every((x) => x === 201 || x === 409 || x === 404), statuses.join(','));
  assert.equal(Number(sql(g.db, 'SELECT count(*) FROM submissions')), before + 1);
});

test('attachments: typed from their bytes, within the field\'s limits, downloadable by the space only, kept with the submission', async () => {
  const s = await session();
  const draft = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'dog-registration' })).json();
  const upload = (field, bytes, type = 'application/pdf') => fetch(`${site}/api/v1/spaces/${s.space}/drafts/${draft.id}/attachments?field=${field}`, {
    method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': (s.csrf), 'content-type': type }, body: bytes,
  });
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
  let res = await upload('rabies_certificate', pdf);
  assert.equal(res.status, 201);
  const a = await res.json();
  assert.match(a.id, /^att_[0-9a-f]{32}$/);
  assert.equal(a.content_type, 'application/pdf');
  // The client's Content-Type is not believed: a PNG sent as a PDF is a PNG.
  res = await upload('rabies_certificate', png, 'application/pdf');
  assert.equal(res.status, 201);
  assert.equal((await res.json()).content_type, 'image/png');
  // max_files is 2 for this field.
  res = await upload('rabies_certificate', pdf);
  assert.equal(res.status, 409);
  // An executable or text is refused whatever it claims to be.
  res = await upload('insurance_certificate', Buffer.from('MZ\x90\x00 not a pdf'), 'application/pdf');
  assert.equal(res.status, 415);
  // Over the field's 5 MiB.
  res = await upload('insurance_certificate', Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024 + 1)]));
  assert.equal(res.status, 413);
  res = await upload('no_such_field', pdf);
  assert.equal(res.status, 400);

  const down = await fetch(`${site}/api/v1/spaces/${s.space}/attachments/${a.id}`, { headers: { cookie: s.cookie } });
  assert.equal(down.status, 200);
  assert.equal(down.headers.get('content-type'), 'application/pdf');
  assert.match(down.headers.get('content-disposition'), /^attachment/);
  assert.deepEqual(Buffer.from(await down.arrayBuffer()), pdf);
  // Someone else, even guessing the id, gets nothing.
  const other = await login({ site }, { nationalId: pop.population.find((p) => p.featured && p.national_id !== person.national_id).national_id });
  const me2 = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: other.cookie } })).json();
  assert.equal((await fetch(`${site}/api/v1/spaces/${s.space}/attachments/${a.id}`, { headers: { cookie: other.cookie } })).status, 404);
  assert.equal((await fetch(`${site}/api/v1/spaces/${me2.active_space.id}/attachments/${a.id}`, { headers: { cookie: other.cookie } })).status, 404);
  assert.equal(sql(g.db, `SELECT count(*) FROM attachments WHERE draft_id = ${draft.id}`), '2');
});

// A valid dog registration but for its files (the person's own data from the register).
async function dogDraft(s) {
  const draft = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'dog-registration' })).json();
  const data = { ...draft.data, email: 'marie@example.lu', dog_name: 'Rex', breed: 'Beagle', dog_birth_date: '2020-05-01',
    sex: 'male', chip_number: '123456789012345', acquired_on: '2020-08-01', dangerous: false };
  return { draft, data };
}

test('an upload is added to the draft\'s value of its field, with its name; a file field inside a group item is named by its place', async () => {
  const s = await session();
  const { draft } = await dogDraft(s);
  const upload = (query, bytes) => fetch(`${site}/api/v1/spaces/${s.space}/drafts/${draft.id}/attachments?${query}`, {
    method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/octet-stream' }, body: bytes,
  });
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 0x41)]);
  let res = await upload(`field=rabies_certificate&name=${encodeURIComponent('C:\\Users\\marie\\vaccin\u00e9 2026.pdf')}`, pdf);
  assert.equal(res.status, 201);
  const a = await res.json();
  assert.equal(a.name, 'vaccin\u00e9 2026.pdf', 'folders are not kept');
  assert.equal(a.field, 'rabies_certificate');
  const got = await (await s.api('GET', `/api/v1/spaces/${s.space}/drafts/${draft.id}`)).json();
  assert.deepEqual(got.data.rabies_certificate, [a.id]);
  const down = await fetch(`${site}/api/v1/spaces/${s.space}/attachments/${a.id}`, { headers: { cookie: s.cookie } });
  assert.equal(down.headers.get('content-disposition'), `attachment; filename="vaccin__ 2026.pdf"; filename*=UTF-8''vaccin%C3%A9%202026.pdf`);

  // healthcare-reimbursement: each invoice (a group item) has its own file field.
  const hr = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'healthcare-reimbursement' })).json();
  const up2 = (field) => fetch(`${site}/api/v1/spaces/${s.space}/drafts/${hr.id}/attachments?field=${field}`, {
    method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, body: pdf,
  });
  res = await up2('invoices.0.invoice');
  assert.equal(res.status, 201);
  const inv = await res.json();
  assert.equal(inv.field, 'invoices.invoice');
  assert.equal((await up2('invoices.2.invoice')).status, 400, 'no second item yet, so no third');
  assert.equal((await up2('invoices.1.invoice')).status, 201, 'the next item is made');
  assert.equal((await up2('invoices.0.provider_name')).status, 400, 'not a file field');
  assert.equal((await up2('invoices.invoice')).status, 400, 'a group needs its item');
  const hrGot = await (await s.api('GET', `/api/v1/spaces/${s.space}/drafts/${hr.id}`)).json();
  assert.deepEqual(hrGot.data.invoices[0].invoice, [inv.id]);
  assert.equal(hrGot.data.invoices[1].invoice.length, 1);
});

test('a file id that is not one of this draft\'s uploads for that field is refused at submit (422 naming the field); nothing is stored', async () => {
  const s = await session();
  const other = await login({ site }, { nationalId: pop.population.find((p) => p.featured && p.national_id !== person.national_id).national_id });
  const me2 = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: other.cookie } })).json();
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 0x42)]);
  const uploadAs = (who, space, draftId, field) => fetch(`${site}/api/v1/spaces/${space}/drafts/${draftId}/attachments?field=${field}`, {
    method: 'POST', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, body: pdf,
  }).then((r) => r.json());
  // The other person's attachment, in their own draft.
  const theirDraft = await (await fetch(`${site}/api/v1/spaces/${me2.active_space.id}/drafts`, {
    method: 'POST', headers: { cookie: other.cookie, 'x-csrf-token': me2.csrf_token, 'content-type': 'application/json' },
    body: JSON.stringify({ procedure: 'dog-registration' }) })).json();
  const theirs = await uploadAs({ cookie: other.cookie, csrf: me2.csrf_token }, me2.active_space.id, theirDraft.id, 'rabies_certificate');
  assert.match(theirs.id, /^att_[0-9a-f]{32}$/);

  const { draft, data } = await dogDraft(s);
  const rabies = await uploadAs(s, s.space, draft.id, 'rabies_certificate');
  const insurance = await uploadAs(s, s.space, draft.id, 'insurance_certificate');
  const submit = async (files) => {
    await s.api('PUT', `/api/v1/spaces/${s.space}/drafts/${draft.id}`, { data: { ...data, ...files }, step: 2 });
    return s.api('POST', `/api/v1/spaces/${s.space}/drafts/${draft.id}/submit`);
  };
  const before = sql(g.db, 'SELECT count(*) FROM submissions');
  for (const [files, why] of [
    [{ rabies_certificate: [rabies.id, theirs.id], insurance_certificate: [insurance.id] }, 'another person\'s attachment'],
    [{ rabies_certificate: ['att_0123456789abcdef0123456789abcdef'], insurance_certificate: [insurance.id] }, 'an unknown id'],
    [{ rabies_certificate: [insurance.id], insurance_certificate: [insurance.id] }, 'my attachment of another field'],
  ]) {
    const res = await submit(files);
    assert.equal(res.status, 422, why);
    const problem = await res.json();
    assert.deepEqual(problem.errors.map((e) => `${e.field} ${e.code}`), ['/rabies_certificate unknown_attachment'], why);
    assert.equal(sql(g.db, 'SELECT count(*) FROM submissions'), before, `${why}: nothing stored`);
    assert.equal(sql(g.db, `SELECT count(*) FROM attachments WHERE id = '${theirs.id}' AND draft_id = ${theirDraft.id}`), '1');
  }
  // With its own files it goes through, and the files go with it.
  const res = await submit({ rabies_certificate: [rabies.id], insurance_certificate: [insurance.id] });
  assert.equal(res.status, 201);
  const sub = await res.json();
  assert.equal(sql(g.db, `SELECT count(*) FROM attachments WHERE submission_id = ${sub.id}`), '2');
});

// Last: it ends guichetd. First a clean stop, judged (the tests above leaked
// nothing), and a restart on the same store.
test('a submission acknowledged with 201 is there after kill -9', async () => {
  await g.stop();
  g = await startGuichetd({ env, dir: g.workdir });
  const s = await session();
  const draft = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'certificate-of-residence' })).json();
  await s.api('PUT', `/api/v1/spaces/${s.space}/drafts/${draft.id}`, { data: { ...draft.data, ...choices }, step: 1 });
  const res = await s.api('POST', `/api/v1/spaces/${s.space}/drafts/${draft.id}/submit`);
  assert.equal(res.status, 201);
  const { reference } = await res.json();
  killed = true;
  await g.stop({ signal: 'SIGKILL', expect: { signal: 'SIGKILL' } });
  assert.equal(sql(g.db, `SELECT count(*) FROM submissions WHERE reference = '${reference}'`), '1');
});
