// `clawdoc status` lists the gateway's chat channel accounts the channel monitor watches, in both languages.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatStatus } from '../../../src/main/cli/cli-format.js';
import { cliStrings } from '../../../src/main/cli/messages.js';
import type { StatusSnapshot } from '../../../src/shared/status.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const snap: StatusSnapshot = {
  state: 'degraded',
  since: NOW - 60_000,
  reason: 'IRC channel is down: connect ECONNREFUSED 127.0.0.1:6667',
  manage: 'child',
  port: 18789,
  updatedAt: NOW,
  restartsInWindow: 0,
  crashesInWindow: 0,
  gatewayChannels: [
    { channel: 'irc', accountId: 'default', label: 'IRC', state: 'down', since: NOW - 180_000, lastError: 'connect ECONNREFUSED 127.0.0.1:6667' },
    { channel: 'telegram', accountId: 'ops', label: 'Telegram', state: 'healthy', since: NOW - 3_600_000, lastError: 'old error' },
  ],
};

it('status names each channel, its state and (when failing) its last error', () => {
  const en = formatStatus(snap, true, NOW, cliStrings('en')).join('\n');
  assert.match(en, /channel IRC: down for 3 min — connect ECONNREFUSED 127\.0\.0\.1:6667/);
  assert.match(en, /channel Telegram \(ops\): healthy for 60 min$/m);
  const zh = formatStatus(snap, true, NOW, cliStrings('zh')).join('\n');
  assert.match(zh, /渠道 IRC：中断，已持续 3 min——connect ECONNREFUSED/);
});
