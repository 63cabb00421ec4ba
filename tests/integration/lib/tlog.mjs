// The transparency log checked with nothing but node's own crypto, as
// anyone holding a person's bundle and the public keys can
// (docs/transparency.md): RFC 8785 canonical JSON, RFC 9162 leaves and
// inclusion proofs, C2SP signed notes and cosignatures. Independent of the
// C code it checks.
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';

const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest();

/** RFC 8785 on the subset records use (strings, integers, arrays, objects). */
export function jcs(v) {
  if (Array.isArray(v)) return `[${v.map(jcs).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The leaf of a record: SHA-256(0x00 || SHA-256(salt || JCS(record))). */
export function recordLeaf(salt, record) {
  const entry = sha256(salt, Buffer.from(jcs(record), 'utf8'));
  return sha256([0], entry);
}

/** RFC 9162 §2.1.3.2. */
export function inclusionVerifies(index, size, leaf, proof, root) {
  if (index >= size) return false;
  let fn = index, sn = size - 1, r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = sha256([1], p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = sha256([1], r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** A verifier key "name+hex+base64(type || public key)": { name, keyId, type, key }. */
export function parseVerifier(text) {
  const i = text.indexOf('+');
  const [name, hex, b64] = [text.slice(0, i), text.slice(i + 1, i + 9), text.slice(i + 10)];
  const raw = Buffer.from(b64, 'base64');
  return { name, keyId: Buffer.from(hex, 'hex'), type: raw[0],
    key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(1).toString('base64url') }, format: 'jwk' }) };
}

/** A note split: { text, lines: [{ name, sig (Buffer) }] }. */
export function parseNote(note) {
  const at = note.indexOf('\n\n');
  const text = note.slice(0, at + 1);
  const lines = note.slice(at + 2).split('\n').filter(Boolean).map((l) => {
    const m = l.match(/^\u2014 (\S+) (\S+)$/);
    return { name: m[1], sig: Buffer.from(m[2], 'base64') };
  });
  return { text, lines };
}

/** The checkpoint of a note signed by logKey (a verifier): { origin, size, root }; throws when it does not verify. */
export function openCheckpoint(note, logKey) {
  const { text, lines } = parseNote(note);
  const mine = lines.find((l) => l.name === logKey.name && l.sig.subarray(0, 4).equals(logKey.keyId));
  if (!mine || !verify(null, Buffer.from(text), logKey.key, mine.sig.subarray(4))) throw new Error('the log did not sign it');
  const [origin, size, root] = text.split('\n');
  return { origin, size: Number(size), root: Buffer.from(root, 'base64') };
}

/** True when witness (a verifier, type 4) cosigned note (C2SP tlog-cosignature/v1). */
export function cosigned(note, witness) {
  const { text, lines } = parseNote(note);
  return lines.some((l) => {
    if (l.name !== witness.name || !l.sig.subarray(0, 4).equals(witness.keyId) || l.sig.length !== 76) return false;
    const ts = l.sig.readBigUInt64BE(4);
    return verify(null, Buffer.from(`cosignature/v1\ntime ${ts}\n${text}`), witness.key, l.sig.subarray(12));
  });
}

/** Checks a bundle as a person would: the log's signature, the witnesses',
 *  and every record at its leaf. Returns the checkpoint. */
export function checkBundle(bundle, logKey, witnesses = []) {
  const cp = openCheckpoint(bundle.checkpoint, logKey);
  for (const w of witnesses) if (!cosigned(bundle.checkpoint, w)) throw new Error(`${w.name} did not cosign`);
  const salt = Buffer.from(bundle.salt, 'base64');
  bundle.entries.forEach((e, i) => {
    const proof = e.inclusion_proof.map((h) => Buffer.from(h, 'base64'));
    if (!inclusionVerifies(e.leaf_index, cp.size, recordLeaf(salt, e.record), proof, cp.root)) {
      throw new Error(`entries/${i}: not at leaf ${e.leaf_index}`);
    }
  });
  return cp;
}

/** A note text signed with the log's signer key string
 *  (PRIVATE+KEY+name+hex+base64(0x01 || seed)): what whoever holds the key can make. */
export function signNote(signerText, text) {
  const rest = signerText.trim().slice('PRIVATE+KEY+'.length);
  const i = rest.indexOf('+');
  const [name, hex, b64] = [rest.slice(0, i), rest.slice(i + 1, i + 9), rest.slice(i + 10)];
  const seed = Buffer.from(b64, 'base64').subarray(1);
  const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der', type: 'pkcs8' });
  const sig = sign(null, Buffer.from(text), key);
  return `${text}\n\u2014 ${name} ${Buffer.concat([Buffer.from(hex, 'hex'), sig]).toString('base64')}\n`;
}
