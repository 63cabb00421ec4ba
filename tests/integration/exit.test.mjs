// The judge of sanitized processes' ends (lib/exit.mjs) fails on what it
// must: LeakSanitizer's exit status, a sanitizer report with status 0, a
// signal nobody expected; and stopAll stops everything before it reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertCleanExit, runSanitized, sanitizerReport, stopAll } from './lib/exit.mjs';

const LEAK = '=================================================================\n'
  + '==4242==ERROR: LeakSanitizer: detected memory leaks\n\nDirect leak of 24 byte(s) in 1 object(s) allocated from:\n'
  + '    #0 0x7f in malloc\nSUMMARY: AddressSanitizer: 24 byte(s) leaked in 1 allocation(s).\n';

test('a clean exit passes; status 23 is named as LeakSanitizer\'s', () => {
  assertCleanExit('p', { code: 0, signal: null }, 'some ordinary text on stderr\n');
  assert.throws(() => assertCleanExit('guichetd', { code: 23, signal: null }, LEAK),
    /guichetd: exit status 23, expected exit status 0 \(23: LeakSanitizer found leaks\); a sanitizer report in stderr: ==4242==ERROR: LeakSanitizer: detected memory leaks/);
});

test('a sanitizer report fails even with exit status 0', () => {
  assert.throws(() => assertCleanExit('p', { code: 0, signal: null }, LEAK), /a sanitizer report in stderr/);
  const ubsan = 'src/x.c:12:7: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type \'int\'\n';
  assert.match(sanitizerReport(ubsan), /runtime error: signed integer overflow/);
  assert.throws(() => assertCleanExit('p', { code: 0, signal: null }, ubsan), /runtime error/);
  const asan = '==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602\n';
  assert.throws(() => assertCleanExit('p', { code: 1, signal: null }, asan), /exit status 1.*heap-buffer-overflow/s);
});

test('signals and other statuses: only what was expected passes', () => {
  assert.throws(() => assertCleanExit('p', { code: null, signal: 'SIGSEGV' }, ''), /signal SIGSEGV, expected exit status 0/);
  assertCleanExit('p', { code: null, signal: 'SIGKILL' }, '', { signal: 'SIGKILL' });
  assert.throws(() => assertCleanExit('p', { code: 0, signal: null }, '', { signal: 'SIGKILL' }), /exit status 0, expected signal SIGKILL/);
  assertCleanExit('p', { code: 2, signal: null }, 'usage\n', { code: 2 });
  assert.throws(() => assertCleanExit('p', { code: 23, signal: null }, LEAK, { code: 2 }), /LeakSanitizer/);
});

test('runSanitized judges a finished command and returns its output', () => {
  const ok = runSanitized(process.execPath, ['-e', 'process.stdout.write("out"); process.stderr.write("err")']);
  assert.deepEqual(ok, { stdout: 'out', stderr: 'err', code: 0, signal: null });
  assert.throws(() => runSanitized(process.execPath, ['-e', 'process.exit(23)'], { name: 'leaky' }),
    /leaky: exit status 23/);
  const refused = runSanitized(process.execPath, ['-e', 'process.exit(2)'], { expect: { code: 2 } });
  assert.equal(refused.code, 2);
  // The sanitizer environment reaches the program.
  const env = runSanitized(process.execPath, ['-e', 'process.stdout.write(process.env.ASAN_OPTIONS)']).stdout;
  assert.match(env, /detect_leaks=1/);
  assert.match(env, /exitcode=23/);
});

test('stopAll stops every process, then reports every failure', async () => {
  const stopped = [];
  const proc = (name, fail) => ({ stop: async () => { stopped.push(name); if (fail) throw new Error(`${name} leaked`); } });
  await assert.rejects(stopAll(proc('guichetd', true), null, [proc('persons'), proc('vehicles', true)], () => stopped.push('cleanup')),
    (e) => /guichetd leaked/.test(e.message) && /vehicles leaked/.test(e.message));
  assert.deepEqual(stopped, ['guichetd', 'persons', 'vehicles', 'cleanup']);
  await stopAll(proc('alone'));
});
