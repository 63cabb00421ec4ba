// Notifications about a represented person reach the persons who act for
// them too (issue 15), through a real SMTP server:
//  - a document in a grantor's letter box: the grantor, and the mandatary
//    whose mandate includes the letter box; not the one whose mandate
//    leaves it out;
//  - a request for information on a submission: the grantor and both
//    mandataries in scope;
//  - a parent, for a request on their minor child's submission;
//  - a company: a decision on its submission lands in the company's letter
//    box, and its administrator (no owner person) is told; a document sent
//    by its company number too, once the company chose electronic delivery;
//  - a mandate revoked while its mail waits (the SMTP server down): the
//    sender asks the decision again and skips it; the grantor's is sent.
// A representative's mail is its own text and names nobody.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql } from './lib/registers.mjs';
import { stopAll } from './lib/exit.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { apiOf, day, pickPeople } from './lib/spaces_fixture.mjs';
import { startSmtp, header, body, decodeWords } from './lib/smtp.mjs';

const FIXTURE = caseFixture('rep-fixture', 'cns');
const PRO = { ...caseFixture('rep-pro', 'cns'), audience: ['professional'] };
const MAIL_ENV = { GUICHET_MAIL_POLL_MS: '200', GUICHET_MAIL_RETRY_INITIAL_MS: '300', GUICHET_MAIL_RETRY_MAX_MS: '1000',
  GUICHET_MAIL_TIMEOUT_MS: '2000', GUICHET_MAIL_CONNECT_TIMEOUT_MS: '1000' };
const PDF = Buffer.from('%PDF-1.7\n% a letter\n%%EOF\n');

let pop, regs = {}, work, g, idp, site, smtp, smtpPort, keys, cns, people;
const s = {};   // sessions: grantor, wide (mandate with the letter box), narrow (one procedure, no letter box), parent

async function waitFor(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const address = (who) => `${who}.rep@example.lu`;
const mailsTo = (who) => smtp.received.filter((m) => m.rcptTo.includes(address(who)));

async function session(person, who) {
  const l = await login({ site }, { nationalId: person.national_id });
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  const a = { ...apiOf(site, { cookie: l.cookie, csrf: me.csrf_token }), space: me.active_space.id, person };
  // a verified address, so that the sender has somewhere to write
  await a.json('PUT', '/api/v1/self-declared/email', { value: address(who) });
  await a.json('POST', '/api/v1/my-data/email/code', undefined, 202);
  const mail = await waitFor(`${who}'s code`, () => mailsTo(who)[0]);
  await a.json('POST', '/api/v1/my-data/email/verify', { code: body(mail.raw).match(/\b(\d{6})\b/)[1] });
  smtp.received.length = 0;
  return a;
}

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-rep-mail-'));
  regs.persons = await startRegistryd('persons', pop.dir);
  regs.companies = await startRegistryd('companies', pop.dir);
  smtp = await startSmtp({ closeTimeout: 200 });
  smtpPort = smtp.port;
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_PATHS_PROCEDURES: catalogWith(work, FIXTURE, PRO),
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url, companies: regs.companies.url }),
    GUICHET_MAIL_PORT: String(smtpPort), ...MAIL_ENV,
  } });
  people = pickPeople(pop, { others: 3 });
  keys = clientKeys();
  cns = orgClient({ g, site }, keys, 'cns', 'submissions.read,submissions.write,letterbox.send');
  const [grantor, wide, narrow] = people.others;
  s.grantor = await session(grantor, 'grantor');
  s.wide = await session(wide, 'wide');
  s.narrow = await session(narrow, 'narrow');
  s.parent = await session(people.minorParent, 'parent');
  s.manager = await session(people.manager, 'manager');
  await s.manager.json('POST', '/api/v1/spaces/companies');
  s.manager.company = (await s.manager.json('GET', '/api/v1/spaces')).spaces.find((x) => x.kind === 'professional').id;
  // the grantor takes the organisation's statements electronically, and grants two mandates
  await s.grantor.json('PUT', `/api/v1/spaces/${s.grantor.space}/letterbox/settings`,
    { choices: [{ org: 'cns', type: 'statement', electronic: true }] });
  const grant = async (who, body) => {
    const { id } = await s.grantor.json('POST', `/api/v1/spaces/${s.grantor.space}/mandates`,
      { mandatary: s[who].person.national_id, valid_until: day(new Date(), 30), ...body }, 201);
    await s[who].json('POST', `/api/v1/mandates/${id}/accept`);
    return id;
  };
  s.wide.mandate = await grant('wide', { scope: 'all', letterbox: true });
  s.narrow.mandate = await grant('narrow', { scope: 'procedures', procedures: [FIXTURE.id] });
  assert.ok((await s.parent.json('POST', '/api/v1/spaces/children')).found >= 1);
  s.parent.child = (await s.parent.json('GET', '/api/v1/spaces')).spaces.find((x) => x.via === 'parent').id;
});

