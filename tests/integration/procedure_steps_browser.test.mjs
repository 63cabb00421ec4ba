// The step pages in a real browser, beyond the happy path of
// procedures_browser.test.mjs: files attached without JavaScript (upload,
// list, download, remove; every refusal shown on the step in the person's
// language, nothing stored), a step checked when it is saved, steps hidden by
// their conditions skipped, Enter meaning Continue on a step with "Add
// another", and malformed uploads refused with a 4xx naming the fault.
// guichetd loads the real procedures plus one test procedure,
// tests/fixtures/procedures/pages/household-pets.json. Every page is checked
// with axe (no serious or critical violation).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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
  work = mkdtempSync(join(tmpdir(), 'guichet-steps-browser-'));
  const procedures = join(work, 'procedures');
  mkdirSync(procedures);
  for (const f of readdirSync('procedures')) if (f.endsWith('.json')) copyFileSync(join('procedures', f), join(procedures, f));
  copyFileSync('tests/fixtures/procedures/pages/household-pets.json', join(procedures, 'household-pets.json'));
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

// Clicks button (or presses a key when it is a function) and returns the
// status of the POST it sends.
async function submit(page, button) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(site)),
    typeof button === 'function' ? button() : button.click(),
  ]);
  await page.waitForLoadState('load');
  return res.status();
}

// Starts the test procedure from the catalogue: the draft's base path.
async function startPets(page) {
  await page.goto(`${site}/procedures/household-pets`);
  assert.equal(await submit(page, page.locator('main form[action$="/start"] button')), 303);
  const m = new URL(page.url()).pathname.match(/^(\/spaces\/(\d+)\/drafts\/(\d+))\/steps\/1$/);
  assert.ok(m, page.url());
  return { base: m[1], space: m[2], draft: m[3] };
}

// The visible Continue button (a step with "Add another" has a hidden one first).
const continueButton = (page) => page.locator('main form button[name="save"]:not([aria-hidden])');
const draftData = (draft) => JSON.parse(sql(g.db, `SELECT data FROM drafts WHERE id = ${draft}`));
const attachments = (draft) => Number(sql(g.db, `SELECT count(*) FROM attachments WHERE draft_id = ${draft}`));
const summaryLinks = (page) => page.locator('.govuk-error-summary a').evaluateAll((as) =>
  as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));

const pdf = (bytes) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(bytes - 9, 0x41)]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(292, 7)]);

