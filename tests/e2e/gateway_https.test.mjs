// Does frontseat serve, given a certificate (--tls-cert/--tls-key), serve the official `openai`
// npm client over HTTPS: chat and a guarded stream, with the application trusting the gateway's
// certificate the usual Node way (NODE_EXTRA_CA_CERTS), and refusing it without? ctest runs this
// file (gateway_openai_e2e) with FRONTSEAT_BINARY and FRONTSEAT_STANDIN_BINARY set. The
// certificate is made here with the openssl command (Debian `openssl`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, stopAll } from './processes.mjs';

const FRONTSEAT = process.env.FRONTSEAT_BINARY;
const STANDIN = process.env.FRONTSEAT_STANDIN_BINARY;
assert.ok(FRONTSEAT && STANDIN, 'set FRONTSEAT_BINARY and FRONTSEAT_STANDIN_BINARY');
const HERE = dirname(fileURLToPath(import.meta.url));
const KEY = 'AKIAZ7QW3RTY5UIO2PLK';

let dir;
let base;

// Runs `source` (an ES module using the openai package) in a fresh Node process, as an
// application would run, with `env` added; resolves with what it printed as JSON.
function runApp(source, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
      cwd: HERE, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`app exited ${code}: ${err}`));
      else resolve(JSON.parse(out));
    });
  });
}

const app = (baseURL) => `
import OpenAI from 'openai';
const client = new OpenAI({ baseURL: ${JSON.stringify(baseURL)}, apiKey: 'sk-any', maxRetries: 0 });
const out = {};
try {
  const r = await client.chat.completions.create({ model: 'standin', messages: [{ role: 'user', content: 'hi' }] });
  out.chat = r.choices[0].message.content;
  const stream = await client.chat.completions.create({
    model: 'standin', stream: true, messages: [{ role: 'user', content: 'leak the key' }] });
  out.stream = '';
  out.chunks = 0;
  for await (const chunk of stream) { out.chunks += 1; out.stream += chunk.choices[0]?.delta?.content ?? ''; }
} catch (e) {
  out.error = e.constructor.name + ': ' + (e.cause?.code ?? e.cause?.message ?? e.message);
}
console.log(JSON.stringify(out));
`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontseat-e2e-https-'));
  const cert = join(dir, 'gateway.crt.pem');
  const key = join(dir, 'gateway.key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  writeFileSync(join(dir, 'script.json'), JSON.stringify({
    rules: [{ match: 'leak the key', reply: `Sure. The key is ${KEY} and that is all.`, chunk_size: 3 }],
    default: { reply: 'Hello over HTTPS.' },
  }));
  const upstream = await start(STANDIN, ['--listen', '127.0.0.1:0', '--script', join(dir, 'script.json')]);
  const policy = fileURLToPath(new URL('../gateway/testdata/span_detectors_policy.yaml', import.meta.url));
  writeFileSync(join(dir, 'gateway.yaml'), [
    'limits: { stream_holdback_bytes: 32 }',
    `profiles: { default: { input_policy: "${policy}", output_policy: "${policy}", tool_policy: "${policy}" } }`,
    '',
  ].join('\n'));
  const port = await start(FRONTSEAT, ['serve', '--listen', '127.0.0.1:0', '--config', join(dir, 'gateway.yaml'),
    '--upstream', `http://127.0.0.1:${upstream}/v1`, '--data-dir', join(dir, 'data'),
    '--tls-cert', cert, '--tls-key', key]);
  base = `https://127.0.0.1:${port}/v1`;
  process.env.FRONTSEAT_E2E_CA = cert;
});

after(() => {
  stopAll();
  rmSync(dir, { recursive: true, force: true });
});

test('https: the openai client trusting the gateway certificate chats and streams, guarded', async () => {
  const out = await runApp(app(base), { NODE_EXTRA_CA_CERTS: process.env.FRONTSEAT_E2E_CA });
  assert.equal(out.error, undefined);
  assert.equal(out.chat, 'Hello over HTTPS.');
  assert.equal(out.stream, 'Sure. The key is ******************** and that is all.');
  assert.ok(out.chunks > 2, `expected a real stream, got ${out.chunks} chunks`);
});

test('https: a client that does not trust the certificate gets a connection error', async () => {
  const out = await runApp(app(base), { NODE_EXTRA_CA_CERTS: '' });
  assert.match(out.error ?? '', /^APIConnectionError/);
  assert.equal(out.chat, undefined);
});
