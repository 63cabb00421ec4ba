// The letter box in a real browser (Debian's chromium), in French, German
// and English, axe-clean, screenshots of every page: the letter box (unread
// first, filters, search), a document (download, confirm receipt, archive),
// the settings (per type: electronic or paper), the space's start page with
// the unread count, and My data's e-mail address confirmed with the code the
// SMTP server received. The forms work without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, login } from './lib/stack.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { startSmtp, body } from './lib/smtp.mjs';
import { launchBrowser, withPage, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';
import { submitProviderLogin } from './lib/login_browser.mjs';
import { stopAll } from './lib/exit.mjs';

const MARIE = '1985031410148';
const PDF = Buffer.from('%PDF-1.7\n% a letter for the browser test\n%%EOF\n');
let stack, smtp, keys, commune, cns, api, browser;

async function send(client, key, meta) {
  const boundary = 'browsertest';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"\r\n\r\n${JSON.stringify({ recipient: { national_id: MARIE }, ...meta })}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lettre.pdf"\r\n\r\n`), PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await fetch(`${stack.site}/api/org/v1/letterbox/documents`, { method: 'POST', body: payload,
    headers: { authorization: `Bearer ${await client.token()}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'idempotency-key': key } });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

async function axe(page, what) {
  const serious = seriousViolations(await runAxe(page));
  assert.equal(serious.length, 0, `${what}: ${formatViolations(serious)}`);
}

async function loginTo(page, path) {
  await page.goto(`${stack.site}${path}`);
  await submitProviderLogin(page, { nationalId: MARIE, site: stack.site });
  assert.equal(new URL(page.url()).pathname, new URL(`${stack.site}${path}`).pathname);
}

