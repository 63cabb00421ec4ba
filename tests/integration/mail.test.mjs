// E-mail notifications through a real SMTP server (npm smtp-server on a
// free loopback port), driven by `guichetctl mail test` (the ASan build),
// which sends one notification through the mail library as guichetd's
// sender does. What the server received is read back: the envelope, every
// header, the decoded subject and body, line lengths; no personal data, no
// link. The server down, answering 451, 550 or 552 at the end of the
// message: classified, retried with backoff or not, and delivered exactly
// once when the server comes back. STARTTLS required: nothing in clear to a
// server without it; delivered over TLS to one with a certificate we trust,
// with a login; a wrong password neither shown nor a permanent failure.
// Every guichetctl run is judged by lib/exit.mjs (sanitizers, leaks).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './lib/stack.mjs';
import { runSanitizedAsync } from './lib/exit.mjs';
import { startSmtp, headers, header, decodeWords, body } from './lib/smtp.mjs';

const CTL = process.env.GUICHETCTL || 'build/asan/guichetctl';
const TO = 'person.test@example.org';
const FROM = 'noreply@guichet.test';
const catalogs = Object.fromEntries(['fr', 'de', 'en'].map((l) => [l, JSON.parse(readFileSync(`i18n/${l}.json`, 'utf8'))]));
const fill = (lang, text, values) => text.replace(/\{(\w+)\}/g, (_, k) => (k === 'site' ? catalogs[lang].site.name : values[k]));

let work;
const servers = [];
before(() => { work = mkdtempSync(join(tmpdir(), 'guichet-mail-')); });
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(work, { recursive: true, force: true });
});

async function smtp(opts) {
  const s = await startSmtp(opts);
  servers.push(s);
  return s;
}

// guichetctl mail test to port; resolves to { code, stdout, stderr }.
function mailTest(port, args = [], { env = {}, expect = { code: 0 }, onStdout } = {}) {
  return runSanitizedAsync(CTL, ['mail', 'test', '--to', TO, ...args], {
    name: 'guichetctl mail test',
    expect,
    onStdout,
    env: {
      GUICHET_MAIL_HOST: '127.0.0.1',
      GUICHET_MAIL_PORT: String(port),
      GUICHET_MAIL_FROM: FROM,
      GUICHET_MAIL_RETRY_INITIAL_MS: '200',
      GUICHET_MAIL_RETRY_MAX_MS: '400',
      GUICHET_MAIL_TIMEOUT_MS: '15000',
      ...env,
    },
  });
}

const messageId = (stdout) => stdout.match(/Message-ID (<[0-9a-f]{32}@guichet\.test>)/)[1];

// What no notification may carry.
function assertNothingPersonal(raw) {
  const text = body(raw);
  assert.doesNotMatch(raw, /https?:|www\./i, 'no link');
  assert.doesNotMatch(text, /@/, 'no address in the body');
  assert.doesNotMatch(raw, /\b\d{13}\b/, 'no national id');
  // the address only where it must be
  assert.deepEqual(headers(raw).filter(([, v]) => v.includes(TO)).map(([n]) => n), ['To']);
}

function assertLines(raw) {
  assert.doesNotMatch(raw.replace(/\r\n/g, ''), /[\r\n]/, 'CRLF line ends only');
  assert.ok(raw.endsWith('\r\n'));
  const [head, rest] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)];
  for (const l of head.split('\r\n')) assert.ok(l.length <= 78, `header line of ${l.length}: ${l}`);
  for (const l of rest.split('\r\n')) assert.ok(l.length <= 76, `body line of ${l.length}: ${l}`);
  assert.match(raw, /^[\x20-\x7e\r\n]*$/, 'ASCII on the wire');
}

