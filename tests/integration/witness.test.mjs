// guichet-witness against a fake log served from node (the endpoints of
// docs/transparency.md). The log's trees, checkpoints and proofs come from the
// test-only tlog_tool (tests/tools/tlog_tool.c): leaf i is "leaf i", and a
// forked log rewrites the leaves from some index on. The witness cosigns a
// growing log only after checking consistency (each cosignature is checked
// here with node's own Ed25519, independently of the C code), refuses a
// forked, shrunk or inconsistent log without sending anything or moving its
// state, and ends cleanly on SIGTERM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCleanExit, runSanitized, sanitizerEnv } from './lib/exit.mjs';

const WITNESS = process.env.GUICHET_WITNESS || 'build/asan/guichet-witness';
const TOOL = process.env.TLOG_TOOL || 'build/asan/tests/translog/tlog_tool';
const ORIGIN = 'guichet.test/access-log';

let dir, server, base;
let logKey, logVkey, impostorKey, witnessVkey;
// What the fake log serves, and what it was asked and sent.
const log = { size: 0, fork: null, signer: null, gets: [], cosignatures: [], postStatus: 204 };

function tool(args) {
  return runSanitized(TOOL, args, { name: `tlog_tool ${args[0]}` }).stdout;
}

function forkArgs() {
  return log.fork === null ? [] : ['--fork', String(log.fork)];
}

