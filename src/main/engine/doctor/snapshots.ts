// Known-good snapshots of OpenClaw's config: whenever the gateway became healthy with a config ClawDoc
// has not saved yet, keep a copy. A ring (default 20), deduplicated by content hash, in <dataDir>/snapshots.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defineDocument, DocumentStore, type ProblemListener } from '../store/documents.js';
import { fileStamp, writeFileAtomicSync } from '../util/fsx.js';
import { hashText } from './config-check.js';
import type { SnapshotEntry } from '../../../shared/doctor.js';

export type { SnapshotEntry };


export const SNAPSHOT_INDEX_DOC = defineDocument<SnapshotEntry[]>({
  file: 'snapshots/index.json',
  version: 1,
  schema: z.array(
    z.looseObject({
      id: z.string(),
      hash: z.string(),
      savedAt: z.number(),
      lastGoodAt: z.number(),
      size: z.number(),
      // a plain name inside snapshots/: the index decides what gets read and removed there
      file: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/, 'a file name inside snapshots/'),
      source: z.string(),
    }),
  ),
  empty: () => [],
  indent: 1,
});

export class SnapshotStore {
  readonly dir: string;
  private readonly docs: DocumentStore;

  constructor(
    dataDir: string,
    private readonly keep = 20,
    onProblem?: ProblemListener,
  ) {
    this.dir = join(dataDir, 'snapshots');
    this.docs = new DocumentStore(dataDir, { onProblem });
  }

  /** Entries whose copy still exists. */
  list(): SnapshotEntry[] {
    return this.docs.read(SNAPSHOT_INDEX_DOC).filter((e) => existsSync(join(this.dir, e.file)));
  }

  has(hash: string): boolean {
    return this.list().some((e) => e.hash === hash);
  }

  /** Saves `text` as known-good; returns the entry and whether it is new. */
  save(text: string, source: string, now = Date.now()): { entry: SnapshotEntry; created: boolean } {
    const hash = hashText(text);
    const list = this.list();
    const existing = list.find((e) => e.hash === hash);
    if (existing) {
      existing.lastGoodAt = now;
      this.writeIndex(list);
      return { entry: existing, created: false };
    }
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = `${fileStamp(now)}-${hash.slice(0, 8)}`;
    const entry: SnapshotEntry = { id, hash, savedAt: now, lastGoodAt: now, size: Buffer.byteLength(text), file: `${id}.json5`, source };
    writeFileAtomicSync(join(this.dir, entry.file), text, 0o600);
    list.push(entry);
    list.sort((a, b) => a.lastGoodAt - b.lastGoodAt);
    while (list.length > this.keep) {
      const old = list.shift()!;
      rmSync(join(this.dir, old.file), { force: true }); // ClawDoc's own copy, not a user file
    }
    this.writeIndex(list);
    return { entry, created: true };
  }

  /** The newest snapshot whose content differs from `exceptHash` (the broken config). */
  latest(exceptHash?: string | null): SnapshotEntry | undefined {
    return this.list()
      .filter((e) => e.hash !== exceptHash)
      .sort((a, b) => b.lastGoodAt - a.lastGoodAt)[0];
  }

  read(entry: SnapshotEntry): string {
    return readFileSync(join(this.dir, entry.file), 'utf8');
  }

  private writeIndex(list: SnapshotEntry[]): void {
    this.docs.write(SNAPSHOT_INDEX_DOC, list);
  }
}
