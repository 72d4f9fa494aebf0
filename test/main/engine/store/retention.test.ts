// A months-long run must not fill the disk: the gateway's output is rotated while it runs (a real child
// printing fast), and every other artifact is kept by count and age (a year of synthetic artifacts).
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ChildManager } from '../../../../src/main/engine/manage/child.js';
import { GatewayLog } from '../../../../src/main/engine/manage/gateway-log.js';
import { History } from '../../../../src/main/engine/store/history-log.js';
import { GATEWAY_LOG_KEEP, GATEWAY_LOG_MAX_BYTES, JSONL_MAX_BYTES, pruneArtifacts, Retention, retentionRules } from '../../../../src/main/engine/store/retention.js';
import { waitUntil } from '../../../helpers/gateway.js';

const MB = 1024 * 1024;
const DAY = 86_400_000;

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

function sparseOrZeroStart(path: string): boolean {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(16);
  const n = readSync(fd, buf, 0, 16, 0);
  closeSync(fd);
  return n > 0 && buf[0] === 0;
}

describe('retention', () => {
  it('a chatty gateway: logs/ stays under (keep + 1) × (5 MB + what is written between two checks), and its fd stays valid', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-ret-'));
    const log = new GatewayLog(join(dataDir, 'logs', 'gateway.log')); // the defaults: 5 MB, 3 kept
    // A real child that prints ~1 MB every 20 ms (~50 MB/s) for ~2 s, then a short last line now and then.
    const script = `const line = 'x'.repeat(1023) + '\\n'; const chunk = line.repeat(1024); let n = 0;
      const t = setInterval(() => { process.stdout.write(chunk); if (++n === 100) { clearInterval(t); setInterval(() => process.stdout.write('LAST LINE ' + n + '\\n'), 100); } }, 20);`;
    const manager = new ChildManager({ openclawPath: process.execPath, args: ['-e', script, '--'], port: 1, env: process.env, log, killTimeoutMs: 2000 });
    const started = await manager.start('test');
    assert.ok(started.ok, started.detail);
    let peak = 0;
    let rotations = 0;
    let growth = 0; // the most the log grew between two checks
    let lastSize = 0;
    try {
      await waitUntil(
        async () => {
          const size = log.size();
          growth = Math.max(growth, size - lastSize);
          if (manager.maintain(), log.size() < size) rotations++; // the watcher checks every LOG_CHECK_MS; here every 100 ms for this fast child
          lastSize = log.size();
          peak = Math.max(peak, dirBytes(join(dataDir, 'logs')));
          return (await manager.lastOutput(1)).some((l) => l.startsWith('LAST LINE'));
        },
        30_000,
        'the last line',
        100,
      );
      // Each of the keep + 1 files holds at most the limit plus one check's growth; the child keeps
      // writing while a check measures, so one more check's growth on top.
      const bound = (GATEWAY_LOG_KEEP + 1) * (GATEWAY_LOG_MAX_BYTES + growth) + growth;
      assert.ok(rotations >= 8, `rotated ${rotations} times while it ran`);
      assert.ok(peak <= bound, `logs/ peaked at ${(peak / MB).toFixed(1)} MB (bound ${(bound / MB).toFixed(1)} MB with ${(growth / MB).toFixed(1)} MB between checks) after 100 MB of output`);
      assert.ok(peak < 50 * MB, `half of what was written at most: ${(peak / MB).toFixed(1)} MB`);
      console.log(`# logs/ peak ${(peak / MB).toFixed(1)} MB after 100 MB of output (${rotations} rotations, ≤ ${(growth / MB).toFixed(1)} MB between checks)`);
      const files = readdirSync(join(dataDir, 'logs')).sort();
      assert.deepEqual(files, ['gateway.log', 'gateway.log.1', 'gateway.log.2', 'gateway.log.3']);
      assert.equal(sparseOrZeroStart(log.path), false, 'the child appends (O_APPEND): no hole after the truncation');
      assert.deepEqual(await manager.lastOutput(1), ['LAST LINE 100'], "the run's output is read from the rotated file");
    } finally {
      await manager.stop('test');
      manager.dispose();
    }
  });

  it('a year of artifacts: each kind is kept by count and age, the rest of the data dir is untouched, the total stays bounded', () => {
    const root = mkdtempSync(join(tmpdir(), 'clawdoc-ret-'));
    const dataDir = join(root, 'clawdoc');
    const stateDir = join(root, 'state');
    for (const d of [join(dataDir, 'backups'), join(dataDir, 'logs'), join(dataDir, 'alerts'), join(dataDir, 'snapshots'), stateDir]) mkdirSync(d, { recursive: true });
    const configPath = join(stateDir, 'openclaw.json');
    const keep = ['settings.json', 'state.json', 'history.jsonl', 'snapshots/a.json5', 'logs/gateway.log'];
    for (const f of keep) writeFileSync(join(dataDir, f), 'x');
    writeFileSync(configPath, '{}');
    const body = Buffer.alloc(20 * 1024, 'a'); // 20 KB each
    const put = (path: string, at: number) => {
      writeFileSync(path, body);
      utimesSync(path, new Date(at), new Date(at));
    };
    const retention = new Retention({ dataDir, configPath });
    const start = Date.UTC(2026, 0, 1);
    // Bounds from the rules: 100 backups, 3 per damaged file, 10 broken configs, 3 rotated logs each (20 KB each here).
    const bound = (100 + 3 + 3 + 3 + 10 + 3) * body.length + 10 * 1024;
    let peak = 0;
    for (let day = 0; day < 365; day++) {
      const now = start + day * DAY;
      for (let i = 0; i < 3; i++) put(join(dataDir, 'backups', `${day}-${i}-openclaw.json`), now);
      if (day % 2 === 0) put(join(stateDir, `openclaw.json.broken-${day}`), now);
      if (day % 5 === 0) put(join(dataDir, `settings.json.corrupt-${day}`), now);
      if (day % 7 === 0) put(join(dataDir, `state.json.corrupt-${day}`), now);
      if (day % 9 === 0) put(join(dataDir, 'alerts', `outbox.json.corrupt-${day}`), now);
      if (day % 3 === 0) put(join(dataDir, `state.json.1234.abcdef01.tmp`), now - 2 * DAY);
      put(join(dataDir, 'logs', `gateway.log.${(day % 6) + 1}`), now);
      retention.tick(now);
      peak = Math.max(peak, dirBytes(dataDir) + dirBytes(stateDir));
    }
    const end = start + 364 * DAY;
    const ls = (d: string, re: RegExp) => readdirSync(d).filter((n) => re.test(n));
    assert.equal(ls(join(dataDir, 'backups'), /./).length, 100);
    assert.ok(ls(stateDir, /\.broken-/).length <= 10);
    assert.ok(ls(dataDir, /^settings\.json\.corrupt-/).length <= 3);
    assert.ok(ls(dataDir, /^state\.json\.corrupt-/).length <= 3);
    assert.ok(ls(join(dataDir, 'alerts'), /\.corrupt-/).length <= 3);
    assert.equal(ls(dataDir, /\.tmp$/).length, 0, 'temp files older than a day are gone');
    assert.ok(ls(join(dataDir, 'logs'), /^gateway\.log\.\d+$/).length <= GATEWAY_LOG_KEEP);
    for (const f of keep) assert.ok(existsSync(join(dataDir, f)), `${f} is not an artifact and stays`);
    assert.ok(existsSync(configPath));
    assert.ok(peak <= bound, `peak ${(peak / MB).toFixed(2)} MB, bound ${(bound / MB).toFixed(2)} MB (without pruning: ${((365 * 3 * body.length) / MB).toFixed(0)} MB of backups alone)`);
    console.log(`# a year of artifacts: peak ${(peak / MB).toFixed(2)} MB (bound ${(bound / MB).toFixed(2)} MB; unpruned backups alone ${((365 * 3 * body.length) / MB).toFixed(0)} MB)`);
    // Age: nothing older than its rule allows, even below the count.
    const rules = retentionRules({ dataDir, configPath });
    const later = end + 100 * DAY;
    pruneArtifacts(rules, later);
    assert.equal(ls(join(dataDir, 'backups'), /./).length, 0, 'backups older than 90 days are gone');
    assert.equal(ls(stateDir, /\.broken-/).length, 0, 'broken configs older than 30 days are gone');
  });

  it('the JSON-lines logs roll over: history stays under 2 × 4 MB however many events', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clawdoc-ret-'));
    const history = new History(dataDir);
    const reason = 'r'.repeat(1000);
    for (let i = 0; i < 12_000; i++) history.events.append({ ts: i, type: 'info', reason });
    const size = statSync(join(dataDir, 'history.jsonl')).size + statSync(join(dataDir, 'history.jsonl.1')).size;
    assert.ok(size <= 2 * JSONL_MAX_BYTES + 2048, `${(size / MB).toFixed(1)} MB after ${((12_000 * 1040) / MB).toFixed(0)} MB of events`);
  });
});
