// A mixed workload that remembers what the platform acknowledged, for the
// crash torture (torture.test.mjs) and the soak (bench/soak.mjs). Each
// person's worker runs one request at a time: drafts opened with their
// prefill from the persons register, self-declared data, submissions (the
// commune's one-field fixture), and the commune's case system moving cases
// on through the organisation API with Idempotency-Key and If-Match.
// Optional parts (the torture has them all): submissions with an attached
// PDF (attachFixture), the commune's deliveries to the persons' letter
// boxes (letters: each with its notification mailed), correction
// requests to the persons register with evidence (corrections), and
// consent fetches (reuse: a housing procedure submitted with the person's
// Yes to reuse, then the housing ministry's case system fetching what the
// person consented to from the persons register). The
// ledger keeps every write answered 2xx, and the writes in flight when an
// answer never came (they may or may not have been stored).
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { randomUUID } from 'node:crypto';

export const FIXTURE_ID = 'workload-fixture';
export const ATTACH_FIXTURE_ID = 'workload-attach';
/** The procedure with back-office reuse under consent (tests/fixtures/procedures/pages/), and its organisation. */
export const REUSE_PROCEDURE = 'housing-reuse';
export const REUSE_ORG = 'mlogement';
/** The letter box's type the workload delivers (the commune's, etc/letterbox.json). */
export const LETTER_TYPE = 'waste-calendar';

const texts = (t) => ({ fr: t, de: t, en: t });
/** The commune's fixture with a file: a note and one PDF (case_fixture.mjs's statuses). */
export function attachFixture(base) {
  const f = structuredClone(base);
  f.id = ATTACH_FIXTURE_ID;
  f.titles = texts(`Fixture ${ATTACH_FIXTURE_ID}`);
  f.steps[0].fields.push({ id: 'doc', kind: 'file', labels: texts('Document'), required: true,
    file: { types: ['application/pdf'], max_bytes: 65536, max_files: 1 } });
  return f;
}

const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const pdf = (n) => Buffer.from(`%PDF-1.4\n% workload file ${n}\n%%EOF\n`);

export class Ledger {
  constructor() {
    this.submissions = new Map();   // id -> { person, reference, receipt_text, signature }
    this.drafts = new Map();        // id -> person
    this.phone = new Map();         // person -> { acked, pending: Set }
    this.moves = new Map();         // case id -> { status, acked, key, revision }
    this.attachments = new Map();   // attachment id -> { person, sha256, submission }
    this.letters = new Map();       // idempotency key -> { person, token, id (when acknowledged), acked }
    this.corrections = new Map();   // idempotency key -> { person, request, id, reference, receipt, acked }
    this.fetches = new Map();       // person -> consent fetches answered 200 with the register's values (each an access record)
    this.counts = { acked: 0, unanswered: 0, refused: 0 };
    this.seq = 0;                   // numbers values and marks across every run on this ledger
  }
}