test('a step is checked when saved (422, its errors, answers kept); hidden steps are skipped and left out of the review',
  { timeout: 90000 }, async () => {
    const context = await newContext(browser, { acceptLanguage: 'en' });
    const page = await context.newPage();
    try {
      await login(page, '/procedures');
      const { base, draft } = await startPets(page);
      // Nothing answered but a nickname: the same step again, saying what is missing; the nickname is kept.
      await page.locator('#f-nickname').fill('Mimi');
      assert.equal(await submit(page, continueButton(page)), 422);
      assert.equal(new URL(page.url()).pathname, `${base}/steps/1`);
      assert.match(await page.title(), /^Error: About you/);
      // The summary names the field and says what to do; beside the field, what to do.
      assert.deepEqual(await summaryLinks(page), [{ href: '#f-has_pets', text: 'Do you have pets?: Select yes or no' }]);
      assert.match(await page.locator('#f-has_pets-error').textContent(), /^\s*Error:\s*Select yes or no$/);
      assert.equal(await page.locator('.govuk-form-group--error #f-has_pets').count(), 1);
      assert.equal(await page.locator('#f-nickname').inputValue(), 'Mimi');
      assert.equal(draftData(draft).nickname, 'Mimi');
      await axeClean(page, 'step 1 with its error');

      // Yes: the pets step follows; it is checked too.
      await page.locator('#f-has_pets').check();
      assert.equal(await submit(page, continueButton(page)), 303);
      assert.equal(new URL(page.url()).pathname, `${base}/steps/2`);
      assert.equal(await page.locator('.govuk-back-link').getAttribute('href'), `${base}/steps/1`);
      assert.equal(await submit(page, continueButton(page)), 422);
      assert.deepEqual((await summaryLinks(page)).map((l) => l.href), ['#f-pet_count']);
      await page.locator('#f-pet_count').fill('2');
      assert.equal(await submit(page, continueButton(page)), 303);
      assert.equal(new URL(page.url()).pathname, `${base}/steps/3`);
      assert.equal(await page.locator('.govuk-back-link').getAttribute('href'), `${base}/steps/2`);
      let review = await page.goto(`${site}${base}/review`);
      assert.equal(review.status(), 200);
      assert.deepEqual(await page.locator('#answers h2').allTextContents(), ['About you', 'Your pets', 'Children', 'Documents']);

      // No: the pets step is hidden; Continue and Back go around it, the review leaves it out.
      await page.goto(`${site}${base}/steps/1`);
      await page.locator('#f-has_pets--2').check();
      assert.equal(await submit(page, continueButton(page)), 303);
      assert.equal(new URL(page.url()).pathname, `${base}/steps/3`);
      assert.equal(await page.locator('.govuk-back-link').getAttribute('href'), `${base}/steps/1`);
      review = await page.goto(`${site}${base}/review`);
      assert.deepEqual(await page.locator('#answers h2').allTextContents(), ['About you', 'Children', 'Documents']);
      assert.doesNotMatch(await page.locator('main').textContent(), /Number of pets/);
      await axeClean(page, 'review without the hidden step');
      // Resuming goes to the furthest visible step reached.
      await page.goto(`${site}${base}`);
      assert.equal(new URL(page.url()).pathname, `${base}/steps/3`);
    } finally {
      await context.close();
    }
  });

