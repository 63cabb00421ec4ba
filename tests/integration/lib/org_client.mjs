// An organisation's machine client as a case system would run it: a key
// pair from guichetctl, the client registered with its scopes, and access
// tokens from POST /api/org/v1/token with an assertion guichetctl signs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSanitized } from './exit.mjs';
import { dbEnv } from './store.mjs';

const GUICHETCTL = process.env.GUICHETCTL || 'build/asan/guichetctl';

/** A key pair in a fresh directory: { priv, pub, remove() }. */
export function clientKeys() {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-client-'));
  const priv = join(dir, 'private.jwk'), pub = join(dir, 'public.jwk');
  runSanitized(GUICHETCTL, ['org', 'clients', 'keygen', '--private', priv, '--public', pub]);
  return { priv, pub, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Registers a client of org with scopes (comma-separated) on stack's
 *  database; token() gives an access token, a fresh one before the last can
 *  expire (tokens live 5 minutes); api(method, path, {json, headers})
 *  fetches with it. */
export function orgClient(stack, keys, org, scopes) {
  const env = { env: { ...dbEnv(stack.g.db), GUICHET_SITE_URL: stack.site } };
  const id = runSanitized(GUICHETCTL, ['org', 'clients', 'add', org, '--jwk', keys.pub, '--scopes', scopes], env).stdout.trim();
  let current, at = 0;
  const c = {
    client: id,
    async token() {
      if (current && Date.now() - at < 120000) return current;
      const assertion = runSanitized(GUICHETCTL, ['org', 'client-assertion', '--key', keys.priv, '--client', id], env).stdout.trim();
      const res = await fetch(`${stack.site}/api/org/v1/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion: assertion,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' }).toString(),
      });
      assert.equal(res.status, 200, `token for ${org} ${scopes}`);
      current = (await res.json()).access_token;
      at = Date.now();
      return current;
    },
    async api(method, path, { json, headers = {} } = {}) {
      const h = { authorization: `Bearer ${await c.token()}`, ...headers };
      if (json !== undefined) h['content-type'] = 'application/json';
      return fetch(`${stack.site}${path}`, { method, headers: h, body: json !== undefined ? JSON.stringify(json) : undefined });
    },
  };
  return c;
}