describe('what the server receives', () => {
  test('a document notification in German: envelope, headers, text, nothing personal', async () => {
    const s = await smtp();
    const before_ = Date.now();
    const r = await mailTest(s.port, ['--kind', 'document', '--lang', 'de', '--organisation', 'Gemeinde Mersch',
      '--title', 'Grundsteuerbescheid 2024']);
    assert.match(r.stdout, /attempt 1: delivered \(SMTP 250/);
    assert.ok(!r.stdout.includes(TO) && !r.stderr.includes(TO), 'the address is not printed');
    assert.equal(s.received.length, 1);
    const m = s.received[0];
    assert.equal(m.mailFrom, FROM);
    assert.deepEqual(m.rcptTo, [TO]);
    assert.deepEqual(headers(m.raw).map(([n]) => n), ['Date', 'From', 'To', 'Subject', 'Message-ID', 'MIME-Version',
      'Content-Type', 'Content-Transfer-Encoding', 'Content-Language', 'Auto-Submitted', 'X-Auto-Response-Suppress']);
    assert.equal(header(m.raw, 'From'), `"Guichet" <${FROM}>`);
    assert.equal(header(m.raw, 'To'), TO);
    assert.equal(header(m.raw, 'Message-ID'), messageId(r.stdout));
    assert.equal(header(m.raw, 'Content-Type'), 'text/plain; charset=UTF-8');
    assert.equal(header(m.raw, 'Content-Transfer-Encoding'), 'quoted-printable');
    assert.equal(header(m.raw, 'Content-Language'), 'de');
    assert.equal(header(m.raw, 'Auto-Submitted'), 'auto-generated');
    const date = Date.parse(header(m.raw, 'Date'));
    assert.ok(date >= before_ - 2000 && date <= Date.now() + 1000, header(m.raw, 'Date'));
    assert.equal(decodeWords(header(m.raw, 'Subject')), 'Neues Dokument in Ihrem Guichet-Postfach');
    const text = body(m.raw);
    assert.ok(text.startsWith('Sie haben ein neues Dokument von Gemeinde Mersch in Ihrem Guichet-Postfach: '
      + 'Grundsteuerbescheid 2024\n\n'), text);
    assert.ok(text.includes(fill('de', catalogs.de.mail.footer, {})));
    assertLines(m.raw);
    assertNothingPersonal(m.raw);
  });

  test('each kind in each language says what the catalog says', async () => {
    const s = await smtp();
    const values = { organisation: 'Administration des contributions directes', title: 'Décompte 2024 – rappel',
      date: '2030-06-30' };
    const runs = [];
    for (const lang of ['fr', 'de', 'en']) {
      for (const kind of ['document', 'request', 'decision', 'reminder', 'due', 'test']) runs.push({ lang, kind });
    }
    for (const { lang, kind } of runs) {
      const n = s.received.length;
      await mailTest(s.port, ['--kind', kind, '--lang', lang, '--organisation', values.organisation,
        '--title', values.title, '--date', values.date]);
      const raw = s.received[n].raw;
      const t = catalogs[lang].mail[kind];
      assert.equal(decodeWords(header(raw, 'Subject')), fill(lang, t.subject, values), `${lang} ${kind}`);
      assert.equal(body(raw), `${fill(lang, t.body, values)}\n\n${fill(lang, catalogs[lang].mail.footer, {})}\n`);
      assert.equal(header(raw, 'Content-Language'), lang);
      assertLines(raw);
      assertNothingPersonal(raw);
    }
  });

  test('the verification code: six digits, from the code text', async () => {
    const s = await smtp();
    const r = await mailTest(s.port, ['--kind', 'code', '--lang', 'en']);
    assert.doesNotMatch(r.stdout, /\b\d{6}\b/, 'the code is not printed');
    const text = body(s.received[0].raw);
    const code = text.match(/: (\d{6})\n/)[1];
    assert.equal(text.split('\n\n')[0], fill('en', catalogs.en.mail.code.body, { code, minutes: '15' }).split('\n\n')[0]);
    assert.match(text, /It works for 15 minutes/);
    assertNothingPersonal(s.received[0].raw);
  });

  test('one notification sent twice carries one Message-ID; another carries another', async () => {
    const s = await smtp();
    const a = await mailTest(s.port, ['--id', '4242']);
    const b = await mailTest(s.port, ['--id', '4242']);
    const c = await mailTest(s.port, ['--id', '4243']);
    assert.equal(messageId(a.stdout), messageId(b.stdout));
    assert.notEqual(messageId(a.stdout), messageId(c.stdout));
    assert.deepEqual(s.received.map((m) => header(m.raw, 'Message-ID')),
      [messageId(a.stdout), messageId(a.stdout), messageId(c.stdout)]);
  });

  test('a title with a line break is refused: nothing is sent, nothing injected', async () => {
    const s = await smtp();
    const r = await mailTest(s.port, ['--kind', 'document', '--organisation', 'Commune',
      '--title', 'Avis\r\nBcc: other@example.org'], { expect: { code: 1 } });
    assert.match(r.stdout, /attempt 1: permanent \(message: param\)/);
    assert.equal(s.sessions(), 0);
    assert.equal(s.received.length, 0);
    const bad = await mailTest(s.port, [], { env: { GUICHET_MAIL_FROM: 'noreply@guichet.test\nBcc: x@example.org' },
      expect: { code: 2 } });
    assert.match(bad.stderr, /mail\.from: not an address we can send from/);
    const to = await runSanitizedAsync(CTL, ['mail', 'test', '--to', `${TO}\r\nBcc: x@example.org`],
      { env: { GUICHET_MAIL_PORT: String(s.port) }, expect: { code: 2 } });
    assert.match(to.stderr, /--to: not an address this platform can mail \(not_ascii\)/);
    assert.ok(!to.stderr.includes(TO));
    assert.equal(s.sessions(), 0);
  });
});

describe('when the server cannot take it', () => {
  test('the server down: transient, retried after the backoff, then marked failed', async () => {
    const port = await freePort();
    const r = await mailTest(port, ['--attempts', '2'], { expect: { code: 1 } });
    const wait = r.stdout.match(/attempt 1: transient \(connect\); retry in (\d+\.\d+) s/);
    assert.ok(wait, r.stdout);
    assert.ok(Number(wait[1]) >= 0.1 && Number(wait[1]) < 0.2, wait[1]); // initial 200 ms, equal jitter
    assert.match(r.stdout, /attempt 2: transient \(connect\); out of attempts, marked failed/);
  });

  test('451 to RCPT TO: transient; 550: permanent at once; 552 after the message: permanent', async () => {
    const busy = await smtp({ rcpt: (a) => ({ code: 451, message: `4.3.0 <${a}> mailbox busy` }) });
    let r = await mailTest(busy.port, [], { expect: { code: 1 } });
    assert.match(r.stdout, /attempt 1: transient \(reply, after rcpt: SMTP 451 4\.3\.0\); out of attempts/);
    const unknown = await smtp({ rcpt: (a) => ({ code: 550, message: `5.1.1 <${a}> no such user` }) });
    r = await mailTest(unknown.port, ['--attempts', '5'], { expect: { code: 1 } });
    assert.match(r.stdout, /attempt 1: permanent \(reply, after rcpt: SMTP 550 5\.1\.1\)\n$/);
    assert.doesNotMatch(r.stdout, /attempt 2/);
    const full = await smtp({ data: () => ({ code: 552, message: '5.3.4 message too big for this mailbox' }) });
    r = await mailTest(full.port, ['--attempts', '5'], { expect: { code: 1 } });
    assert.match(r.stdout, /attempt 1: permanent \(reply, after data: SMTP 552 5\.3\.4\)\n$/);
    for (const s of [busy, unknown, full]) assert.equal(s.received.length, 0);
    assert.ok(!r.stdout.includes(TO) && !r.stderr.includes(TO), 'the server\'s text is not repeated');
  });

  test('451 twice, then taken: delivered on the third attempt, once', async () => {
    const s = await smtp({ rcpt: (a, session, n) => (n <= 2 ? { code: 451, message: '4.7.1 greylisted, come back later' } : null) });
    const r = await mailTest(s.port, ['--attempts', '5']);
    assert.match(r.stdout, /attempt 1: transient \(reply, after rcpt: SMTP 451 4\.7\.1\); retry in/);
    assert.match(r.stdout, /attempt 2: transient/);
    assert.match(r.stdout, /attempt 3: delivered/);
    assert.equal(s.received.length, 1);
  });

  test('the server down, then back: delivered exactly once', async () => {
    const port = await freePort();
    let s;
    let backUp;
    const up = new Promise((resolve) => { backUp = resolve; });
    const run = mailTest(port, ['--attempts', '30'], {
      onStdout: (out) => { if (/attempt 2: transient \(connect\)/.test(out)) backUp(); },
    });
    await up;
    s = await smtp({ port });
    const r = await run;
    assert.match(r.stdout, /attempt 1: transient \(connect\)/);
    assert.match(r.stdout, /attempt \d+: delivered/);
    assert.equal(r.stdout.match(/delivered/g).length, 1);
    assert.equal(s.received.length, 1);
    assert.equal(header(s.received[0].raw, 'Message-ID'), messageId(r.stdout));
  });
});

describe('STARTTLS', () => {
  let tls, caFile;
  before(() => {
    const key = join(work, 'key.pem');
    caFile = join(work, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', key, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'ignore' });
    tls = { key: readFileSync(key), cert: readFileSync(caFile) };
  });

  test('required, and the server does not offer it: nothing sent in clear', async () => {
    const s = await smtp();
    const r = await mailTest(s.port, [], { env: { GUICHET_MAIL_STARTTLS: 'required' }, expect: { code: 1 } });
    assert.match(r.stdout, /attempt 1: transient \(tls, after hello\); out of attempts/);
    assert.equal(s.received.length, 0);
  });

  test('required, with a certificate we trust: delivered over TLS', async () => {
    const s = await smtp({ tls });
    await mailTest(s.port, [], { env: { GUICHET_MAIL_STARTTLS: 'required', GUICHET_MAIL_CA_FILE: caFile } });
    assert.equal(s.received.length, 1);
    assert.equal(s.received[0].secure, true);
  });

  test('a certificate we do not trust: refused, opportunistic too (no fall back to clear)', async () => {
    const s = await smtp({ tls });
    for (const mode of ['required', 'opportunistic']) {
      const r = await mailTest(s.port, [], { env: { GUICHET_MAIL_STARTTLS: mode }, expect: { code: 1 } });
      assert.match(r.stdout, /attempt 1: transient \(tls/, mode);
    }
    assert.equal(s.received.length, 0);
  });

  test('a login over TLS; a wrong password is transient and never shown', async () => {
    const s = await smtp({ tls, auth: { user: 'guichet', pass: 'right-password' } });
    const env = { GUICHET_MAIL_STARTTLS: 'required', GUICHET_MAIL_CA_FILE: caFile, GUICHET_MAIL_USERNAME: 'guichet' };
    await mailTest(s.port, [], { env: { ...env, GUICHET_MAIL_PASSWORD: 'right-password' } });
    assert.equal(s.received.length, 1);
    assert.equal(s.received[0].user, 'guichet');
    const r = await mailTest(s.port, ['--attempts', '1'], { env: { ...env, GUICHET_MAIL_PASSWORD: 'wrong-password' },
      expect: { code: 1 } });
    assert.match(r.stdout, /attempt 1: transient \(auth/);
    assert.ok(!`${r.stdout}${r.stderr}`.includes('wrong-password'));
    assert.equal(s.received.length, 1);
  });
});
