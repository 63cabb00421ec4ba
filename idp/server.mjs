// Guichet's demo identity provider: panva's oidc-provider configured for the
// guichetd relying party (authorization code + PKCE S256), with our own login
// pages and the synthetic population. For the demo and the tests only; in
// production guichetd talks to the national eID / eIDAS node.
//
// Configuration: environment variables, see docs/identity-provider.md.
// Signals: SIGUSR2 rotates the signing key; SIGTERM and SIGINT stop (exit 0).
// Stdout: one JSON line per event, the first {"event":"listening","issuer":...}.
import http from 'node:http';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';

import { loadPopulation, normaliseNationalId, isValidNationalId } from './population.mjs';
import { KeyRing } from './keys.mjs';
import { MemoryStore, sweep } from './store.mjs';
import {
  pickLang, texts, loginPage, errorPage, logoutPage, loggedOutPage, indexPage,
} from './views.mjs';

export const DEMO_PASSWORD = 'guichet-demo';
export const DEMO_CLIENT_ID = 'guichet-demo';
export const DEMO_CLIENT_SECRET = 'guichet-demo-client-secret-not-for-production';
const HOST = '127.0.0.1';
const TEN_MINUTES = 10 * 60;
const BODY_LIMIT = 4096;
const SCOPES = ['openid', 'profile', 'national_id'];
const CLAIMS = {
  openid: ['sub', 'amr'],
  profile: ['name', 'given_name', 'family_name', 'birthdate', 'locale'],
  national_id: ['national_id'],
};
// Every OIDC endpoint that reads the session lives under this prefix, so the
// session cookie is scoped to it (discovery stays at the issuer's root).
const OIDC_PREFIX = '/oidc';

function log(event, fields = {}) {
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);
}

function fail(message) {
  process.stderr.write(`idp: ${message}\n`);
  process.exit(2);
}

