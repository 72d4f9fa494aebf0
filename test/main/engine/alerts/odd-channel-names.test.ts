// Channels named like Object.prototype members ("toString", "constructor", …): secrets, send history,
// delivery records and `clawdoc notify list` treat them as names like any other.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkChannelSecrets } from '../../../../src/main/engine/alerts/attach-alerts.js';
import { Dispatcher } from '../../../../src/main/engine/alerts/dispatcher.js';
import { AlertStateStore, deliveryFor, Outbox, readDeliveries, recordDelivery } from '../../../../src/main/engine/alerts/outbox.js';
import { Redactor } from '../../../../src/main/engine/redaction/redactor.js';
import { FileSecretStore } from '../../../../src/main/engine/alerts/secrets.js';
import { eventAlert } from '../../../../src/main/engine/alerts/alert-messages.js';
import type { Transport } from '../../../../src/main/engine/alerts/webhook-transport.js';
import { main } from '../../../../src/main/cli/clawdoc-cli.js';
import { channel, context } from './fixtures.js';

const ODD = ['toString', 'constructor', 'valueOf', 'hasOwnProperty'];
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'clawdoc-odd-ch-'));
  dirs.push(d);
  return d;
}

function prototypeIntact(): void {
  const probe = {} as Record<string, unknown>;
  assert.equal(typeof probe.toString, 'function');
  assert.equal(Object.getPrototypeOf(probe), Object.prototype);
  assert.equal(probe.polluted, undefined);
}

test('secrets: a channel named toString has no secret until one is set; set, get and delete use its own entry', () => {
  const dir = dataDir();
  const s = new FileSecretStore(dir);
  for (const name of [...ODD, '__proto__']) assert.equal(s.get(name), undefined, `${name}: nothing inherited`);
  s.set('toString', 'secret-for-tostring');
  s.set('constructor', 'secret-for-constructor');
  s.set('__proto__', 'secret-for-proto');
  const again = new FileSecretStore(dir); // from disk
  assert.equal(again.get('toString'), 'secret-for-tostring');
  assert.equal(again.get('constructor'), 'secret-for-constructor');
  assert.equal(again.get('__proto__'), 'secret-for-proto');
  assert.deepEqual(again.values().sort(), ['secret-for-constructor', 'secret-for-proto', 'secret-for-tostring']);
  const before = readFileSync(join(dir, 'secrets.json'), 'utf8');
  again.delete('valueOf'); // not there: nothing to write
  assert.equal(readFileSync(join(dir, 'secrets.json'), 'utf8'), before);
  again.delete('toString');
  assert.equal(new FileSecretStore(dir).get('toString'), undefined);
  assert.equal(new FileSecretStore(dir).get('constructor'), 'secret-for-constructor', 'the others are kept');
  assert.throws(() => again.set('toString', ''), /must be a non-empty string/);
  prototypeIntact();
});

test('secrets: a file whose secrets are not strings is moved aside with the channel named, never used', () => {
  const dir = dataDir();
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ version: 1, channels: { toString: { nested: true } } }), { mode: 0o600 });
  const s = new FileSecretStore(dir);
  assert.equal(s.get('toString'), undefined);
  assert.match(s.warnings.join('\n'), /channel "toString" is not a string.*moved it to/);
  assert.ok(readdirSync(dir).some((f) => f.startsWith('secrets.json.corrupt-')), 'kept for the user');
});

test('a signed channel named toString without a secret is reported as missing its secret', () => {
  const dir = dataDir();
  const ch = channel({ name: 'toString', type: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc', signed: true });
  const err = checkChannelSecrets([ch], new FileSecretStore(dir));
  assert.match(err?.message ?? '', /channel "toString" is signed but .* has no secret/);
});

test('dispatcher: channels named toString and constructor queue, send and remember their rate history', async () => {
  const dir = dataDir();
  mkdirSync(join(dir, 'alerts'), { recursive: true });
  // a state file from before, with junk under one odd name
  writeFileSync(join(dir, 'alerts', 'state.json'), JSON.stringify({ version: 1, alertedIncidents: [], sent: { constructor: 'junk' } }));
  const sent: string[] = [];
  const transport: Transport = async (req) => {
    sent.push(req.url);
    return { status: 200, text: '{"ok":true}', headers: {} };
  };
  const channels = ODD.map((name) => channel({ name, type: 'webhook', url: `https://hooks.example.com/${name}` }));
  const state = new AlertStateStore(dir);
  const d = new Dispatcher({ dataDir: dir, channels, secrets: new FileSecretStore(dir), outbox: new Outbox(dir), state, redactor: new Redactor(), lang: 'en', maxAgeMs: 3_600_000, transport });
  try {
    d.start();
    d.enqueue(eventAlert({ ts: Date.now(), type: 'restart', reason: 'restarted the gateway', incidentId: 'i1' }, context('en', { now: Date.now() })));
    assert.equal(await d.idle(5000), true, 'every queue drained');
  } finally {
    d.stop();
  }
  assert.deepEqual(sent.sort(), ODD.map((n) => `https://hooks.example.com/${n}`).sort());
  const saved = JSON.parse(readFileSync(join(dir, 'alerts', 'state.json'), 'utf8')) as { sent: Record<string, number[]> };
  for (const name of ODD) assert.equal(Object.hasOwn(saved.sent, name) && saved.sent[name]!.length, 1, name);
  const deliveries = readDeliveries(dir);
  for (const name of ODD) assert.equal(deliveryFor(deliveries, name)?.ok, true, name);
  assert.equal(deliveryFor(deliveries, 'isPrototypeOf'), undefined);
  recordDelivery(dir, { channel: '__proto__', at: Date.now(), ok: false, text: 'x', alerts: 1 });
  assert.equal(deliveryFor(readDeliveries(dir), '__proto__')?.ok, false, '"__proto__" is stored as a name, not as a prototype');
  prototypeIntact();
});

test('`clawdoc notify list` with a channel named toString that never delivered', async () => {
  const dir = dataDir();
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ alerts: { channels: [{ name: 'toString', type: 'webhook', url: 'https://hooks.example.com/x' }] } }));
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['notify', 'list', '--data-dir', dir], { out: (l) => out.push(l), err: (l) => err.push(l) });
  assert.equal(code, 0, err.join('\n'));
  assert.match(out.join('\n'), /^toString {2}webhook/m);
  assert.match(out.join('\n'), /last delivery: never/);
  assert.equal(existsSync(join(dir, 'secrets.json')), false);
});
