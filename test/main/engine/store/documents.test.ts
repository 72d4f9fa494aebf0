// The document store, for every JSON document in the registry: a damaged file (cut off, garbage,
// empty, wrong shape, from a newer ClawDoc) is kept aside byte for byte, reported once, nothing else
// is touched, and the next write starts a fresh file without erasing the kept copy. Plus: modes,
// a crash before the rename, refused writes, migrations.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { defineDocument, DocumentStore, StoreError, type StoreProblem } from '../../../../src/main/engine/store/documents.js';
import { storedDocuments } from '../../../../src/main/engine/data-files.js';

/** Writes `data` at `path`, creating its folder (a file as a user or a crash would leave it). */
function put(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'clawdoc-docs-'));
}

/** A valid, non-trivial value per document file. A new document must add one here. */
const SAMPLES: Record<string, unknown> = {
  'secrets.json': { version: 1, channels: { dd: 'SECsample' } },
  'secrets.safe.json': { version: 1, sealed: { dd: 'djEwc2VhbGVk' } },
  'ai-calls.json': { version: 1, calls: [1_764_000_000_000, 1_764_000_060_000] },
  'state.json': { version: 1, policy: { crashes: [1], restarts: [2], backoffResetAt: 0 }, child: { pid: 123, startedAt: 1, logOffset: 0 } },
  'cases.json': { version: 1, cases: [{ id: 'mine' }], removed: ['heap-oom'] },
  'case-stats.json': { 'port-in-use': { attempts: 2, successes: 1, lastAt: 5 } },
  'changes.json': [{ id: 'abcd1234', at: 1, file: '/x/openclaw.json', backup: '/d/backups/x', beforeHash: 'h1', afterHash: 'h2', what: 'set gateway.port' }],
  'proposals.json': [
    { id: 'p1', createdAt: 1, caseId: 'c', caseTitle: 'C', action: { type: 'restart-gateway' }, description: 'd', confidence: 0.9, reason: 'r', recordId: 'r1', why: 'autoHeal=off', status: 'pending', expiresAt: 9 },
  ],
  'snapshots/index.json': [{ id: 's1', hash: 'abcd', savedAt: 1, lastGoodAt: 2, size: 3, file: 's1.json5', source: '/x/openclaw.json' }],
  'doctor/log-offsets.json': { 'file:/x.log': { path: '/x.log', ino: 5, offset: 10 } },
  'alerts/outbox.json': {
    version: 1,
    seq: 1,
    entries: [{ seq: 1, channel: 'dd', attempts: 0, nextAttemptAt: 0, alert: { id: 'a1', kind: 'test', level: 'info', createdAt: 1, title: 'T', short: 's', fields: [], sections: [], footer: '' } }],
  },
  'alerts/state.json': { version: 1, alertedIncidents: ['i1'], sent: { dd: [1, 2] } },
  'alerts/deliveries.json': { dd: { channel: 'dd', at: 1, ok: true, text: 'ok', alerts: 1 } },
};

/** Values of the wrong shape for each document, as file text. */
const WRONG_SHAPE: Record<string, string> = {
  'secrets.json': '{"version":1,"channels":{"dd":42}}',
  'secrets.safe.json': '{"version":1,"sealed":{"dd":["not","base64"]}}',
  'ai-calls.json': '{"version":1,"calls":["yesterday"]}',
  'state.json': '{"version":1,"policy":"fast"}',
  'cases.json': '{"version":1,"cases":"mine"}',
  'case-stats.json': '{"port-in-use":{"attempts":"two"}}',
  'changes.json': '[{"id":"abcd1234"}]',
  'proposals.json': '[{"id":"p1","status":"pending"}]',
  'snapshots/index.json': '[{"id":"s1","hash":"h","savedAt":1,"lastGoodAt":1,"size":1,"file":"../../etc/passwd","source":"x"}]',
  'doctor/log-offsets.json': '{"k":{"path":"/x.log","offset":"ten"}}',
  'alerts/outbox.json': '{"version":1,"seq":1,"entries":[{"seq":1}]}',
  'alerts/state.json': '{"version":1,"alertedIncidents":"i1","sent":{}}',
  'alerts/deliveries.json': '{"dd":{"channel":"dd","ok":"yes"}}',
};