function personApi(site, p) {
  return async (method, path, json, { timeoutMs = 15000, raw = false } = {}) => {
    const headers = { cookie: p.cookie, 'x-csrf-token': p.csrf };
    if (json !== undefined && !raw) headers['content-type'] = 'application/json';
    const res = await fetch(`${site()}${path}`, { method, headers, signal: AbortSignal.timeout(timeoutMs),
      body: json === undefined ? undefined : raw ? json : JSON.stringify(json) });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
}

// One request's fate: 'acked', 'refused' (an answer that is not 2xx: 503
// under load, 409), or 'unanswered' (the connection died: it may be stored).
async function attempt(ledger, fn) {
  try {
    const r = await fn();
    if (r.status >= 200 && r.status < 300) { ledger.counts.acked++; return { fate: 'acked', r }; }
    if (r.status >= 500 && r.status !== 503) throw new Error(`answered ${r.status}: ${JSON.stringify(r.body)}`);
    ledger.counts.refused++;
    return { fate: 'refused', r };
  } catch (e) {
    if (e instanceof assert.AssertionError || /^answered/.test(e.message)) throw e;
    ledger.counts.unanswered++;
    return { fate: 'unanswered' };
  }
}

/** site(): the current base URL; persons: [{ nationalId, cookie, csrf, space }];
 *  client: an org client of 'commune' (lib/org_client.mjs). */
export function workload({ site, persons, client, ledger, prefilled = 'certificate-of-residence',
  attachments = false, letters, corrections, reuse }) {
  const next = () => ++ledger.seq;
  const ops = {
    async phone(p, api) {
      const value = `+352 621 ${String(next()).padStart(6, '0')}`;
      const entry = ledger.phone.get(p.nationalId) ?? { person: p, acked: undefined, pending: new Set() };
      ledger.phone.set(p.nationalId, entry);
      const { fate } = await attempt(ledger, () => api('PUT', '/api/v1/self-declared/phone', { value }));
      if (fate === 'acked') { entry.acked = value; entry.pending.clear(); }
      if (fate === 'unanswered') entry.pending.add(value);
    },
    async prefilledDraft(p, api) {
      const { fate, r } = await attempt(ledger, () => api('POST', `/api/v1/spaces/${p.space}/drafts`, { procedure: prefilled }));
      if (fate === 'acked') ledger.drafts.set(r.body.id, p);
    },
    async submission(p, api) {
      const withFile = attachments && Math.random() < 0.5;
      const procedure = withFile ? ATTACH_FIXTURE_ID : FIXTURE_ID;
      const opened = await attempt(ledger, () => api('POST', `/api/v1/spaces/${p.space}/drafts`, { procedure }));
      if (opened.fate !== 'acked') return;
      const id = opened.r.body.id;
      const data = { note: `n${next()}` };
      let file;
      if (withFile) {
        const bytes = pdf(`${data.note} ${randomUUID()}`);
        const up = await attempt(ledger, () => api('POST', `/api/v1/spaces/${p.space}/drafts/${id}/attachments?field=doc&name=w.pdf`,
          bytes, { raw: true }));
        if (up.fate !== 'acked') { ledger.drafts.set(id, p); return; }
        assert.equal(up.r.body.sha256, sha256(bytes), 'the stored file is the one sent');
        file = { person: p, sha256: up.r.body.sha256, submission: undefined };
        ledger.attachments.set(up.r.body.id, file);
        data.doc = [up.r.body.id];
      }
      const saved = await attempt(ledger, () => api('PUT', `/api/v1/spaces/${p.space}/drafts/${id}`, { data, step: 1 }));
      if (saved.fate !== 'acked') { ledger.drafts.set(id, p); return; }
      const sub = await attempt(ledger, () => api('POST', `/api/v1/spaces/${p.space}/drafts/${id}/submit`));
      if (sub.fate === 'acked') {
        ledger.submissions.set(sub.r.body.id, { person: p, reference: sub.r.body.reference,
          receipt_text: sub.r.body.receipt_text, signature: sub.r.body.signature, file: data.doc?.[0] });
        if (file) file.submission = sub.r.body.id;
      } else if (sub.fate === 'refused') {
        ledger.drafts.set(id, p); // refused: its draft stays
      }
    },
    async letter() {
      if (!letters) return;
      const p = persons[Math.floor(Math.random() * persons.length)];
      const token = `W${String(next()).padStart(6, '0')}`;
      const entry = { person: p, token, id: undefined, acked: false };
      const key = randomUUID();
      ledger.letters.set(key, entry);
      const token_ = await letters.token().catch(() => null);
      if (!token_) { ledger.counts.unanswered++; ledger.letters.delete(key); return; }
      const { fate, r } = await attempt(ledger, () => deliverLetter(site(), token_, key, p, entry.token));
      if (fate === 'acked') { entry.id = r.body.id; entry.acked = true; }
      if (fate === 'refused') ledger.letters.delete(key);
    },
    async consentFetch(p, api) {
      if (!reuse) return;
      const opened = await attempt(ledger, () => api('POST', `/api/v1/spaces/${p.space}/drafts`, { procedure: REUSE_PROCEDURE }));
      if (opened.fate !== 'acked') return;
      const id = opened.r.body.id;
      const saved = await attempt(ledger, () => api('PUT', `/api/v1/spaces/${p.space}/drafts/${id}`,
        { data: { ...opened.r.body.data, reuse_consent: true }, step: 1 }));
      if (saved.fate !== 'acked') { ledger.drafts.set(id, p); return; }
      const sub = await attempt(ledger, () => api('POST', `/api/v1/spaces/${p.space}/drafts/${id}/submit`));
      if (sub.fate === 'refused') ledger.drafts.set(id, p);
      if (sub.fate !== 'acked') return;
      ledger.submissions.set(sub.r.body.id, { person: p, reference: sub.r.body.reference,
        receipt_text: sub.r.body.receipt_text, signature: sub.r.body.signature });
      const token = await reuse.token().catch(() => null);
      if (!token) { ledger.counts.unanswered++; return; }
      const { fate, r } = await attempt(ledger, async () => {
        const res = await fetch(`${site()}/api/org/v1/submissions/${sub.r.body.id}/register-data`, { method: 'POST',
          signal: AbortSignal.timeout(15000), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{}' });
        return { status: res.status, body: await res.json() };
      });
      if (fate !== 'acked') return;
      // Values left only from a register that answered (it may be down: killed); each such read is an access record.
      const persons_ = r.body.registers.find((x) => x.source === 'persons');
      if (persons_.status !== 'ok') {
        assert.deepEqual(persons_.values ?? [], [], 'no values from a register that did not answer');
        ledger.counts.fetchesWithoutRegister = (ledger.counts.fetchesWithoutRegister ?? 0) + 1;
        return;
      }
      assert.ok(persons_.values.length > 0, 'the consented values');
      ledger.fetches.set(p, (ledger.fetches.get(p) ?? 0) + 1);
    },
    async correction(p, api) {
      const current = corrections?.[p.nationalId];
      if (!current) return;
      const key = randomUUID();
      const request = { register: 'persons', attribute: 'given_name', current,
        proposed: `Workload ${next()}`, explanation: 'The register has my given name wrong; the evidence is attached.' };
      const entry = { person: p, request, acked: false };
      ledger.corrections.set(key, entry);
      const { fate, r } = await attempt(ledger, () => fileCorrection(site(), p, key, request));
      if (fate === 'acked') Object.assign(entry, { acked: true, id: r.body.id, reference: r.body.reference, receipt: r.body.receipt });
      if (fate === 'refused') ledger.corrections.delete(key);
    },
    async move() {
      if (!client) return;
      const token = await client.token().catch(() => null);
      if (!token) { ledger.counts.unanswered++; return; }
      const headers = { authorization: `Bearer ${token}` };
      const inbox = await attempt(ledger, async () => {
        const res = await fetch(`${site()}/api/org/v1/submissions?status=submitted&procedure=${FIXTURE_ID}&per_page=10`,
          { headers, signal: AbortSignal.timeout(15000) });
        return { status: res.status, body: await res.json() };
      });
      if (inbox.fate !== 'acked') return;
      const c = inbox.r.body.items.find((i) => !ledger.moves.has(i.id));
      if (!c) return;
      const move = { status: 'in_processing', acked: false, key: randomUUID(), revision: c.revision };
      ledger.moves.set(c.id, move);
      const { fate } = await attempt(ledger, () => moveCase(site(), token, c.id, move));
      move.acked = fate === 'acked';
      if (fate === 'refused') ledger.moves.delete(c.id);
    },
  };
  const weights = [['phone', 3], ['prefilledDraft', 2], ['submission', 4], ['move', 2],
    ...(letters ? [['letter', 2]] : []), ...(corrections ? [['correction', 1]] : []), ...(reuse ? [['consentFetch', 1]] : [])];
  const pick = () => {
    let x = Math.random() * weights.reduce((a, [, w]) => a + w, 0);
    for (const [name, w] of weights) if ((x -= w) < 0) return name;
    return weights[0][0];
  };
  return {
    /** Runs every person's worker until stop() says so (or a write fails in a way it must not). */
    async run(stop) {
      await Promise.all(persons.map(async (p) => {
        const api = personApi(site, p);
        while (!stop()) await ops[pick()](p, api);
      }));
    },
  };
}

export function moveCase(site, token, id, move) {
  return fetch(`${site}/api/org/v1/submissions/${id}/status`, {
    method: 'POST', signal: AbortSignal.timeout(15000),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json',
      'idempotency-key': move.key, 'if-match': `"${move.revision}"` },
    body: JSON.stringify({ status: move.status }),
  }).then(async (res) => ({ status: res.status, body: await res.text() }));
}

/** The commune delivers a document to p's letter box (its notification titled with token). */
export async function deliverLetter(site, token, key, p, mark) {
  const form = new FormData();
  form.append('document', JSON.stringify({ recipient: { national_id: p.nationalId }, type: LETTER_TYPE,
    title: `Calendrier ${mark}`, notification_title: `Un calendrier ${mark}` }));
  form.append('file', new Blob([pdf(mark)], { type: 'application/pdf' }), 'c.pdf');
  const res = await fetch(`${site}/api/org/v1/letterbox/documents`, { method: 'POST', body: form,
    signal: AbortSignal.timeout(15000), headers: { authorization: `Bearer ${token}`, 'idempotency-key': key } });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

/** p files a correction request with one PDF of evidence (POST /api/v1/corrections). */
export async function fileCorrection(site, p, key, request) {
  const form = new FormData();
  form.append('request', JSON.stringify(request));
  form.append('evidence', new Blob([pdf(key)], { type: 'application/pdf' }), 'evidence.pdf');
  const res = await fetch(`${site}/api/v1/corrections`, { method: 'POST', body: form, signal: AbortSignal.timeout(15000),
    headers: { cookie: p.cookie, 'x-csrf-token': p.csrf, 'idempotency-key': key } });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

/** Checks the store against the ledger through the platform's own API:
 *  every acknowledged submission is there with its receipt verifying;
 *  every acknowledged draft is a draft or became a submission; each
 *  person's phone is the last acknowledged value or a later one whose
 *  answer was lost; each acknowledged case move holds, and a move whose
 *  answer was lost, sent again with its Idempotency-Key, takes effect once. */
export async function verifyLedger({ site, ledger, client, letters }) {
  const key = createPublicKey({ key: await (await fetch(`${site}/api/v1/receipts/key`)).json(), format: 'jwk' });
  let checked = 0;
  for (const [id, s] of ledger.submissions) {
    const api = personApi(() => site, s.person);
    const r = await api('GET', `/api/v1/spaces/${s.person.space}/submissions/${id}`);
    assert.equal(r.status, 200, `acknowledged submission ${id} is stored`);
    assert.equal(r.body.reference, s.reference);
    assert.equal(r.body.signature, s.signature);
    assert.equal(verify(null, Buffer.from(s.receipt_text), key, Buffer.from(r.body.signature, 'base64url')), true,
      `submission ${id}: its receipt verifies`);
    checked++;
  }
  for (const [id, p] of ledger.drafts) {
    // Kept drafts only: none of them was submitted, or its submission was refused.
    const r = await personApi(() => site, p)('GET', `/api/v1/spaces/${p.space}/drafts/${id}`);
    assert.equal(r.status, 200, `acknowledged draft ${id} is stored`);
    checked++;
  }
  for (const [nid, entry] of ledger.phone) {
    if (entry.acked === undefined && entry.pending.size === 0) continue;
    const r = await personApi(() => site, entry.person)('GET', '/api/v1/self-declared');
    assert.equal(r.status, 200);
    const stored = r.body.values.phone?.value;
    assert.ok(stored === entry.acked || entry.pending.has(stored),
      'the phone is the last acknowledged value or a later unanswered one');
    checked++;
  }
  for (const [id, a] of ledger.attachments) {
    // Every file answered 201 is there, byte for byte, in its draft or its submission.
    const res = await fetch(`${site}/api/v1/spaces/${a.person.space}/attachments/${id}`, { headers: { cookie: a.person.cookie } });
    assert.equal(res.status, 200, `acknowledged attachment ${id} is stored`);
    assert.equal(sha256(Buffer.from(await res.arrayBuffer())), a.sha256, `attachment ${id} is intact`);
    checked++;
  }
  for (const [id, s] of ledger.submissions) {
    if (s.file === undefined) continue;
    const r = await personApi(() => site, s.person)('GET', `/api/v1/spaces/${s.person.space}/submissions/${id}`);
    assert.deepEqual(r.body.data.doc, [s.file], `submission ${id} holds its file`);
  }
  for (const [ikey, c] of ledger.corrections) {
    if (!c.acked) {
      // The answer was lost: the same key and request again give one request.
      const again = await fileCorrection(site, c.person, ikey, c.request);
      assert.equal(again.status, 201, `correction sent again with its key: ${JSON.stringify(again.body)}`);
      Object.assign(c, { acked: true, id: again.body.id, reference: again.body.reference, receipt: again.body.receipt });
    }
    const r = await personApi(() => site, c.person)('GET', `/api/v1/corrections/${c.id}`);
    assert.equal(r.status, 200, `acknowledged correction ${c.id} is stored`);
    assert.equal(r.body.reference, c.reference);
    assert.equal(verify(null, Buffer.from(c.receipt.text), key, Buffer.from(c.receipt.signature, 'base64url')), true,
      `correction ${c.id}: its receipt verifies`);
    checked++;
  }
  for (const [p, n] of ledger.fetches) {
    // Every fetch answered 200 left its access record in the person's log (before any value left).
    let seen = 0, after = '';
    for (;;) {
      const r = await personApi(() => site, p)('GET', `/api/v1/access-log?organisation=${REUSE_ORG}&limit=200${after}`);
      assert.equal(r.status, 200);
      seen += r.body.records.length;
      if (!r.body.next) break;
      after = `&after=${r.body.next}`;
    }
    assert.ok(seen >= n, `${n} consent fetches answered 200, ${seen} access records of the organisation`);
    checked++;
  }
  if (letters) {
    const token = await letters.token();
    for (const [ikey, l] of ledger.letters) {
      // The same key again: the same document (acknowledged) or the one whose answer was lost, once.
      const again = await deliverLetter(site, token, ikey, l.person, l.token);
      assert.equal(again.status, 201, `letter sent again with its key: ${JSON.stringify(again.body)}`);
      if (l.acked) assert.equal(again.body.id, l.id, 'the same key gives the same document');
      Object.assign(l, { acked: true, id: again.body.id });
      const r = await personApi(() => site, l.person)('GET', `/api/v1/spaces/${l.person.space}/letterbox/${l.id}`);
      assert.equal(r.status, 200, `delivered document ${l.id} is in the letter box`);
      checked++;
    }
  }
  if (client) {
    const token = await client.token();
    for (const [id, m] of ledger.moves) {
      if (!m.acked) {
        // The answer was lost: the same request again takes effect at most once.
        const again = await moveCase(site, token, id, m);
        assert.equal(again.status, 200, `move ${id} sent again with its key: ${again.body}`);
        m.acked = true;
      }
      const res = await fetch(`${site}/api/org/v1/submissions/${id}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).status, m.status, `case ${id} moved`);
      checked++;
    }
  }
  return checked;
}
