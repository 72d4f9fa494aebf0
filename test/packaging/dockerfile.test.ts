// The container image's recipe (Dockerfile). There is no Docker here, so the test checks what can be
// checked without it: two stages, a non-root user, nothing of the tests or the test bed copied, and the
// image's command itself — run as the image runs it — watches headless and serves /metrics with the token.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freePort, ROOT, waitUntil } from '../helpers/gateway.js';

const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
const instr = (name: string) => lines.filter((l) => l.startsWith(`${name} `));
const jsonArg = (name: string) => JSON.parse(instr(name).at(-1)!.slice(name.length + 1)) as string[];

describe('Dockerfile', () => {
  it('multi-stage, runs as a non-root user, copies only what runs', () => {
    assert.equal(instr('FROM').length, 2);
    assert.match(instr('FROM')[0]!, / AS build$/);
    const lastFrom = lines.lastIndexOf(instr('FROM')[1]!);
    const user = lines.findIndex((l, i) => i > lastFrom && l.startsWith('USER '));
    assert.ok(user > lastFrom && !/USER (root|0)\b/.test(lines[user]!), 'USER in the final stage, not root');
    assert.ok(lines.findIndex((l) => l.startsWith('ENTRYPOINT')) > user);
    const copies = instr('COPY').filter((l) => l.includes('--from=build')).map((l) => l.split(' ')[2]!);
    assert.deepEqual(copies, ['/src/package.json', '/src/bin', '/src/dist/src', '/src/dist/renderer', '/src/node_modules'], 'the build, not the sources, tests, benches or the test bed');
    assert.match(text, /rm -rf dist\/test dist\/bench/, 'the compiled tests and benches are dropped before the copy');
    for (const built of ['bin/clawdoc.js', 'dist/src/main/cli/clawdoc-cli.js', 'dist/renderer/index.html']) assert.ok(existsSync(join(ROOT, built)), `${built} is what the image runs`);
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const x of ['node_modules', 'testbed/node_modules', 'dist', '.git']) assert.ok(ignore.includes(x), `.dockerignore: ${x}`);
    assert.match(text, /CLAWDOC_SKIP_TESTBED=1/);
    assert.match(text, /npm prune --omit=dev/);
  });

  it("the image's command watches headless and serves /metrics on the exposed port, with the token only", async () => {
    const entry = jsonArg('ENTRYPOINT');
    const cmd = jsonArg('CMD');
    assert.deepEqual(entry.slice(0, 2), ['node', '/app/bin/clawdoc.js']);
    const exposed = Number(instr('EXPOSE')[0]!.split(' ')[1]);
    assert.equal(cmd[cmd.indexOf('--metrics-listen') + 1], `0.0.0.0:${exposed}`, 'the metrics listener is the exposed port');
    // As the image runs it, on free ports here (another test may own 9464 or 18789).
    const metricsPort = await freePort();
    const gatewayPort = await freePort();
    const args = cmd.map((a) => (a === `0.0.0.0:${exposed}` ? `127.0.0.1:${metricsPort}` : a));
    const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-image-'));
    const proc = spawn(process.execPath, [join(ROOT, 'bin', 'clawdoc.js'), ...args, '--port', String(gatewayPort)], { env: { ...process.env, CLAWDOC_DATA_DIR: dataDir, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    proc.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
    proc.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
    try {
      await waitUntil(() => out.join('').includes(`127.0.0.1:${metricsPort}/metrics`), 20_000, `the metrics line\n${out.join('')}`);
      const token = readFileSync(join(dataDir, 'dashboard-token'), 'utf8').trim();
      assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status, 401);
      const body = await waitUntil(async () => {
        const t = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
        return /clawdoc_gateway_up\{target="default"\} 0/.test(t) ? t : undefined;
      }, 20_000, 'the gateway reported down (nothing listens there)');
      assert.match(body, /clawdoc_restarts_total\{target="default",result="ok"\} 0/, 'manage none: no restart');
    } finally {
      const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
      proc.kill('SIGTERM');
      assert.equal(await exited, 0, `a clean stop on SIGTERM (docker stop)\n${out.join('')}`);
    }
  });
});