function damages(file: string): [string, Buffer][] {
  const valid = JSON.stringify(SAMPLES[file], null, 1);
  return [
    ['truncated', Buffer.from(valid.slice(0, Math.floor(valid.length / 2)))],
    ['garbage bytes', Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0x7b]), Buffer.from('SECRETgarbage{{')])],
    ['empty', Buffer.alloc(0)],
    ['only whitespace', Buffer.from('  \n')],
    ['wrong shape', Buffer.from(WRONG_SHAPE[file]!)],
    ['a string', Buffer.from('"just text"')],
    ['null', Buffer.from('null')],
    ['an array of numbers', Buffer.from('[42]')],
    ['a newer format version', Buffer.from('{"version":99,"what":"from the future"}')],
  ];
}

/** Every file under `dir` with its bytes, by '/'-separated relative path. */
function contents(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(relative(dir, full).split('\\').join('/'), readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

test('every registered document has a sample and a wrong shape here (a new document must be covered)', () => {
  const files = storedDocuments().map((d) => d.file).sort();
  assert.deepEqual(Object.keys(SAMPLES).sort(), files);
  assert.deepEqual(Object.keys(WRONG_SHAPE).sort(), files);
});

for (const doc of storedDocuments()) {
  describe(`${doc.file}: a damaged file is kept aside, reported once, and nothing else is lost`, () => {
    test('the sample and the default are valid', () => {
      const dir = tempDir();
      const store = new DocumentStore(dir, { onProblem: () => assert.fail('no problem expected') });
      assert.deepEqual(store.read(doc), doc.empty(), 'a missing file reads as the default');
      assert.equal(store.readIfPresent(doc), undefined);
      store.write(doc, doc.empty());
      store.write(doc, SAMPLES[doc.file]);
      assert.deepEqual(store.read(doc), SAMPLES[doc.file]);
    });

    for (const [what, bytes] of damages(doc.file)) {
      test(what, () => {
        const dir = tempDir();
        const setup = new DocumentStore(dir, { onProblem: () => assert.fail('no problem while setting up') });
        for (const other of storedDocuments()) setup.write(other, SAMPLES[other.file]);
        writeFileSync(join(dir, 'history.jsonl'), '{"ts":1,"type":"info","reason":"kept"}\n');
        const path = setup.pathOf(doc);
        put(path, bytes);
        const before = contents(dir);

        const problems: StoreProblem[] = [];
        const store = new DocumentStore(dir, { onProblem: (p) => problems.push(p) });
        assert.deepEqual(store.read(doc), doc.empty(), 'the default is used');
        assert.equal(problems.length, 1);
        const [p] = problems;
        assert.equal(p!.file, path);
        assert.ok(p!.keptAs!.startsWith(`${path}.corrupt-`), p!.keptAs!);
        assert.ok(p!.message.includes(path) && p!.message.includes(p!.keptAs!), p!.message);
        assert.ok(!p!.message.includes('SECRET') && !p!.message.includes('SECsample'), `the message does not quote the file: ${p!.message}`);
        assert.ok(readFileSync(p!.keptAs!).equals(bytes), 'the kept copy has the original bytes');
        assert.equal(existsSync(path), false, 'moved, not copied');

        assert.deepEqual(store.read(doc), doc.empty());
        assert.equal(problems.length, 1, 'reported once');

        const after = contents(dir);
        for (const [name, data] of before) {
          if (name === relative(dir, path).split('\\').join('/')) continue;
          assert.ok(after.get(name)?.equals(data), `${name} untouched`);
        }

        store.write(doc, SAMPLES[doc.file]);
        assert.deepEqual(new DocumentStore(dir, { onProblem: () => assert.fail('the fresh file is valid') }).read(doc), SAMPLES[doc.file]);
        assert.ok(readFileSync(p!.keptAs!).equals(bytes), 'the kept copy survives the next write');
        assert.equal(problems.length, 1);
      });
    }
  });
}

test('several damaged copies of one file all survive (kept names never collide)', () => {
  const dir = tempDir();
  const [doc] = storedDocuments();
  const problems: StoreProblem[] = [];
  const store = new DocumentStore(dir, { onProblem: (p) => problems.push(p) });
  for (const text of ['first{', 'second{', 'third{']) {
    put(store.pathOf(doc!), text);
    store.read(doc!);
  }
  assert.equal(problems.length, 3);
  assert.deepEqual(problems.map((p) => readFileSync(p.keptAs!, 'utf8')), ['first{', 'second{', 'third{']);
});

const NOTE = defineDocument<{ version: 1; items: string[] }>({
  file: 'sub/note.json',
  version: 1,
  schema: z.looseObject({ version: z.literal(1), items: z.array(z.string()) }),
  empty: () => ({ version: 1, items: [] }),
});

test('writes are 0600 in folders created 0700 (the data dir itself too)', { skip: process.platform === 'win32' }, () => {
  const dir = join(tempDir(), 'data');
  new DocumentStore(dir).write(NOTE, { version: 1, items: ['a'] });
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.equal(statSync(join(dir, 'sub')).mode & 0o777, 0o700);
  assert.equal(statSync(join(dir, 'sub', 'note.json')).mode & 0o777, 0o600);
  for (const doc of storedDocuments()) {
    const store = new DocumentStore(dir);
    store.write(doc, SAMPLES[doc.file]);
    assert.equal(statSync(store.pathOf(doc)).mode & 0o777, 0o600, doc.file);
  }
});

test('a crash between the temp write and the rename leaves the old file intact', () => {
  const dir = tempDir();
  const store = new DocumentStore(dir, { onProblem: () => assert.fail('no problem expected') });
  store.write(NOTE, { version: 1, items: ['old'] });
  const path = store.pathOf(NOTE);
  const stray = `${path}.4242.deadbeef.tmp`;
  writeFileSync(stray, '{"version":1,"items":["new", "half-writ'); // the crash: the temp file never got renamed
  assert.deepEqual(store.read(NOTE).items, ['old']);
  store.write(NOTE, { version: 1, items: ['newer'] });
  assert.deepEqual(store.read(NOTE).items, ['newer']);
  assert.deepEqual(readdirSync(join(dir, 'sub')).sort(), ['note.json', 'note.json.4242.deadbeef.tmp'], 'no temp file of ours is left behind');
});

test('a value that does not fit its schema is refused with the reason, and nothing is written', () => {
  const dir = tempDir();
  const store = new DocumentStore(dir);
  store.write(NOTE, { version: 1, items: ['keep'] });
  const before = readFileSync(store.pathOf(NOTE), 'utf8');
  assert.throws(
    () => store.write(NOTE, { version: 1, items: [42] } as unknown as { version: 1; items: string[] }),
    (err: Error) => err instanceof StoreError && /refusing to write .*note\.json: items\.0: /.test(err.message),
  );
  assert.equal(readFileSync(store.pathOf(NOTE), 'utf8'), before);
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['note.json']);
});

test('an old format version is migrated when read and left as it is on disk until written', () => {
  const V2 = defineDocument<{ version: 2; items: { name: string }[] }>({
    file: 'list.json',
    version: 2,
    schema: z.looseObject({ version: z.literal(2), items: z.array(z.looseObject({ name: z.string() })) }),
    migrations: { 1: (v) => ({ version: 2, items: (v as string[]).map((name) => ({ name })) }) },
    empty: () => ({ version: 2, items: [] }),
  });
  const dir = tempDir();
  writeFileSync(join(dir, 'list.json'), '["a","b"]\n'); // version 1 was a bare array
  const store = new DocumentStore(dir, { onProblem: () => assert.fail('an old file is not damage') });
  assert.deepEqual(store.read(V2), { version: 2, items: [{ name: 'a' }, { name: 'b' }] });
  assert.equal(readFileSync(join(dir, 'list.json'), 'utf8'), '["a","b"]\n', 'reading does not rewrite');
  store.update(V2, (v) => void v.items.push({ name: 'c' }));
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'list.json'), 'utf8')), { version: 2, items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
  assert.throws(() => defineDocument({ ...V2, migrations: {} }), /no migration from version 1 to 2/);
});

