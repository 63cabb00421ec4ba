// In-memory storage for oidc-provider's models (sessions, interactions, grants,
// codes, tokens). One store per process, shared by every Provider instance the
// server builds (a key rotation builds a new one), so logins in flight survive
// a rotation. Entries expire; the store is bounded.
const MAX_ENTRIES = 100_000;

const entries = new Map(); // `${model}:${id}` -> { payload, exp (ms epoch or Infinity) }
const byGrant = new Map(); // grantId -> Set of keys
const byUid = new Map(); // session uid -> key
const byUserCode = new Map(); // user code -> key

function now() {
  return Date.now();
}

function drop(key) {
  const e = entries.get(key);
  if (!e) return;
  entries.delete(key);
  const { grantId, uid, userCode } = e.payload;
  if (grantId) {
    const set = byGrant.get(grantId);
    if (set) {
      set.delete(key);
      if (set.size === 0) byGrant.delete(grantId);
    }
  }
  if (uid && byUid.get(uid) === key) byUid.delete(uid);
  if (userCode && byUserCode.get(userCode) === key) byUserCode.delete(userCode);
}

function live(key) {
  const e = entries.get(key);
  if (!e) return undefined;
  if (e.exp <= now()) {
    drop(key);
    return undefined;
  }
  return e.payload;
}

/** Removes expired entries; called periodically. */
export function sweep() {
  const t = now();
  for (const [key, e] of entries) {
    if (e.exp <= t) drop(key);
  }
}

export function size() {
  return entries.size;
}

export class MemoryStore {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    drop(key);
    if (entries.size >= MAX_ENTRIES) {
      sweep();
      // Still full: evict the oldest entries (Map keeps insertion order).
      for (const k of entries.keys()) {
        if (entries.size < MAX_ENTRIES) break;
        drop(k);
      }
    }
    const stored = structuredClone(payload);
    entries.set(key, { payload: stored, exp: expiresIn ? now() + expiresIn * 1000 : Infinity });
    if (stored.grantId) {
      if (!byGrant.has(stored.grantId)) byGrant.set(stored.grantId, new Set());
      byGrant.get(stored.grantId).add(key);
    }
    if (this.model === 'Session' && stored.uid) byUid.set(stored.uid, key);
    if (stored.userCode) byUserCode.set(stored.userCode, key);
  }

  async find(id) {
    const p = live(this.key(id));
    return p === undefined ? undefined : structuredClone(p);
  }

  async findByUid(uid) {
    const key = byUid.get(uid);
    const p = key ? live(key) : undefined;
    return p === undefined ? undefined : structuredClone(p);
  }

  async findByUserCode(userCode) {
    const key = byUserCode.get(userCode);
    const p = key ? live(key) : undefined;
    return p === undefined ? undefined : structuredClone(p);
  }

  async consume(id) {
    const p = live(this.key(id));
    if (p) p.consumed = Math.floor(now() / 1000);
  }

  async destroy(id) {
    drop(this.key(id));
  }

  async revokeByGrantId(grantId) {
    const set = byGrant.get(grantId);
    if (!set) return;
    for (const key of [...set]) drop(key);
  }
}
