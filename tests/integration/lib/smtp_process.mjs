// The test SMTP server (lib/smtp.mjs) in a process of its own, so that a
// test can kill it with SIGKILL mid-load (torture.test.mjs) and start it
// again on the same port. Each message it accepts is appended to a file
// (one JSON line) before its 250 goes out: what the server acknowledged is
// in the file, whatever happens to the process after.
//
//   node lib/smtp_process.mjs PORT FILE     (PORT 0: a free one)
// prints {"port": N} on stdout once it listens.
import { appendFileSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSmtp } from './smtp.mjs';

/** Starts the server in a child process; returns { port, child, received(), kill(), stop() }. */
export async function startSmtpProcess(file, port = 0) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), String(port), file],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const got = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(JSON.parse(line));
    });
    child.on('exit', (code) => reject(new Error(`the SMTP process exited (${code}) before listening`)));
  });
  return {
    port: got.port,
    child,
    /** Every message the server acknowledged so far, in any of its lives. */
    received: () => {
      let text = '';
      try { text = readFileSync(file, 'utf8'); } catch { /* none yet */ }
      return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    },
    async kill() { child.kill('SIGKILL'); return exited; },
    async stop() { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); return exited; },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [port, file] = process.argv.slice(2);
  const server = await startSmtp({ port: Number(port), closeTimeout: 200,
    onMessage: (m) => appendFileSync(file, JSON.stringify({ rcptTo: m.rcptTo, raw: m.raw }) + '\n') });
  process.stdout.write(JSON.stringify({ port: server.port }) + '\n');
  process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
}
