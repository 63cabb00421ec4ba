// Back-office reuse with consent on the review page, in a real browser: a
// procedure whose definition declares what the organisation may later fetch
// itself (tests/fixtures/procedures/pages/housing-reuse.json) asks the
// person on its review page, listing exactly the registers, the attributes,
// the purpose, the legal basis and the validity, with Yes / No and nothing
// chosen. Submitting without an answer shows the error summary naming the
// question (422, nothing stored); Yes submits, and the answer is in the
// submission's data, whose SHA-256 the signed receipt carries; No makes the
// file asked instead required (its error links to its step), and once it is
// uploaded the submission goes through. English with JavaScript, French
// without; every page checked with axe, screenshots in build/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql } from './lib/registers.mjs';
import { stopAll } from './lib/exit.mjs';
import { launchBrowser, newContext, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';
import { submitProviderLogin } from './lib/login_browser.mjs';

let pop, regs = {}, work, g, idp, site, browser, person;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-reuse-browser-'));
  const procedures = join(work, 'procedures');
  mkdirSync(procedures);
  for (const f of readdirSync('procedures')) if (f.endsWith('.json')) copyFileSync(join('procedures', f), join(procedures, f));
  copyFileSync('tests/fixtures/procedures/pages/housing-reuse.json', join(procedures, 'housing-reuse.json'));
  regs.persons = await startRegistryd('persons', pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/`,
    IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`,
    GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'), GUICHET_PATHS_PROCEDURES: procedures,
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url }),
  } });
  person = pop.population.find((p) => p.featured);
  browser = await launchBrowser();
});

// Every guichetd and registryd exit is judged (lib/exit.mjs), after all are stopped.
after(async () => {
  await stopAll(() => browser?.close(), g, () => g?.cleanup(), idp, regs.persons, () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

async function axeClean(page, what) {
  const serious = seriousViolations(await runAxe(page));
  assert.equal(serious.length, 0, `${what}:\n${formatViolations(serious)}`);
}

async function login(page, next) {
  await page.goto(`${site}/login?next=${encodeURIComponent(next)}`);
  await submitProviderLogin(page, { nationalId: person.national_id, site });
  assert.equal(new URL(page.url()).pathname, next);
}

// Clicks button and returns the status of the POST it sends.
async function submit(page, button) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(site)),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return res.status();
}

const continueButton = (page) => page.locator('main form button[name="save"]:not([aria-hidden])');
const submitButton = (page) => page.locator('main form[action$="/submit-form"] button[type="submit"]');
const radios = (page) => page.locator('input[name="reuse_consent"]');
const checked = (page) => radios(page).evaluateAll((rs) => rs.filter((r) => r.checked).map((r) => r.value));
const summaryLinks = (page) => page.locator('.govuk-error-summary a').evaluateAll((as) =>
  as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
const draftData = (draft) => JSON.parse(sql(g.db, `SELECT data FROM drafts WHERE id = ${draft}`));
const submissions = () => Number(sql(g.db, "SELECT count(*) FROM submissions WHERE procedure_id = 'housing-reuse'"));
const pdf = (bytes) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(bytes - 9, 0x41)]);

// From the catalogue through both steps to the review: the draft's base path and id.
async function toReview(page) {
  await page.goto(`${site}/procedures/housing-reuse`);
  assert.equal(await submit(page, page.locator('main form[action$="/start"] button')), 303);
  const m = new URL(page.url()).pathname.match(/^(\/spaces\/\d+\/drafts\/(\d+))\/steps\/1$/);
  assert.ok(m, page.url());
  assert.equal(await page.locator('#f-family_name').inputValue(), person.family_name, 'prefilled');
  assert.equal(await submit(page, continueButton(page)), 303);
  assert.equal(await submit(page, continueButton(page)), 303);
  assert.equal(new URL(page.url()).pathname, `${m[1]}/review`);
  return { base: m[1], draft: m[2] };
}

// What the question lists, as the person reads it.
async function question(page) {
  const q = page.locator('#reuse fieldset');
  return {
    legend: (await q.locator('legend').textContent()).trim(),
    rows: await q.locator('.govuk-summary-list__row').evaluateAll((rows) => rows.map((r) => [
      r.querySelector('dt').textContent.trim(), r.querySelector('dd').innerText.trim().split('\n').map((s) => s.trim()).filter(Boolean)])),
    instead: await q.locator('ul.govuk-list').last().locator('li').allTextContents(),
    labels: await q.locator('.govuk-radios__label').allTextContents(),
  };
}