test('Enter in a text field of a step with "Add another" means Continue (without JavaScript); a file in a group item',
  { timeout: 60000 }, async () => {
    const context = await newContext(browser, { acceptLanguage: 'en', javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await login(page, '/procedures');
      const { base, draft } = await startPets(page);
      await page.goto(`${site}${base}/steps/3`);
      assert.equal(await submit(page, page.locator('main button[name="add"]')), 303);
      assert.equal(await page.locator('fieldset.gx-group__item').count(), 1);
      // The default button comes first in the form, out of sight and out of the Tab order.
      const first = page.locator('main form[action$="/steps/3"] button[type="submit"]').first();
      assert.equal(await first.getAttribute('name'), 'save');
      assert.equal(await first.getAttribute('tabindex'), '-1');
      assert.equal(await first.getAttribute('aria-hidden'), 'true');
      await page.locator('#f-children-0-child_name').fill('Léa');
      assert.equal(await submit(page, () => page.locator('#f-children-0-child_name').press('Enter')), 303);
      assert.equal(new URL(page.url()).pathname, `${base}/steps/4`, 'Enter went on to the next step');
      assert.deepEqual(draftData(draft).children, [{ child_name: 'Léa' }]);

      // A file for the first child: the input is named by its place in the group.
      await page.goto(`${site}${base}/steps/3`);
      const input = page.locator('#f-children-0-school_letter');
      assert.equal(await input.getAttribute('name'), 'children.0.school_letter');
      await input.setInputFiles({ name: 'school letter.pdf', mimeType: 'application/pdf', buffer: pdf(700) });
      assert.equal(await submit(page, page.locator('button[form="upload-f-children-0-school_letter"]')), 303);
      const item = page.locator('fieldset.gx-group__item').first();
      assert.equal((await item.locator('.gx-files a').textContent()).trim(), 'school letter.pdf');
      assert.equal(await page.locator('#f-children-0-child_name').inputValue(), 'Léa');
      const data = draftData(draft);
      assert.equal(data.children[0].school_letter.length, 1);
      assert.equal(sql(g.db, `SELECT field || ' ' || name FROM attachments WHERE id = '${data.children[0].school_letter[0]}'`),
        'children.school_letter school letter.pdf');
    } finally {
      await context.close();
    }
  });

test('files on a step: upload, list, download, remove; refusals on the step in the person\'s language; review and receipt name them',
  { timeout: 120000 }, async () => {
    const context = await newContext(browser, { acceptLanguage: 'en' });
    const page = await context.newPage();
    try {
      await login(page, '/procedures');
      const { base, space, draft } = await startPets(page);
      await page.locator('#f-has_pets--2').check();
      assert.equal(await submit(page, continueButton(page)), 303);
      await page.goto(`${site}${base}/steps/4`);
      assert.equal(await page.locator('label[for="f-vaccination"]').textContent(), 'Vaccination record');
      assert.equal((await page.locator('#f-vaccination-limits').textContent()).trim(),
        'Accepted: PDF, PNG, up to 4 KB per file. At most 2 files.');
      assert.equal(await page.locator('#f-vaccination').getAttribute('accept'), 'application/pdf,image/png');
      assert.match(await page.locator('#f-vaccination').getAttribute('aria-describedby'), /f-vaccination-limits/);
      assert.doesNotMatch(await page.locator('main').textContent(), /come later/);
      await axeClean(page, 'file step');
      const upload = page.locator('button[form="upload-f-vaccination"]');
      const refused = async (file, message) => {
        if (file) await page.locator('#f-vaccination').setInputFiles(file);
        assert.equal(await submit(page, upload), 422, message);
        assert.match(await page.title(), /^Error: /);
        assert.deepEqual(await summaryLinks(page), [{ href: '#f-vaccination', text: message }]);
        assert.equal((await page.locator('#f-vaccination-error').textContent()).trim(), `Error: ${message}`);
        assert.match(await page.locator('#f-vaccination').getAttribute('aria-describedby'), /f-vaccination-error/);
        assert.equal(attachments(draft), 0, 'nothing stored');
      };
      await refused(null, 'Select a file');
      await axeClean(page, 'file step with its error');
      await screenshot(page, 'procedure-file-error-en');
      await refused({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just text') },
        'The selected file must be a PDF or PNG');
      // The type is read from the bytes, whatever the name or the browser says.
      await refused({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 an executable') },
        'The selected file must be a PDF or PNG');
      await refused({ name: 'big.pdf', mimeType: 'application/pdf', buffer: pdf(5000) },
        'The selected file must be smaller than 4 KB');
      await refused({ name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) }, 'The selected file is empty');

      // Two files: listed with their names, types and sizes; the field is then full.
      await page.locator('#f-vaccination').setInputFiles({ name: 'carnet de vaccination.pdf', mimeType: 'application/pdf', buffer: pdf(1200) });
      assert.equal(await submit(page, upload), 303);
      assert.equal(new URL(page.url()).pathname, `${base}/steps/4`);
      assert.equal(new URL(page.url()).hash, '#f-vaccination');
      await page.locator('#f-vaccination').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
      assert.equal(await submit(page, upload), 303);
      const rows = page.locator('#f-vaccination-files .govuk-summary-list__row');
      assert.deepEqual(await rows.locator('dt').allTextContents(), ['carnet de vaccination.pdf', 'photo.png']);
      assert.deepEqual((await rows.locator('.govuk-summary-list__value').allTextContents()).map((t) => t.trim()),
        ['PDF, 1 KB', 'PNG, 300 bytes']);
      assert.equal(await page.locator('input#f-vaccination').count(), 0, 'no input once the field is full');
      assert.match(await page.locator('main').textContent(), /as many files as this question accepts/);
      assert.equal(draftData(draft).vaccination.length, 2);
      await axeClean(page, 'file step with two files');
      await screenshot(page, 'procedure-files-en');

      // The link downloads the file, for this space's members.
      const href = await rows.first().locator('a').getAttribute('href');
      assert.match(href, new RegExp(`^/api/v1/spaces/${space}/attachments/att_[0-9a-f]{32}$`));
      const down = await page.request.get(`${site}${href}`);
      assert.equal(down.status(), 200);
      assert.equal(down.headers()['content-type'], 'application/pdf');
      assert.match(down.headers()['content-disposition'], /filename\*=UTF-8''carnet%20de%20vaccination\.pdf/);
      assert.deepEqual(await down.body(), pdf(1200));

      // A third file, posted as the form would: refused on the step.
      const csrf = await page.locator('#gx-file-remove input[name="csrf_token"]').inputValue();
      const third = await page.request.post(`${site}${base}/steps/4/files`, { headers: { origin: site }, multipart: {
        csrf_token: csrf, vaccination: { name: 'third.pdf', mimeType: 'application/pdf', buffer: pdf(100) } } });
      assert.equal(third.status(), 422);
      assert.match(await third.text(), /You can add at most 2 files here: remove one first/);
      assert.equal(attachments(draft), 2);

      // Remove the photo: back on the step, one file left, its id gone from the answers.
      assert.equal(await submit(page, rows.nth(1).locator('button')), 303);
      assert.equal(new URL(page.url()).pathname, `${base}/steps/4`);
      assert.deepEqual(await page.locator('#f-vaccination-files dt').allTextContents(), ['carnet de vaccination.pdf']);
      assert.equal(attachments(draft), 1);
      assert.equal(draftData(draft).vaccination.length, 1);
      assert.equal(await page.locator('input#f-vaccination').count(), 1);

      // The review and the receipt name the file.
      assert.equal(await submit(page, continueButton(page)), 303);
      assert.equal(new URL(page.url()).pathname, `${base}/review`);
      const row = page.locator('.govuk-summary-list__row', { hasText: 'Vaccination record' });
      assert.equal((await row.locator('.govuk-summary-list__value').textContent()).trim(), 'carnet de vaccination.pdf');
      assert.equal(await submit(page, page.locator('main form[action$="/submit-form"] button')), 303);
      assert.match(new URL(page.url()).pathname, new RegExp(`^/spaces/${space}/submissions/\\d+$`));
      const receipt = page.locator('.govuk-summary-list__row', { hasText: 'Vaccination record' });
      assert.equal((await receipt.locator('.govuk-summary-list__value').textContent()).trim(), 'carnet de vaccination.pdf');
      // Times in Luxembourg's local time, with its zone.
      const submitted = page.locator('.govuk-summary-list__row', { hasText: 'Submitted on' }).locator('dd');
      assert.match((await submitted.textContent()).trim(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} CES?T$/);
      assert.match(await page.locator('.gx-timeline li').first().textContent(), /\d{2}:\d{2} CES?T/);
      await axeClean(page, 'receipt with a file');
    } finally {
      await context.close();
    }

    // French and German: the same refusals in the person's language.
    for (const [lang, none, type, js] of [
      ['fr', 'Sélectionnez un fichier', 'Le fichier sélectionné doit être au format PDF ou PNG', true],
      ['de', 'Wählen Sie eine Datei aus', 'Die ausgewählte Datei muss im Format PDF oder PNG sein', false],
    ]) {
      const ctx = await newContext(browser, { acceptLanguage: lang, javaScriptEnabled: js });
      const p = await ctx.newPage();
      try {
        await login(p, '/procedures');
        const { base, draft } = await startPets(p);
        await p.goto(`${site}${base}/steps/4`);
        const up = p.locator('button[form="upload-f-vaccination"]');
        assert.equal(await submit(p, up), 422);
        assert.deepEqual((await summaryLinks(p)).map((l) => l.text), [none]);
        if (js) await axeClean(p, `file step with its error (${lang})`);
        await p.locator('#f-vaccination').setInputFiles({ name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
        assert.equal(await submit(p, up), 422);
        assert.deepEqual((await summaryLinks(p)).map((l) => l.text), [type]);
        assert.equal(attachments(draft), 0);
      } finally {
        await ctx.close();
      }
    }
  });

test('malformed uploads: 4xx naming the fault, nothing stored; another space\'s draft is not found', { timeout: 60000 }, async () => {
  const context = await newContext(browser, { acceptLanguage: 'en' });
  const page = await context.newPage();
  try {
    await login(page, '/procedures');
    const { base, draft } = await startPets(page);
    await page.goto(`${site}${base}/steps/4`);
    const csrf = await page.locator('form[id="upload-f-vaccination"] input[name="csrf_token"]').inputValue();
    const post = (contentType, body, path = `${base}/steps/4/files`) => page.request.post(`${site}${path}`,
      { headers: { origin: site, 'content-type': contentType }, data: Buffer.from(body), maxRedirects: 0 });
    const part = (name, value, filename) => `--b\r\nContent-Disposition: form-data; name="${name}"` +
      `${filename !== undefined ? `; filename="${filename}"` : ''}\r\n\r\n${value}\r\n`;
    const good = part('csrf_token', csrf) + part('vaccination', '%PDF-1.7 tiny', 'a.pdf') + '--b--\r\n';
    const cases = [
      ['text/plain', good, 415, 'send Content-Type: multipart/form-data'],
      ['multipart/form-data', good, 400, 'the Content-Type has no boundary'],
      ['multipart/form-data; boundary=b', good.replace('--b--\r\n', ''), 400,
        'the multipart body is malformed: the closing boundary is missing'],
      ['multipart/form-data; boundary=b', `${part('csrf_token', csrf)}--b\r\nContent-Type: a/b\r\n\r\nx\r\n--b--`, 400,
        'the multipart body is malformed: a part has no Content-Disposition'],
      ['multipart/form-data; boundary=b', `${part('csrf_token', 'not-the-token')}${part('vaccination', '%PDF-1', 'a.pdf')}--b--`, 403,
        'missing or wrong CSRF token'],
      ['multipart/form-data; boundary=b', `${part('csrf_token', csrf)}--b--`, 400, 'the form has no file part'],
      ['multipart/form-data; boundary=b', `${part('csrf_token', csrf)}${part('note', 'x')}${part('vaccination', '%PDF-1', 'a.pdf')}--b--`, 400,
        'send csrf_token and one file, nothing else'],
      ['multipart/form-data; boundary=b', `${part('csrf_token', csrf)}${part('nickname', '%PDF-1', 'a.pdf')}--b--`, 400,
        'the file\'s part names no file field of this step'],
      ['multipart/form-data; boundary=b', `${part('csrf_token', csrf)}${part('children.0.school_letter', '%PDF-1', 'a.pdf')}--b--`, 400,
        'the file\'s part names no file field of this step'],
      // A file field of step 3, in a group item the draft does not have.
      ['multipart/form-data; boundary=b', `${part('csrf_token', csrf)}${part('children.7.school_letter', '%PDF-1', 'a.pdf')}--b--`, 400,
        'no such entry in the draft for this file field', `${base}/steps/3/files`],
    ];
    for (const [type, body, status, detail, path] of cases) {
      const res = await post(type, body, path);
      assert.equal(res.status(), status, `${type}: ${detail}`);
      assert.equal((await res.json()).detail, detail);
    }
    assert.equal(attachments(draft), 0, 'nothing stored');
    // The well-formed one is taken.
    assert.equal((await post('multipart/form-data; boundary=b', good)).status(), 303);
    assert.equal(attachments(draft), 1);
    // Someone else's draft number in my space's path, or a removal of a file that is not the draft's: 404.
    assert.equal((await post('multipart/form-data; boundary=b', good, `${base.replace(/\d+$/, '999999')}/steps/4/files`)).status(), 404);
    const gone = await page.request.post(`${site}${base}/attachments/att_00000000000000000000000000000000/remove`,
      { headers: { origin: site }, form: { csrf_token: csrf } });
    assert.equal(gone.status(), 404);
  } finally {
    await context.close();
  }
});
