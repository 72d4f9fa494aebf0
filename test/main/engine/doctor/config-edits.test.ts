// Every path that writes the user's openclaw.json (a fix, restore-snapshot, the broken-file keep-aside,
// rollback of a failed fix, `clawdoc undo`) keeps its mode, owner and symlink, keeps comments and layout
// the edit does not touch, and refuses a path that is not a regular file. Backups are 0600.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import JSON5 from 'json5';
import { applyAction, rollbackChanges, type ActionContext } from '../../../../src/main/engine/doctor/actions.js';
import { ChangeLog } from '../../../../src/main/engine/doctor/changes.js';
import type { Evidence } from '../../../../src/main/engine/doctor/evidence.js';
import { SnapshotStore } from '../../../../src/main/engine/doctor/snapshots.js';
import { removeConfigKeysText, setConfigKeyText } from '../../../../src/main/engine/openclaw/config-file.js';
import { replaceUserFileSync } from '../../../../src/main/engine/util/fsx.js';

const POSIX = process.platform !== 'win32';
const ROOT = POSIX && process.getuid!() === 0;

const PLAIN = '{ gateway: { mode: "local", port: 18790, bogus: 1, auth: { mode: "token", token: "t-0123456789abcdef" } } }\n';
const GOOD = '{ gateway: { mode: "local", port: 18790 } }\n';

// Comments of both kinds, unquoted and quoted keys, single quotes, trailing commas, odd indentation.
const FANCY = [
  '// OpenClaw config, edited by hand',
  '{',
  '  /* the gateway',
  '     block comment over two lines */',
  '  gateway: {',
  '      mode: "local",   // local only',
  '    port: 18790,',
  '    // a key OpenClaw no longer knows',
  '    bogus: 1, // remove me',
  "    auth: { mode: 'token', token: 't-0123456789abcdef', },",
  '  },',
  '',
  '     logging: {file: "/tmp/x.log", level: \'info\'},',
  '  "quoted key": [1, 2, 3,],',
  '}',
  '',
].join('\n');

interface Env {
  dir: string;
  data: string;
  /** The path ClawDoc is given (a symlink in the symlink setups). */
  configPath: string;
  /** The regular file holding the config. */
  real: string;
  ctx: ActionContext;
  changes: ChangeLog;
}

function env(text: string, opts: { mode?: number; owner?: number; link?: 'absolute' | 'relative' } = {}): Env {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-edits-'));
  const data = join(dir, 'data');
  const home = join(dir, 'home', '.openclaw');
  mkdirSync(home, { recursive: true });
  let configPath = join(home, 'openclaw.json');
  let real = configPath;
  if (opts.link) {
    real = join(dir, 'dotfiles', 'openclaw', 'openclaw.json');
    mkdirSync(dirname(real), { recursive: true });
    symlinkSync(opts.link === 'absolute' ? real : '../../dotfiles/openclaw/openclaw.json', configPath);
  }
  writeFileSync(real, text);
  chmodSync(real, opts.mode ?? 0o600);
  if (opts.owner !== undefined) chownSync(real, opts.owner, opts.owner);
  const changes = new ChangeLog(data);
  const evidence = { lastOutput: [], logLines: [], stabilityBundles: [] } as unknown as Evidence;
  const ctx: ActionContext = {
    caseId: 'c', recordId: 'r', configPath, port: 1, evidence,
    snapshots: new SnapshotStore(data), changes, openclawPath: join(dir, 'no-openclaw'), env: {}, fileLogDir: dir, stateDir: dir,
    portHolder: async () => null, probe: async () => ({ verdict: 'refused', at: 0, latencyMs: 0 }), managerPid: () => undefined,
    approvedCommands: [], openclawDoctorTimeoutMs: 1000, rateLimitMaxWaitMs: 10, pruneOlderThanDays: 7, killTimeoutMs: 100,
  };
  return { dir, data, configPath, real, ctx, changes };
}

async function applied(p: Promise<{ applied: boolean; detail: string; changeIds: string[] }>): Promise<string[]> {
  const out = await p;
  assert.equal(out.applied, true, out.detail);
  return out.changeIds;
}

const modeOf = (p: string) => statSync(p).mode & 0o7777;

