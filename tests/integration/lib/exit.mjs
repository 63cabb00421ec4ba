// How a sanitized process (the ASan builds of guichetd, registryd and
// guichetctl) ended, judged in one place. LeakSanitizer reports a leak only
// through the exit status (23 here) and every sanitizer writes its report to
// stderr: a test that looks at neither cannot fail on a leak. Every
// integration test stops such a process through this module: guichetd's and
// registryd's stop() (lib/guichetd.mjs, lib/registers.mjs) call
// assertCleanExit, runSanitized runs a command to its end, and stopAll stops
// everything before reporting the first unclean exit.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';

// The environment the sanitized programs run with: leaks detected, reported
// with exit status 23, libh2o's one unfreeable leak suppressed.
export function sanitizerEnv() {
  return {
    ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:exitcode=23',
    LSAN_OPTIONS: `suppressions=${process.cwd()}/tests/lsan.supp`,
  };
}

// The first line of a sanitizer's report in stderr, or null.
const REPORT = /^.*(ERROR: (AddressSanitizer|LeakSanitizer)|runtime error: |SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer).*$/m;
export function sanitizerReport(stderr) {
  const m = String(stderr ?? '').match(REPORT);
  return m ? m[0] : null;
}

// Throws unless the process ended as expected (by default: exit status 0, no
// signal) with no sanitizer report in its stderr. exit: { code, signal } as
// node's 'exit' event gives them; expect: { code } or { signal } (a process
// the test kills with SIGKILL: { signal: 'SIGKILL' }).
export function assertCleanExit(name, exit, stderr, expect = {}) {
  const want = { code: expect.signal ? null : (expect.code ?? 0), signal: expect.signal ?? null };
  const problems = [];
  if (exit.signal !== want.signal || (want.signal === null && exit.code !== want.code)) {
    const got = exit.signal ? `signal ${exit.signal}` : `exit status ${exit.code}`;
    const wanted = want.signal ? `signal ${want.signal}` : `exit status ${want.code}`;
    problems.push(`${got}, expected ${wanted}${exit.code === 23 ? ' (23: LeakSanitizer found leaks)' : ''}`);
  }
  const report = sanitizerReport(stderr);
  if (report) problems.push(`a sanitizer report in stderr: ${report.trim()}`);
  if (problems.length === 0) return;
  const text = String(stderr ?? '');
  const tail = text.length > 12000 ? `…${text.slice(-12000)}` : text;
  throw new assert.AssertionError({
    message: `${name}: ${problems.join('; ')}\n--- ${name} stderr ---\n${tail}`,
    actual: { code: exit.code, signal: exit.signal }, expected: want, operator: 'assertCleanExit',
  });
}

// Runs a sanitized program to its end (spawnSync), judges its exit as
// assertCleanExit does, and returns { stdout, stderr, code, signal } (text).
// opts: spawnSync's, plus expect (as for assertCleanExit) and name (for the
// message).
export function runSanitized(file, args, { expect, name, env, ...opts } = {}) {
  const r = spawnSync(file, args, {
    encoding: 'utf8', maxBuffer: 256 << 20, ...opts,
    env: { ...process.env, ...sanitizerEnv(), ...env },
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (r.error) throw r.error;
  assertCleanExit(name ?? `${file} ${args.join(' ')}`, { code: r.status, signal: r.signal }, r.stderr, expect);
  return { stdout: r.stdout, stderr: r.stderr, code: r.status, signal: r.signal };
}

// runSanitized without blocking node's event loop, for a test whose servers
// run in this process (an SMTP server the program talks to): resolves when
// the program ended, judged as runSanitized judges it. onStdout, when
// given, is called with all of stdout so far each time more arrives (to
// act when a line appears).
export function runSanitizedAsync(file, args, { expect, name, env, onStdout } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { ...process.env, ...sanitizerEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => { stdout += d; onStdout?.(stdout); });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      try {
        assertCleanExit(name ?? `${file} ${args.join(' ')}`, { code, signal }, stderr, expect);
        resolve({ stdout, stderr, code, signal });
      } catch (e) {
        reject(e);
      }
    });
  });
}

// Stops each of procs in turn (a process handle with stop(), a function, or
// null), every one of them even when an earlier one failed, then throws the
// failures together: a leak in guichetd must not leave the registers running.
export async function stopAll(...procs) {
  const failures = [];
  for (const p of procs.flat()) {
    if (p == null) continue;
    try {
      await (typeof p === 'function' ? p() : p.stop());
    } catch (e) {
      failures.push(e);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new assert.AssertionError({ message: failures.map((e) => e.message).join('\n\n'), operator: 'stopAll' });
  }
}
