// Child processes for the e2e tests (not a test file itself): the stand-in and `frontseat serve`
// started on ephemeral ports, and stopped together at the end.
import { spawn } from 'node:child_process';

// The processes started so far, for stopAll().
const children = [];

// Starts a program and resolves with the port from its "listening on HOST:PORT" line; rejects
// with its stderr if it exits first.
export function start(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on 127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`${cmd} exited (${code}): ${err}`)));
  });
}

// SIGTERM to every started process, the last started first.
export function stopAll() {
  for (const c of children.splice(0).reverse()) c.kill('SIGTERM');
}