/** Every writer path: what it does, and the text the config must have afterwards. */
const WRITERS: { name: string; run: (e: Env) => Promise<void>; after: (original: string) => string | ((text: string) => void) }[] = [
  {
    name: 'set-config-key',
    run: async (e) => void (await applied(applyAction({ type: 'set-config-key', key: 'gateway.port', value: 18791 }, e.ctx))),
    after: () => (text) => assert.equal(JSON5.parse<{ gateway: { port: number } }>(text).gateway.port, 18791),
  },
  {
    name: 'remove-config-key',
    run: async (e) => void (await applied(applyAction({ type: 'remove-config-key', key: 'gateway.bogus' }, e.ctx))),
    after: () => (text) => assert.equal(JSON5.parse<{ gateway: { bogus?: number } }>(text).gateway.bogus, undefined),
  },
  {
    name: 'restore-snapshot (and the broken-file keep-aside)',
    run: async (e) => {
      e.ctx.snapshots.save(GOOD, e.configPath);
      await applied(applyAction({ type: 'restore-snapshot' }, e.ctx));
    },
    after: () => GOOD,
  },
  {
    name: 'rollback of a failed fix',
    run: async (e) => {
      const ids = await applied(applyAction({ type: 'remove-config-key', key: 'gateway.bogus' }, e.ctx));
      assert.deepEqual(rollbackChanges(e.changes, ids), ids);
    },
    after: (original) => original,
  },
  {
    name: '`clawdoc undo`',
    run: async (e) => {
      const [id] = await applied(applyAction({ type: 'set-config-key', key: 'gateway.mode', value: 'remote' }, e.ctx));
      new ChangeLog(e.data).undo(id!, 'user'); // as the CLI does: a fresh change log over the data dir
    },
    after: (original) => original,
  },
];

function checkText(e: Env, original: string, want: string | ((text: string) => void)): void {
  const text = readFileSync(e.real, 'utf8');
  if (typeof want === 'string') assert.equal(text, want);
  else {
    assert.notEqual(text, original, 'the change reached the real file');
    want(text);
  }
}

/** Backups, and the keep-aside beside the config, exist and have the modes this test expects. */
function checkCopies(e: Env, configMode: number, configOwner?: number): void {
  const backups = readdirSync(join(e.data, 'backups'));
  assert.ok(backups.length >= 1, 'a backup was taken');
  for (const b of backups) {
    const st = statSync(join(e.data, 'backups', b));
    assert.equal(st.mode & 0o7777, 0o600, `backup ${b} is owner-only`);
    if (POSIX) assert.equal(st.uid, process.getuid!(), `backup ${b} belongs to ClawDoc`);
  }
  for (const aside of readdirSync(dirname(e.configPath)).filter((n) => n.includes('.broken-'))) {
    const st = lstatSync(join(dirname(e.configPath), aside));
    assert.ok(st.isFile(), 'the keep-aside is a plain copy');
    assert.equal(st.mode & 0o7777, configMode, 'the keep-aside has the config\'s mode');
    if (configOwner !== undefined) assert.deepEqual([st.uid, st.gid], [configOwner, configOwner], 'and its owner');
  }
}

function noStrayFiles(e: Env): void {
  for (const d of [dirname(e.configPath), dirname(e.real)]) assert.deepEqual(readdirSync(d).filter((n) => n.endsWith('.tmp')), [], `no temp file left in ${d}`);
}

for (const w of WRITERS) {
  for (const mode of [0o600, 0o640]) {
    test(`${w.name}: a ${mode.toString(8)} config stays ${mode.toString(8)}; backups are 0600`, { skip: !POSIX && 'POSIX modes' }, async () => {
      const e = env(PLAIN, { mode });
      await w.run(e);
      checkText(e, PLAIN, w.after(PLAIN));
      assert.equal(modeOf(e.real), mode);
      checkCopies(e, mode);
      noStrayFiles(e);
    });
  }

  test(`${w.name}: a config owned by 1234:1234 keeps that owner (as root)`, { skip: !ROOT && 'needs root to chown' }, async () => {
    const e = env(PLAIN, { mode: 0o640, owner: 1234 });
    await w.run(e);
    checkText(e, PLAIN, w.after(PLAIN));
    const st = statSync(e.real);
    assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [1234, 1234, 0o640]);
    checkCopies(e, 0o640, 1234);
  });

  for (const link of ['absolute', 'relative'] as const) {
    test(`${w.name}: a symlinked openclaw.json (${link} link) stays a link; its target carries the change`, { skip: !POSIX && 'symlinks' }, async () => {
      const e = env(PLAIN, { mode: 0o600, link });
      const target = readlinkSync(e.configPath);
      await w.run(e);
      assert.ok(lstatSync(e.configPath).isSymbolicLink(), 'still a symlink');
      assert.equal(readlinkSync(e.configPath), target, 'pointing where it did');
      checkText(e, PLAIN, w.after(PLAIN));
      assert.equal(readFileSync(e.configPath, 'utf8'), readFileSync(e.real, 'utf8'));
      assert.equal(modeOf(e.real), 0o600);
      checkCopies(e, 0o600);
      noStrayFiles(e);
    });
  }
}

