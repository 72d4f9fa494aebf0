// `npm start` where Electron cannot start (no display, or no Electron binary, as on CI machines): one
// line says why, then the headless `clawdoc watch` runs with the same arguments.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { freePort, ROOT, waitUntil } from '../helpers/gateway.js';

it('without a usable Electron, npm start says why in one line and runs the headless watcher', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-start-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, CLAWDOC_NO_LITE_MODE: '1', LANG: 'C' };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--data-dir', dataDir, '--manage', 'none', '--port', String(port)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  try {
    await waitUntil(() => /clawdoc: watching/.test(out), 20_000, 'the headless watcher starts');
    const lines = out.split('\n');
    assert.match(lines[0]!, /^clawdoc: the tray app cannot start here \((the Electron binary is not installed|no display)[^\n]*\); running the headless `clawdoc watch` instead$/);
    assert.equal(lines.filter((l) => /cannot start here/.test(l)).length, 1, 'one line');
    assert.equal(lines[1], `clawdoc: watching 127.0.0.1:${port}, manage=none, data dir ${dataDir}`, 'the arguments reached the watcher');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  assert.match(out, /SIGTERM, stopping the watch/, 'a TERM to npm start stops the watcher cleanly');
});
