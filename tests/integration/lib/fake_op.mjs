// A deliberately faulty OpenID provider for negative tests: it answers every
// authorization request at once (no login) and its token endpoint returns an
// ID token spoiled in the way the test asks for. guichetd must refuse each.
import http from 'node:http';
import { generateKeyPairSync, createSign, randomBytes } from 'node:crypto';

const b64url = (b) => Buffer.from(b).toString('base64url');

export async function startFakeOp() {
  const good = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'fake-key-1';
  const jwk = { ...good.publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map(); // code -> { nonce, clientId }
  let defect = 'none';
  let issuer;

  function token({ nonce, clientId }) {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer, sub: 'fake-sub', aud: clientId, nonce, iat: now, exp: now + 300,
      national_id: '1985031410148', given_name: 'Marie', family_name: 'Schmit',
    };
    let key = good.privateKey;
    if (defect === 'bad_signature') key = other.privateKey;
    if (defect === 'wrong_aud') claims.aud = 'somebody-else';
    if (defect === 'expired') { claims.iat = now - 7200; claims.exp = now - 3600; }
    if (defect === 'wrong_nonce') claims.nonce = 'not-the-nonce';
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const payload = b64url(JSON.stringify(claims));
    const signer = createSign('RSA-SHA256');
    signer.update(`${header}.${payload}`);
    return `${header}.${payload}.${b64url(signer.sign(key))}`;
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'], code_challenge_methods_supported: ['S256'],
      }));
    } else if (url.pathname === '/jwks') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    } else if (url.pathname === '/auth') {
      const code = b64url(randomBytes(16));
      codes.set(code, { nonce: url.searchParams.get('nonce'), clientId: url.searchParams.get('client_id') });
      const back = new URL(url.searchParams.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state'));
      res.writeHead(303, { location: back.href });
      res.end();
    } else if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        const code = new URLSearchParams(body).get('code');
        const grant = codes.get(code);
        codes.delete(code);
        res.setHeader('content-type', 'application/json');
        if (!grant) { res.statusCode = 400; res.end('{"error":"invalid_grant"}'); return; }
        res.end(JSON.stringify({ access_token: 'x', token_type: 'Bearer', expires_in: 60, id_token: token(grant) }));
      });
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${server.address().port}`;
  return {
    issuer,
    setDefect(d) { defect = d; },
    stop: () => new Promise((r) => server.close(r)),
  };
}
