// Notifications survive what goes wrong: the SMTP server down (retried with
// backoff, delivered once it is back, exactly once), and guichetd killed
// with SIGKILL between the document's commit and the mail's send (the
// outbox row was written with the document; after the restart it is sent,
// exactly once). A real SMTP server (npm smtp-server), and for the second a
// server that accepts the connection and never answers, so that the kill
// lands while the sender holds the row. Third, guichetd killed after the
// server took the message and before its 250 reached guichetd (the server
// holds it): the window SMTP cannot close. After the restart the mail goes
// again, the same Message-ID, one second copy and no more, and the attempt
// cut off is logged by its outbox id.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startStack, login } from './lib/stack.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { startSmtp, header, body } from './lib/smtp.mjs';
import { stopAll } from './lib/exit.mjs';

const MARIE = '1985031410148';
const PDF = Buffer.from('%PDF-1.7\n% a letter\n%%EOF\n');
const MAIL_ENV = { GUICHET_MAIL_POLL_MS: '200', GUICHET_MAIL_RETRY_INITIAL_MS: '300', GUICHET_MAIL_RETRY_MAX_MS: '1500',
  GUICHET_MAIL_TIMEOUT_MS: '2000', GUICHET_MAIL_CONNECT_TIMEOUT_MS: '1000' };

let stack, smtp, keys, cns, marie, smtpPort, env, restarted;