test('a backup of a 0644 config is 0600 (it holds the gateway token)', { skip: !POSIX && 'POSIX modes' }, async () => {
  const e = env(PLAIN, { mode: 0o644 });
  await applied(applyAction({ type: 'set-config-key', key: 'gateway.port', value: 18791 }, e.ctx));
  assert.equal(modeOf(e.real), 0o644, 'the config keeps the mode the user chose');
  checkCopies(e, 0o644);
});

// ---- comments and formatting -------------------------------------------------------------------------

/** `text` as lines with `drop` removed and `insert` lines put before the line `before`. */
function edited(text: string, change: { drop?: string[]; replace?: [string, string]; insertBefore?: [string, string[]] }): string {
  let lines = text.split('\n');
  for (const d of change.drop ?? []) {
    assert.ok(lines.includes(d), `fixture has the line ${d}`);
    lines = lines.filter((l) => l !== d);
  }
  if (change.replace) lines = lines.map((l) => (l === change.replace![0] ? change.replace![1] : l));
  if (change.insertBefore) {
    const at = lines.indexOf(change.insertBefore[0]);
    lines.splice(at, 0, ...change.insertBefore[1]);
  }
  return lines.join('\n');
}

const FANCY_EDITS: { name: string; run: (e: Env) => Promise<string[]>; expect: string }[] = [
  {
    name: 'set-config-key (an existing key)',
    run: (e) => applied(applyAction({ type: 'set-config-key', key: 'gateway.port', value: 18791 }, e.ctx)),
    expect: edited(FANCY, { replace: ['    port: 18790,', '    port: 18791,'] }),
  },
  {
    name: 'set-config-key (a new key)',
    run: (e) => applied(applyAction({ type: 'set-config-key', key: 'gateway.bind', value: 'loopback' }, e.ctx)),
    expect: edited(FANCY, { insertBefore: ['  },', ["    bind: 'loopback',"]] }),
  },
  {
    name: 'remove-config-key (a key on its own line, with its trailing comment)',
    run: (e) => applied(applyAction({ type: 'remove-config-key', key: 'gateway.bogus' }, e.ctx)),
    expect: edited(FANCY, { drop: ['    bogus: 1, // remove me'] }),
  },
  {
    name: 'remove-config-key (a key sharing its line)',
    run: (e) => applied(applyAction({ type: 'remove-config-key', key: 'logging.level' }, e.ctx)),
    expect: edited(FANCY, { replace: ['     logging: {file: "/tmp/x.log", level: \'info\'},', '     logging: {file: "/tmp/x.log"},'] }),
  },
  {
    name: 'remove-config-key (two keys, one of them the first on a shared line)',
    run: async (e) => [
      ...(await applied(applyAction({ type: 'remove-config-key', key: 'gateway.mode' }, e.ctx))),
      ...(await applied(applyAction({ type: 'remove-config-key', key: 'logging.file' }, e.ctx))),
    ],
    expect: edited(FANCY, { drop: ['      mode: "local",   // local only'], replace: ['     logging: {file: "/tmp/x.log", level: \'info\'},', "     logging: {level: 'info'},"] }),
  },
];

for (const f of FANCY_EDITS) {
  test(`${f.name}: every comment and untouched line stays byte for byte; undo gives back the original bytes`, async () => {
    const e = env(FANCY, { mode: 0o600 });
    const ids = await f.run(e);
    assert.equal(readFileSync(e.real, 'utf8'), f.expect);
    for (const id of ids) assert.equal(e.changes.get(id)?.warning, undefined, 'no fallback was needed');
    for (const id of [...ids].reverse()) new ChangeLog(e.data).undo(id, 'user');
    assert.equal(readFileSync(e.real, 'utf8'), FANCY, 'the exact original bytes');
    if (POSIX) assert.equal(modeOf(e.real), 0o600);
  });
}

