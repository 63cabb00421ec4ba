// The organisation API as a case system uses it, against a real guichetd
// and identity provider: a person submits; the commune's client finds the
// submission in its inbox and on its event feed, reads it (ETag), assigns
// it, asks for a file; the person answers over the citizen API; the long
// poll wakes on the answer; the client downloads the file and decides with
// a PDF; the person reads the decision. Every write needs an
// Idempotency-Key (replayed: the first answer, one effect; reused for
// another request: 422) and If-Match (stale: 412; missing: 428). Another
// organisation's client sees nothing (404).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login } from './lib/stack.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { runSanitized } from './lib/exit.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { dbEnv } from './lib/store.mjs';

const GUICHETCTL = process.env.GUICHETCTL || 'build/asan/guichetctl';
const texts = (t) => ({ fr: t, de: t, en: t });
const FIXTURE = caseFixture('org-api-fixture', 'commune');
const MARIE = '1985031410148', HANDLER = '1990072117589';
const PDF = Buffer.from('%PDF-1.4\n% an answer\n');
const DECISION = Buffer.from('%PDF-1.4\n% the decision\n');

let stack, work, keys, commune, cns, readonly, marie, submission;

async function session(nationalId) {
  const l = await login(stack, { nationalId });
  const me = await (await fetch(`${stack.site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  return { cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id };
}

function citizen(method, path, { json, body, headers = {} } = {}) {
  const h = { cookie: marie.cookie, 'x-csrf-token': marie.csrf, ...headers };
  if (json !== undefined) h['content-type'] = 'application/json';
  return fetch(`${stack.site}${path}`, { method, headers: h, body: json !== undefined ? JSON.stringify(json) : body });
}

async function submit(note) {
  const draft = await (await citizen('POST', `/api/v1/spaces/${marie.space}/drafts`, { json: { procedure: FIXTURE.id } })).json();
  assert.equal((await citizen('PUT', `/api/v1/spaces/${marie.space}/drafts/${draft.id}`, { json: { data: { note }, step: 1 } })).status, 200);
  const res = await citizen('POST', `/api/v1/spaces/${marie.space}/drafts/${draft.id}/submit`);
  assert.equal(res.status, 201);
  return res.json();
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'guichet-orgapi-'));
  const catalog = catalogWith(work, FIXTURE);
  stack = await startStack({ env: { GUICHET_PATHS_PROCEDURES: catalog } });
  runSanitized(GUICHETCTL, ['org', 'agents', 'add', 'commune', HANDLER, '--role', 'handler'],
    { env: dbEnv(stack.g.db) });
  keys = clientKeys();
  commune = orgClient(stack, keys, 'commune', 'submissions.read,submissions.write,registers.read');
  readonly = orgClient(stack, keys, 'commune', 'submissions.read');
  cns = orgClient(stack, keys, 'cns', 'submissions.read,submissions.write');
  marie = await session(MARIE);
  await session(HANDLER);
  submission = await submit('hello');
});

after(async () => {
  await stack?.stop();
  keys?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

const SUB = () => `/api/org/v1/submissions/${submission.id}`;
let etag;
let cursor;

test('the inbox, the event feed and the submission, to the commune only', async () => {
  let res = await commune.api('GET', '/api/org/v1/submissions?per_page=10');
  assert.equal(res.status, 200);
  const inbox = await res.json();
  assert.deepEqual(inbox.items.map((c) => c.reference), [submission.reference]);
  assert.equal(inbox.items[0].status, 'submitted');
  assert.equal(inbox.items[0].turn, 'organisation');
  assert.equal(inbox.counts.submitted, 1);
  res = await commune.api('GET', `/api/org/v1/submissions?reference=${submission.reference}&turn=person`);
  assert.deepEqual((await res.json()).items, []);
  res = await commune.api('GET', '/api/org/v1/submissions?per_page=0');
  assert.equal(res.status, 400);
  assert.equal((await res.json()).field, 'per_page');
  res = await commune.api('GET', '/api/org/v1/submissions?assignee=me');
  assert.equal(res.status, 400);

  res = await commune.api('GET', '/api/org/v1/events?wait=0');
  const feed = await res.json();
  assert.deepEqual(feed.events.map((e) => [e.kind, e.submission]), [['submission.new', submission.id]]);
  cursor = feed.next;
  assert.equal((await commune.api('GET', '/api/org/v1/events?after=x')).status, 400);
  assert.equal((await commune.api('GET', '/api/org/v1/events?wait=31')).status, 400);

  res = await commune.api('GET', SUB());
  assert.equal(res.status, 200);
  etag = res.headers.get('etag');
  assert.match(etag, /^"\d+"$/);
  const body = await res.json();
  assert.equal(body.reference, submission.reference);
  assert.deepEqual(body.data, { note: 'hello' });
  assert.ok(body.signature && body.receipt_text);
  assert.equal((await cns.api('GET', SUB())).status, 404);
  assert.equal((await cns.api('GET', '/api/org/v1/submissions').then((r) => r.json())).items.length, 0);
  assert.equal((await readonly.api('POST', `${SUB()}/notes`, { json: { text: 'x' }, headers: { 'idempotency-key': 'k0' } })).status, 403);
});

test('writes: Idempotency-Key and If-Match', async () => {
  const assign = (key, match, assignee = HANDLER) => commune.api('POST', `${SUB()}/assignee`,
    { json: { assignee }, headers: { ...(key && { 'idempotency-key': key }), ...(match && { 'if-match': match }) } });
  assert.equal((await assign(undefined, etag)).status, 400);
  let res = await assign('assign-1', undefined);
  assert.equal(res.status, 428);
  res = await assign('assign-1', '"999"');
  assert.equal(res.status, 412);
  res = await assign('assign-1', etag, '1972110213859');   /* not an agent of the commune */
  assert.equal(res.status, 400);
  assert.equal((await res.json()).field, '/assignee');
  res = await assign('assign-1', etag);
  assert.equal(res.status, 200);
  const first = await res.json();
  assert.equal(first.assignee, HANDLER);
  const next = res.headers.get('etag');
  assert.notEqual(next, etag);
  // The same request again (a retry after a lost answer): the same answer, no second effect.
  res = await assign('assign-1', etag);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('idempotency-replayed'), 'true');
  assert.deepEqual(await res.json(), first);
  // The key with another request: refused.
  res = await assign('assign-1', etag, null);
  assert.equal(res.status, 422);
  assert.equal((await res.json()).code, 'idempotency_key_reused');
  // The old ETag with a new key: the case moved meanwhile.
  res = await assign('assign-2', etag, null);
  assert.equal(res.status, 412);
  etag = next;
  const log = await (await commune.api('GET', SUB())).json();
  assert.equal(log.revision, Number(JSON.parse(etag)));

  res = await commune.api('POST', `${SUB()}/notes`, { json: { text: 'Checked the file.' }, headers: { 'idempotency-key': 'note-1' } });
  assert.equal(res.status, 201);
  const person = await (await citizen('GET', `/api/v1/spaces/${marie.space}/submissions/${submission.id}`)).json();
  assert.ok(!JSON.stringify(person).includes('Checked the file.'), 'a note stays inside the organisation');
});

test('a request for a file, the answer over the citizen API, the long poll wakes', async () => {
  let res = await commune.api('POST', `${SUB()}/requests`, { json: { question: 'Please send the lease.', files: 1 },
    headers: { 'idempotency-key': 'req-1', 'if-match': etag } });
  assert.equal(res.status, 201);
  const asked = await res.json();
  etag = res.headers.get('etag');
  assert.equal(asked.turn, 'person');
  const overview = await (await citizen('GET', `/api/v1/spaces/${marie.space}/overview?filter=action`)).json();
  assert.ok(JSON.stringify(overview).includes(submission.reference));

  const waiting = commune.api('GET', `/api/org/v1/events?after=${cursor}&wait=20`);
  const answer = (fields, files = []) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    files.forEach((f, i) => fd.set(`file_${i + 1}`, new Blob([f], { type: 'application/pdf' }), 'lease.pdf'));
    return citizen('POST', `/api/v1/spaces/${marie.space}/submissions/${submission.id}/requests/${asked.request}/answer`, { body: fd });
  };
  res = await answer({ text: 'Here.' });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).field, 'files');
  assert.equal((await answer({ text: 'Here.' }, [PDF]).then((r) => r.status)), 201);
  assert.equal((await answer({ text: 'Again.' }, [PDF]).then((r) => r.status)), 404);   /* no longer open */

  res = await waiting;
  const feed = await res.json();
  assert.deepEqual(feed.events.map((e) => e.kind), ['request.answered']);
  cursor = feed.next;

  res = await commune.api('GET', SUB());
  etag = res.headers.get('etag');
  const kase = await res.json();
  assert.equal(kase.turn, 'organisation');
  const file = kase.files.find((f) => f.name === 'lease.pdf');
  assert.ok(file, JSON.stringify(kase.files));
  res = await commune.api('GET', `${SUB()}/files/${file.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), PDF);
  assert.equal((await cns.api('GET', `${SUB()}/files/${file.id}`)).status, 404);
});

