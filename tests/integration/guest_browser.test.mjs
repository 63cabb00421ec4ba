// Procedures without logging in, in a real browser, in French, German and
// English: from the public page, "Do this without logging in", every step on
// one form, nothing prefilled; a form with errors names each field; sent,
// the receipt is shown (reference, signature that verifies) and mailed to a
// real SMTP server (npm smtp-server) with the reference and nothing the
// person typed; the submission reaches the organisation's case list; a
// repeated post is the same submission; the abuse limits answer 429 (behind
// a trusted proxy, per forwarded client address); a cross-site post and a
// procedure that needs a login are refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort } from './lib/stack.mjs';
import { sql } from './lib/registers.mjs';
import { startSmtp, header, body, decodeWords } from './lib/smtp.mjs';
import { stopAll } from './lib/exit.mjs';
import { launchBrowser, newContext, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';

let g, smtp, browser, work;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'guichet-guest-'));
  smtp = await startSmtp();
  const port = await freePort();
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: `http://127.0.0.1:${port}`,
    GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'),
    GUICHET_MAIL_HOST: '127.0.0.1', GUICHET_MAIL_PORT: String(smtp.port), GUICHET_MAIL_FROM: 'noreply@guichet.test',
    GUICHET_GUEST_PER_ADDRESS_PER_HOUR: '8', GUICHET_GUEST_PER_MAILBOX_PER_DAY: '2',
  } });
  browser = await launchBrowser();
});

