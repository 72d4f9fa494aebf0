#!/usr/bin/env node
// Prepares the test bed after `npm ci`: installs the pinned OpenClaw gateway (testbed/package-lock.json)
// with the project's own Node 24 (npm package `node`). OpenClaw refuses to install under an older Node,
// and npm runs every dependency's install script before it links `node_modules/.bin/node`, so OpenClaw
// cannot be a plain devDependency on a machine whose system Node is older than 24.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testbed = join(root, 'testbed');
const omit = `${process.env.npm_config_omit ?? ''}`;
if (process.env.CLAWDOC_SKIP_TESTBED === '1' || omit.includes('dev') || process.env.NODE_ENV === 'production') {
  console.log('[clawdoc] skipping the OpenClaw test bed (production install)');
  process.exit(0);
}

const lock = JSON.parse(readFileSync(join(testbed, 'package-lock.json'), 'utf8'));
// Every package the test bed pins: openclaw, and its official IRC channel plugin (the channel health tests).
const pinned = ['openclaw', '@openclaw/irc'].map((name) => ({ name, version: lock.packages[`node_modules/${name}`]?.version })).filter((p) => p.version);
const wanted = lock.packages['node_modules/openclaw'].version;
const installedVersion = (name) => {
  const file = join(testbed, 'node_modules', ...name.split('/'), 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
};
if (pinned.every((p) => installedVersion(p.name) === p.version)) {
  console.log(`[clawdoc] test bed ready: ${pinned.map((p) => `${p.name} ${p.version}`).join(', ')}`);
  process.exit(0);
}

const bin = join(root, 'node_modules', '.bin');
const node24 = join(bin, process.platform === 'win32' ? 'node.cmd' : 'node');
if (!existsSync(node24)) {
  console.error('[clawdoc] node_modules/.bin/node (Node 24) is missing; run `npm ci` again');
  process.exit(1);
}
const npmCli = process.env.npm_execpath;
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
console.log(`[clawdoc] installing the test bed: ${pinned.map((p) => `${p.name} ${p.version}`).join(', ')} on Node 24 …`);
const args = ['ci', '--no-audit', '--no-fund', '--loglevel=error'];
const result = npmCli && npmCli.endsWith('.js')
  ? spawnSync(process.platform === 'win32' ? node24 : join(root, 'node_modules', 'node', 'bin', 'node'), [npmCli, ...args], { cwd: testbed, env, stdio: 'inherit', shell: process.platform === 'win32' })
  : spawnSync('npm', args, { cwd: testbed, env, stdio: 'inherit', shell: process.platform === 'win32' });
if (result.status !== 0) {
  console.error(`[clawdoc] test bed install failed (exit ${result.status})`);
  process.exit(result.status ?? 1);
}
