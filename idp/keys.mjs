// Signing keys of the identity provider: generated with node's crypto, served
// on the JWKS, optionally persisted to a file (IDP_KEYS_FILE) and rotated.
import { generateKeyPairSync, createHash } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';

export const SUPPORTED_ALGS = new Set(['RS256', 'ES256']);
// How many keys the JWKS keeps after a rotation (the newest signs, the others
// stay published so tokens signed before the rotation still verify).
export const KEYS_KEPT = 3;

function thumbprint(jwk) {
  // RFC 7638 JWK thumbprint: the required members, in lexicographic order.
  const members = jwk.kty === 'RSA'
    ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
    : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/** A fresh private JWK for alg, with kid (its thumbprint), alg and use. */
export function generateKey(alg) {
  let pair;
  if (alg === 'RS256') pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  else if (alg === 'ES256') pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  else throw new Error(`unsupported signing alg ${alg} (RS256 or ES256)`);
  const jwk = pair.privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: thumbprint(jwk), alg, use: 'sig' };
}

function algOf(jwk) {
  if (jwk.alg) return jwk.alg;
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  return undefined;
}

function readKeysFile(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') return [];
    throw err;
  }
  const parsed = JSON.parse(text);
  if (!parsed || !Array.isArray(parsed.keys)) throw new Error(`keys file ${path}: expected {"keys": [...]}`);
  return parsed.keys.filter((k) => k && typeof k === 'object' && k.d && SUPPORTED_ALGS.has(algOf(k)))
    .map((k) => ({ ...k, alg: algOf(k), use: 'sig', kid: k.kid || thumbprint(k) }));
}

function writeKeysFile(path, keys) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * The key ring: an ordered list of private JWKs, newest first. The first key
 * of the configured alg signs; all are published on the JWKS.
 */
export class KeyRing {
  constructor({ alg, file }) {
    if (!SUPPORTED_ALGS.has(alg)) throw new Error(`IDP_SIGNING_ALG must be RS256 or ES256, not ${alg}`);
    this.alg = alg;
    this.file = file || undefined;
    this.keys = this.file ? readKeysFile(this.file) : [];
    // Only keys of the configured alg take part; others in the file are left alone there.
    this.others = this.keys.filter((k) => k.alg !== alg);
    this.keys = this.keys.filter((k) => k.alg === alg);
    if (this.keys.length === 0) {
      this.keys.push(generateKey(alg));
      this.save();
    }
  }

  get signingKid() {
    return this.keys[0].kid;
  }

  /** The private JWKS for oidc-provider's `jwks` option. */
  jwks() {
    return { keys: this.keys.map((k) => ({ ...k })) };
  }

  /** Adds a new key in front (it becomes the signing key), keeps up to KEYS_KEPT. */
  rotate() {
    this.keys.unshift(generateKey(this.alg));
    this.keys.length = Math.min(this.keys.length, KEYS_KEPT);
    this.save();
    return this.signingKid;
  }

  save() {
    if (this.file) writeKeysFile(this.file, [...this.keys, ...this.others]);
  }
}