test("today's files are version 1 as they are: a bare array, a map, an object without a version field", () => {
  const dir = tempDir();
  const store = new DocumentStore(dir, { onProblem: () => assert.fail('no problem expected') });
  const byFile = new Map(storedDocuments().map((d) => [d.file, d] as const));
  writeFileSync(join(dir, 'secrets.json'), '{"channels":{"dd":"SECx"}}'); // written by hand
  assert.deepEqual(store.read(byFile.get('secrets.json')!), { version: 1, channels: { dd: 'SECx' } });
  writeFileSync(join(dir, 'cases.json'), '\uFEFF{"cases":[]}'); // with a byte-order mark from a Windows editor
  assert.deepEqual(store.read(byFile.get('cases.json')!), { version: 1, cases: [], removed: [] });
  writeFileSync(join(dir, 'case-stats.json'), '{"version":{"attempts":1,"successes":1}}'); // a case id may be "version"
  assert.deepEqual(store.read(byFile.get('case-stats.json')!), { version: { attempts: 1, successes: 1 } });
});

test('fields a newer ClawDoc added survive a read and a write', () => {
  const dir = tempDir();
  const store = new DocumentStore(dir);
  put(store.pathOf(NOTE), '{"version":1,"items":["a"],"addedLater":{"x":1}}');
  store.update(NOTE, (v) => void v.items.push('b'));
  assert.deepEqual(JSON.parse(readFileSync(store.pathOf(NOTE), 'utf8')), { version: 1, items: ['a', 'b'], addedLater: { x: 1 } });
});

