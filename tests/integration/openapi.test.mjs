// Each OpenAPI document describes every route of its API guichetd serves,
// and only those: checked against the route table (guichetctl routes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startGuichetd } from './lib/guichetd.mjs';
import { runSanitized, stopAll } from './lib/exit.mjs';

const GUICHETCTL = process.env.GUICHETCTL || 'build/asan/guichetctl';
let g;
let routes;
before(async () => {
  g = await startGuichetd();
  routes = JSON.parse(runSanitized(GUICHETCTL, ['routes']).stdout);
});
after(async () => { await stopAll(g, () => g?.cleanup()); });

async function checkDocument(url, prefix) {
  const res = await fetch(`${g.base}${url}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const doc = await res.json();
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.info.license, 'a licence');
  const served = new Set(routes.filter((r) => r.pattern.startsWith(prefix))
    .map((r) => `${r.method.toLowerCase()} ${r.pattern}`));
  const documented = new Set();
  const ids = new Set();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (path.startsWith(prefix)) documented.add(`${method} ${path}`);
      assert.ok(op.operationId, `${method} ${path} has an operationId`);
      assert.ok(!ids.has(op.operationId), `operationId ${op.operationId} is unique`);
      ids.add(op.operationId);
    }
  }
  assert.deepEqual([...served].filter((x) => !documented.has(x)), [], 'routes missing from the document');
  assert.deepEqual([...documented].filter((x) => !served.has(x)), [], 'documented routes that do not exist');
}

test('GET /api/v1/openapi.json is an OpenAPI 3.1 document of every citizen API route', async () => {
  await checkDocument('/api/v1/openapi.json', '/api/v1/');
});

test('GET /api/org/v1/openapi.json is an OpenAPI 3.1 document of every organisation API route', async () => {
  await checkDocument('/api/org/v1/openapi.json', '/api/org/v1/');
});

test('GET /transparency/v1/openapi.json is an OpenAPI 3.1 document of every transparency log route', async () => {
  await checkDocument('/transparency/v1/openapi.json', '/transparency/v1/');
});
