// The back office over HTTP, as agents and the person see it (pages; no
// browser): a person submits; the commune's handler finds it in the inbox,
// takes it, asks a question with a file; the person sees "action needed",
// answers with a PDF; the handler decides with a PDF; the person sees the
// decision; a stale change is refused (409) and says what changed; an agent
// of another organisation and a person who is no agent see nothing; the
// organisation's event feed holds the new submission and the answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login, freePort } from './lib/stack.mjs';
import { registersFile, GUICHETCTL } from './lib/registers.mjs';
import { dbEnv } from './lib/store.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { runSanitized } from './lib/exit.mjs';

const FIXTURE = caseFixture('backoffice-fixture', 'commune');
const MARIE = '1985031410148', HANDLER = '1972110213859', SUPERVISOR = '1990072117589', STRANGER = '1981053021216';
const PDF = Buffer.from('%PDF-1.4\n% a test file\n');

let stack, work, catalog, marie, handler, supervisor, stranger, submission;

async function session(nationalId) {
  const l = await login(stack, { nationalId });
  const me = await (await fetch(`${stack.site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  return { cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id };
}

function ctl(args) {
  return runSanitized(GUICHETCTL, ['org', ...args], { env: { ...dbEnv(stack.g.db),
    GUICHET_PATHS_PROCEDURES: catalog } });
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'guichet-backoffice-'));
  catalog = catalogWith(work, FIXTURE);
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  stack = await startStack({ env: { GUICHET_PATHS_PROCEDURES: catalog,
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: nowhere }, { deadlineMs: 500 }) } });
  ctl(['agents', 'add', 'commune', HANDLER, '--role', 'handler']);
  ctl(['agents', 'add', 'commune', SUPERVISOR, '--role', 'supervisor']);
  ctl(['agents', 'add', 'cae', STRANGER, '--role', 'admin']);
  [marie, handler, supervisor, stranger] = await Promise.all([MARIE, HANDLER, SUPERVISOR, STRANGER].map(session));
  // Marie submits.
  const api = (method, path, body) => fetch(`${stack.site}${path}`, { method, headers: { cookie: marie.cookie,
    'x-csrf-token': marie.csrf, origin: stack.site, 'content-type': 'application/json' },
    body: body && JSON.stringify(body) });
  const opened = await api('POST', `/api/v1/spaces/${marie.space}/drafts`, { procedure: FIXTURE.id });
  const draft = await opened.json();
  assert.equal(opened.status, 201, JSON.stringify(draft));
  assert.equal((await api('PUT', `/api/v1/spaces/${marie.space}/drafts/${draft.id}`, { data: { note: 'hello' }, step: 1 })).status, 200);
  const sub = await api('POST', `/api/v1/spaces/${marie.space}/drafts/${draft.id}/submit`);
  assert.equal(sub.status, 201);
  submission = await sub.json();
});

after(async () => {
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function page(who, path, init = {}) {
  return fetch(`${stack.site}${path}`, { redirect: 'manual', ...init,
    headers: { cookie: who.cookie, origin: stack.site, 'accept-language': 'en', ...(init.headers || {}) } });
}

function form(who, path, fields) {
  return page(who, path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: who.csrf, ...fields }).toString() });
}

function multipart(who, path, fields, files = {}) {
  const fd = new FormData();
  fd.set('csrf_token', who.csrf);
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  for (const [k, v] of Object.entries(files)) fd.set(k, new Blob([v], { type: 'application/pdf' }), `${k}.pdf`);
  return page(who, path, { method: 'POST', body: fd });
}

const CASE = () => `/backoffice/orgs/commune/cases/${submission.id}`;

function revision(html) {
  return html.match(/name="revision" value="(\d+)"/)[1];
}

test('the inbox lists the submission to the commune\'s agents only', async () => {
  let res = await page(handler, '/backoffice');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/backoffice/orgs/commune');
  res = await page(handler, '/backoffice/orgs/commune');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.ok(html.includes(submission.reference));
  res = await page(handler, `/backoffice/orgs/commune?reference=${submission.reference}`);
  assert.ok((await res.text()).includes(submission.reference));
  res = await page(handler, '/backoffice/orgs/commune?status=rejected');
  assert.ok(!(await res.text()).includes(submission.reference));
  assert.equal((await page(handler, '/backoffice/orgs/commune?turn=nobody')).status, 400);
  // Another organisation's agent, a person who is no agent, anonymous.
  assert.equal((await page(stranger, '/backoffice/orgs/commune')).status, 404);
  assert.equal((await page(stranger, CASE())).status, 404);
  assert.equal((await page(marie, '/backoffice/orgs/commune')).status, 404);
  assert.equal((await page(stranger, `/backoffice/orgs/cae/cases/${submission.id}`)).status, 404);
  const anonymous = await fetch(`${stack.site}${CASE()}`, { redirect: 'manual', headers: { accept: 'text/html' } });
  assert.equal(anonymous.status, 303);
  assert.match(anonymous.headers.get('location'), /^\/login\?next=/);
});

test('take, ask for a file, the person answers, decide; a stale change says what changed', async () => {
  let html = await (await page(handler, CASE())).text();
  const rev = revision(html);
  let res = await form(handler, `${CASE()}/assign`, { assignee: 'me', revision: rev });
  assert.equal(res.status, 303);
  // The same form again at the old revision: refused, the case as it stands now.
  res = await form(handler, `${CASE()}/assign`, { assignee: 'me', revision: rev });
  assert.equal(res.status, 409);
  assert.match(await res.text(), /Someone else changed this case meanwhile/);
  html = await (await page(handler, CASE())).text();
  res = await form(handler, `${CASE()}/request`, { question: 'Please send the lease.', files: '1', revision: revision(html) });
  assert.equal(res.status, 303);

  // The person: action needed, first in the overview; the answer needs the file.
  const overview = await (await page(marie, `/spaces/${marie.space}/overview`)).text();
  assert.match(overview, /Action needed/);
  const receipt = await (await page(marie, `/spaces/${marie.space}/submissions/${submission.id}`)).text();
  assert.ok(receipt.includes('Please send the lease.'));
  const answerPath = receipt.match(/href="(\/spaces\/\d+\/submissions\/\d+\/requests\/\d+)"/)[1];
  res = await multipart(marie, answerPath, { text: 'Here it is.' });
  assert.equal(res.status, 422);
  res = await multipart(marie, answerPath, { text: 'Here it is.' }, { file_1: PDF });
  assert.equal(res.status, 303);
  assert.equal((await page(marie, answerPath)).status, 404); /* answered */

  // The handler sees the answer and its file, and decides.
  html = await (await page(handler, CASE())).text();
  assert.ok(html.includes('Here it is.'));
  const file = html.match(/href="(\/backoffice\/orgs\/commune\/cases\/\d+\/files\/att_[0-9a-f]+)"/)[1];
  const dl = await page(handler, file);
  assert.equal(dl.status, 200);
  assert.deepEqual(Buffer.from(await dl.arrayBuffer()), PDF);
  assert.equal((await page(stranger, file)).status, 404);
  res = await multipart(handler, `${CASE()}/status`, { status: 'completed', message: '', decision: '', revision: revision(html) });
  assert.equal(res.status, 422); /* a final status needs a decision */
  res = await multipart(handler, `${CASE()}/status`, { status: 'completed', message: 'Done.',
    decision: 'Your certificate is granted.', revision: revision(html) }, { decision_file: PDF });
  assert.equal(res.status, 303);

  // The person sees the decision, by the commune's case handler, never a name.
  const done = await (await page(marie, `/spaces/${marie.space}/submissions/${submission.id}`)).text();
  assert.ok(done.includes('Your certificate is granted.'));
  assert.ok(done.includes('case handler'));
  assert.ok(!done.includes('Jean') && !done.includes(HANDLER));
  // A supervisor may reassign only while the case is open: the forms are gone now.
  html = await (await page(supervisor, CASE())).text();
  assert.ok(!html.includes('/assign"'));
});

test('internal notes stay inside the organisation', async () => {
  let res = await form(handler, `${CASE()}/note`, { text: 'Called the applicant.' });
  assert.equal(res.status, 303);
  assert.ok((await (await page(supervisor, CASE())).text()).includes('Called the applicant.'));
  const receipt = await (await page(marie, `/spaces/${marie.space}/submissions/${submission.id}`)).text();
  assert.ok(!receipt.includes('Called the applicant.'));
  res = await form(stranger, `${CASE()}/note`, { text: 'Intruder.' });
  assert.equal(res.status, 404);
});

test('an administrator manages the agents; a lesser role may not; nobody changes their own role', async () => {
  const ADMIN = '1995010924986', NEWCOMER = '1968091728657';
  ctl(['agents', 'add', 'commune', ADMIN, '--role', 'admin']);
  const admin = await session(ADMIN);
  const AGENTS = '/backoffice/orgs/commune/agents';
  assert.equal((await page(handler, AGENTS)).status, 403);
  assert.equal((await form(supervisor, AGENTS, { national_id: NEWCOMER, role: 'handler' })).status, 403);
  assert.equal((await page(stranger, AGENTS)).status, 404);
  let html = await (await page(admin, '/backoffice/orgs/commune')).text();
  assert.ok(html.includes(`href="${AGENTS}"`));
  html = await (await page(admin, AGENTS)).text();
  assert.ok(html.includes(HANDLER) && html.includes(SUPERVISOR));
  let res = await form(admin, AGENTS, { national_id: '1968091728650', role: 'handler' });   /* a wrong check digit */
  assert.equal(res.status, 422);
  assert.match(await res.text(), /valid national identification number/);
  assert.equal((await form(admin, AGENTS, { national_id: NEWCOMER, role: 'boss' })).status, 422);
  res = await form(admin, AGENTS, { national_id: ADMIN, role: 'handler' });
  assert.equal(res.status, 422);
  assert.match(await res.text(), /your own role/);
  res = await form(admin, AGENTS, { national_id: NEWCOMER, role: 'supervisor' });
  assert.equal(res.status, 303);
  const listed = JSON.parse(ctl(['agents', 'list', 'commune']).stdout);
  assert.equal(listed.find((a) => a.national_id === NEWCOMER)?.role, 'supervisor');
  const newcomer = await session(NEWCOMER);
  assert.equal((await page(newcomer, '/backoffice/orgs/commune')).status, 200);
  // An agent of two organisations switches between them from the start page.
  assert.ok(!(await (await page(newcomer, '/backoffice/orgs/commune')).text()).includes('href="/backoffice"'));
  ctl(['agents', 'add', 'cae', NEWCOMER, '--role', 'handler']);
  assert.ok((await (await page(newcomer, '/backoffice/orgs/commune')).text()).includes('href="/backoffice"'));
  const start = await page(newcomer, '/backoffice');
  assert.equal(start.status, 200);
  const links = await start.text();
  assert.ok(links.includes('href="/backoffice/orgs/commune"') && links.includes('href="/backoffice/orgs/cae"'));
  assert.equal((await page(newcomer, '/backoffice/orgs/cae')).status, 200);
  ctl(['agents', 'remove', 'cae', NEWCOMER]);
  assert.equal((await form(admin, AGENTS, { national_id: NEWCOMER, role: 'remove' })).status, 303);
  assert.equal((await page(newcomer, '/backoffice/orgs/commune')).status, 404);
});

test('an administrator registers and removes a case system; the private key is refused', async () => {
  const ADMIN = '1995010924986';
  ctl(['agents', 'add', 'commune', ADMIN, '--role', 'admin']);
  const admin = await session(ADMIN);
  const CLIENTS = '/backoffice/orgs/commune/clients';
  const priv = join(work, 'cs.private.jwk'), pub = join(work, 'cs.public.jwk');
  runSanitized(GUICHETCTL, ['org', 'clients', 'keygen', '--private', priv, '--public', pub]);
  assert.equal((await page(handler, CLIENTS)).status, 403);
  assert.equal((await page(stranger, CLIENTS)).status, 404);
  // The private key pasted by mistake: refused, not stored, and not shown back.
  let res = await form(admin, CLIENTS, { jwk: readFileSync(priv, 'utf8'), 'submissions.read': '1' });
  assert.equal(res.status, 422);
  const refused = await res.text();
  assert.match(refused, /Paste a public key/);
  assert.equal(JSON.parse(ctl(['clients', 'list', 'commune']).stdout).length, 0);
  res = await form(admin, CLIENTS, { jwk: readFileSync(pub, 'utf8'), 'submissions.read': '1', 'registers.read': '1' });
  assert.equal(res.status, 303);
  const location = res.headers.get('location');
  const id = new URL(location, stack.site).searchParams.get('added');
  assert.match(id, /^cl_[0-9a-f]{24}$/);
  const html = await (await page(admin, location)).text();
  assert.ok(html.includes(`<code id="client-added-id">${id}</code>`));
  const listed = JSON.parse(ctl(['clients', 'list', 'commune']).stdout);
  assert.deepEqual(listed.map((c) => [c.client_id, c.scopes]), [[id, ['submissions.read', 'registers.read']]]);
  // The case system gets a token with it, and loses it once removed.
  const token = async () => {
    const assertion = runSanitized(GUICHETCTL, ['org', 'client-assertion', '--key', priv, '--client', id,
      '--audience', `${stack.site}/api/org/v1/token`]).stdout.trim();
    return fetch(`${stack.site}/api/org/v1/token`, { method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion: assertion,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' }).toString() });
  };
  assert.equal((await token()).status, 200);
  assert.equal((await form(stranger, `${CLIENTS}/${id}/remove`, {})).status, 404);
  assert.equal((await form(admin, `${CLIENTS}/${id}/remove`, {})).status, 303);
  assert.equal((await token()).status, 401);
  assert.equal((await form(admin, `${CLIENTS}/${id}/remove`, {})).status, 404);
});
