// The outbox across a real restart of the `clawdoc watch` process (no OpenClaw needed: manage=none
// and a port nobody serves escalate with cause cannot-restart). The chat platform is down while
// ClawDoc escalates; ClawDoc is stopped and started again; the platform comes back: the alert arrives
// exactly once, and the "recovered" after it, in order.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLAWDOC_BIN, makeSandbox, runWatch, sleep, teardown, waitUntil, type ClawdocRun, type GatewaySandbox } from '../../helpers/gateway.js';
import { startReceiver, type Receiver } from '../../helpers/receivers.js';

let sb: GatewaySandbox | undefined;
const runs: ClawdocRun[] = [];
let receiver: Receiver | undefined;
let fake: http.Server | undefined;

after(async () => {
  fake?.close();
  await receiver?.close();
  if (sb) await teardown(sb, runs);
});

/** Answers like a healthy OpenClaw gateway (docs/openclaw-gateway.md), to end the incident. */
function fakeHealthyGateway(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url?.startsWith('/readyz') || req.url?.startsWith('/ready')) res.end(JSON.stringify({ ready: true, failing: [], uptimeMs: 1000 }));
    else if (req.url?.startsWith('/startupz')) res.end(JSON.stringify({ ok: true, status: 'started' }));
    else res.end(JSON.stringify({ ok: true, status: 'live' }));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

test('alerts queued while the platform is down survive a restart of clawdoc watch and arrive once, in order', { timeout: 90_000 }, async () => {
  sb = await makeSandbox('outbox');
  receiver = await startReceiver('dingtalk', { secret: 'SECoutbox' });
  await receiver.down();
  writeFileSync(
    join(sb.dataDir, 'settings.json'),
    JSON.stringify({
      language: 'zh',
      watch: { intervalSec: 0.3, startupGraceSec: 1 },
      alerts: { policy: { remindEveryMin: 0 }, channels: [{ name: 'dd', type: 'dingtalk', url: receiver.url, signed: true }] },
    }),
  );
  writeFileSync(join(sb.dataDir, 'secrets.json'), JSON.stringify({ version: 1, channels: { dd: 'SECoutbox' } }), { mode: 0o600 });

  const first = runWatch(sb, ['--manage', 'none']);
  runs.push(first);
  await first.waitForEvent((e) => e.type === 'escalated', 30_000, 'escalation (cannot-restart)');
  const outboxFile = join(sb.dataDir, 'alerts', 'outbox.json');
  // The doctor looks first (asynchronously): the outbox file appears when the alert is queued.
  await waitUntil(() => existsSync(outboxFile) && JSON.parse(readFileSync(outboxFile, 'utf8')).entries[0]?.attempts >= 1, 10_000, 'a failed attempt');
  await first.stop('SIGTERM');

  const pending = execFileSync(process.execPath, [CLAWDOC_BIN, 'outbox', '--data-dir', sb.dataDir], { env: sb.env, encoding: 'utf8' });
  assert.match(pending, /^1 alert\(s\) pending:\n {2}#\d+ dd .*OpenClaw Gateway 需要人工处理/);
  assert.match(pending, /last: DingTalk: ECONNREFUSED \(network\)/);

  const second = runWatch(sb, ['--manage', 'none']);
  runs.push(second);
  await second.waitForEvent((e) => e.type === 'escalated', 30_000, 'the same incident escalated again after the restart');
  await receiver.up();
  await waitUntil(() => receiver!.accepted().length >= 1, 30_000, 'the queued alert');
  fake = await fakeHealthyGateway(sb.port);
  await second.waitForEvent((e) => e.type === 'recovered', 30_000, 'recovered');
  await waitUntil(() => receiver!.accepted().length >= 2, 30_000, 'the recovered message');
  await sleep(1500);

  const texts = receiver.received.filter((m) => m.accepted).map((m) => m.body.markdown.text as string);
  assert.equal(texts.length, 2, texts.join('\n=====\n'));
  assert.match(texts[0]!, /OpenClaw Gateway 需要人工处理/);
  assert.match(texts[0]!, /当前模式下 ClawDoc 无法重启 Gateway/); // cannot-restart: the next step for the human
  assert.match(texts[1]!, /OpenClaw Gateway 已恢复/);
  const after = execFileSync(process.execPath, [CLAWDOC_BIN, 'outbox', '--data-dir', sb.dataDir], { env: sb.env, encoding: 'utf8' });
  assert.match(after, /Outbox empty/);
  const list = execFileSync(process.execPath, [CLAWDOC_BIN, 'notify', 'list', '--data-dir', sb.dataDir], { env: sb.env, encoding: 'utf8' });
  assert.match(list, /last delivery: ok .* — DingTalk: ok/);
});
