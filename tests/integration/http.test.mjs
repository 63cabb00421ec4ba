// The HTTP layer against a real guichetd: routing, problem JSON, limits,
// operator endpoints, the operational log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from './lib/store.mjs';
import { startGuichetd, rawRequest, json } from './lib/guichetd.mjs';
import { stopAll } from './lib/exit.mjs';

let g;
before(async () => {
  g = await startGuichetd({
    env: {
      GUICHET_LIMITS_JSON_BODY: '4096',
      GUICHET_LIMITS_URL_LENGTH: '512',
      GUICHET_LIMITS_HEADER_COUNT: '20',
      GUICHET_LIMITS_HEADER_BYTES: '2048',
      GUICHET_LIMITS_JSON_DEPTH: '8',
    },
  });
});
after(async () => { await stopAll(g, () => g?.cleanup()); });

function feedbackRows() {
  return Number(sql(g.db, 'SELECT count(*) FROM feedback'));
}

function assertProblem(res, body, status, code) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(body.status, status);
  assert.equal(body.code, code);
  assert.equal(body.type, `urn:guichet:problem:${code}`);
  assert.ok(body.title);
  assert.ok(body.request_id);
}

test('healthz, readyz and hello answer', async () => {
  let res = await fetch(`${g.base}/healthz`);
  assert.equal(res.status, 200);
  assert.deepEqual(await json(res), { status: 'alive' });
  res = await fetch(`${g.base}/readyz`);
  assert.equal(res.status, 200);
  assert.deepEqual(await json(res), { status: 'ready', store_reachable: true, migrations_applied: true });
  res = await fetch(`${g.base}/hello`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.deepEqual(await json(res), { message: 'Hello, World!' });
});

test('unknown path is a 404 problem', async () => {
  const res = await fetch(`${g.base}/no/such/page`);
  assertProblem(res, await json(res), 404, 'not_found');
});

test('wrong method is a 405 problem with Allow', async () => {
  let res = await fetch(`${g.base}/healthz`, { method: 'DELETE' });
  assertProblem(res, await json(res), 405, 'method_not_allowed');
  assert.equal(res.headers.get('allow'), 'GET');
  res = await fetch(`${g.base}/api/v1/feedback`, { method: 'GET' });
  assertProblem(res, await json(res), 405, 'method_not_allowed');
  assert.equal(res.headers.get('allow'), 'POST');
});

async function postFeedback(body, headers = { 'content-type': 'application/json' }) {
  const res = await fetch(`${g.base}/api/v1/feedback`, {
    method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { res, body: await json(res) };
}

test('valid feedback is stored durably and answered 201', async () => {
  const before = feedbackRows();
  const { res, body } = await postFeedback({ page: '/hello', useful: true, comment: 'clear' });
  assert.equal(res.status, 201);
  assert.ok(Number.isInteger(body.id) && body.id > 0);
  assert.equal(feedbackRows(), before + 1);
});

test('bad JSON input gets a 400 naming what is wrong, and changes nothing', async () => {
  const before = feedbackRows();
  let r = await postFeedback('{"page": "/x", "useful": tru');
  assertProblem(r.res, r.body, 400, 'malformed_json');
  assert.match(r.body.detail, /line 1/);

  r = await postFeedback({ page: '/x', useful: 'yes' });
  assertProblem(r.res, r.body, 400, 'invalid_field');
  assert.equal(r.body.field, '/useful');

  r = await postFeedback({ page: '/x', useful: true, colour: 'red' });
  assertProblem(r.res, r.body, 400, 'unknown_field');
  assert.equal(r.body.field, '/colour');

  r = await postFeedback({ useful: true });
  assertProblem(r.res, r.body, 400, 'missing_field');
  assert.equal(r.body.field, '/page');

  r = await postFeedback({ page: 'x'.repeat(300), useful: true });
  assertProblem(r.res, r.body, 400, 'invalid_field');
  assert.equal(r.body.field, '/page');

  r = await postFeedback('{"page":"/x","useful":true,"comment":' + '['.repeat(50) + ']'.repeat(50) + '}');
  assertProblem(r.res, r.body, 400, 'json_too_deep');

  r = await postFeedback({ page: '/x', useful: true }, { 'content-type': 'text/plain' });
  assertProblem(r.res, r.body, 415, 'unsupported_media_type');

  assert.equal(feedbackRows(), before);
});

test('an over-limit body is refused with 413 before it is read', async () => {
  const before = feedbackRows();
  // Announce more than any route accepts (uploads: 10 MiB) and send none
  // of it: the answer must come anyway.
  const r = await rawRequest(g.port,
    'POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Content-Length: 20000000\r\n\r\n', { timeoutMs: 3000 });
  assert.equal(r.status, 413);
  assert.match(r.headers['content-type'], /^application\/problem\+json/);
  assert.equal(JSON.parse(r.body).code, 'body_too_large');
  // A body over the JSON limit sent in full is refused too.
  const big = await postFeedback({ page: '/x', useful: true, comment: 'y'.repeat(5000) });
  assert.equal(big.res.status, 413);
  assert.equal(feedbackRows(), before);
});

test('a body on a route that takes none is refused', async () => {
  const res = await fetch(`${g.base}/healthz`, { method: 'GET' });
  assert.equal(res.status, 200);
  const r = await rawRequest(g.port,
    'GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello', { timeoutMs: 3000 });
  assert.equal(r.status, 413);
});

test('too long URL is 414, too many or too large headers 431', async () => {
  let res = await fetch(`${g.base}/hello?q=${'a'.repeat(600)}`);
  assertProblem(res, await json(res), 414, 'url_too_long');
  const many = {};
  for (let i = 0; i < 25; i++) many[`x-h${i}`] = 'v';
  res = await fetch(`${g.base}/hello`, { headers: many });
  assertProblem(res, await json(res), 431, 'headers_too_large');
  res = await fetch(`${g.base}/hello`, { headers: { 'x-big': 'b'.repeat(3000) } });
  assertProblem(res, await json(res), 431, 'headers_too_large');
});

test('path parameters and queries do not confuse routing', async () => {
  let res = await fetch(`${g.base}/hello/`);
  assert.equal(res.status, 404);
  res = await fetch(`${g.base}//hello`);
  assert.equal(res.status, 404);
  res = await fetch(`${g.base}/hello?x=/healthz`);
  assert.equal(res.status, 200);
});

test('metrics expose requests by route and status, latency and in-flight', async () => {
  await fetch(`${g.base}/hello`);
  const text = await (await fetch(`${g.base}/metrics`)).text();
  assert.match(text, /guichet_http_requests_total\{method="GET",route="\/hello",status="200"\} \d+/);
  assert.match(text, /guichet_http_requests_total\{method="",route="unmatched",status="404"\} \d+/);
  assert.match(text, /guichet_http_request_duration_seconds_bucket\{method="GET",route="\/hello",le="\+Inf"\} \d+/);
  assert.match(text, /guichet_http_in_flight_requests 1/); // the /metrics request itself
  assert.match(text, /guichet_store_committed_items_total [1-9]/);
  assert.match(text, /guichet_http_rejected_total\{status="413"\} [1-9]/);
});

test('the operational log is JSON lines without paths or submitted values', async () => {
  await fetch(`${g.base}/persons/1234567890123/secret-thing`);
  await postFeedback({ page: '/x', useful: false, comment: 'my name is Jean Dupont' });
  await new Promise((r) => setTimeout(r, 200));
  const text = g.log();
  assert.doesNotMatch(text, /1234567890123|secret-thing|Jean Dupont/);
  const lines = g.logLines();
  const reqs = lines.filter((l) => l.event === 'request');
  assert.ok(reqs.length > 5);
  for (const l of reqs) {
    assert.ok(l.ts && l.request_id && l.route && Number.isInteger(l.status) && typeof l.duration_ms === 'number');
  }
  assert.ok(reqs.some((l) => l.route === '/api/v1/feedback' && l.status === 201));
});
