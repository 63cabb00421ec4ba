// The letter box end to end, against a real guichetd, identity provider and
// SMTP server (npm smtp-server): an organisation's case system sends with
// and without the person's opt-in (409 not_opted_in, nothing stored), twice
// with one Idempotency-Key (one document; another body: 422); the person
// confirms their e-mail address with the code the SMTP server received, is
// notified of a new document (the mail holds no name, no national id, no
// link), opens it (the organisation's read receipt on its event feed and on
// the document), confirms receipt; refusals name the field and store
// nothing; another organisation sees nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, login } from './lib/stack.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { startSmtp, header, body, decodeWords } from './lib/smtp.mjs';
import { stopAll } from './lib/exit.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MARIE = '1985031410148', NEVER = '1972110213859';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x41), Buffer.from('\n%%EOF\n')]);

const FIXTURE = caseFixture('letterbox-fixture', 'commune');
let stack, smtp, keys, commune, cns, marie, work;

async function session(nationalId) {
  const l = await login(stack, { nationalId });
  const me = await (await fetch(`${stack.site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  return { cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id, names: [me.person.given_name, me.person.family_name] };
}

function citizen(method, path, { json, headers = {} } = {}) {
  const h = { cookie: marie.cookie, 'x-csrf-token': marie.csrf, ...headers };
  if (json !== undefined) h['content-type'] = 'application/json';
  return fetch(`${stack.site}${path}`, { method, headers: h, body: json !== undefined ? JSON.stringify(json) : undefined });
}

// A multipart body with the document's metadata and its file; the boundary
// changes with every call, as a client's would.
function upload(meta, { file = PDF, fileName = 'document.pdf', extra } = {}) {
  const boundary = `b${Math.random().toString(16).slice(2)}`;
  const parts = [
    `--${boundary}\r\nContent-Disposition: form-data; name="document"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(meta)}\r\n`,
  ];
  const chunks = [Buffer.from(parts[0])];
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`));
    chunks.push(file, Buffer.from('\r\n'));
  }
  if (extra) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${extra}"\r\n\r\nx\r\n`));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

async function send(client, meta, { key, ...opts } = {}) {
  const u = upload(meta, opts);
  return fetch(`${stack.site}/api/org/v1/letterbox/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await client.token()}`, 'content-type': u.type, ...(key && { 'idempotency-key': key }) },
    body: u.body,
  });
}

const meta = (over = {}) => ({ recipient: { national_id: MARIE }, type: 'certificate', title: 'Certificat de résidence',
  notification_title: 'Un certificat', ...over });