test('strict JSON stays strict JSON after a set and a remove', () => {
  const json = '{\n  "gateway": {\n    "port": 18790,\n    "bogus": 1\n  }\n}\n';
  const removed = removeConfigKeysText(json, ['gateway.bogus']);
  assert.equal(removed.text, '{\n  "gateway": {\n    "port": 18790\n  }\n}\n');
  const set = setConfigKeyText(removed.text, 'gateway.mode', 'local');
  assert.equal(set.text, '{\n  "gateway": {\n    "port": 18790,\n    "mode": "local"\n  }\n}\n');
  assert.deepEqual(JSON.parse(set.text), { gateway: { port: 18790, mode: 'local' } });
});

test('keys named like Object members ("toString", "valueOf") are edited like any other', () => {
  const text = '{ toString: 1, valueOf: { x: 1 }, y: 2 }';
  const set = setConfigKeyText(text, 'valueOf.x', 3);
  assert.deepEqual(set, { text: '{ toString: 1, valueOf: { x: 3 }, y: 2 }' });
  assert.deepEqual(removeConfigKeysText(text, ['toString']), { text: '{ valueOf: { x: 1 }, y: 2 }', removed: ['toString'] });
});

test('text the in-place edit cannot handle (a duplicated key) falls back to plain JSON, with a warning in the change record', async () => {
  const dup = '// dup\n{ gateway: { bogus: 1, bogus: 2, port: 18790 } }\n';
  const e = env(dup, { mode: 0o640 });
  const out = await applyAction({ type: 'remove-config-key', key: 'gateway.bogus' }, e.ctx);
  assert.equal(out.applied, true, out.detail);
  assert.match(out.detail, /comments and formatting could not be kept/);
  const rec = e.changes.get(out.changeIds[0]!)!;
  assert.match(rec.warning ?? '', /appears more than once.*rewritten as plain JSON/);
  assert.deepEqual(JSON.parse(readFileSync(e.real, 'utf8')), { gateway: { port: 18790 } });
  if (POSIX) assert.equal(modeOf(e.real), 0o640);
  e.changes.undo(rec.id, 'user');
  assert.equal(readFileSync(e.real, 'utf8'), dup, 'the backup holds the original text');
});

test('undo of a config that was deleted since recreates it with the mode and owner it had', { skip: !POSIX && 'POSIX modes' }, async () => {
  const e = env(PLAIN, { mode: 0o640, owner: ROOT ? 1234 : undefined });
  const [id] = await applied(applyAction({ type: 'set-config-key', key: 'gateway.port', value: 18791 }, e.ctx));
  rmSync(e.real);
  e.changes.undo(id!, 'user');
  assert.equal(readFileSync(e.real, 'utf8'), PLAIN);
  const st = statSync(e.real);
  assert.equal(st.mode & 0o7777, 0o640);
  if (ROOT) assert.deepEqual([st.uid, st.gid], [1234, 1234]);
});

// ---- a path that is not a regular file --------------------------------------------------------------

function makeNotRegular(path: string, kind: 'directory' | 'FIFO'): void {
  rmSync(path, { force: true });
  if (kind === 'directory') mkdirSync(path);
  else execFileSync('mkfifo', ['-m', '600', path]);
}

/** Every file under `dir` (names and, for regular files, contents). */
function snapshotTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((d) => {
    const full = join(d.parentPath, d.name);
    return `${full}${d.isFile() ? `=${readFileSync(full, 'utf8')}` : d.isFIFO() ? ' (fifo)' : d.isDirectory() ? '/' : ''}`;
  }).sort();
}

