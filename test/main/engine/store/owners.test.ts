// Each document's owner goes through the store: through its public API, a damaged file is kept aside
// and reported once to the owner's listener, and the owner's next write starts a fresh file without
// erasing the kept copy. The regressions this guards: cases.json, changes.json, proposals.json and the
// snapshot index used to be read as empty and overwritten (the user's cases and the undo index lost).
// Also: the owners write nothing the registry does not list.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { escalationAlert } from '../../../../src/main/engine/alerts/alert-messages.js';
import { AlertStateStore, Outbox, readDeliveries, recordDelivery } from '../../../../src/main/engine/alerts/outbox.js';
import { FileSecretStore } from '../../../../src/main/engine/alerts/secrets.js';
import { CaseStore } from '../../../../src/main/engine/doctor/cases/case-store.js';
import { ChangeLog } from '../../../../src/main/engine/doctor/changes.js';
import { FollowPositions } from '../../../../src/main/engine/doctor/log-follower.js';
import { ProposalQueue } from '../../../../src/main/engine/doctor/proposals.js';
import { DoctorRecords } from '../../../../src/main/engine/doctor/records.js';
import { SnapshotStore } from '../../../../src/main/engine/doctor/snapshots.js';
import { SealedSecretStore, type SecretCipher } from '../../../../src/main/engine/alerts/encrypted-secrets.js';
import { DocumentStore, type ProblemListener, type StoreProblem } from '../../../../src/main/engine/store/documents.js';
import { AiCallLog } from '../../../../src/main/engine/doctor/ai/call-log.js';
import { History } from '../../../../src/main/engine/store/history-log.js';
import { findDataFile, storedDocuments } from '../../../../src/main/engine/data-files.js';
import { StateFile } from '../../../../src/main/engine/store/state-file.js';
import { context, escalationEvent } from '../alerts/fixtures.js';

const userCase = {
  id: 'my-case',
  title: { en: 'Mine', zh: '我的' },
  description: { en: 'A user case', zh: '用户案例' },
  severity: 'medium',
  match: { patterns: ['widget exploded'], keywords: ['widget'] },
  fix: [{ type: 'restart-gateway' }],
};

interface Owner {
  /** Reads through the owner's API; returns what the owner saw as the value. */
  read(dir: string, onProblem: ProblemListener): unknown;
  /** Writes through the owner's API. */
  write(dir: string, onProblem: ProblemListener): void;
}

/** A stand-in for the OS cipher: the damage policy is the store's, not the cipher's. */
const REVERSING: SecretCipher = {
  available: true,
  name: 'a test cipher',
  encrypt: (plain) => Buffer.from([...plain].reverse().join('')),
  decrypt: (sealed) => [...sealed.toString()].reverse().join(''),
};

/** One entry per registered document: how its owner reads and writes it. */
const OWNERS: Record<string, Owner> = {
  'secrets.json': {
    read: (d, on) => new FileSecretStore(d, on).values(),
    write: (d, on) => new FileSecretStore(d, on).set('dd', 'SECnew'),
  },
  'secrets.safe.json': {
    read: (d, on) => new SealedSecretStore(d, REVERSING, on).values(),
    write: (d, on) => new SealedSecretStore(d, REVERSING, on).set('dd', 'SECnew'),
  },
  'state.json': {
    read: (d, on) => new StateFile(d, on).read(),
    write: (d, on) => new StateFile(d, on).write({ version: 1, policy: { crashes: [], restarts: [1], backoffResetAt: 0 } }),
  },
  'cases.json': {
    read: (d, on) => new CaseStore(d, undefined, on).get('my-case'),
    write: (d, on) => void new CaseStore(d, undefined, on).add(userCase),
  },
  'case-stats.json': {
    read: (d, on) => new CaseStore(d, undefined, on).stats(),
    write: (d, on) => new CaseStore(d, undefined, on).recordOutcome('port-in-use', true),
  },
  'changes.json': {
    read: (d, on) => new ChangeLog(d, on).list(),
    write: (d, on) => {
      const file = join(d, 'user-file.txt');
      void new ChangeLog(d, on).change(file, 'test edit', () => writeFileSync(file, `edit ${Date.now()}`));
    },
  },
  'proposals.json': {
    read: (d, on) => new ProposalQueue(d, on).list(),
    write: (d, on) =>
      void new ProposalQueue(d, on).add({
        caseId: 'c',
        caseTitle: 'C',
        action: { type: 'restart-gateway' },
        description: 'restart',
        confidence: 0.9,
        reason: 'r',
        recordId: 'r1',
        why: 'autoHeal=off',
        expiresAt: Date.now() + 60_000,
      }),
  },
  'ai-calls.json': {
    read: (d, on) => new AiCallLog(d, on).recent(),
    write: (d, on) => void new AiCallLog(d, on).take(100),
  },
  'snapshots/index.json': {
    read: (d, on) => new SnapshotStore(d, 20, on).list(),
    write: (d, on) => void new SnapshotStore(d, 20, on).save(`{ gateway: { port: ${Date.now() % 50000} } }`, '/x/openclaw.json'),
  },
  'doctor/log-offsets.json': {
    read: (d, on) => new FollowPositions(d, on).get('k'),
    write: (d, on) => new FollowPositions(d, on).set('k', { path: '/x.log', ino: 1, offset: 2 }),
  },
  'alerts/outbox.json': {
    read: (d, on) => new Outbox(d, on).all(),
    write: (d, on) => void new Outbox(d, on).add('dd', escalationAlert(escalationEvent(), context('en')), Date.now()),
  },
  'alerts/state.json': {
    read: (d, on) => new AlertStateStore(d, on).state,
    write: (d, on) => {
      const s = new AlertStateStore(d, on);
      s.state.alertedIncidents.push('i1');
      s.save();
    },
  },
  'alerts/deliveries.json': {
    read: (d, on) => readDeliveries(d, on),
    write: (d, on) => recordDelivery(d, { channel: 'dd', at: 1, ok: true, text: 'ok', alerts: 1 }, on),
  },
};

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'clawdoc-owners-'));
}