test('the decision with its PDF reaches the person', async () => {
  const move = (json, key) => commune.api('POST', `${SUB()}/status`, { json, headers: { 'idempotency-key': key, 'if-match': etag } });
  let res = await move({ status: 'completed' }, 'done-0');
  assert.equal(res.status, 400);   /* a final status needs a decision */
  res = await move({ status: 'nowhere' }, 'done-1');
  assert.equal(res.status, 400);
  res = await move({ status: 'completed', message: texts('Granted.'),
    decision: { text: 'Your certificate is granted.', pdf_base64: DECISION.toString('base64'), name: 'decision.pdf' } }, 'done-2');
  assert.equal(res.status, 200);
  const moved = await res.json();
  assert.equal(moved.status, 'completed');
  assert.equal(moved.final, true);

  const person = await (await citizen('GET', `/api/v1/spaces/${marie.space}/submissions/${submission.id}`)).json();
  const text = JSON.stringify(person.timeline);
  assert.ok(text.includes('Your certificate is granted.'));
  assert.ok(!text.includes(HANDLER), 'the person never sees the agent\'s national id');
  const decision = person.timeline.find((e) => e.kind === 'decision');
  assert.match(decision.detail.file, /^att_/);
  res = await citizen('GET', `/api/v1/spaces/${marie.space}/attachments/${decision.detail.file}`);
  assert.equal(res.status, 200);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), DECISION);
});