async function waitFor(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function citizen(method, path, json) {
  const h = { cookie: marie.cookie, 'x-csrf-token': marie.csrf };
  if (json !== undefined) h['content-type'] = 'application/json';
  return fetch(`${stack.site}${path}`, { method, headers: h, body: json !== undefined ? JSON.stringify(json) : undefined });
}

async function send(key, title) {
  const boundary = 'mailtest';
  const meta = { recipient: { national_id: MARIE }, type: 'statement', title, notification_title: 'Un décompte' };
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"\r\n\r\n${JSON.stringify(meta)}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="d.pdf"\r\n\r\n`), PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await fetch(`${stack.site}/api/org/v1/letterbox/documents`, { method: 'POST', body: payload,
    headers: { authorization: `Bearer ${await cns.token()}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'idempotency-key': key } });
  assert.equal(res.status, 201);
  return res.json();
}

// The mails the server took for one notification (by Message-ID), after a quiet moment.
async function onlyOnce(server, count) {
  const mail = await waitFor('the notification', () => server.received[count]);
  await new Promise((r) => setTimeout(r, 1500));
  const id = header(mail.raw, 'Message-ID');
  assert.equal(server.received.filter((m) => header(m.raw, 'Message-ID') === id).length, 1, 'delivered exactly once');
  return mail;
}

before(async () => {
  smtp = await startSmtp({ closeTimeout: 200 });
  smtpPort = smtp.port;
  stack = await startStack({ env: { GUICHET_MAIL_PORT: String(smtpPort), ...MAIL_ENV } });
  const port = new URL(stack.site).port;
  // what a restart needs to be the same guichetd
  env = { GUICHET_LISTEN_PORT: port, GUICHET_SITE_URL: stack.site, GUICHET_OIDC_ISSUER: stack.idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${stack.site}/auth/callback`, GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${stack.site}/`,
    GUICHET_MAIL_PORT: String(smtpPort), ...MAIL_ENV };
  keys = clientKeys();
  cns = orgClient(stack, keys, 'cns', 'letterbox.send');
  const l = await login(stack, { nationalId: MARIE });
  const me = await (await fetch(`${stack.site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  marie = { cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id };
  assert.equal((await citizen('PUT', `/api/v1/spaces/${marie.space}/letterbox/settings`,
    { choices: [{ org: 'cns', type: 'statement', electronic: true }] })).status, 200);
  assert.equal((await citizen('PUT', '/api/v1/self-declared/email', { value: 'marie.mail@example.lu' })).status, 200);
  assert.equal((await citizen('POST', '/api/v1/my-data/email/code')).status, 202);
  const mail = await waitFor('the code', () => smtp.received[0]);
  const code = body(mail.raw).match(/\b(\d{6})\b/)[1];
  assert.equal((await citizen('POST', '/api/v1/my-data/email/verify', { code })).status, 200);
});

after(async () => {
  // after the restart, the guichetd to stop (judged clean) is the new one
  if (restarted) await stopAll(restarted, stack.idp, () => restarted.cleanup(), () => smtp?.close());
  else await stopAll(stack, () => smtp?.close());
  keys?.remove();
});

test('the SMTP server down: retried with backoff, delivered once it is back, exactly once', async () => {
  await smtp.close();
  const doc = await send('down-1', 'Décompte, serveur arrêté');
  // attempts fail while nobody listens
  await waitFor('two failed attempts', () => (stack.g.log().match(/"event":"mail".*transient/g) ?? []).length >= 2);
  const rows = await (await citizen('GET', `/api/v1/spaces/${marie.space}/letterbox/${doc.id}`)).json();
  assert.equal(rows.id, doc.id);
  smtp = await startSmtp({ port: smtpPort, closeTimeout: 200 });
  const mail = await onlyOnce(smtp, 0);
  assert.match(body(mail.raw), /Un décompte/);
  assert.ok(!stack.g.log().includes('marie.mail@example.lu'), 'the address is never logged');
});

test('guichetd killed between the commit and the send: delivered after the restart, exactly once', async () => {
  // A server that takes the connection and never greets: the sender waits in its send.
  await smtp.close();
  const held = [];
  const staller = net.createServer((sock) => held.push(sock));
  await new Promise((r) => staller.listen(smtpPort, '127.0.0.1', r));
  const logFrom = stack.g.log().length;
  const doc = await send('kill-1', 'Décompte avant la panne');
  // (an attempt on the connection the sender kept from before may fail first; the next waits here)
  await waitFor('the sender connected', () => held.length > 0);
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(!stack.g.log().slice(logFrom).includes('delivered'), 'nothing was delivered before the kill');
  await stack.g.stop({ signal: 'SIGKILL', expect: { signal: 'SIGKILL' } });
  for (const s of held) s.destroy();
  await new Promise((r) => staller.close(r));
  smtp = await startSmtp({ port: smtpPort, closeTimeout: 200 });
  restarted = await startGuichetd({ dir: stack.g.workdir, env });
  const killedAt = Date.now();
  // the row is given back when its lease (mail.timeout_ms + 5 s) ends, then sent
  const mail = await onlyOnce(smtp, 0);
  assert.ok(Date.now() - killedAt < 15000);
  assert.match(body(mail.raw), /Un décompte/);
  const after = await (await citizen('GET', `/api/v1/spaces/${marie.space}/letterbox/${doc.id}`)).json();
  assert.equal(after.id, doc.id, 'the document survived the kill');
});

test('guichetd killed after the server took the message, before its 250: sent again once, logged as cut off', async () => {
  await smtp.close();
  let release;
  const gate = new Promise((r) => { release = r; });
  smtp = await startSmtp({ port: smtpPort, closeTimeout: 200, hold: (m, n) => (n === 1 ? gate : null) });
  const g = restarted;
  await send('kill-2', 'Décompte après le message');
  const first = await waitFor('the message, its 250 held', () => smtp.received[0]);
  const id = header(first.raw, 'Message-ID');
  await g.stop({ signal: 'SIGKILL', expect: { signal: 'SIGKILL' } });
  release();
  const logFrom = g.log().length; // the restart appends to the same log
  restarted = await startGuichetd({ dir: g.workdir, env });
  // the row is given back when its lease ends, and sent again: the same Message-ID
  await waitFor('the mail sent again', () => smtp.received[1], 20000);
  await new Promise((r) => setTimeout(r, 1500));
  const copies = smtp.received.filter((m) => header(m.raw, 'Message-ID') === id);
  assert.equal(copies.length, 2, 'one second copy, no more');
  assert.equal(smtp.received.length, 2);
  assert.equal(copies[1].raw, copies[0].raw, 'the same message');
  const log = restarted.log().slice(logFrom);
  const cut = log.match(/notification (\d+): an earlier attempt was cut off \(maybe delivered\); sending again/);
  assert.ok(cut, 'the attempt cut off is logged');
  assert.match(log, new RegExp(`notification ${cut[1]} attempt \\d+: delivered \\(SMTP 250[^)]*\\); recorded [0-9.]+ ms after the 250`));
  assert.equal((log.match(/an earlier attempt was cut off/g) ?? []).length, 1, 'one attempt cut off');
  assert.ok(!log.includes('marie.mail@example.lu'), 'no address in the log');
});
