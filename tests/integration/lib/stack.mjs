// The whole stack for tests: the demo OpenID provider and a guichetd that
// trusts it, on free loopback ports; and logging in through the provider's
// real login form.
import net from 'node:net';
import { startIdp, CookieJar, loginThroughForm } from '../../../idp/testing.mjs';
import { startGuichetd } from './guichetd.mjs';
import { stopAll } from './exit.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function startStack({ env = {}, idpEnv = {} } = {}) {
  const port = await freePort();
  const site = `http://127.0.0.1:${port}`;
  const idp = await startIdp({
    env: {
      IDP_REDIRECT_URIS: `${site}/auth/callback`,
      IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/`,
      ...idpEnv,
    },
  });
  let g;
  try {
    g = await startGuichetd({
    env: {
      GUICHET_LISTEN_PORT: String(port),
      GUICHET_SITE_URL: site,
      GUICHET_OIDC_ISSUER: idp.issuer,
      GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`,
      GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`,
      ...env,
    },
  });
  } catch (e) {
    await idp.stop();
    throw e;
  }
  return {
    g, idp, site,
    // Stops both; throws (after stopping the provider too) when guichetd did
    // not exit cleanly (lib/exit.mjs). Returns guichetd's { code, signal }.
    async stop() {
      let r;
      await stopAll(async () => { r = await g.stop(); }, idp, () => g.cleanup());
      return r;
    },
  };
}

export function cookieFrom(res, name) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq) === name) return { value: pair.slice(eq + 1), line };
  }
  return undefined;
}

// A GET, tried again once when the pooled keep-alive connection it went out
// on had been closed by guichetd meanwhile (its idle timeout passed while a
// test blocked node's event loop, with spawnSync say, so the close went
// unseen): undici's "other side closed" before any answer.
export async function getRetried(url, init = {}) {
  try {
    return await fetch(url, init);
  } catch (e) {
    if (e?.cause?.code !== 'UND_ERR_SOCKET') throw e;
    return fetch(url, init);
  }
}

// Logs in through the provider's form; returns { cookie, setCookie, landing }.
export async function login(stack, { nationalId = '1985031410148', next = '/api/v1/me', headers = {} } = {}) {
  const start = await getRetried(`${stack.site}/login?next=${encodeURIComponent(next)}`, { redirect: 'manual', headers });
  if (start.status !== 303) throw new Error(`/login answered ${start.status}`);
  const jar = new CookieJar();
  const callback = await loginThroughForm(jar, start.headers.get('location'), { nationalId, headers });
  const res = await fetch(callback, { redirect: 'manual', headers });
  const c = cookieFrom(res, '__Host-guichet');
  return { res, callback, authorizationUrl: start.headers.get('location'),
    cookie: c ? `__Host-guichet=${c.value}` : undefined, setCookie: c?.line, landing: res.headers.get('location') };
}