test('every registered document has an owner entry here', () => {
  assert.deepEqual(Object.keys(OWNERS).sort(), storedDocuments().map((d) => d.file).sort());
});

for (const doc of storedDocuments()) {
  test(`${doc.file}: its owner keeps a damaged file aside, reports it once, and writes afresh`, () => {
    const owner = OWNERS[doc.file]!;
    const dir = tempDir();
    const noProblem: ProblemListener = (p) => assert.fail(`unexpected problem: ${p.message}`);
    owner.write(dir, noProblem); // a real file first, so damage replaces something
    const path = new DocumentStore(dir).pathOf(doc);
    const damaged = readFileSync(path, 'utf8').slice(0, 25); // cut off mid-file
    writeFileSync(path, damaged);

    const problems: StoreProblem[] = [];
    const on: ProblemListener = (p) => problems.push(p);
    owner.read(dir, on);
    owner.read(dir, on);
    assert.equal(problems.length, 1, 'reported once');
    assert.equal(problems[0]!.file, path);
    assert.equal(readFileSync(problems[0]!.keptAs!, 'utf8'), damaged);

    owner.write(dir, on);
    assert.equal(problems.length, 1);
    assert.equal(readFileSync(problems[0]!.keptAs!, 'utf8'), damaged, 'the kept copy survives the write');
    assert.ok(new DocumentStore(dir, { onProblem: noProblem }).readIfPresent(doc) !== undefined, 'a fresh valid file');
  });
}

test("a damaged cases.json is not overwritten by the next add: the user's cases stay in the kept copy", () => {
  const dir = tempDir();
  const store = new CaseStore(dir, undefined, () => {});
  store.add(userCase);
  const original = readFileSync(join(dir, 'cases.json'), 'utf8');
  writeFileSync(join(dir, 'cases.json'), original.slice(0, -5));
  const problems: StoreProblem[] = [];
  const again = new CaseStore(dir, undefined, (p) => problems.push(p));
  again.add({ ...userCase, id: 'another' });
  assert.equal(problems.length, 1);
  assert.equal(readFileSync(problems[0]!.keptAs!, 'utf8'), original.slice(0, -5));
  assert.match(readFileSync(problems[0]!.keptAs!, 'utf8'), /widget exploded/, 'the user case is in the kept copy');
});

test('a user case that no longer validates is ignored but kept in cases.json on the next write', () => {
  const dir = tempDir();
  const future = { ...userCase, id: 'from-the-future', fix: [{ type: 'teleport' }] };
  writeFileSync(join(dir, 'cases.json'), JSON.stringify({ version: 1, cases: [future], removed: [] }));
  const store = new CaseStore(dir, undefined, () => assert.fail('not damage'));
  assert.equal(store.get('from-the-future'), undefined);
  store.add(userCase);
  const saved = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { cases: { id: string }[] };
  assert.deepEqual(saved.cases.map((c) => c.id), ['from-the-future', 'my-case']);
});

test('the owners write only files the registry lists', () => {
  const dir = tempDir();
  const quiet: ProblemListener = (p) => assert.fail(p.message);
  for (const doc of storedDocuments()) OWNERS[doc.file]!.write(dir, quiet);
  const history = new History(dir);
  history.events.append({ ts: 1, type: 'info', reason: 'x' });
  history.incidents.append({ id: 'i', openedAt: 1, cause: 'c', restarts: 0 });
  new DoctorRecords(dir).log.append({ id: 'r' } as never);
  const unknown: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const rel = relative(dir, full).split('\\').join('/');
        if (rel !== 'user-file.txt' && !findDataFile(rel)) unknown.push(rel); // user-file.txt: the file ChangeLog edits
      }
    }
  };
  walk(dir);
  assert.deepEqual(unknown, []);
  assert.ok(findDataFile('history.jsonl.2') && !findDataFile('history.jsonl.3'), 'rolled-over copies within keep');
  assert.ok(findDataFile('alerts/outbox.json.corrupt-2026-01-01T00-00-00-000Z-1'), 'kept copies');
  assert.equal(findDataFile('stray.json'), undefined);
});