test('a listener that throws does not turn a handled problem into a crash; no listener prints to stderr', () => {
  const dir = tempDir();
  const store = new DocumentStore(dir, {
    onProblem: () => {
      throw new Error('listener bug');
    },
  });
  put(store.pathOf(NOTE), 'nope');
  assert.deepEqual(store.read(NOTE), NOTE.empty());
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const quiet = new DocumentStore(dir);
    writeFileSync(quiet.pathOf(NOTE), 'nope again');
    quiet.read(NOTE);
  } finally {
    process.stderr.write = original;
  }
  assert.equal(written.length, 1);
  assert.match(written[0]!, /^clawdoc: warning: .*note\.json could not be read \(not valid JSON.*\); moved it to .*note\.json\.corrupt-/);
});

test('a file that cannot be moved aside is an error, not a silent reset', { skip: process.platform === 'win32' || process.getuid?.() === 0 }, async () => {
  const { chmodSync } = await import('node:fs');
  const dir = tempDir();
  const store = new DocumentStore(dir);
  put(store.pathOf(NOTE), 'damaged');
  chmodSync(join(dir, 'sub'), 0o500); // cannot rename inside
  try {
    assert.throws(() => store.read(NOTE), (err: Error) => err instanceof StoreError && /could not be moved aside/.test(err.message));
  } finally {
    chmodSync(join(dir, 'sub'), 0o700);
  }
  assert.equal(readFileSync(store.pathOf(NOTE), 'utf8'), 'damaged');
});