function splitList(v) {
  return String(v || '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The subject identifier of a person: stable, opaque, not the national id. */
export function subjectOf(nationalId) {
  return createHash('sha256').update(`guichet-idp-sub|${nationalId}`).digest('hex').slice(0, 32);
}

function readConfig(env) {
  const port = env.IDP_PORT === undefined || env.IDP_PORT === '' ? 9000 : Number(env.IDP_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('IDP_PORT must be a port number (0 picks a free one)');
  const alg = env.IDP_SIGNING_ALG || 'RS256';
  if (alg !== 'RS256' && alg !== 'ES256') fail('IDP_SIGNING_ALG must be RS256 or ES256');

  let clients;
  if (env.IDP_CLIENTS_JSON) {
    try {
      clients = JSON.parse(env.IDP_CLIENTS_JSON);
    } catch {
      fail('IDP_CLIENTS_JSON is not valid JSON');
    }
    if (!Array.isArray(clients) || clients.length === 0) fail('IDP_CLIENTS_JSON must be a non-empty JSON array of client metadata');
  } else {
    clients = [{
      client_id: env.IDP_CLIENT_ID || DEMO_CLIENT_ID,
      client_secret: env.IDP_CLIENT_SECRET || DEMO_CLIENT_SECRET,
      redirect_uris: env.IDP_REDIRECT_URIS ? splitList(env.IDP_REDIRECT_URIS) : ['http://127.0.0.1:8080/auth/callback'],
      post_logout_redirect_uris: env.IDP_POST_LOGOUT_REDIRECT_URIS !== undefined
        ? splitList(env.IDP_POST_LOGOUT_REDIRECT_URIS) : ['http://127.0.0.1:8080/'],
    }];
  }
  clients = clients.map((c, i) => {
    if (!c || typeof c !== 'object' || typeof c.client_id !== 'string' || typeof c.client_secret !== 'string'
      || !Array.isArray(c.redirect_uris) || c.redirect_uris.length === 0) {
      fail(`client ${i}: client_id, client_secret and redirect_uris are required`);
    }
    return {
      client_name: 'Guichet',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...c,
      id_token_signed_response_alg: alg,
    };
  });

  const populationPath = env.IDP_POPULATION
    || fileURLToPath(new URL('./fixtures/demo-population.json', import.meta.url));
  return {
    port,
    issuer: env.IDP_ISSUER ? env.IDP_ISSUER.replace(/\/$/, '') : undefined,
    alg,
    keysFile: env.IDP_KEYS_FILE || undefined,
    clients,
    populationPath,
    password: env.IDP_DEMO_PASSWORD || DEMO_PASSWORD,
  };
}

function digest(s) {
  return createHash('sha256').update(String(s)).digest();
}

function passwordMatches(given, expected) {
  return timingSafeEqual(digest(given), digest(expected));
}

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function sendPage(res, status, html) {
  const body = Buffer.from(html, 'utf8');
  res.writeHead(status, { ...PAGE_HEADERS, 'Content-Length': body.length });
  res.end(body);
}

function redirect(res, location) {
  res.writeHead(303, { Location: location, 'Content-Length': '0', 'Cache-Control': 'no-store' });
  res.end();
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    const type = String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      reject(Object.assign(new Error('unsupported media type'), { status: 415 }));
      req.resume();
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > BODY_LIMIT) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function ctxLang(ctx) {
  return pickLang({
    uiLocales: ctx.oidc?.params?.ui_locales,
    acceptLanguage: ctx.get('accept-language'),
  });
}

export async function start(env = process.env) {
  const cfg = readConfig(env);
  let population;
  try {
    population = loadPopulation(cfg.populationPath);
  } catch (err) {
    fail(err.message);
  }
  let keyRing;
  try {
    keyRing = new KeyRing({ alg: cfg.alg, file: cfg.keysFile });
  } catch (err) {
    fail(`signing keys: ${err.message}`);
  }
  // Cookie signing keys: per process (cookies do not outlive a restart, nor do sessions).
  const cookieKeys = [randomBytes(32).toString('base64url')];
  const firstParty = new Set(cfg.clients.map((c) => c.client_id));

  let provider; // the current Provider; replaced on key rotation
  let handler; // provider.callback() of the current Provider
  let issuer;

  function buildProvider() {
    const p = new Provider(issuer, {
      clients: cfg.clients,
      adapter: MemoryStore,
      jwks: keyRing.jwks(),
      async findAccount(ctx, id) {
        const person = population.byId.get(id);
        if (!person) return undefined;
        return {
          accountId: id,
          async claims() {
            return {
              sub: subjectOf(person.national_id),
              name: `${person.given_name} ${person.family_name}`,
              given_name: person.given_name,
              family_name: person.family_name,
              birthdate: person.birthdate,
              locale: person.locale,
              national_id: person.national_id,
            };
          },
        };
      },
      claims: CLAIMS,
      scopes: SCOPES,
      responseTypes: ['code'],
      clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
      pkce: { methods: ['S256'], required: () => true },
      // Scope-requested claims go into the ID token too, so the relying party
      // needs no userinfo call (the userinfo endpoint stays available).
      conformIdTokenClaims: false,
      allowOmittingSingleRegisteredRedirectUri: false,
      features: {
        devInteractions: { enabled: false },
        userinfo: { enabled: true },
        introspection: { enabled: false },
        revocation: { enabled: false },
        registration: { enabled: false },
        claimsParameter: { enabled: false },
        pushedAuthorizationRequests: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          async logoutSource(ctx, form) {
            ctx.set('Content-Security-Policy', PAGE_HEADERS['Content-Security-Policy']);
            ctx.set('X-Frame-Options', 'DENY');
            ctx.type = 'html';
            ctx.body = logoutPage({ lang: ctxLang(ctx), clientName: ctx.oidc.client?.clientName, form });
          },
          async postLogoutSuccessSource(ctx) {
            ctx.set('Content-Security-Policy', PAGE_HEADERS['Content-Security-Policy']);
            ctx.type = 'html';
            ctx.body = loggedOutPage({ lang: ctxLang(ctx) });
          },
        },
      },
      // The guichet client is first-party: its grant is established just in
      // time, there is no consent screen.
      async loadExistingGrant(ctx) {
        const clientId = ctx.oidc.client.clientId;
        const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(clientId);
        let grant = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
        if (!firstParty.has(clientId)) return grant;
        if (!grant) {
          grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.account.accountId });
        }
        grant.addOIDCScope(SCOPES.join(' '));
        await grant.save();
        return grant;
      },
      interactions: {
        url: (ctx, interaction) => `/interaction/${interaction.uid}`,
      },
      cookies: {
        names: {
          session: 'guichet_idp_session',
          interaction: 'guichet_idp_interaction',
          resume: 'guichet_idp_resume',
        },
        long: { httpOnly: true, sameSite: 'lax', signed: true, path: OIDC_PREFIX },
        short: { httpOnly: true, sameSite: 'lax', signed: true },
        keys: cookieKeys,
      },
      routes: {
        authorization: `${OIDC_PREFIX}/auth`,
        backchannel_authentication: `${OIDC_PREFIX}/backchannel`,
        code_verification: `${OIDC_PREFIX}/device`,
        device_authorization: `${OIDC_PREFIX}/device/auth`,
        end_session: `${OIDC_PREFIX}/session/end`,
        introspection: `${OIDC_PREFIX}/token/introspection`,
        jwks: `${OIDC_PREFIX}/jwks`,
        pushed_authorization_request: `${OIDC_PREFIX}/request`,
        registration: `${OIDC_PREFIX}/reg`,
        revocation: `${OIDC_PREFIX}/token/revocation`,
        token: `${OIDC_PREFIX}/token`,
        userinfo: `${OIDC_PREFIX}/me`,
      },
      ttl: {
        AccessToken: TEN_MINUTES,
        AuthorizationCode: 60,
        IdToken: TEN_MINUTES,
        Interaction: TEN_MINUTES,
        Session: TEN_MINUTES,
        Grant: TEN_MINUTES,
      },
      discovery: {
        ui_locales_supported: ['fr', 'de', 'en'],
        claims_locales_supported: undefined,
        service_documentation: undefined,
      },
      async renderError(ctx, out) {
        const lang = ctxLang(ctx);
        const t = texts(lang);
        const expired = out.error === 'invalid_request' && /expired|not found|session/i.test(out.error_description || '');
        ctx.set('Content-Security-Policy', PAGE_HEADERS['Content-Security-Policy']);
        ctx.set('X-Frame-Options', 'DENY');
        ctx.type = 'html';
        ctx.body = errorPage({
          lang,
          message: expired ? t.expired : t.error_title,
          details: `${out.error}${out.error_description ? `: ${out.error_description}` : ''}`,
        });
      },
    });
    p.proxy = false;
    p.on('server_error', (ctx, err) => {
      log('server_error');
      process.stderr.write(`idp: server_error: ${err?.name}: ${err?.message}\n`);
    });
    p.on('authorization.error', (ctx, err) => log('authorization.error', { error: err.error }));
    p.on('grant.error', (ctx, err) => log('grant.error', { error: err.error }));
    p.on('end_session.error', (ctx, err) => log('end_session.error', { error: err.error }));
    p.on('grant.success', () => log('grant.success'));
    p.on('end_session.success', () => log('end_session.success'));
    return p;
  }

  async function interaction(req, res, uid, action) {
    const url = new URL(req.url, issuer);
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      details = undefined;
    }
    const baseLang = pickLang({ explicit: url.searchParams.get('lang'), acceptLanguage: req.headers['accept-language'] });
    if (!details || details.uid !== uid) {
      sendPage(res, 400, errorPage({ lang: baseLang, message: texts(baseLang).expired }));
      return;
    }
    const { prompt, params } = details;
    const client = await provider.Client.find(params.client_id);
    const clientName = client?.clientName || params.client_id;

    if (req.method === 'GET' && action === '') {
      if (prompt.name === 'login') {
        const lang = pickLang({
          explicit: url.searchParams.get('lang'), uiLocales: params.ui_locales, acceptLanguage: req.headers['accept-language'],
        });
        sendPage(res, 200, loginPage({
          lang,
          uid,
          clientName,
          featured: population.featured,
          error: false,
          passwordHint: cfg.password === DEMO_PASSWORD ? DEMO_PASSWORD : undefined,
          hrefFor: (l) => `/interaction/${encodeURIComponent(uid)}?lang=${l}`,
        }));
        return;
      }
      if (prompt.name === 'consent' && firstParty.has(params.client_id)) {
        // Only reached with prompt=consent: grant automatically, no screen.
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
        if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
        if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
        const grantId = await grant.save();
        redirect(res, await provider.interactionResult(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true }));
        return;
      }
      const returnTo = await provider.interactionResult(req, res, {
        error: 'access_denied', error_description: 'interaction not supported',
      }, { mergeWithLastSubmission: false });
      redirect(res, returnTo);
      return;
    }

    if (req.method === 'POST' && action === 'abort') {
      req.resume();
      log('login.aborted');
      redirect(res, await provider.interactionResult(req, res, {
        error: 'access_denied', error_description: 'End-User aborted interaction',
      }, { mergeWithLastSubmission: false }));
      return;
    }

    if (req.method === 'POST' && action === 'login' && prompt.name === 'login') {
      let form;
      try {
        form = await readForm(req);
      } catch (err) {
        sendPage(res, err.status || 400, errorPage({ lang: baseLang, message: texts(baseLang).error_title }));
        return;
      }
      const lang = pickLang({
        explicit: form.get('lang'), uiLocales: params.ui_locales, acceptLanguage: req.headers['accept-language'],
      });
      const typed = normaliseNationalId(form.get('national_id'));
      const picked = String(form.get('person') || '');
      const password = String(form.get('password') || '');
      // A typed number wins over the list; both must name a known person.
      const id = typed || picked;
      const person = isValidNationalId(id) ? population.byId.get(id) : undefined;
      const ok = passwordMatches(password, cfg.password) && person !== undefined;
      if (!ok) {
        log('login.failed');
        sendPage(res, 200, loginPage({
          lang,
          uid,
          clientName,
          featured: population.featured,
          error: true,
          passwordHint: cfg.password === DEMO_PASSWORD ? DEMO_PASSWORD : undefined,
          hrefFor: (l) => `/interaction/${encodeURIComponent(uid)}?lang=${l}`,
        }));
        return;
      }
      log('login.succeeded');
      redirect(res, await provider.interactionResult(req, res, {
        login: { accountId: person.national_id, amr: ['pwd'], remember: true },
      }, { mergeWithLastSubmission: false }));
      return;
    }

    res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: action === '' ? 'GET' : 'POST' });
    res.end('method not allowed\n');
  }

  const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|abort))?$/;

  const server = http.createServer(async (req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    try {
      const path = (req.url || '/').split('?')[0];
      const m = INTERACTION_PATH.exec(path);
      if (m) {
        await interaction(req, res, m[1], m[2] || '');
        return;
      }
      if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
        sendPage(res, 200, indexPage({ lang: pickLang({ acceptLanguage: req.headers['accept-language'] }), issuer }));
        return;
      }
      if (path.startsWith('/interaction/')) {
        sendPage(res, 404, errorPage({ lang: pickLang({ acceptLanguage: req.headers['accept-language'] }), message: texts('fr').error_title }));
        return;
      }
      handler(req, res);
    } catch (err) {
      log('server_error');
      process.stderr.write(`idp: server_error: ${err?.name}: ${err?.message}\n`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('internal error\n');
      } else {
        res.destroy();
      }
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, HOST, resolve);
  });
  server.on('error', (err) => process.stderr.write(`idp: ${err.message}\n`));
  const { port } = server.address();
  issuer = cfg.issuer || `http://${HOST}:${port}`;
  provider = buildProvider();
  handler = provider.callback();

  const sweeper = setInterval(sweep, 60_000);
  sweeper.unref();

  process.on('SIGUSR2', () => {
    try {
      const kid = keyRing.rotate();
      provider = buildProvider();
      handler = provider.callback();
      log('keys.rotated', { kid });
    } catch (err) {
      log('keys.rotation_failed');
      process.stderr.write(`idp: key rotation failed: ${err.message}\n`);
    }
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    clearInterval(sweeper);
    server.close(() => {
      log('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
    }, 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  log('listening', { issuer });
  return { server, issuer };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  start().catch((err) => fail(err.message));
}