after(async () => {
  await stopAll(() => browser?.close(), g, () => g?.cleanup(), () => smtp?.close(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

async function axeClean(page, what) {
  const serious = seriousViolations(await runAxe(page));
  assert.equal(serious.length, 0, `${what}:\n${formatViolations(serious)}`);
}

async function post(page, button) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return res.status();
}

async function mailTo(address, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const m = smtp.received.find((x) => x.rcptTo.includes(address));
    if (m) return m;
    if (Date.now() > end) throw new Error(`no mail to ${address}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const L = {
  fr: { link: 'Faire cette démarche sans vous connecter', send: 'Envoyer', title: 'Déclaration de perte d\'un document',
    subject: /a été reçue – référence \d{4}-GX-\d{6}/, kept: 'Carte d\'identité' },
  de: { link: 'Dieses Verfahren ohne Anmeldung ausführen', send: 'Absenden', title: 'Verlustmeldung eines Dokuments',
    subject: /ist eingegangen – Aktenzeichen \d{4}-GX-\d{6}/, kept: 'Personalausweis' },
  en: { link: 'Do this without logging in', send: 'Send', title: 'Reporting a lost document',
    subject: /was received – reference \d{4}-GX-\d{6}/, kept: 'Identity card' },
};

for (const lang of ['fr', 'de', 'en']) {
  test(`a procedure without login is submitted, its receipt shown and mailed (${lang})`, { timeout: 90000 }, async () => {
    const context = await newContext(browser, { acceptLanguage: lang });
    const page = await context.newPage();
    const mailbox = `person-${lang}@example.org`;
    try {
      await page.goto(`${g.base}/procedures/lost-document-report`);
      await Promise.all([page.waitForURL(`${g.base}/procedures/lost-document-report/without-login`),
        page.locator('main a', { hasText: L[lang].link }).click()]);
      assert.equal(await page.locator('main h1').textContent(), L[lang].title);
      // every step on one form, nothing prefilled
      assert.equal(await page.locator('main form h2').count(), 3);
      assert.equal(await page.locator('#f-given_name').inputValue(), '');
      await axeClean(page, 'guest form');

      // Sent empty: 422, every field named in the summary, the address too.
      assert.equal(await post(page, page.locator('main form button[name="send"]')), 422);
      const items = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => ({
        href: a.getAttribute('href'), field: a.querySelector('.gx-error-summary__field')?.textContent })));
      const hrefs = items.map((i) => i.href);
      for (const id of ['#f-given_name', '#f-family_name', '#f-birth_date', '#f-document', '#f-lost_on', '#f-where_lost', '#f-receipt_email'])
        assert.ok(hrefs.includes(id), `${id} in ${hrefs.join(' ')}`);
      for (const i of items) {
        const label = await page.locator(`label[for="${i.href.slice(1)}"], fieldset:has(${i.href}) legend`).first().textContent();
        assert.ok(label.includes(i.field.trim()) || i.field.includes(label.replace(/\(.*\)/, '').trim()), `${i.field} / ${label}`);
      }
      assert.match(await page.title(), /^(Erreur|Fehler|Error)/);
      await axeClean(page, 'guest form with errors');
      await screenshot(page, `guest-errors-${lang}`);

      // Filled in: the receipt.
      await page.locator('#f-given_name').fill('Anne');
      await page.locator('#f-family_name').fill('Weber');
      await page.locator('#f-birth_date').fill('1990-04-12');
      await page.locator('#f-document').check();
      const today = new Date().toISOString().slice(0, 10);
      await page.locator('#f-lost_on').fill(today);
      await page.locator('#f-where_lost').fill('Gare centrale');
      await page.locator('#f-receipt_email').fill(mailbox);
      assert.equal(await post(page, page.locator('main form button[name="send"]')), 200);
      const reference = (await page.locator('.gx-reference').textContent()).trim();
      assert.match(reference, /^\d{4}-GX-\d{6}$/);
      assert.ok((await page.locator('#receipt-mailed').textContent()).includes(mailbox));
      const main = await page.locator('main').textContent();
      assert.ok(main.includes(L[lang].kept), 'the answers, in words');
      // the signature verifies with the published key
      const text = await page.locator('#receipt-text').textContent();
      const signature = (await page.locator('#receipt-signature').textContent()).trim();
      const jwk = await (await fetch(`${g.base}/api/v1/receipts/key`)).json();
      assert.equal(verify(null, Buffer.from(text), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64url')), true);
      assert.equal(JSON.parse(text).reference, reference);
      await axeClean(page, 'guest receipt');
      await screenshot(page, `guest-receipt-${lang}`);

      // The mail: in the person's language, the reference, nothing they typed, no link.
      const m = await mailTo(mailbox);
      const subject = decodeWords(header(m.raw, 'Subject'));
      assert.match(subject, L[lang].subject);
      assert.ok(subject.includes(reference));
      const text2 = body(m.raw);
      assert.ok(text2.includes(reference));
      for (const personal of ['Anne', 'Weber', 'Gare centrale', '1990']) assert.ok(!text2.includes(personal) && !subject.includes(personal), personal);
      assert.doesNotMatch(text2, /https?:|www\./);
      assert.equal(header(m.raw, 'Content-Language'), lang);

      // The organisation has it: a case of the police, in a space nobody owns.
      assert.equal(sql(g.db, `SELECT c.org_id FROM cases c JOIN submissions s ON s.id = c.submission_id WHERE s.reference = '${reference}'`), 'police');
      assert.equal(sql(g.db, `SELECT count(*) FROM submissions s JOIN spaces p ON p.id = s.space_id WHERE s.reference = '${reference}' AND p.owner_person_id IS NULL`), '1');
      assert.equal(sql(g.db, `SELECT count(*) FROM space_members m JOIN submissions s ON s.space_id = m.space_id WHERE s.reference = '${reference}'`), '0');
      // Nothing personal in guichetd's log.
      assert.doesNotMatch(g.log(), new RegExp(`${mailbox}|Weber|Gare centrale`));

    } finally {
      await context.close();
    }
  });
}

// The same things over plain HTTP, where the requests can be exact.
async function form(path) {
  const html = await (await fetch(`${g.base}${path}`, { headers: { 'accept-language': 'en' } })).text();
  return html.match(/name="token" value="([^"]+)"/)[1];
}
function send(path, fields, headers = {}) {
  return fetch(`${g.base}${path}`, { method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en', origin: g.base, ...headers },
    body: new URLSearchParams(fields).toString() });
}
const answers = (token, email) => ({ token, given_name: 'Tom', family_name: 'Kayser', birth_date: '1980-01-01',
  category: 'lighting', place: 'Rue de la Gare 3', description: 'Light out', receipt_email: email });

test('a repeated post is the same submission; the limits answer 429; bad input and cross-site posts change nothing', async () => {
  const path = '/procedures/public-space-report/without-login';
  const count = () => Number(sql(g.db, "SELECT count(*) FROM submissions WHERE procedure_id = 'public-space-report'"));
  const before = count();
  const token = await form(path);
  const first = await send(path, answers(token, 'a@example.org'));
  assert.equal(first.status, 200);
  const ref = (await first.text()).match(/class="gx-reference">(\d{4}-GX-\d{6})</)[1];
  const again = await send(path, answers(token, 'a@example.org'));
  assert.equal(again.status, 200);
  assert.match(await again.text(), new RegExp(`This form was already sent[\\s\\S]*${ref}`));
  assert.equal(count(), before + 1, 'one submission for one token');

  // the mailbox: two receipts a day, the third refused (429, nothing stored)
  assert.equal((await send(path, answers(await form(path), 'a@example.org'))).status, 200);
  const limited = await send(path, answers(await form(path), 'A@Example.org'));
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '86400');
  assert.match(await limited.text(), /as many receipts as allowed today/);
  assert.equal(count(), before + 2);

  // bad input: named, nothing stored
  let r = await send(path, { ...answers(await form(path), 'not-an-address') });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /href="#f-receipt_email"/);
  r = await send(path, { ...answers('short', 'b@example.org') });
  assert.equal(r.status, 400);
  assert.equal((await r.json()).field, 'token');
  r = await send(path, { ...answers(await form(path), 'b@example.org'), category: 'volcano' });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /href="#f-category"/);
  // another site's page cannot post it
  r = await send(path, answers(await form(path), 'c@example.org'), { origin: 'https://evil.example' });
  assert.equal(r.status, 403);
  assert.equal(count(), before + 2);
  // a procedure that needs a login has no such form
  assert.equal((await fetch(`${g.base}/procedures/change-of-address/without-login`, { headers: { accept: 'text/html' } })).status, 404);
  assert.equal((await send('/procedures/change-of-address/without-login', answers('x'.repeat(43), 'd@example.org'))).status, 404);

  // the client address: eight an hour (this test's setting), then 429
  let status = 200, n = 0;
  while (status === 200 && n < 20) {
    status = (await send(path, answers(await form(path), `p${n}@example.org`))).status;
    n++;
  }
  assert.equal(status, 429);
  assert.ok(n <= 8, `${n} posts before the limit`);
  // the limits keep no address: only keyed hashes
  // (as hex: "127.0.0.1"'s bytes would read 3132372E302E302E31; a hash's
  // hex may hold "127" by chance, so that is not what is looked for)
  const stored = sql(g.db, { sqlite: 'SELECT hex(key_hash) FROM guest_limits', postgresql: "SELECT encode(key_hash, 'hex') FROM guest_limits" });
  assert.doesNotMatch(stored, new RegExp(Buffer.from('127.0.0.1').toString('hex'), 'i'));
  assert.ok(stored.split('\n').filter(Boolean).every((h) => h.length === 64), 'each key a 32-byte hash');
});

// Behind a proxy (make run-cluster's HAProxy), every client's connection
// comes from the proxy: the per-address limit must count the address the
// proxy added to X-Forwarded-For, as the rate limits do, or one busy client
// would shut everybody out of the procedures without login.
test('behind a trusted proxy the per-address limit counts each client\'s forwarded address', { timeout: 60000 }, async () => {
  const port = await freePort();
  const p = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: `http://127.0.0.1:${port}`,
    GUICHET_LIMITS_RATE_TRUST_FORWARDED_FOR: 'true',
    GUICHET_GUEST_PER_ADDRESS_PER_HOUR: '2', GUICHET_GUEST_PER_MAILBOX_PER_DAY: '50',
  } });
  try {
    const path = '/procedures/public-space-report/without-login';
    const token = async () => (await (await fetch(`${p.base}${path}`, { headers: { 'accept-language': 'en' } })).text())
      .match(/name="token" value="([^"]+)"/)[1];
    const sendAs = async (client, n) => (await fetch(`${p.base}${path}`, { method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en', origin: p.base,
        'x-forwarded-for': `198.51.100.7, ${client}` },
      body: new URLSearchParams(answers(await token(), `proxy${n}@example.org`)).toString() })).status;
    // one client: two, then refused (the first address of the header is the client's claim, not counted)
    assert.equal(await sendAs('203.0.113.1', 1), 200);
    assert.equal(await sendAs('203.0.113.1', 2), 200);
    assert.equal(await sendAs('203.0.113.1', 3), 429);
    // another client behind the same proxy is not held back by the first
    assert.equal(await sendAs('203.0.113.2', 4), 200);
    assert.equal(await sendAs('203.0.113.2', 5), 200);
    assert.equal(await sendAs('203.0.113.2', 6), 429);
    // nothing of the addresses stored, nor in the log
    const stored = sql(p.db, { sqlite: 'SELECT hex(key_hash) FROM guest_limits', postgresql: "SELECT encode(key_hash, 'hex') FROM guest_limits" });
    assert.doesNotMatch(stored, new RegExp(Buffer.from('203.0.113').toString('hex'), 'i'));
    assert.doesNotMatch(p.log(), /203\.0\.113/);
  } finally {
    await stopAll(p, () => p.cleanup());
  }
});
