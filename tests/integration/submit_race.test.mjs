// A file removed while its draft is being submitted: the answers were
// checked with the file there, the removal commits first, and the submit's
// transaction finds the file gone. Nothing is stored; the API answers 409
// naming the file field (files_changed), the pages show the review again
// with 409 and the message. The group commit is made to wait (400 ms) so
// that both writes share one batch, the removal first: the race every time.
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

let pop, regs = {}, work, g, idp, site, person;

before(async () => {
  pop = seed({ persons: 500 });
  work = mkdtempSync(join(tmpdir(), 'guichet-submit-race-'));
  regs.persons = await startRegistryd('persons', pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'),
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url }),
    GUICHET_STORE_GROUP_COMMIT_MAX_WAIT_US: '400000',
  } });
  person = pop.population.find((p) => p.featured);
});

// Every guichetd and registryd exit is judged (lib/exit.mjs), after all are stopped.
after(async () => {
  await stopAll(g, () => g?.cleanup(), idp, regs.persons, () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 0x43)]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function session(lang = 'en') {
  const l = await login({ site }, { nationalId: person.national_id });
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  const api = (method, path, body) => fetch(`${site}${path}`, {
    method, headers: { cookie: l.cookie, 'x-csrf-token': me.csrf_token, 'content-type': 'application/json', 'accept-language': lang },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const form = (path, fields = {}) => fetch(`${site}${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: l.cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': lang, accept: 'text/html' },
    body: new URLSearchParams({ csrf_token: me.csrf_token, ...fields }).toString(),
  });
  const upload = (draft, field) => fetch(`${site}/api/v1/spaces/${me.active_space.id}/drafts/${draft}/attachments?field=${field}`, {
    method: 'POST', headers: { cookie: l.cookie, 'x-csrf-token': me.csrf_token }, body: pdf,
  }).then(async (r) => { assert.equal(r.status, 201); return r.json(); });
  return { space: me.active_space.id, api, form, upload };
}

// A dog registration ready to submit, with its two required files.
async function readyDraft(s) {
  const draft = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'dog-registration' })).json();
  const rabies = await s.upload(draft.id, 'rabies_certificate');
  const insurance = await s.upload(draft.id, 'insurance_certificate');
  const data = { ...draft.data, email: 'marie@example.lu', dog_name: 'Rex', breed: 'Beagle', dog_birth_date: '2020-05-01',
    sex: 'male', chip_number: '123456789012345', acquired_on: '2020-08-01', dangerous: false,
    rabies_certificate: [rabies.id], insurance_certificate: [insurance.id] };
  assert.equal((await s.api('PUT', `/api/v1/spaces/${s.space}/drafts/${draft.id}`, { data, step: 3 })).status, 200);
  return { id: draft.id, data, rabies, insurance };
}

const count = (q) => Number(sql(g.db, q));

// The removal is queued first (its batch waits 400 ms); the submit, 100 ms
// later, still finds the file when it checks the answers, and joins the batch.
async function removeThenSubmit(s, d, submit) {
  const removal = s.form(`/spaces/${s.space}/drafts/${d.id}/attachments/${d.insurance.id}/remove`);
  await sleep(100);
  const [removed, submitted] = await Promise.all([removal, submit()]);
  assert.equal(removed.status, 303, 'the removal went through');
  return submitted;
}

test('API: a file removed while the draft is being submitted: 409 naming its field, nothing stored, the draft kept', async () => {
  const s = await session();
  const d = await readyDraft(s);
  const before = count('SELECT count(*) FROM submissions');
  const refs = sql(g.db, 'SELECT coalesce(max(last), 0) FROM reference_counters');
  const res = await removeThenSubmit(s, d, () => s.api('POST', `/api/v1/spaces/${s.space}/drafts/${d.id}/submit`));
  assert.equal(res.status, 409);
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  const problem = await res.json();
  assert.equal(problem.code, 'conflict');
  assert.match(problem.detail, /files of this draft changed/);
  assert.deepEqual(problem.errors.map((e) => `${e.field} ${e.code}`), ['/insurance_certificate files_changed']);
  assert.match(problem.errors[0].message, /^The files of this answer changed while you were submitting/);
  // Nothing stored: no submission, no reference used, the draft and its other file as they were.
  assert.equal(count('SELECT count(*) FROM submissions'), before);
  assert.equal(sql(g.db, 'SELECT coalesce(max(last), 0) FROM reference_counters'), refs);
  const got = await s.api('GET', `/api/v1/spaces/${s.space}/drafts/${d.id}`);
  assert.equal(got.status, 200, 'the draft is kept');
  assert.deepEqual((await got.json()).data.rabies_certificate, [d.rabies.id]);
  assert.equal(count(`SELECT count(*) FROM attachments WHERE draft_id = ${d.id}`), 1);
  assert.equal(count(`SELECT count(*) FROM attachments WHERE id = '${d.insurance.id}'`), 0);

  // Checked again by the person: a new file, and it goes through with both.
  const again = await s.upload(d.id, 'insurance_certificate');
  const sent = await s.api('POST', `/api/v1/spaces/${s.space}/drafts/${d.id}/submit`);
  assert.equal(sent.status, 201);
  const sub = await sent.json();
  assert.equal(count(`SELECT count(*) FROM attachments WHERE submission_id = ${sub.id}`), 2);
  assert.equal(count(`SELECT count(*) FROM attachments WHERE submission_id = ${sub.id} AND id = '${again.id}'`), 1);
  assert.equal(count(`SELECT count(*) FROM attachments WHERE draft_id = ${d.id}`), 0);
});

for (const [lang, message, title] of [
  ['en', 'The files of this answer changed while you were submitting, so nothing was sent. Check them, then submit again.', 'Error:'],
  ['fr', "Les fichiers de cette réponse ont changé pendant l'envoi : rien n'a été envoyé. Vérifiez-les, puis envoyez à nouveau.", 'Erreur :'],
  ['de', 'Die Dateien dieser Antwort haben sich beim Absenden geändert, daher wurde nichts gesendet. Prüfen Sie sie und senden Sie erneut ab.', 'Fehler:'],
]) {
  test(`pages (${lang}): the review again with 409, the message in its summary linking to the file's step; nothing stored`, async () => {
    const s = await session(lang);
    const d = await readyDraft(s);
    const before = count('SELECT count(*) FROM submissions');
    const res = await removeThenSubmit(s, d, () => s.form(`/spaces/${s.space}/drafts/${d.id}/submit-form`));
    assert.equal(res.status, 409);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    const html = await res.text();
    const esc = (t) => t.replace(/'/g, '&#39;');
    assert.ok(html.includes(esc(message)) || html.includes(message), 'the message');
    assert.match(html, new RegExp(`<title>${title}`));
    assert.match(html, new RegExp(`<a href="/spaces/${s.space}/drafts/${d.id}/steps/3\\?errors=1#f-insurance_certificate">`));
    assert.match(html, /govuk-error-summary/);
    assert.equal(count('SELECT count(*) FROM submissions'), before);
    assert.equal((await s.api('GET', `/api/v1/spaces/${s.space}/drafts/${d.id}`)).status, 200, 'the draft is kept');
    assert.equal((await s.api('DELETE', `/api/v1/spaces/${s.space}/drafts/${d.id}`)).status, 204);
  });
}