after(async () => {
  await stopAll(g, () => g?.cleanup(), idp, regs.persons, regs.companies, () => smtp?.close(), () => pop?.cleanup(), () => keys?.remove(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

async function deliver(nationalId, key, { recipient = { national_id: nationalId }, expect = 201 } = {}) {
  const boundary = 'reptest';
  const meta = { recipient, type: 'statement', title: 'A statement', notification_title: 'Un décompte' };
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"\r\n\r\n${JSON.stringify(meta)}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="d.pdf"\r\n\r\n`), PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await fetch(`${site}/api/org/v1/letterbox/documents`, { method: 'POST', body: payload,
    headers: { authorization: `Bearer ${await cns.token()}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'idempotency-key': key } });
  const text = await res.text();
  assert.equal(res.status, expect, text);
  return JSON.parse(text);
}

async function submit(a, space, procedure = FIXTURE.id) {
  const draft = await a.json('POST', `/api/v1/spaces/${space}/drafts`, { procedure }, 201);
  await a.json('PUT', `/api/v1/spaces/${space}/drafts/${draft.id}`, { data: { note: 'n' }, step: 1 });
  return (await a.json('POST', `/api/v1/spaces/${space}/drafts/${draft.id}/submit`, undefined, 201)).id;
}

async function ask(submission, key) {
  const sub = `/api/org/v1/submissions/${submission}`;
  const etag = (await cns.api('GET', sub)).headers.get('etag');
  const res = await cns.api('POST', `${sub}/requests`, { json: { question: 'Please send the lease.', files: 0 },
    headers: { 'idempotency-key': key, 'if-match': etag } });
  assert.equal(res.status, 201, await res.text());
}

const subject = (m) => decodeWords(header(m.raw, 'Subject'));
const quiet = () => new Promise((r) => setTimeout(r, 1500));
const secrets = () => [s.grantor.person, people.minor].flatMap((p) => [p.national_id, p.family_name, p.given_name]);

function namesNobody(m) {
  const text = subject(m) + body(m.raw);
  for (const secret of secrets()) assert.ok(!text.includes(secret), 'a representative\'s mail names nobody');
}

test('a document: the grantor and the mandatary whose mandate includes the letter box, not the other', { timeout: 60000 }, async () => {
  await deliver(s.grantor.person.national_id, 'doc-1');
  const own = await waitFor('the grantor\'s mail', () => mailsTo('grantor')[0]);
  const theirs = await waitFor('the mandatary\'s mail', () => mailsTo('wide')[0]);
  await quiet();
  assert.match(subject(own), /^Nouveau document dans votre boîte/);
  assert.match(subject(theirs), /^Nouveau document dans une boîte aux lettres que vous lisez/);
  assert.match(body(theirs.raw), /Un d/);
  namesNobody(theirs);
  assert.equal(mailsTo('narrow').length, 0, 'a mandate without the letter box: no mail');
  assert.equal(mailsTo('wide').length, 1);
  smtp.received.length = 0;
});

test('a request for information: the grantor and both mandataries in scope; a parent for their child', { timeout: 60000 }, async () => {
  await ask(await submit(s.grantor, s.grantor.space), 'req-1');
  await ask(await submit(s.parent, s.parent.child), 'req-2');
  for (const who of ['grantor', 'wide', 'narrow', 'parent']) await waitFor(`${who}'s mail`, () => mailsTo(who)[0]);
  await quiet();
  assert.match(subject(mailsTo('grantor')[0]), /demande des informations|demande/);
  for (const who of ['wide', 'narrow', 'parent']) {
    assert.equal(mailsTo(who).length, 1, `${who}: one mail`);
    assert.match(subject(mailsTo(who)[0]), /sur une démarche où vous agissez$/);
    namesNobody(mailsTo(who)[0]);
  }
  smtp.received.length = 0;
});

test('a mandate revoked while its mail waits: the sender skips it, the grantor\'s is sent', { timeout: 60000 }, async () => {
  await smtp.close();
  const doc = await deliver(s.grantor.person.national_id, 'doc-2');
  const rows = () => JSON.parse(sql(g.db, `SELECT person_id, space_id, state FROM mail_outbox WHERE document_id = ${doc.id}`
    + ' AND kind = \'document\' ORDER BY person_id', { json: true }) || '[]');
  assert.equal(rows().length, 2, 'queued for the grantor and the wide mandatary');
  await s.grantor.json('POST', `/api/v1/mandates/${s.wide.mandate}/revoke`);
  smtp = await startSmtp({ port: smtpPort, closeTimeout: 200 });
  await waitFor('the grantor\'s mail', () => mailsTo('grantor')[0]);
  await waitFor('both rows ended', () => rows().every((r) => r.state !== 'pending'));
  await quiet();
  assert.equal(mailsTo('wide').length, 0, 'revoked: no mail');
  assert.deepEqual(rows().map((r) => r.state).sort(), ['sent', 'skipped']);
  assert.equal(rows().find((r) => r.state === 'skipped').space_id, s.grantor.space);
});

test('a company: the decision on its submission lands in its letter box, and its administrator is told', { timeout: 60000 }, async () => {
  smtp.received.length = 0;
  const id = await submit(s.manager, s.manager.company, PRO.id);
  const sub = `/api/org/v1/submissions/${id}`;
  const etag = (await cns.api('GET', sub)).headers.get('etag');
  const texts = (t) => ({ fr: t, de: t, en: t });
  const res = await cns.api('POST', `${sub}/status`, { json: { status: 'completed', message: texts('Granted.'),
    decision: { text: 'Granted.', pdf_base64: PDF.toString('base64'), name: 'decision.pdf' } },
  headers: { 'idempotency-key': 'decide-1', 'if-match': etag } });
  assert.equal(res.status, 200, await res.text());
  const mail = await waitFor('the administrator\'s mail', () => mailsTo('manager')[0]);
  assert.match(subject(mail), /a décidé d.une démarche où vous agissez$/);
  namesNobody(mail);
  const list = await s.manager.json('GET', `/api/v1/spaces/${s.manager.company}/letterbox`);
  const doc = list.items.find((d) => d.submission === id);
  assert.ok(doc, 'the decision is in the company\'s letter box');
  const file = await s.manager.api('GET', `/api/v1/spaces/${s.manager.company}/letterbox/${doc.id}/file`);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), PDF);
});

test('a document to a company by its number: refused until it chose electronic delivery, then its administrator is told', { timeout: 60000 }, async () => {
  smtp.received.length = 0;
  const number = people.company.number;
  let problem = await deliver(null, 'co-1', { recipient: { company_number: number }, expect: 409 });
  assert.equal(problem.code, 'not_opted_in');
  problem = await deliver(null, 'co-2', { recipient: { company_number: 'b12' }, expect: 400 });
  assert.match(JSON.stringify(problem), /recipient\/company_number/);
  problem = await deliver(null, 'co-3', { recipient: { company_number: number, national_id: s.grantor.person.national_id }, expect: 400 });
  assert.match(JSON.stringify(problem), /\/document\/recipient/);
  await deliver(null, 'co-4', { recipient: {}, expect: 400 });
  await s.manager.json('PUT', `/api/v1/spaces/${s.manager.company}/letterbox/settings`,
    { choices: [{ org: 'cns', type: 'statement', electronic: true }] });
  const doc = await deliver(null, 'co-5', { recipient: { company_number: number } });
  const mail = await waitFor('the administrator\'s mail', () => mailsTo('manager')[0]);
  assert.match(subject(mail), /^Nouveau document dans une boîte aux lettres que vous lisez/);
  const list = await s.manager.json('GET', `/api/v1/spaces/${s.manager.company}/letterbox`);
  assert.ok(list.items.some((d) => d.id === doc.id), 'in the company\'s letter box');
  assert.equal(mailsTo('grantor').length, 0, 'nobody else is told');
});