for (const kind of ['directory', 'FIFO'] as const) {
  test(`a config path that is a ${kind} is refused by every writer with a clear error; nothing is written`, { skip: !POSIX && 'FIFOs' }, async () => {
    const e = env(PLAIN, { mode: 0o600 });
    // a change to undo later, made while the config was still a file
    const [id] = await applied(applyAction({ type: 'set-config-key', key: 'gateway.port', value: 18791 }, e.ctx));
    e.ctx.snapshots.save(GOOD, e.configPath);
    makeNotRegular(e.configPath, kind);
    const before = snapshotTree(e.dir);
    const clear = new RegExp(`${e.configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is a ${kind}, not a regular file`);

    for (const a of [{ type: 'set-config-key', key: 'gateway.port', value: 1 }, { type: 'remove-config-key', key: 'gateway.bogus' }, { type: 'restore-snapshot' }] as const) {
      const out = await applyAction(a, e.ctx);
      assert.equal(out.applied, false, `${a.type} refused`);
      assert.match(out.detail, clear, `${a.type}: the reason says what the path is`);
    }
    assert.throws(() => new ChangeLog(e.data).undo(id!, 'user'), clear, '`clawdoc undo`');
    assert.deepEqual(rollbackChanges(e.changes, [id!]), [], 'rollback undoes nothing');
    assert.throws(() => e.changes.change(e.configPath, 'any edit', () => assert.fail('the edit must not run')), clear, 'no backup, no edit');
    assert.throws(() => replaceUserFileSync(e.configPath, 'x'), clear, 'the writer itself');

    assert.deepEqual(snapshotTree(e.dir), before, 'nothing written: no backup, no temp file, no keep-aside, no record');
    assert.equal(e.changes.get(id!)?.undoneAt, undefined);
    assert.ok(kind === 'directory' ? statSync(e.configPath).isDirectory() : statSync(e.configPath).isFIFO());
  });
}

test('a symlink to a FIFO is refused the same way; the link and the FIFO stay', { skip: !POSIX && 'FIFOs' }, () => {
  const e = env(PLAIN, { link: 'absolute' });
  makeNotRegular(e.real, 'FIFO');
  assert.throws(() => replaceUserFileSync(e.configPath, 'x'), /is a FIFO, not a regular file/);
  assert.ok(lstatSync(e.configPath).isSymbolicLink());
  assert.ok(statSync(e.real).isFIFO());
});

// ---- the writer itself --------------------------------------------------------------------------------

test('the writer follows a chain of links and a dangling link (its target is created, 0600); the links stay', { skip: !POSIX && 'symlinks' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-writer-'));
  const real = join(dir, 'real.json');
  writeFileSync(real, '{}');
  chmodSync(real, 0o640);
  symlinkSync('real.json', join(dir, 'b'));
  symlinkSync(join(dir, 'b'), join(dir, 'a'));
  assert.equal(replaceUserFileSync(join(dir, 'a'), '{ x: 1 }'), real);
  assert.deepEqual([readFileSync(real, 'utf8'), modeOf(real)], ['{ x: 1 }', 0o640]);
  assert.ok(lstatSync(join(dir, 'a')).isSymbolicLink() && lstatSync(join(dir, 'b')).isSymbolicLink());
  symlinkSync('sub/new.json', join(dir, 'dangling'));
  replaceUserFileSync(join(dir, 'dangling'), '{}');
  assert.ok(lstatSync(join(dir, 'dangling')).isSymbolicLink());
  assert.deepEqual([readFileSync(join(dir, 'sub', 'new.json'), 'utf8'), modeOf(join(dir, 'sub', 'new.json'))], ['{}', 0o600]);
});

test('running as neither root nor the owner, the writer refuses rather than give the file away; nothing changes', { skip: !ROOT && 'needs root to start a process as another user' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-writer-'));
  chmodSync(dir, 0o777); // the other user may create the temp file and rename it
  const file = join(dir, 'openclaw.json');
  writeFileSync(file, PLAIN);
  chmodSync(file, 0o666);
  const fsx = new URL('../../../../src/main/engine/util/fsx.js', import.meta.url).href;
  const script = `import(${JSON.stringify(fsx)}).then((m) => { try { m.replaceUserFileSync(${JSON.stringify(file)}, 'x'); console.log('written'); } catch (e) { console.log(e.message); } })`;
  const out = execFileSync(process.execPath, ['-e', script], { uid: 1234, gid: 1234, encoding: 'utf8' });
  assert.match(out, /cannot keep the owner 0:0 of .*openclaw\.json \(ClawDoc runs as 1234\): left it as it is/);
  assert.equal(readFileSync(file, 'utf8'), PLAIN);
  const st = statSync(file);
  assert.deepEqual([st.uid, st.mode & 0o7777], [0, 0o666]);
  assert.deepEqual(readdirSync(dir), ['openclaw.json'], 'no temp file left');
});
