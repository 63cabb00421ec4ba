// "Who accessed my data" and the transparency log it is proven on, end to
// end over HTTP with real registers, the real provider and a real witness:
// a person's API lists exactly the accesses made here (their My data, a
// procedure's prefill, an organisation's fetch under consent), newest first,
// filtered and paged, exported as JSON and CSV, each proven in a signed
// checkpoint; the registers' own reads appear beside them, matched by
// request id, with the reads that did not pass through Guichet; the person's
// bundle verifies offline (guichetctl translog check-proof, and node's own
// crypto); the witness cosigns the log and refuses a forked checkpoint;
// `guichetctl translog verify` passes on the untouched store and names the
// index after each tampering; erasing a person keeps everyone else's proofs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, registerDatabase, sql, GUICHETCTL, PLATFORM_KEY } from './lib/registers.mjs';
import { dbEnv } from './lib/store.mjs';
import { runSanitized, sanitizerEnv, stopAll } from './lib/exit.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { checkBundle, cosigned, openCheckpoint, parseVerifier, signNote } from './lib/tlog.mjs';

const WITNESS = process.env.GUICHET_WITNESS || 'build/asan/guichet-witness';
const ORG = 'mlogement';
let pop, regs = {}, work, g, idp, site, person, other, keys, client, witnessKey, logKey, logKeyText;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-access-log-'));
  const procedures = join(work, 'procedures');
  mkdirSync(procedures);
  for (const f of readdirSync('procedures')) if (f.endsWith('.json')) copyFileSync(join('procedures', f), join(procedures, f));
  copyFileSync('tests/fixtures/procedures/pages/housing-reuse.json', join(procedures, 'housing-reuse.json'));
  regs.persons = await startRegistryd('persons', pop.dir);
  regs.vehicles = await startRegistryd('vehicles', pop.dir);
  witnessKey = runSanitized(WITNESS, ['keygen', '--name', 'cnpd.test/witness', '--key', join(work, 'witness.key')],
    { name: 'guichet-witness keygen' }).stdout.trim();
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_PATHS_PROCEDURES: procedures,
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url, vehicles: regs.vehicles.url }),
    GUICHET_TRANSLOG_WITNESSES: witnessKey, GUICHET_TRANSLOG_CHECKPOINT_INTERVAL_MS: '100',
    GUICHET_TRANSLOG_ORIGIN: 'guichet.test/access-log',
  } });
  [person, other] = pop.population.filter((p) => p.featured);
  if (!other) other = pop.population.find((p) => p.national_id !== person.national_id);
  keys = clientKeys();
  client = orgClient({ g, site }, keys, ORG, 'submissions.read,registers.read');
  logKeyText = (await (await fetch(`${site}/transparency/v1/keys`)).json()).log_key;
  logKey = parseVerifier(logKeyText);
});

