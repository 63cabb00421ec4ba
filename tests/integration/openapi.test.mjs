// The OpenAPI document describes every /api/v1 route guichetd serves, and
// only those: it is checked against the route table (guichetctl routes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startGuichetd } from './lib/guichetd.mjs';
import { runSanitized, stopAll } from './lib/exit.mjs';

const GUICHETCTL = process.env.GUICHETCTL || 'build/asan/guichetctl';
let g;
before(async () => { g = await startGuichetd(); });
after(async () => { await stopAll(g, () => g?.cleanup()); });

test('GET /api/v1/openapi.json is an OpenAPI 3.1 document of every API route', async () => {
  const res = await fetch(`${g.base}/api/v1/openapi.json`);
  assert.equal(res.status, 200);
  const doc = await res.json();
  assert.equal(doc.openapi, '3.1.0');
  const routes = JSON.parse(runSanitized(GUICHETCTL, ['routes']).stdout).filter((r) => r.pattern.startsWith('/api/v1/'));
  const served = new Set(routes.map((r) => `${r.method.toLowerCase()} ${r.pattern}`));
  const documented = new Set();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) if (path.startsWith('/api/v1/')) documented.add(`${method} ${path}`);
  }
  documented.delete('get /api/v1/openapi.json');
  served.delete('get /api/v1/openapi.json');
  assert.deepEqual([...served].filter((x) => !documented.has(x)), [], 'routes missing from the document');
  assert.deepEqual([...documented].filter((x) => !served.has(x)), [], 'documented routes that do not exist');
});
