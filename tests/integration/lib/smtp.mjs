// A real SMTP server for the tests (npm smtp-server) on a free loopback
// port, keeping every message it accepted, and answering as a test tells
// it: refusing recipients or messages with a given reply, offering
// STARTTLS with a certificate, asking for a login. Also a reader for what
// it received: headers unfolded, encoded-words and quoted-printable
// decoded (written here, not taken from the code under test).
import { SMTPServer } from 'smtp-server';

// Starts a server. Options:
//   port      the port (default: a free one)
//   rcpt      (address, session, n) => null to accept the n-th RCPT TO
//             (from 1), or { code, message } to refuse it
//   data      (session, n) => null, or { code, message } for the end of the n-th message
//   tls       { key, cert } (PEM): STARTTLS offered with them; else STARTTLS is not offered
//   auth      { user, pass }: a login required (only over TLS, as smtp-server wants)
//   closeTimeout  ms close() waits for open connections before cutting them (smtp-server's default: 30 s)
//   onMessage (message) => void, called with each accepted message before the 250 goes out
//   hold      (message, n) => a promise to hold the n-th accepted message's 250 until it settles
//             (the message is kept already), or null: a client killed meanwhile never reads it
// Returns { port, received, errors, sessions(), close() }; received holds
// { mailFrom, rcptTo, raw, secure, user } for each accepted message.
export async function startSmtp({ port = 0, rcpt, data, tls, auth, closeTimeout, onMessage, hold } = {}) {
  const received = [];
  let rcpts = 0, messages = 0, sessions = 0;
  const refuse = (r) => Object.assign(new Error(r.message), { responseCode: r.code });
  const server = new SMTPServer({
    logger: false,
    banner: 'test server',
    ...(closeTimeout !== undefined ? { closeTimeout } : {}),
    disabledCommands: [...(tls ? [] : ['STARTTLS']), ...(auth ? [] : ['AUTH'])],
    authOptional: !auth,
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),
    onConnect(session, cb) { sessions++; cb(); },
    onAuth(a, session, cb) {
      if (auth && a.username === auth.user && a.password === auth.pass) return cb(null, { user: a.username });
      return cb(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, session, cb) {
      const r = rcpt?.(address.address, session, ++rcpts);
      cb(r ? refuse(r) : undefined);
    },
    onData(stream, session, cb) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const r = data?.(session, ++messages);
        if (r) return cb(refuse(r));
        const message = {
          mailFrom: session.envelope.mailFrom.address,
          rcptTo: session.envelope.rcptTo.map((x) => x.address),
          raw: Buffer.concat(chunks).toString('latin1'),
          secure: session.secure,
          user: session.user,
        };
        received.push(message);
        onMessage?.(message);
        const held = hold?.(message, received.length);
        if (held) held.then(() => cb(null, '2.0.0 queued'));
        else cb(null, '2.0.0 queued');
      });
    },
  });
  // a client that gives up (a certificate it does not trust) is an error
  // event here; kept, not thrown
  const errors = [];
  server.on('error', (e) => errors.push(e));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: server.server.address().port,
    received,
    errors,
    sessions: () => sessions,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// The header block of raw, unfolded: [[name, value], …] in order.
export function headers(raw) {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
  return head.replace(/\r\n[ \t]/g, ' ').split('\r\n').map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i), l.slice(i + 1).trim()];
  });
}

export function header(raw, name) {
  const h = headers(raw).find(([n]) => n.toLowerCase() === name.toLowerCase());
  return h ? h[1] : undefined;
}

// RFC 2047 encoded-words (Q and B, UTF-8) decoded; whitespace between two dropped.
export function decodeWords(v) {
  return v.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?([QqBb])\?([^?]*)\?=/g, (_, enc, text) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = [];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '_') bytes.push(0x20);
      else if (text[i] === '=') { bytes.push(parseInt(text.slice(i + 1, i + 3), 16)); i += 2; }
      else bytes.push(text.charCodeAt(i));
    }
    return Buffer.from(bytes).toString('utf8');
  });
}

// The body of raw decoded from quoted-printable, as UTF-8 with '\n' line ends.
export function body(raw) {
  const b = raw.slice(raw.indexOf('\r\n\r\n') + 4).replace(/=\r\n/g, '');
  const bytes = [];
  for (let i = 0; i < b.length; i++) {
    if (b[i] === '=' && /^[0-9A-F]{2}$/.test(b.slice(i + 1, i + 3))) { bytes.push(parseInt(b.slice(i + 1, i + 3), 16)); i += 2; }
    else if (b[i] === '\r' && b[i + 1] === '\n') { bytes.push(0x0a); i++; }
    else bytes.push(b.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}