async function waitFor(what, fn, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function events(client, after = 0) {
  const res = await client.api('GET', `/api/org/v1/events?after=${after}&wait=0`);
  assert.equal(res.status, 200);
  return (await res.json()).events;
}

before(async () => {
  smtp = await startSmtp();
  work = mkdtempSync(join(tmpdir(), 'guichet-lb-'));
  stack = await startStack({ env: { GUICHET_PATHS_PROCEDURES: catalogWith(work, FIXTURE), GUICHET_MAIL_PORT: String(smtp.port), GUICHET_MAIL_POLL_MS: '200',
    GUICHET_MAIL_RETRY_INITIAL_MS: '200', GUICHET_MAIL_RETRY_MAX_MS: '1000' } });
  keys = clientKeys();
  commune = orgClient(stack, keys, 'commune', 'letterbox.send,submissions.read,submissions.write');
  cns = orgClient(stack, keys, 'cns', 'letterbox.send,submissions.read');
  marie = await session(MARIE);
});

after(async () => {
  await stopAll(stack, () => smtp?.close());
  keys?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

let first;

test('without the opt-in: 409 not_opted_in and nothing stored', async () => {
  let res = await send(commune, meta(), { key: 'k-0' });
  assert.equal(res.status, 409);
  const p = await res.json();
  assert.equal(p.code, 'not_opted_in');
  assert.ok(!JSON.stringify(p).includes(MARIE), 'the answer does not repeat the national id');
  res = await send(commune, meta({ recipient: { national_id: NEVER } }), { key: 'k-never' });
  assert.equal(res.status, 409, 'a person who never logged in has no letter box');
  const list = await (await citizen('GET', `/api/v1/spaces/${marie.space}/letterbox`)).json();
  assert.deepEqual(list.items, []);
  assert.equal(list.unread, 0);
});

test('the person chooses per type, on the API', async () => {
  let res = await citizen('GET', `/api/v1/spaces/${marie.space}/letterbox/settings`);
  const s = await res.json();
  const cert = s.types.find((t) => t.org === 'commune' && t.type === 'certificate');
  assert.equal(cert.electronic, false);
  assert.equal(cert.titles.en, 'Certificates');
  res = await citizen('PUT', `/api/v1/spaces/${marie.space}/letterbox/settings`,
    { json: { choices: [{ org: 'commune', type: 'certificate', electronic: true }, { org: 'cns', type: 'statement', electronic: true }] } });
  assert.equal(res.status, 200);
  res = await citizen('PUT', `/api/v1/spaces/${marie.space}/letterbox/settings`,
    { json: { choices: [{ org: 'commune', type: 'decision', electronic: true }] } });
  assert.equal(res.status, 400, 'decisions are not a choice');
  res = await citizen('PUT', `/api/v1/spaces/${marie.space}/letterbox/settings`,
    { json: { choices: [{ org: 'commune', type: 'nope', electronic: true }] } });
  assert.equal(res.status, 400);
});

test('refusals name the field and store nothing', async () => {
  const cases = [
    [{}, { key: undefined }, 400, 'Idempotency-Key'],
    [meta({ type: 'tax-assessment' }), { key: 'r1' }, 400, '/document/type'],
    [meta({ title: '' }), { key: 'r2' }, 400, '/document/title'],
    [meta({ notification_title: 'a\nb' }), { key: 'r3' }, 400, '/document/notification_title'],
    [meta({ due_date: '2026-02-30' }), { key: 'r4' }, 400, '/document/due_date'],
    [meta({ colour: 'red' }), { key: 'r5' }, 400, '/document/colour'],
    [meta({ recipient: { national_id: '1985031410149' } }), { key: 'r6' }, 400, '/document/recipient/national_id'],
    [meta(), { key: 'r7', file: Buffer.from('\x89PNG\r\n\x1a\n0000') }, 415, '/file'],
    [meta(), { key: 'r8', file: null }, 400, '/file'],
    [meta(), { key: 'r9', extra: 'other' }, 400, undefined],
    [meta({ submission: 999999 }), { key: 'r10' }, 400, '/document/submission'],
  ];
  for (const [m, opts, status, field] of cases) {
    const res = await send(commune, m, opts);
    const p = await res.json();
    assert.equal(res.status, status, JSON.stringify(p));
    assert.equal(p.field, field, JSON.stringify(p));
  }
  const list = await (await citizen('GET', `/api/v1/spaces/${marie.space}/letterbox`)).json();
  assert.deepEqual(list.items, []);
});

test('one Idempotency-Key: one document, the same answer; another body: 422', async () => {
  const cursor = (await events(commune)).reduce((m, e) => Math.max(m, e.seq), 0);
  let res = await send(commune, meta({ confirmation_required: true, due_date: '2099-01-31' }), { key: 'k-1' });
  assert.equal(res.status, 201);
  first = await res.json();
  assert.equal(first.type, 'certificate');
  assert.equal(first.status, 'delivered');
  assert.equal(first.size, PDF.length);
  assert.equal(first.confirmation_required, true);
  assert.match(first.sha256, /^[0-9a-f]{64}$/);
  res = await send(commune, meta({ confirmation_required: true, due_date: '2099-01-31' }), { key: 'k-1' });
  assert.equal(res.status, 201);
  assert.equal(res.headers.get('idempotency-replayed'), 'true');
  assert.deepEqual(await res.json(), first);
  res = await send(commune, meta({ title: 'Autre chose' }), { key: 'k-1' });
  assert.equal(res.status, 422);
  assert.equal((await res.json()).code, 'idempotency_key_reused');
  const list = await (await citizen('GET', `/api/v1/spaces/${marie.space}/letterbox`)).json();
  assert.deepEqual(list.items.map((d) => d.id), [first.id]);
  assert.equal(list.unread, 1);
  assert.deepEqual(await events(commune, cursor), [], 'nothing is on the feed before the person opens it');
  // another organisation sees nothing of it
  assert.equal((await cns.api('GET', `/api/org/v1/letterbox/documents/${first.id}`)).status, 404);
  assert.equal((await commune.api('GET', `/api/org/v1/letterbox/documents/${first.id}`)).status, 200);
});

test('opening it is the read receipt; confirming it, the confirmation', async () => {
  const before = (await events(commune)).reduce((m, e) => Math.max(m, e.seq), 0);
  let res = await citizen('GET', `/api/v1/spaces/${marie.space}/letterbox/${first.id}/file`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /^attachment/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), PDF);
  // a second opening is no second receipt
  assert.equal((await citizen('GET', `/api/v1/spaces/${marie.space}/letterbox/${first.id}/file`)).status, 200);
  res = await citizen('POST', `/api/v1/spaces/${marie.space}/letterbox/${first.id}/confirm`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).status, 'confirmed');
  const feed = await events(commune, before);
  assert.deepEqual(feed.map((e) => [e.kind, e.data.document]), [['letterbox.read', first.id], ['letterbox.confirmed', first.id]]);
  const doc = await (await commune.api('GET', `/api/org/v1/letterbox/documents/${first.id}`)).json();
  assert.equal(doc.status, 'confirmed');
  assert.ok(doc.read_at_us > 0 && doc.confirmed_at_us >= doc.read_at_us);
  assert.equal(doc.read_at_us, feed[0].data.at_us);
  // cns cannot read the commune's document through another space either
  assert.equal((await citizen('GET', `/api/v1/spaces/${marie.space + 1000}/letterbox/${first.id}`)).status, 404);
});

test('the person confirms their address with the mailed code, then is notified without personal data', async () => {
  const address = 'marie.notify@example.lu';
  let res = await citizen('POST', '/api/v1/my-data/email/code');
  assert.equal(res.status, 422, 'no address declared yet');
  assert.equal((await citizen('PUT', '/api/v1/self-declared/email', { json: { value: address } })).status, 200);
  const sent = smtp.received.length;
  res = await citizen('POST', '/api/v1/my-data/email/code');
  assert.equal(res.status, 202);
  const mail = await waitFor('the code', () => smtp.received[sent]);
  assert.deepEqual(mail.rcptTo, [address]);
  const code = body(mail.raw).match(/\b(\d{6})\b/)[1];
  res = await citizen('POST', '/api/v1/my-data/email/verify', { json: { code: code === '000000' ? '111111' : '000000' } });
  assert.equal(res.status, 422);
  assert.equal((await res.json()).detail, 'wrong');
  res = await citizen('POST', '/api/v1/my-data/email/verify', { json: { code } });
  assert.equal(res.status, 200);
  const settings = await (await citizen('GET', `/api/v1/spaces/${marie.space}/letterbox/settings`)).json();
  assert.equal(settings.notifications.address, address);

  const count = smtp.received.length;
  res = await send(cns, { recipient: { national_id: MARIE }, type: 'statement', title: 'Décompte 2026-04 de Marie',
    notification_title: 'Un décompte' }, { key: 'n-1' });
  assert.equal(res.status, 201);
  const doc = await res.json();
  const note = await waitFor('the notification', () => smtp.received[count]);
  assert.deepEqual(note.rcptTo, [address]);
  const subject = decodeWords(header(note.raw, 'Subject'));
  const text = body(note.raw);
  assert.match(text, /Caisse nationale de santé/);
  assert.match(text, /Un décompte/);
  assert.ok(subject.length > 0);
  assert.ok(doc.id > 0);
  for (const secret of [MARIE, ...marie.names, 'Décompte 2026-04', 'http://', 'https://', 'www.', stack.site])
    assert.ok(!note.raw.includes(secret) && !text.includes(secret), `the mail holds no ${secret}`);
  // exactly once: nothing more arrives for it
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(smtp.received.filter((m) => header(m.raw, 'Message-ID') === header(note.raw, 'Message-ID')).length, 1);
});

test('a request for information and a decision with a PDF: mails without personal data, the PDF in the letter box', async () => {
  const draft = await (await citizen('POST', `/api/v1/spaces/${marie.space}/drafts`, { json: { procedure: FIXTURE.id } })).json();
  assert.equal((await citizen('PUT', `/api/v1/spaces/${marie.space}/drafts/${draft.id}`, { json: { data: { note: 'x' }, step: 1 } })).status, 200);
  const sub = await (await citizen('POST', `/api/v1/spaces/${marie.space}/drafts/${draft.id}/submit`)).json();
  const path = `/api/org/v1/submissions/${sub.id}`;
  let etag = (await commune.api('GET', path)).headers.get('etag');
  const count = smtp.received.length;
  let res = await commune.api('POST', `${path}/requests`, { json: { question: 'Votre bail, svp' }, headers: { 'idempotency-key': 'q1', 'if-match': etag } });
  assert.equal(res.status, 201);
  etag = res.headers.get('etag');
  const asked = await waitFor('the request mail', () => smtp.received[count]);
  assert.match(body(asked.raw), /Administration communale/);
  assert.ok(!body(asked.raw).includes('bail'), 'the question is not in the mail');
  // a decision with its PDF: delivered without an opt-in to "decision", told of once
  const decision = Buffer.from('%PDF-1.4\n% the decision\n%%EOF\n');
  res = await commune.api('POST', `${path}/status`, { json: { status: 'completed',
    decision: { text: 'Accordé', pdf_base64: decision.toString('base64'), name: 'decision.pdf' } },
  headers: { 'idempotency-key': 'd1', 'if-match': etag } });
  assert.equal(res.status, 200);
  const decided = await waitFor('the decision mail', () => smtp.received[count + 1]);
  assert.match(body(decided.raw), /Administration communale/);
  for (const secret of [MARIE, ...marie.names, 'Accordé', sub.reference, 'http'])
    assert.ok(!decided.raw.includes(secret) && !body(decided.raw).includes(secret), `the decision mail holds no ${secret}`);
  const list = await (await citizen('GET', `/api/v1/spaces/${marie.space}/letterbox?type=decision`)).json();
  assert.equal(list.items.length, 1);
  const doc = list.items[0];
  assert.equal(doc.organisation, 'commune');
  assert.equal(doc.submission, sub.id);
  assert.ok(doc.title.includes(sub.reference));
  const file = await citizen('GET', `/api/v1/spaces/${marie.space}/letterbox/${doc.id}/file`);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), decision);
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(smtp.received.length, count + 2, 'one mail for the request, one for the decision: no document mail besides');
});
