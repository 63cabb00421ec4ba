// A mixed workload that remembers what the platform acknowledged, for the
// crash torture (torture.test.mjs) and the soak (bench/soak.mjs). Each
// person's worker runs one request at a time: drafts opened with their
// prefill from the persons register, self-declared data, submissions (the
// commune's one-field fixture), and the commune's case system moving cases
// on through the organisation API with Idempotency-Key and If-Match. The
// ledger keeps every write answered 2xx, and the writes in flight when an
// answer never came (they may or may not have been stored).
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { randomUUID } from 'node:crypto';

export const FIXTURE_ID = 'workload-fixture';

export class Ledger {
  constructor() {
    this.submissions = new Map();   // id -> { person, reference, receipt_text, signature }
    this.drafts = new Map();        // id -> person
    this.phone = new Map();         // person -> { acked, pending: Set }
    this.moves = new Map();         // case id -> { status, acked, key, revision }
    this.counts = { acked: 0, unanswered: 0, refused: 0 };
  }
}

function personApi(site, p) {
  return async (method, path, json, { timeoutMs = 15000 } = {}) => {
    const headers = { cookie: p.cookie, 'x-csrf-token': p.csrf };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${site()}${path}`, { method, headers, signal: AbortSignal.timeout(timeoutMs),
      body: json === undefined ? undefined : JSON.stringify(json) });
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
export function workload({ site, persons, client, ledger, prefilled = 'certificate-of-residence' }) {
  let seq = 0;
  const ops = {
    async phone(p, api) {
      const value = `+352 621 ${String(++seq).padStart(6, '0')}`;
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
      const opened = await attempt(ledger, () => api('POST', `/api/v1/spaces/${p.space}/drafts`, { procedure: FIXTURE_ID }));
      if (opened.fate !== 'acked') return;
      const id = opened.r.body.id;
      const saved = await attempt(ledger, () => api('PUT', `/api/v1/spaces/${p.space}/drafts/${id}`, { data: { note: `n${++seq}` }, step: 1 }));
      if (saved.fate !== 'acked') { ledger.drafts.set(id, p); return; }
      const sub = await attempt(ledger, () => api('POST', `/api/v1/spaces/${p.space}/drafts/${id}/submit`));
      if (sub.fate === 'acked') {
        ledger.submissions.set(sub.r.body.id, { person: p, reference: sub.r.body.reference,
          receipt_text: sub.r.body.receipt_text, signature: sub.r.body.signature });
      } else if (sub.fate === 'refused') {
        ledger.drafts.set(id, p); // refused: its draft stays
      }
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
  const weights = [['phone', 3], ['prefilledDraft', 2], ['submission', 4], ['move', 2]];
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

/** Checks the store against the ledger through the platform's own API:
 *  every acknowledged submission is there with its receipt verifying;
 *  every acknowledged draft is a draft or became a submission; each
 *  person's phone is the last acknowledged value or a later one whose
 *  answer was lost; each acknowledged case move holds, and a move whose
 *  answer was lost, sent again with its Idempotency-Key, takes effect once. */
export async function verifyLedger({ site, ledger, client }) {
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