// The stored submission: its data text, and that the signed receipt carries its SHA-256 and verifies.
async function storedSubmission(id) {
  const data = sql(g.db, `SELECT data FROM submissions WHERE id = ${id}`);
  const receipt = sql(g.db, `SELECT receipt FROM submissions WHERE id = ${id}`);
  const signature = sql(g.db, `SELECT signature FROM submissions WHERE id = ${id}`);
  assert.equal(JSON.parse(receipt).data_sha256, createHash('sha256').update(data).digest('hex'), 'the receipt hashes the data');
  const jwk = await (await fetch(`${site}/api/v1/receipts/key`)).json();
  assert.equal(verify(null, Buffer.from(receipt), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64url')), true);
  return JSON.parse(data);
}

test('English: the question lists exactly what may be fetched, nothing chosen; no answer is an error; Yes submits and is in the signed data',
  { timeout: 90000 }, async () => {
    const context = await newContext(browser, { acceptLanguage: 'en' });
    const page = await context.newPage();
    try {
      await login(page, '/procedures');
      const { draft } = await toReview(page);
      const stored = submissions();
      assert.deepEqual(await question(page), {
        legend: 'May Ministry of Housing later fetch these data from the registers itself?',
        rows: [
          ['Data', ['National register of natural persons', 'Street', 'Postcode', 'Locality', 'Children (national ids)']],
          ['Purpose', ['To check each year who lives in the home.']],
          ['Legal basis', ['Amended law of 25 February 1979 on housing aid']],
          ['For how long', ['365 days from when you submit']],
        ],
        instead: ['Household composition certificate'],
        labels: ['Yes', 'No'],
      });
      assert.deepEqual(await checked(page), [], 'nothing chosen');
      assert.equal(await page.locator('#f-reuse_consent').getAttribute('value'), 'yes');
      assert.equal(await page.locator('#f-reuse_consent--2').getAttribute('value'), 'no');
      // The answer goes with the Submit button's form.
      assert.equal(await page.locator('main form[action$="/submit-form"] input[name="reuse_consent"]').count(), 2);
      await screenshot(page, 'reuse-review-en');
      await axeClean(page, 'review with the question');

      // No answer: the error summary names the question and links to it; nothing is stored.
      assert.equal(await submit(page, submitButton(page)), 422);
      await screenshot(page, 'reuse-missing-en');
      assert.match(await page.title(), /^Error: Check your answers/);
      assert.deepEqual(await summaryLinks(page),
        [{ href: '#f-reuse_consent', text: 'Say whether the organisation may fetch these data from the registers itself' }]);
      assert.equal(await page.locator('#reuse.govuk-form-group--error #f-reuse_consent').count(), 1);
      assert.match(await page.locator('#f-reuse_consent-error').textContent(), /Say whether the organisation may fetch/);
      assert.equal(await page.locator('#reuse fieldset').getAttribute('aria-describedby'), 'f-reuse_consent-error');
      assert.deepEqual(await checked(page), []);
      assert.equal(submissions(), stored);
      assert.equal(draftData(draft).reuse_consent, undefined);
      await axeClean(page, 'review with the missing answer');
      await page.locator('.govuk-error-summary a').click();
      assert.equal(new URL(page.url()).hash, '#f-reuse_consent');

      // Yes: submitted; the answer is in the data the receipt signs.
      await page.locator('#f-reuse_consent').check();
      assert.equal(await submit(page, submitButton(page)), 303);
      const m = new URL(page.url()).pathname.match(/\/submissions\/(\d+)$/);
      assert.ok(m, page.url());
      assert.equal(await page.locator('main h1').textContent(), 'Application submitted');
      assert.equal(await page.locator('#reuse-answer').textContent(), 'Yes: Ministry of Housing may fetch these data itself');
      await axeClean(page, 'receipt with the answer');
      const data = await storedSubmission(m[1]);
      assert.equal(data.reuse_consent, true);
      assert.equal(data.family_name, person.family_name);
      assert.equal(data.household_certificate, undefined, 'nothing asked instead');
      assert.equal(sql(g.db, `SELECT count(*) FROM drafts WHERE id = ${draft}`), '0');
      assert.equal(submissions(), stored + 1);
    } finally {
      await context.close();
    }
  });

test('French: No makes the file asked instead required, linked to its step; uploaded, the submission goes through with No',
  { timeout: 120000 }, async () => {
    const context = await newContext(browser, { acceptLanguage: 'fr' });
    const page = await context.newPage();
    try {
      await login(page, '/procedures');
      const { base, draft } = await toReview(page);
      const stored = submissions();
      const q = await question(page);
      assert.equal(q.legend, 'Acceptez-vous que l’organisme « Ministère du Logement » obtienne plus tard ces données directement auprès des registres ?');
      assert.deepEqual(q.rows.map((r) => r[0]), ['Données', 'But', 'Base légale', 'Durée']);
      assert.deepEqual(q.rows[0][1], ['Registre national des personnes physiques', 'Rue', 'Code postal', 'Localité', 'Enfants (matricules)']);
      assert.deepEqual(q.rows[3][1], ['365 jours à partir de l’envoi']);
      assert.deepEqual(q.instead, ['Certificat de composition de ménage']);
      assert.deepEqual(q.labels, ['Oui', 'Non']);
      assert.deepEqual(await checked(page), []);
      await screenshot(page, 'reuse-review-fr');
      await axeClean(page, 'review in French');

      assert.equal(await submit(page, submitButton(page)), 422);
      assert.deepEqual(await summaryLinks(page),
        [{ href: '#f-reuse_consent', text: 'Indiquez si l\'organisme peut obtenir lui-même ces données auprès des registres' }]);
      await screenshot(page, 'reuse-missing-fr');
      await axeClean(page, 'missing answer in French');

      // Before any answer the certificate is optional on its step.
      const certificateLabel = async () => (await page.locator('label[for="f-household_certificate"]').textContent()).trim();
      await page.goto(`${site}${base}/steps/2`);
      assert.equal(await certificateLabel(), 'Certificat de composition de ménage (facultatif)');
      await page.goto(`${site}${base}/review`);

      // No, without the certificate: kept in the draft, shown chosen, the certificate's error links to its step.
      await page.locator('#f-reuse_consent--2').check();
      assert.equal(await submit(page, submitButton(page)), 422);
      assert.equal(draftData(draft).reuse_consent, false);
      assert.deepEqual(await checked(page), ['no']);
      assert.deepEqual(await summaryLinks(page),
        [{ href: `${base}/steps/2?errors=1#f-household_certificate`,
          text: 'Certificat de composition de ménage : Téléversez un fichier' }]);
      assert.equal(submissions(), stored);
      await screenshot(page, 'reuse-no-fr');
      await axeClean(page, 'No without the certificate');

      // Its step: required now (no "(facultatif)"), the error beside it; upload it, then submit with No.
      await page.goto(`${site}${base}/steps/2?errors=1`);
      assert.equal(await certificateLabel(), 'Certificat de composition de ménage');
      assert.match(await page.locator('main').textContent(), /Téléversez un fichier/);
      await page.locator('#f-household_certificate').setInputFiles({ name: 'certificat.pdf', mimeType: 'application/pdf', buffer: pdf(800) });
      assert.equal(await submit(page, page.locator('button[form="upload-f-household_certificate"]')), 303);
      assert.equal(await submit(page, continueButton(page)), 303);
      assert.equal(new URL(page.url()).pathname, `${base}/review`);
      assert.deepEqual(await checked(page), ['no'], 'the answer is kept');
      assert.equal(await submit(page, submitButton(page)), 303);
      const m = new URL(page.url()).pathname.match(/\/submissions\/(\d+)$/);
      assert.ok(m, page.url());
      assert.equal(await page.locator('#reuse-answer').textContent(),
        'Non : vous fournissez vous-même ce qui est demandé à la place');
      const data = await storedSubmission(m[1]);
      assert.equal(data.reuse_consent, false);
      assert.equal(data.household_certificate.length, 1);
      assert.match(data.household_certificate[0], /^att_[0-9a-f]+$/);
    } finally {
      await context.close();
    }
  });

test('German without JavaScript: a bad answer posted by hand is refused (400 naming the field), Ja submits', { timeout: 60000 }, async () => {
  const context = await newContext(browser, { acceptLanguage: 'de', javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await login(page, '/procedures');
    const { base, draft } = await toReview(page);
    const stored = submissions();
    assert.equal((await question(page)).legend, 'Darf die Stelle „Wohnungsbauministerium“ diese Daten später selbst bei den Registern abrufen?');
    await screenshot(page, 'reuse-review-de-nojs');
    const csrf = await page.locator('main form[action$="/submit-form"] input[name="csrf_token"]').getAttribute('value');
    const res = await page.request.post(`${site}${base}/submit-form`, {
      form: { csrf_token: csrf, reuse_consent: 'maybe' }, maxRedirects: 0 });
    assert.equal(res.status(), 400);
    assert.equal((await res.json()).field, '/reuse_consent');
    assert.equal(draftData(draft).reuse_consent, undefined);
    assert.equal(submissions(), stored);
    // The radios and the form need no script.
    await page.locator('#f-reuse_consent').check();
    assert.equal(await submit(page, submitButton(page)), 303);
    const m = new URL(page.url()).pathname.match(/\/submissions\/(\d+)$/);
    assert.ok(m, page.url());
    assert.equal((await storedSubmission(m[1])).reuse_consent, true);
    assert.equal(submissions(), stored + 1);
  } finally {
    await context.close();
  }
});
