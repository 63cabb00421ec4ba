// Certificates issued automatically, end to end: a person of the generated
// population asks for a certificate of residence (and one of household
// composition) to their letter box; the platform reads the population
// register (access records on both sides), builds and signs the PDF, puts it
// in the letter box and completes the procedure within seconds, with no
// agent. The public page /verify (no login) says the code and the file are
// genuine, that a file with one changed byte is not, names no person; in
// French, German and English in a real browser, axe-clean, with screenshots.
// What is not issued automatically (a historical certificate, delivery by
// post, the register down) stays with the organisation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql } from './lib/registers.mjs';
import { launchBrowser, withPage, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';
import { stopAll } from './lib/exit.mjs';

let pop, regs = {}, work, g, idp, site, person, s, browser;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-certs-'));
  regs.persons = await startRegistryd('persons', pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`,
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url }),
  } });
  const demo = (await import(join(pop.dir, 'demo-persons.json'), { with: { type: 'json' } })).default;
  person = demo.find((p) => p.profile === 'married parent');
  const l = await login({ site }, { nationalId: person.national_id });
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  s = { cookie: l.cookie, space: me.active_space.id, api: (method, path, body) => fetch(`${site}${path}`, {
    method, headers: { cookie: l.cookie, 'x-csrf-token': me.csrf_token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) }) };
  browser = await launchBrowser();
});

after(async () => {
  await stopAll(() => browser?.close(), g, () => g?.cleanup(), idp, regs.persons, () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

let prefilled;   // the register's values of the first draft, typed in by hand when it is down
async function ask(choices) {
  const draft = await (await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'certificate-of-residence' })).json();
  prefilled ??= draft.data;
  assert.equal((await s.api('PUT', `/api/v1/spaces/${s.space}/drafts/${draft.id}`,
    { data: { ...prefilled, ...draft.data, copies: 1, ...choices }, step: 1 })).status, 200);
  const started = Date.now();
  const res = await s.api('POST', `/api/v1/spaces/${s.space}/drafts/${draft.id}/submit`);
  assert.equal(res.status, 201);
  const sub = await res.json();
  return { sub, took: Date.now() - started };
}

async function status(id) {
  const sub = await (await s.api('GET', `/api/v1/spaces/${s.space}/submissions/${id}`)).json();
  return sub.timeline.at(-1).status;
}

async function certificateOf(submissionId) {
  const list = await (await s.api('GET', `/api/v1/spaces/${s.space}/letterbox?type=certificate`)).json();
  return list.items.find((d) => d.submission === submissionId);
}

const pdftotext = (pdf) => execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8');
const codeOf = (pdf) => pdf.toString('latin1').match(/\(guichet-certificate-code:([0-9A-Z-]{19})\)/)[1];

let residence;

test('a certificate of residence arrives in the letter box and completes the procedure, with no agent', { timeout: 60000 }, async () => {
  const { sub, took } = await ask({ certificate_type: 'residence', certificate_language: 'en', delivery: 'letterbox' });
  assert.ok(took < 10000, `issued within seconds (${took} ms)`);
  assert.equal(await status(sub.id), 'completed');
  const doc = await certificateOf(sub.id);
  assert.ok(doc, 'in the letter box');
  assert.equal(doc.organisation, 'commune');
  assert.equal(doc.title, 'Certificate of residence');
  const res = await s.api('GET', `/api/v1/spaces/${s.space}/letterbox/${doc.id}/file`);
  const pdf = Buffer.from(await res.arrayBuffer());
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const text = pdftotext(pdf);
  assert.match(text, /Certificate of residence/);
  assert.ok(text.includes(person.family_name), 'the register\'s data is on it');
  // read for this submission, with access records on both sides
  assert.match(sql(g.db, "SELECT count(*) FROM access_records WHERE purpose = 'certificate-of-residence'"), /^[1-9]/);
  residence = { pdf, code: codeOf(pdf), doc };
});

test('/verify: the code and the file are genuine, a changed byte is not; nothing about the person', async () => {
  let res = await fetch(`${site}/verify?code=${residence.code.toLowerCase().replaceAll('-', ' ')}`, { headers: { 'accept-language': 'en' } });
  assert.equal(res.status, 200);
  let page = await res.text();
  assert.match(page, /data-verdict="genuine"/);
  assert.match(page, /Certificate of residence/);
  assert.match(page, /Commune administration/);
  for (const secret of [person.family_name, person.given_name, person.national_id])
    assert.ok(!page.includes(secret), `/verify shows no ${secret}`);
  const upload = async (bytes) => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'certificate.pdf');
    return fetch(`${site}/verify`, { method: 'POST', body: form, headers: { 'accept-language': 'en' } });
  };
  res = await upload(residence.pdf);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /data-verdict="genuine"/);
  for (const at of [100, Math.floor(residence.pdf.length / 2), residence.pdf.length - 10]) {
    const changed = Buffer.from(residence.pdf);
    changed[at] ^= 0x01;
    res = await upload(changed);
    page = await res.text();
    if (page.includes('data-verdict')) assert.match(page, /data-verdict="altered"/, `byte ${at}`);
    else assert.equal(res.status, 422, `byte ${at}: the code itself was changed`);
  }
  res = await upload(Buffer.concat([residence.pdf, Buffer.from('\n')]));
  assert.match(await res.text(), /data-verdict="altered"/);
  // a mistyped code is told as such, before any lookup
  const typo = residence.code.slice(0, -1) + (residence.code.endsWith('0') ? '1' : '0');
  res = await fetch(`${site}/verify?code=${typo}`);
  assert.equal(res.status, 422);
  // a file without a code, and one that is no PDF
  res = await upload(Buffer.from('%PDF-1.4\nno code\n'));
  assert.equal(res.status, 422);
  res = await upload(Buffer.from('GIF89a'));
  assert.equal(res.status, 422);
  // a genuine code of a certificate the platform never issued: unknown
  const other = join(work, 'other.pdf');
  writeFileSync(join(work, 'data.json'), JSON.stringify({ given_name: 'A', family_name: 'B', birth_date: '1980-01-01',
    address: { street: 'Rue', postcode: 'L-1111', locality: 'X', commune: 'X' } }));
  execFileSync('build/asan/guichetctl', ['certificates', 'render', '--type', 'residence', '--data', join(work, 'data.json'),
    '--lang', 'en', '--out', other], { env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  const foreign = (await import('node:fs')).readFileSync(other);
  res = await upload(foreign);
  assert.match(await res.text(), /data-verdict="unknown"/);
});

test('a household composition certificate lists the people at the address', { timeout: 60000 }, async () => {
  const { sub } = await ask({ certificate_type: 'household', certificate_language: 'fr', delivery: 'letterbox' });
  assert.equal(await status(sub.id), 'completed');
  const doc = await certificateOf(sub.id);
  assert.equal(doc.title, 'Certificat de composition de ménage');
  const pdf = Buffer.from(await (await s.api('GET', `/api/v1/spaces/${s.space}/letterbox/${doc.id}/file`)).arrayBuffer());
  const text = pdftotext(pdf);
  assert.ok(text.includes(person.family_name));
  const members = text.split('Membres du ménage')[1] ?? '';
  assert.ok((members.match(/\b(19|20)\d{2}\b/g) ?? []).length >= 2, 'several members with their birth dates');
  const res = await fetch(`${site}/verify?code=${codeOf(pdf)}`, { headers: { 'accept-language': 'fr' } });
  assert.match(await res.text(), /data-verdict="genuine"/);
});

test('what is not issued automatically stays with the organisation', { timeout: 60000 }, async () => {
  let { sub } = await ask({ certificate_type: 'historical', certificate_language: 'en', delivery: 'letterbox' });
  assert.equal(await status(sub.id), 'submitted');
  ({ sub } = await ask({ certificate_type: 'residence', certificate_language: 'en', delivery: 'post' }));
  assert.equal(await status(sub.id), 'submitted');
  assert.equal(await certificateOf(sub.id), undefined);
});

for (const lang of ['fr', 'de', 'en']) {
  test(`/verify in a browser (${lang}, axe, screenshots)`, { timeout: 60000 }, async () => {
    await withPage(browser, { acceptLanguage: lang }, async (page) => {
      await page.goto(`${site}/verify`);
      let serious = seriousViolations(await runAxe(page));
      assert.equal(serious.length, 0, formatViolations(serious));
      await screenshot(page, `verify-form-${lang}`);
      await page.fill('#verify-code', residence.code);
      await Promise.all([page.waitForURL(`${site}/verify`), page.click('#verify-check')]);
      assert.equal(await page.locator('#verify-result').getAttribute('data-verdict'), 'genuine');
      serious = seriousViolations(await runAxe(page));
      assert.equal(serious.length, 0, formatViolations(serious));
      await screenshot(page, `verify-genuine-${lang}`);
      const changed = Buffer.from(residence.pdf);
      changed[Math.floor(changed.length / 2)] ^= 0x01;
      await page.goto(`${site}/verify`);
      await page.setInputFiles('#verify-file', { name: 'certificate.pdf', mimeType: 'application/pdf', buffer: changed });
      await Promise.all([page.waitForURL(`${site}/verify`), page.click('#verify-check')]);
      assert.equal(await page.locator('#verify-result').getAttribute('data-verdict'), 'altered');
      serious = seriousViolations(await runAxe(page));
      assert.equal(serious.length, 0, formatViolations(serious));
      await screenshot(page, `verify-altered-${lang}`);
    });
  });
}

test('the register down: the submission stays with the organisation', { timeout: 60000 }, async () => {
  await regs.persons.stop();
  const { sub } = await ask({ certificate_type: 'residence', certificate_language: 'de', delivery: 'letterbox' });
  assert.equal(await status(sub.id), 'submitted');
  assert.match(g.log(), /"event":"certificate_not_issued"/);
  regs.persons = null;
});