function serve(req, res) {
  const url = new URL(req.url, 'http://x');
  log.gets.push(`${req.method} ${url.pathname}${url.search}`);
  if (req.method === 'GET' && url.pathname === '/log/v1/checkpoint') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(tool(['checkpoint', '--skey', log.signer, '--size', String(log.size), ...forkArgs()]));
  } else if (req.method === 'GET' && url.pathname === '/log/v1/consistency') {
    const from = url.searchParams.get('from'), to = url.searchParams.get('to');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(tool(['consistency', '--from', from, '--to', to, ...forkArgs()]));
  } else if (req.method === 'POST' && url.pathname === '/log/v1/cosignature') {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      log.cosignatures.push(body);
      res.writeHead(log.postStatus);
      res.end();
    });
  } else {
    res.writeHead(404);
    res.end();
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-witness-'));
  [logKey, logVkey] = tool(['keygen', ORIGIN]).trim().split('\n');
  [impostorKey] = tool(['keygen', ORIGIN]).trim().split('\n');
  log.signer = logKey;
  witnessVkey = runSanitized(WITNESS, ['keygen', '--name', 'cnpd.test/witness', '--key', join(dir, 'witness.key')],
    { name: 'guichet-witness keygen' }).stdout.trim();
  server = createServer(serve);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}/log/v1`;
});

after(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const statePath = () => join(dir, 'state.json');
const logPath = () => join(dir, 'witness.log');

function witnessArgs(extra = []) {
  return ['run', '--key', join(dir, 'witness.key'), '--state', statePath(), '--log', base, logVkey,
    '--log-file', logPath(), '--timeout', '20', ...extra];
}

// Runs one round (--once) while node keeps serving the log; judges the exit.
function runOnce(expectCode) {
  return new Promise((resolve, reject) => {
    const child = spawn(WITNESS, witnessArgs(['--once']), {
      env: { ...process.env, ...sanitizerEnv() }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code, signal) => {
      try {
        assertCleanExit('guichet-witness --once', { code, signal }, stderr, { code: expectCode });
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
}

function logEvents() {
  if (!existsSync(logPath())) return [];
  return readFileSync(logPath(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

function state() {
  return JSON.parse(readFileSync(statePath(), 'utf8'));
}

// Checks a posted cosignature line against the witness's verifier key and
// the checkpoint text, with node's Ed25519: C2SP tlog-cosignature/v1.
function assertCosignature(line, size) {
  const m = line.match(/^\u2014 (\S+) (\S+)\n$/);
  assert.ok(m, `a signature line: ${JSON.stringify(line)}`);
  // name+keyid+keydata: the base64 key data may hold '+' too
  const [vname, vid] = witnessVkey.split('+', 2);
  const vdata = witnessVkey.slice(vname.length + 1 + vid.length + 1);
  assert.equal(m[1], vname);
  const key = Buffer.from(vdata, 'base64');
  assert.equal(key[0], 0x04, 'a cosignature/v1 key');
  const raw = Buffer.from(m[2], 'base64');
  assert.equal(raw.length, 4 + 8 + 64);
  const id = createHash('sha256').update(Buffer.concat([Buffer.from(`${vname}\n`), key])).digest().subarray(0, 4);
  assert.deepEqual(raw.subarray(0, 4), id);
  assert.equal(raw.subarray(0, 4).toString('hex'), vid);
  const time = raw.readBigUInt64BE(4);
  const now = BigInt(Math.floor(Date.now() / 1000));
  assert.ok(time <= now && time > now - 600n, `a recent timestamp: ${time}`);
  const note = tool(['checkpoint', '--skey', logKey, '--size', String(size)]);
  const body = note.slice(0, note.indexOf('\n\n') + 1);
  const msg = Buffer.from(`cosignature/v1\ntime ${time}\n${body}`);
  const pub = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.subarray(1).toString('base64url') }, format: 'jwk' });
  assert.ok(verify(null, msg, pub, raw.subarray(12)), 'the cosignature verifies');
  // and one changed byte of the checkpoint does not
  const other = Buffer.from(`cosignature/v1\ntime ${time}\n${body.replace(`\n${size}\n`, `\n${size + 1}\n`)}`);
  assert.equal(verify(null, other, pub, raw.subarray(12)), false);
}

test('keygen makes a private key file and refuses to overwrite it', () => {
  const mode = statSync(join(dir, 'witness.key')).mode & 0o777;
  assert.equal(mode, 0o600);
  assert.match(readFileSync(join(dir, 'witness.key'), 'utf8'), /^PRIVATE\+KEY\+cnpd\.test\/witness\+[0-9a-f]{8}\+B/);
  assert.match(witnessVkey, /^cnpd\.test\/witness\+[0-9a-f]{8}\+B[A-Za-z0-9+/]{43}$/); // 'B': base64 of 0x04…
  const before = readFileSync(join(dir, 'witness.key'), 'utf8');
  runSanitized(WITNESS, ['keygen', '--name', 'other', '--key', join(dir, 'witness.key')], { expect: { code: 1 } });
  assert.equal(readFileSync(join(dir, 'witness.key'), 'utf8'), before);
  const vkey = runSanitized(WITNESS, ['vkey', '--key', join(dir, 'witness.key')]).stdout.trim();
  assert.equal(vkey, witnessVkey);
  runSanitized(WITNESS, ['run', '--key', join(dir, 'witness.key')], { expect: { code: 2 } });
});

test('the witness cosigns a growing log, checking consistency each time', async () => {
  log.size = 3;
  await runOnce(0);
  assert.equal(log.cosignatures.length, 1);
  assertCosignature(log.cosignatures[0], 3);
  assert.deepEqual(log.gets, ['GET /log/v1/checkpoint', 'POST /log/v1/cosignature']); // first sight: no proof
  assert.equal(state().logs[0].size, 3);
  assert.equal(state().logs[0].origin, ORIGIN);

  log.gets = [];
  log.size = 8;
  await runOnce(0);
  assert.deepEqual(log.gets, ['GET /log/v1/checkpoint', 'GET /log/v1/consistency?from=3&to=8',
    'POST /log/v1/cosignature']);
  assertCosignature(log.cosignatures[1], 8);

  // nothing new: a restarted witness sends its cosignature of the same
  // checkpoint again (it cannot know the log received it), and nothing else
  log.gets = [];
  await runOnce(0);
  assert.deepEqual(log.gets, ['GET /log/v1/checkpoint', 'POST /log/v1/cosignature']);
  assertCosignature(log.cosignatures[2], 8);

  log.gets = [];
  log.size = 20;
  await runOnce(0);
  assert.deepEqual(log.gets.slice(1, 2), ['GET /log/v1/consistency?from=8&to=20']);
  assertCosignature(log.cosignatures[3], 20);
  assert.equal(state().logs[0].size, 20);
  assert.ok(logEvents().filter((e) => e.event === 'witness_cosigned').length >= 3);
});

test('the witness refuses a forked log, sends nothing and keeps its state', async () => {
  const stateBefore = readFileSync(statePath(), 'utf8');
  const sent = log.cosignatures.length;
  const refusals = () => logEvents().filter((e) => e.event === 'witness_refused');
  const seen = refusals().length;

  // the same size, another history from leaf 12 on
  log.size = 20;
  log.fork = 12;
  await runOnce(3);
  // a larger tree that rewrote history, with its own (valid for it) proof
  log.size = 30;
  await runOnce(3);
  // a rewrite of the very last leaf cosigned
  log.fork = 19;
  await runOnce(3);
  // a shrunk tree
  log.fork = null;
  log.size = 11;
  await runOnce(3);

  assert.equal(log.cosignatures.length, sent, 'no cosignature left the witness');
  assert.equal(readFileSync(statePath(), 'utf8'), stateBefore, 'the state did not move');
  const why = refusals().slice(seen).map((e) => e.msg.match(/: (\w+): cosigned/)[1]);
  assert.deepEqual(why, ['fork', 'inconsistent', 'inconsistent', 'smaller']);
  assert.match(refusals().at(-1).msg, /cosigned size 20 root \S+=; offered size 11 root \S+=; not cosigned/);

  // a checkpoint signed by another key of the log's name is not the log's
  log.size = 25;
  log.signer = impostorKey;
  await runOnce(4);
  log.signer = logKey;
  assert.equal(log.cosignatures.length, sent);
  assert.ok(logEvents().some((e) => e.event === 'witness_bad_checkpoint' && /not signed by the log/.test(e.msg)));

  // the honest log goes on, consistent with what was cosigned before the fork
  await runOnce(0);
  assert.equal(log.cosignatures.length, sent + 1);
  assertCosignature(log.cosignatures.at(-1), 25);
});

test('running, the witness follows the log until SIGTERM and ends cleanly', async () => {
  const sent = log.cosignatures.length;
  const child = spawn(WITNESS, witnessArgs(['--interval', '0.2']), {
    env: { ...process.env, ...sanitizerEnv() }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const waitFor = async (what, cond) => {
    const deadline = Date.now() + 30000;
    while (!cond()) {
      if (child.exitCode !== null) throw new Error(`the witness exited: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    // it starts with the latest checkpoint (size 25, cosigned already: sent again once)
    await waitFor('the first round', () => log.cosignatures.length > sent);
    log.size = 40;
    await waitFor('the cosignature of size 40', () => state().logs[0].size === 40 && log.cosignatures.length > sent + 1);
    assertCosignature(log.cosignatures.at(-1), 40);
    // a fork while it runs is refused too
    log.fork = 30;
    log.size = 45;
    const refused = logEvents().filter((e) => e.event === 'witness_refused').length;
    await waitFor('a refusal', () => logEvents().filter((e) => e.event === 'witness_refused').length > refused);
    assert.equal(state().logs[0].size, 40);
  } finally {
    log.fork = null;
    child.kill('SIGTERM');
  }
  assertCleanExit('guichet-witness run', await exited, stderr);
  assert.ok(logEvents().some((e) => e.event === 'witness_stopped' && e.msg === 'signal'));
});