let docs;
before(async () => {
  smtp = await startSmtp({ closeTimeout: 200 });
  stack = await startStack({ env: { GUICHET_MAIL_PORT: String(smtp.port), GUICHET_MAIL_POLL_MS: '200' } });
  keys = clientKeys();
  commune = orgClient(stack, keys, 'commune', 'letterbox.send');
  cns = orgClient(stack, keys, 'cns', 'letterbox.send');
  const l = await login(stack, { nationalId: MARIE });
  const me = await (await fetch(`${stack.site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  api = { cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id };
  const put = await fetch(`${stack.site}/api/v1/spaces/${api.space}/letterbox/settings`, { method: 'PUT',
    headers: { cookie: api.cookie, 'x-csrf-token': api.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ choices: [{ org: 'commune', type: 'certificate', electronic: true }, { org: 'cns', type: 'statement', electronic: true }] }) });
  assert.equal(put.status, 200);
  docs = {
    old: await send(cns, 'b1', { type: 'statement', title: 'Décompte de remboursement mars', notification_title: 'Un décompte' }),
    cert: await send(commune, 'b2', { type: 'certificate', title: 'Certificat de résidence', notification_title: 'Un certificat',
      confirmation_required: true, due_date: '2099-06-30' }),
    newest: await send(cns, 'b3', { type: 'statement', title: 'Décompte de remboursement avril', notification_title: 'Un décompte' }),
  };
  browser = await launchBrowser();
});

after(async () => {
  await stopAll(() => browser?.close(), stack, () => smtp?.close());
  keys?.remove();
});

const TEXTS = {
  fr: { h1: 'Votre boîte aux lettres', unread: 'Non lus: 3', settings: 'Ce qui arrive dans votre boîte aux lettres', download: 'Télécharger le document (PDF)' },
  de: { h1: 'Ihr Postfach', unread: 'Ungelesen: 3', settings: 'Was in Ihrem Postfach ankommt', download: 'Dokument herunterladen (PDF)' },
  en: { h1: 'Your letter box', unread: 'Unread: 3', settings: 'What comes to your letter box', download: 'Download the document (PDF)' },
};

for (const [lang, t] of Object.entries(TEXTS)) {
  test(`the letter box, a document and the settings (${lang}, axe, screenshots)`, { timeout: 90000 }, async () => {
    await withPage(browser, { acceptLanguage: lang }, async (page) => {
      await loginTo(page, `/spaces/${api.space}/letterbox`);
      assert.equal((await page.locator('h1').textContent()).trim(), t.h1);
      assert.equal((await page.locator('#lb-unread').textContent()).trim(), t.unread);
      const titles = await page.locator('#lb-documents tbody tr td:first-child a').allTextContents();
      assert.deepEqual(titles.map((s) => s.trim()), ['Décompte de remboursement avril', 'Certificat de résidence',
        'Décompte de remboursement mars'], 'newest first');
      await axe(page, 'letter box');
      await screenshot(page, `letterbox-${lang}`);
      // the search ignores case and accents; the filter keeps to one organisation
      await page.fill('#lb-q', 'decompte AVRIL');
      await Promise.all([page.waitForURL(/q=/), page.click('form.gx-lb-filter button[type="submit"]')]);
      assert.deepEqual((await page.locator('#lb-documents tbody tr td:first-child a').allTextContents()).map((s) => s.trim()),
        ['Décompte de remboursement avril']);
      await page.goto(`${stack.site}/spaces/${api.space}/letterbox?org=commune`);
      assert.equal(await page.locator('#lb-documents tbody tr').count(), 1);

      await page.goto(`${stack.site}/spaces/${api.space}/letterbox/${docs.cert.id}`);
      assert.equal((await page.locator('#lb-title').textContent()).trim(), 'Certificat de résidence');
      assert.equal((await page.locator('#lb-download').textContent()).trim(), t.download);
      assert.equal(await page.locator('#lb-confirm').count(), 1);
      await axe(page, 'document');
      await screenshot(page, `letterbox-document-${lang}`);

      await page.goto(`${stack.site}/spaces/${api.space}/letterbox/settings`);
      assert.equal((await page.locator('h1').textContent()).trim(), t.settings);
      await axe(page, 'settings');
      await screenshot(page, `letterbox-settings-${lang}`);

      await page.goto(`${stack.site}/spaces/${api.space}`);
      assert.equal((await page.locator('#space-unread').textContent()).trim(), '3');
    });
  });
}

test('download, confirm, archive and choose, without JavaScript', { timeout: 90000 }, async () => {
  await withPage(browser, { acceptLanguage: 'en', javaScriptEnabled: false }, async (page) => {
    await loginTo(page, `/spaces/${api.space}/letterbox/${docs.cert.id}`);
    assert.equal((await page.locator('#lb-read-at').textContent()).trim(), 'Not yet');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#lb-download')]);
    assert.equal(download.suggestedFilename(), 'lettre.pdf');
    await page.reload();
    assert.notEqual((await page.locator('#lb-read-at').textContent()).trim(), 'Not yet', 'the first opening is recorded');
    await Promise.all([page.waitForURL(`${stack.site}/spaces/${api.space}/letterbox/${docs.cert.id}`), page.click('#lb-confirm')]);
    assert.notEqual((await page.locator('#lb-confirmed-at').textContent()).trim(), 'Not yet');
    assert.equal(await page.locator('#lb-confirm').count(), 0);
    await Promise.all([page.waitForURL(`${stack.site}/spaces/${api.space}/letterbox/${docs.cert.id}`), page.click('#lb-archive')]);
    await page.goto(`${stack.site}/spaces/${api.space}/letterbox`);
    assert.equal(await page.locator('#lb-documents tbody tr').count(), 2, 'archived: no longer in the letter box');
    assert.equal((await page.locator('#lb-unread').textContent()).trim(), 'Unread: 2');
    await page.goto(`${stack.site}/spaces/${api.space}/letterbox?view=archive`);
    assert.equal(await page.locator('#lb-documents tbody tr').count(), 1);

    await page.goto(`${stack.site}/spaces/${api.space}/letterbox/settings`);
    await page.check('#lb-acd-tax-assessment-yes');
    await page.check('#lb-cns-statement-no');
    await Promise.all([page.waitForURL(/saved=1/), page.click('#lb-save')]);
    assert.ok(await page.locator('#lb-acd-tax-assessment-yes').isChecked());
    assert.ok(await page.locator('#lb-cns-statement-no').isChecked());
  });
  // axe needs JavaScript in the page: the states the forms left, checked and pictured
  await withPage(browser, { acceptLanguage: 'en' }, async (page) => {
    await loginTo(page, `/spaces/${api.space}/letterbox/${docs.cert.id}`);
    await axe(page, 'confirmed document');
    await screenshot(page, 'letterbox-document-confirmed-en');
    await page.goto(`${stack.site}/spaces/${api.space}/letterbox?view=archive`);
    await axe(page, 'archive');
    await screenshot(page, 'letterbox-archive-en');
    await page.goto(`${stack.site}/spaces/${api.space}/letterbox/settings?saved=1`);
    await axe(page, 'settings saved');
    await screenshot(page, 'letterbox-settings-saved-en');
  });
});

test('My data: the address confirmed with the mailed code', { timeout: 90000 }, async () => {
  await withPage(browser, { acceptLanguage: 'fr' }, async (page) => {
    await loginTo(page, '/my-data');
    // declare the address, as the page's own form does
    await page.selectOption('#self-attribute', 'email');
    await page.fill('#self-value', 'marie.browser@example.lu');
    await Promise.all([page.waitForURL(/my-data/), page.click('.gx-self-form button[type="submit"]')]);
    assert.equal((await page.locator('#email-address').textContent()).trim(), 'marie.browser@example.lu');
    assert.equal((await page.locator('#email-status').textContent()).trim(), 'Non confirmée');
    const count = smtp.received.length;
    await Promise.all([page.waitForURL(/email=sent/), page.click('#email-send')]);
    const start = Date.now();
    while (!smtp.received[count] && Date.now() - start < 10000) await new Promise((r) => setTimeout(r, 100));
    const code = body(smtp.received[count].raw).match(/\b(\d{6})\b/)[1];
    await page.fill('#email-code', '000000' === code ? '111111' : '000000');
    await page.click('#email-verify');
    assert.match(await page.locator('.govuk-error-summary').textContent(), /code/);
    await axe(page, 'wrong code');
    await screenshot(page, 'mydata-email-wrong-fr');
    await page.fill('#email-code', code);
    await Promise.all([page.waitForURL(/email=ok/), page.click('#email-verify')]);
    assert.equal((await page.locator('#email-status').textContent()).trim(), 'Confirmée');
    await axe(page, 'confirmed address');
    await screenshot(page, 'mydata-email-confirmed-fr');
    await page.goto(`${stack.site}/spaces/${api.space}/letterbox/settings`);
    assert.match(await page.locator('main').textContent(), /marie\.browser@example\.lu/);
  });
});
