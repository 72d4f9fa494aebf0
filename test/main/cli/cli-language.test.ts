// The CLI speaks the `language` setting, as the alerts do: Chinese or English for people, the same JSON
// for programs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { History } from '../../../src/main/engine/store/history-log.js';
import { StateFile } from '../../../src/main/engine/store/state-file.js';
import { CLAWDOC_BIN, freePort } from '../../helpers/gateway.js';

const exec = promisify(execFile);

async function clawdoc(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await exec(process.execPath, [CLAWDOC_BIN, ...args], { env: { ...process.env, NODE_TEST_CONTEXT: undefined, LANG: 'C', LC_ALL: '', ...env } });
  return r.stdout;
}

async function dataDirWithHistory(language?: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-lang-'));
  if (language) writeFileSync(join(dir, 'settings.json'), JSON.stringify({ language }));
  const t = Date.now() - 60_000;
  new History(dir).incidents.append({ id: 'i1', openedAt: t, closedAt: t + 7000, cause: 'gateway exited with signal SIGKILL', restarts: 2, resolution: 'recovered' });
  new StateFile(dir).write({
    version: 1,
    policy: { crashes: [], restarts: [], backoffResetAt: 0 },
    status: { state: 'healthy', since: t, reason: 'gateway is healthy', manage: 'child', port: await freePort(), updatedAt: t, restartsInWindow: 0, crashesInWindow: 0 },
  });
  return dir;
}

describe('CLI language', () => {
  it('language zh: status and history in Chinese; JSON unchanged', async () => {
    const dir = await dataDirWithHistory('zh');
    const status = await clawdoc(['status', '--data-dir', dir]);
    assert.match(status, /网关：健康（healthy）/);
    assert.match(status, /ClawDoc：未在守护/);
    assert.match(status, /实时探测 127\.0\.0\.1:\d+：refused/);
    const history = await clawdoc(['history', '--data-dir', dir]);
    assert.match(history, /^故障：$/m);
    assert.match(history, /重启 2 次/);
    const json = JSON.parse(await clawdoc(['status', '--json', '--data-dir', dir])) as { status: { state: string } };
    assert.equal(json.status.state, 'healthy');
  });

  it('language auto follows the locale; en stays English', async () => {
    const dir = await dataDirWithHistory();
    assert.match(await clawdoc(['status', '--data-dir', dir], { LANG: 'zh_CN.UTF-8' }), /网关：/);
    assert.match(await clawdoc(['status', '--data-dir', dir], { LANG: 'en_US.UTF-8' }), /^Gateway: healthy/m);
    const en = await dataDirWithHistory('en');
    assert.match(await clawdoc(['history', '--data-dir', en], { LANG: 'zh_CN.UTF-8' }), /^Incidents:$/m);
  });
});