after(async () => {
  await stopAll(g, () => g?.cleanup(), idp, regs.persons, regs.vehicles, () => pop?.cleanup(), () => keys?.remove(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

async function session(who) {
  const l = await login({ site }, { nationalId: who.national_id });
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  const send = (method, path, body) => fetch(`${site}${path}`, {
    method, headers: { cookie: l.cookie, 'x-csrf-token': me.csrf_token, 'content-type': 'application/json', 'accept-language': 'en' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // A GET is tried again once on a pooled connection closed meanwhile (see fetchText).
  const api = async (method, path, body) => {
    try {
      return await send(method, path, body);
    } catch (e) {
      if (method !== 'GET') throw e;
      return send(method, path, body);
    }
  };
  return { cookie: l.cookie, space: me.active_space.id, api };
}

const ctl = (args, expect) => runSanitized(GUICHETCTL, args, { env: dbEnv(g.db), expect });
const translogEnv = () => ({ ...dbEnv(g.db), GUICHET_TRANSLOG_KEY_FILE: join(g.workdir, 'translog-signing.key'),
  GUICHET_TRANSLOG_ORIGIN: 'guichet.test/access-log', GUICHET_TRANSLOG_WITNESSES: witnessKey });
function verifyLog(expect) {
  try {
    return runSanitized(GUICHETCTL, ['translog', 'verify'], { env: translogEnv(), expect });
  } catch (e) {
    const r = runSanitized(GUICHETCTL, ['translog', 'verify'], { env: translogEnv(), expect: { code: 1 } });
    throw new Error(`${e.message}: ${r.stdout}`);
  }
}

// Waits until a checkpoint covers the whole tree of the store.
async function signedUpTo(size) {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${site}/transparency/v1/checkpoint`);
    if (res.status === 200) {
      const cp = openCheckpoint(await res.text(), logKey);
      if (cp.size >= size) return cp;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no checkpoint of size ${size}`);
}

// A GET after a blocking child process (the witness, guichetctl): the
// pooled connection may have idled past guichetd's keep-alive time and been
// closed meanwhile; one more try opens a new one.
async function fetchText(url) {
  try {
    return await (await fetch(url)).text();
  } catch {
    return (await fetch(url)).text();
  }
}

const treeSize = () => Number(sql(g.db, 'SELECT size FROM tlog_head'));

function witnessOnce(expectCode = 0) {
  const r = spawnSync(WITNESS, ['run', '--key', join(work, 'witness.key'), '--state', join(work, 'witness-state.json'),
    '--log', `${site}/transparency/v1`, logKeyText, '--once', '--timeout', '5'],
  { env: { ...process.env, ...sanitizerEnv() }, encoding: 'utf8' });
  assert.equal(r.status, expectCode, `witness: ${r.stderr}`);
  return r.stdout + r.stderr;
}

let a, expected = [];

test('the person\'s log lists exactly the accesses made here, newest first, each proven in a signed checkpoint',
  { timeout: 120000 }, async () => {
    a = await session(person);
    const o = await session(other);
    // 1. My data: both registers read for the person.
    assert.equal((await a.api('GET', '/api/v1/my-data')).status, 200);
    // 2. A procedure's prefill, then its submission with the person's Yes to reuse.
    const draft = await (await a.api('POST', `/api/v1/spaces/${a.space}/drafts`, { procedure: 'housing-reuse' })).json();
    await a.api('PUT', `/api/v1/spaces/${a.space}/drafts/${draft.id}`, { data: { ...draft.data, reuse_consent: true }, step: 1 });
    const sub = await a.api('POST', `/api/v1/spaces/${a.space}/drafts/${draft.id}/submit`);
    assert.equal(sub.status, 201);
    const submission = (await sub.json()).id;
    // 3. The ministry's case system fetches what the person consented to.
    const fetched = await client.api('POST', `/api/org/v1/submissions/${submission}/register-data`, { json: {} });
    assert.equal(fetched.status, 200);
    // Someone else's reads are not the person's.
    assert.equal((await o.api('GET', '/api/v1/my-data')).status, 200);
    await signedUpTo(treeSize());

    const res = await a.api('GET', '/api/v1/access-log');
    assert.equal(res.status, 200);
    const body = await res.json();
    expected = body.records;
    // Exactly four, in time order, the fetch first (newest); the attributes are names, never values.
    assert.equal(expected.length, 4);
    assert.deepEqual(expected.map((r) => r.register).sort(), ['persons', 'persons', 'persons', 'vehicles']);
    assert.equal(expected[0].actor.organisation, ORG);
    assert.equal(expected[0].actor.role, 'client');
    assert.equal(expected[0].legal_basis, 'Amended law of 25 February 1979 on housing aid');
    assert.deepEqual(expected[0].attributes, ['address.street', 'address.postcode', 'address.locality', 'children']);
    assert.equal(expected[1].purpose, 'housing-reuse');
    assert.deepEqual(expected[1].attributes, ['family_name']);
    assert.deepEqual(expected.slice(2).map((r) => r.purpose), ['my-data', 'my-data']);
    for (let i = 1; i < expected.length; i++) assert.ok(expected[i - 1].at_us >= expected[i].at_us, 'newest first');
    for (const r of expected) {
      assert.equal(r.proof, 'proven', JSON.stringify(r));
      assert.equal(typeof r.leaf_index, 'number');
      assert.ok(!JSON.stringify(r).includes(person.family_name), 'no value, only attribute names');
    }
    assert.equal(new Set(expected.map((r) => r.leaf_index)).size, 4);
    assert.equal(body.next, null);
    assert.equal(body.checkpoint.quorum, 1);

    // Pages of one, by the cursor, give the same four.
    const paged = [];
    let next = '';
    do {
      const page = await (await a.api('GET', `/api/v1/access-log?limit=1${next ? `&after=${next}` : ''}`)).json();
      paged.push(...page.records);
      next = page.next;
    } while (next);
    assert.deepEqual(paged.map((r) => r.id), expected.map((r) => r.id));

    // Filters: a register, who read, a period.
    const ids = async (q) => (await (await a.api('GET', `/api/v1/access-log?${q}`)).json()).records.map((r) => r.id);
    assert.deepEqual(await ids('register=vehicles'), [expected.find((r) => r.register === 'vehicles').id]);
    assert.deepEqual(await ids(`organisation=${ORG}`), [expected[0].id]);
    assert.deepEqual(await ids('organisation=guichet'), expected.slice(1).map((r) => r.id));
    assert.deepEqual(await ids('from=2000-01-01&to=2000-12-31'), []);
    assert.equal((await ids('from=2000-01-01')).length, 4);

    // Bad filters are refused naming the parameter; nothing is read.
    for (const [q, field] of [['register=Persons', 'register'], ['limit=0', 'limit'], ['from=2026-02-30', 'from'],
      ['from=2026-03-01&to=2026-01-01', 'to'], ['after=x', 'after']]) {
      const bad = await a.api('GET', `/api/v1/access-log?${q}`);
      assert.equal(bad.status, 400, q);
      assert.equal((await bad.json()).field, field, q);
    }

    // Exports: JSON and CSV, as files.
    const json = await a.api('GET', '/api/v1/access-log/export?format=json');
    assert.match(json.headers.get('content-disposition'), /attachment; filename="access-log.json"/);
    assert.deepEqual((await json.json()).records.map((r) => r.id), expected.map((r) => r.id));
    const csv = await (await a.api('GET', '/api/v1/access-log/export?format=csv&register=persons')).text();
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], '"at","actor_kind","organisation","role","register","attributes","purpose","legal_basis","request_id","leaf_index","proof"');
    assert.equal(lines.length, 4);
    assert.match(lines[1], /^"[^"]+","organisation","mlogement","client","persons","address.street address.postcode address.locality children",/);
    assert.equal((await a.api('GET', '/api/v1/access-log/export?format=xml')).status, 400);

    // The other person sees only theirs; nobody sees anything without a session.
    const theirs = (await (await o.api('GET', '/api/v1/access-log')).json()).records;
    assert.equal(theirs.length, 2);
    assert.ok(theirs.every((r) => !expected.some((e) => e.id === r.id)));
    assert.equal((await fetch(`${site}/api/v1/access-log`)).status, 401);
  });

test('the registers\' own reads appear beside the platform\'s, matched by request id, with the reads that did not pass through Guichet',
  { timeout: 60000 }, async () => {
    const page = async () => (await (await fetch(`${site}/access-log?registers=1`, {
      headers: { cookie: a.cookie, 'accept-language': 'en' } })).text()).replace(/\s+/g, ' ').replace(/&#39;/g, "'");
    let html = await page();
    assert.equal((html.match(/Also in the register's log/g) || []).length, 4, 'every record has its twin');
    assert.equal((html.match(/Read directly at the register, not through Guichet/g) || []).length, 0);
    // The police read the register directly (another client of it): the person sees it.
    const direct = await fetch(`${regs.persons.url}/v1/lookup`, {
      method: 'POST', headers: { authorization: 'Bearer demo-scoped-test-key-0002', 'content-type': 'application/json' },
      body: JSON.stringify({ request_id: 'police-42', subject: { type: 'national_id', value: person.national_id },
        attributes: ['family_name'], requester: { organisation: 'police-grand-ducale', on_behalf_of: null },
        purpose: { procedure: 'inquiry-17', legal_basis: 'Code of criminal procedure' } }),
    });
    assert.equal(direct.status, 200);
    // And a platform record whose twin the register lost.
    const lost = expected.find((r) => r.register === 'vehicles').request_id;
    sql(registerDatabase(pop.dir, 'vehicles'), `DELETE FROM access_log WHERE request_id = '${lost}'`);
    html = await page();
    assert.equal((html.match(/Also in the register's log/g) || []).length, 3);
    assert.equal((html.match(/Not in the register's log/g) || []).length, 1);
    assert.match(html.slice(html.indexOf('registers-logs')), /Read directly at the register, not through Guichet:<\/p> <ul[^>]*> <li[^>]*><strong>[^<]+<\/strong> · police-grand-ducale <span class="govuk-body-s">\(client: scoped-test\)<\/span>/);
    assert.match(html, /Code of criminal procedure/);
    // The register keeps its log to itself: no key, no log; another client's key, 403.
    assert.equal((await fetch(`${regs.persons.url}/v1/access-log?subject=${person.national_id}`)).status, 401);
    assert.equal((await fetch(`${regs.persons.url}/v1/access-log?subject=${person.national_id}`,
      { headers: { authorization: 'Bearer demo-scoped-test-key-0002' } })).status, 403);
    const own = await (await fetch(`${regs.persons.url}/v1/access-log?subject=${person.national_id}&limit=1`,
      { headers: { authorization: `Bearer ${PLATFORM_KEY}` } })).json();
    assert.equal(own.reads.length, 1);
    assert.equal(own.more, true);
    assert.equal(own.reads[0].request_id, 'police-42');
  });

let bundleFile;

test('the witness cosigns the real log; the bundle verifies offline with nothing but the public keys', { timeout: 60000 }, async () => {
  const size = treeSize();
  await signedUpTo(size);
  assert.match(witnessOnce(0), /witness_cosigned/);
  const note = await fetchText(`${site}/transparency/v1/checkpoint`);
  const witness = parseVerifier(witnessKey);
  assert.ok(cosigned(note, witness), 'the served checkpoint carries the cosignature');
  const page = await (await a.api('GET', '/api/v1/access-log')).json();
  assert.equal(page.checkpoint.witnessed, true);
  assert.equal(page.checkpoint.cosigned, 1);

  const res = await a.api('GET', '/api/v1/access-log/proofs');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /access-proofs.json/);
  const text = await res.text();
  const bundle = JSON.parse(text);
  assert.equal(bundle.format, 'guichet-access-proof/v1');
  assert.equal(bundle.entries.length, 4);
  assert.deepEqual(bundle.entries.map((e) => e.leaf_index).sort((x, y) => x - y),
    expected.map((r) => r.leaf_index).sort((x, y) => x - y));
  // node's own crypto: the log's signature, the witness's, every record at its leaf.
  const cp = checkBundle(bundle, logKey, [witness]);
  assert.equal(cp.origin, 'guichet.test/access-log');
  bundleFile = join(work, 'bundle.json');
  writeFileSync(bundleFile, text);
  const ok = runSanitized(GUICHETCTL, ['translog', 'check-proof', bundleFile, '--key', logKeyText, '--witness', witnessKey,
    '--quorum', '1']).stdout;
  assert.match(ok, /^check-proof: ok: 4 records in the checkpoint of size \d+ of guichet.test\/access-log, cosigned by 1 of 1/);
  // A changed record, a changed salt, another log's key: refused, naming why.
  const changed = JSON.parse(text);
  changed.entries[2].record.purpose = 'something else';
  writeFileSync(join(work, 'changed.json'), JSON.stringify(changed));
  assert.match(runSanitized(GUICHETCTL, ['translog', 'check-proof', join(work, 'changed.json'), '--key', logKeyText],
    { expect: { code: 1 } }).stdout, /FAILED: entries\/2/);
  assert.throws(() => checkBundle(changed, logKey), /entries\/2/);
  // Another log's key (of the same name) did not sign it.
  const impostor = runSanitized(GUICHETCTL, ['translog', 'key'], { env: { GUICHET_TRANSLOG_KEY_FILE: join(work, 'impostor.key'),
    GUICHET_TRANSLOG_ORIGIN: 'guichet.test/access-log' } }).stdout.trim();
  assert.notEqual(impostor, logKeyText);
  assert.match(runSanitized(GUICHETCTL, ['translog', 'check-proof', bundleFile, '--key', impostor], { expect: { code: 1 } }).stdout,
    /FAILED/);
  // Too few witnesses for the quorum asked.
  assert.match(runSanitized(GUICHETCTL, ['translog', 'check-proof', bundleFile, '--key', logKeyText, '--witness', impostor.replace(/^[^+]+/, 'x')],
    { expect: { code: 2 } }).stderr, /--witness 1/);
});

test('translog verify passes on the untouched store and names the index after each tampering', { timeout: 120000 }, async () => {
  assert.match(verifyLog().stdout, /^translog verify: ok: \d+ leaves/);
  const leaf = (i) => sql(g.db, { sqlite: `SELECT hex(hash) FROM tlog_leaves WHERE idx = ${i}`,
    postgresql: `SELECT upper(encode(hash, 'hex')) FROM tlog_leaves WHERE idx = ${i}` });
  const setLeaf = (i, hex) => sql(g.db, { sqlite: `UPDATE tlog_leaves SET hash = X'${hex}' WHERE idx = ${i}`,
    postgresql: `UPDATE tlog_leaves SET hash = '\\x${hex}'::bytea WHERE idx = ${i}` });
  const failsAt = (re) => assert.match(verifyLog({ code: 1 }).stdout, re);
  const n = treeSize();
  assert.ok(n >= 6);
  // One byte of one leaf.
  const l3 = leaf(3);
  setLeaf(3, `${l3.slice(0, 10)}${l3[10] === 'A' ? 'B' : 'A'}${l3.slice(11)}`);
  failsAt(/^translog verify: FAILED at leaf 3: leaf 3 is not the hash of its record/);
  setLeaf(3, l3);
  verifyLog();
  // One leaf deleted.
  const l4 = leaf(4), r4 = sql(g.db, 'SELECT record_id FROM tlog_leaves WHERE idx = 4');
  sql(g.db, 'DELETE FROM tlog_leaves WHERE idx = 4');
  failsAt(/^translog verify: FAILED at leaf 4: leaf 4 is missing/);
  sql(g.db, { sqlite: `INSERT INTO tlog_leaves (idx, hash, record_id) VALUES (4, X'${l4}', ${r4})`,
    postgresql: `INSERT INTO tlog_leaves (idx, hash, record_id) VALUES (4, '\\x${l4}'::bytea, ${r4})` });
  verifyLog();
  // Two leaves swapped.
  const [l1, l5] = [leaf(1), leaf(5)];
  setLeaf(1, l5);
  setLeaf(5, l1);
  failsAt(/^translog verify: FAILED at leaf 1: leaf 1 is not the hash of its record/);
  setLeaf(1, l1);
  setLeaf(5, l5);
  verifyLog();
  // The last checkpoint's root changed, and re-signed by whoever holds the key.
  const last = Number(sql(g.db, 'SELECT max(size) FROM tlog_checkpoints'));
  const note = `${sql(g.db, `SELECT note FROM tlog_checkpoints WHERE size = ${last}`)}\n`; // sql() trims the last newline
  const root = sql(g.db, { sqlite: `SELECT hex(root) FROM tlog_checkpoints WHERE size = ${last}`,
    postgresql: `SELECT upper(encode(root, 'hex')) FROM tlog_checkpoints WHERE size = ${last}` });
  const forged = Buffer.alloc(32, 7);
  const text = `guichet.test/access-log\n${last}\n${forged.toString('base64')}\n`;
  const signer = readFileSync(join(g.workdir, 'translog-signing.key'), 'utf8');
  const forgedNote = signNote(signer, text);
  sql(g.db, { sqlite: `UPDATE tlog_checkpoints SET root = X'${forged.toString('hex')}', note = '${forgedNote}' WHERE size = ${last}`,
    postgresql: `UPDATE tlog_checkpoints SET root = '\\x${forged.toString('hex')}'::bytea, note = '${forgedNote}' WHERE size = ${last}` });
  // The witness's cosignature was of the true root: it no longer verifies ...
  failsAt(new RegExp(`^translog verify: FAILED at checkpoint ${last} \\(first bad leaf \\d+\\): checkpoint of size ${last}: the signature of cnpd.test/witness`));
  // ... and without it, the root is not the tree's.
  const cosignatures = sql(g.db, `SELECT key_name, key_id, line, at_us FROM tlog_cosignatures WHERE size = ${last}`, { json: true });
  sql(g.db, `DELETE FROM tlog_cosignatures WHERE size = ${last}`);
  failsAt(new RegExp(`^translog verify: FAILED at checkpoint ${last} \\(first bad leaf \\d+\\): checkpoint of size ${last}: its root is not the root of the first ${last} leaves`));

  // The witness sees that checkpoint (the same size, another root): a fork. It refuses, and keeps refusing.
  const refused = witnessOnce(3);
  assert.match(refused, /witness_refused/);
  assert.match(refused, /fork/);
  assert.ok(!cosigned(await fetchText(`${site}/transparency/v1/checkpoint`), parseVerifier(witnessKey)));
  witnessOnce(3);

  sql(g.db, { sqlite: `UPDATE tlog_checkpoints SET root = X'${root}', note = '${note}' WHERE size = ${last}`,
    postgresql: `UPDATE tlog_checkpoints SET root = '\\x${root}'::bytea, note = '${note}' WHERE size = ${last}` });
  for (const c of JSON.parse(cosignatures)) {
    sql(g.db, `INSERT INTO tlog_cosignatures (size, key_name, key_id, line, at_us) VALUES (${last}, '${c.key_name}', ${c.key_id}, '${c.line}', ${c.at_us})`);
  }
  verifyLog();
});

test('erasing a person\'s records leaves verification passing and everyone else\'s proofs valid', { timeout: 60000 }, async () => {
  const erased = runSanitized(GUICHETCTL, ['translog', 'erase', other.national_id], { env: translogEnv() }).stdout;
  assert.match(erased, /^translog erase: 2 access records erased/);
  assert.match(verifyLog().stdout, /^translog verify: ok: \d+ leaves \(\d+ with their record, 2 erased\)/);
  const o = await session(other);
  assert.equal((await (await o.api('GET', '/api/v1/access-log')).json()).records.length, 0);
  assert.equal((await o.api('GET', '/api/v1/access-log/proofs')).status, 404);
  // The person's bundle made before still verifies, and so does a new one.
  assert.match(runSanitized(GUICHETCTL, ['translog', 'check-proof', bundleFile, '--key', logKeyText, '--witness', witnessKey]).stdout,
    /^check-proof: ok: 4 records/);
  const fresh = await (await a.api('GET', '/api/v1/access-log/proofs')).json();
  assert.equal(fresh.entries.length, 4);
  checkBundle(fresh, logKey);
});
