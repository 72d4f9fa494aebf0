// Every change ClawDoc makes to a user's file is backed up first and recorded, so it can be undone
// (`clawdoc undo ID`). Backups live in <dataDir>/backups (kept as store/retention.ts says).
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineDocument, DocumentStore, type ProblemListener } from '../store/documents.js';
import { CHANGES_KEEP } from '../store/retention.js';
import { fileStamp, writeFileAtomicSync } from '../util/fsx.js';
import { hashText } from './config-check.js';

export interface ChangeRecord {
  id: string;
  at: number;
  file: string;
  /** Copy of the file before the change (absent when the file did not exist). */
  backup?: string;
  beforeHash: string | null;
  afterHash: string | null;
  what: string;
  caseId?: string;
  recordId?: string;
  undoneAt?: number;
  undoneBy?: 'rollback' | 'user';
}

/** The undo index: which file changed, where its backup is. */
export const CHANGES_DOC = defineDocument<ChangeRecord[]>({
  file: 'changes.json',
  version: 1,
  schema: z.array(
    z.looseObject({
      id: z.string(),
      at: z.number(),
      file: z.string(),
      backup: z.string().optional(),
      beforeHash: z.string().nullable(),
      afterHash: z.string().nullable(),
      what: z.string(),
      caseId: z.string().optional(),
      recordId: z.string().optional(),
      undoneAt: z.number().optional(),
      undoneBy: z.string().optional(),
    }),
  ),
  empty: () => [],
  indent: 1,
});

function readMaybe(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export class ChangeLog {
  readonly dir: string;
  private readonly docs: DocumentStore;

  constructor(dataDir: string, onProblem?: ProblemListener) {
    this.dir = join(dataDir, 'backups');
    this.docs = new DocumentStore(dataDir, { onProblem });
  }

  list(): ChangeRecord[] {
    return this.docs.read(CHANGES_DOC);
  }

  get(id: string): ChangeRecord | undefined {
    return this.list().find((c) => c.id === id || c.id.startsWith(id));
  }

  /** Backs up `file`, then runs `edit` (which writes the new content); records the change. */
  change(file: string, what: string, edit: () => void, meta: { caseId?: string; recordId?: string } = {}): ChangeRecord {
    const { before, backup, id } = this.prepare(file);
    edit();
    return this.finish(file, what, before, backup, id, meta);
  }

  async changeAsync(file: string, what: string, edit: () => Promise<void>, meta: { caseId?: string; recordId?: string } = {}): Promise<ChangeRecord> {
    const { before, backup, id } = this.prepare(file);
    await edit();
    return this.finish(file, what, before, backup, id, meta);
  }

  private prepare(file: string): { before: string | null; backup?: string; id: string } {
    const before = readMaybe(file);
    const id = randomUUID().slice(0, 8);
    let backup: string | undefined;
    if (before !== null || existsSync(file)) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      backup = join(this.dir, `${fileStamp()}-${id}-${basename(file)}`);
      copyFileSync(file, backup);
    }
    return { before, backup, id };
  }

  private finish(file: string, what: string, before: string | null, backup: string | undefined, id: string, meta: { caseId?: string; recordId?: string }): ChangeRecord {
    const after = readMaybe(file);
    const record: ChangeRecord = {
      id,
      at: Date.now(),
      file,
      backup,
      beforeHash: before === null ? null : hashText(before),
      afterHash: after === null ? null : hashText(after),
      what,
      ...meta,
    };
    this.save([...this.list(), record].slice(-CHANGES_KEEP));
    return record;
  }

  /** Puts the backed-up content back. The current content is itself backed up first (undo is undoable). */
  undo(id: string, by: 'rollback' | 'user'): ChangeRecord {
    const list = this.list();
    const rec = list.find((c) => c.id === id || c.id.startsWith(id));
    if (!rec) throw new Error(`no change with id ${id}`);
    if (rec.undoneAt) throw new Error(`change ${rec.id} was already undone`);
    if (!rec.backup) throw new Error(`change ${rec.id} has no backup to restore`);
    if (!existsSync(rec.backup)) throw new Error(`change ${rec.id}: its backup ${rec.backup} is gone (old backups are pruned, see store/retention.ts)`);
    const backup = rec.backup;
    this.change(rec.file, `undo of ${rec.id} (${rec.what})`, () => writeFileAtomicSync(rec.file, readFileSync(backup)), { caseId: rec.caseId, recordId: rec.recordId });
    const fresh = this.list();
    const target = fresh.find((c) => c.id === rec.id)!;
    target.undoneAt = Date.now();
    target.undoneBy = by;
    this.save(fresh);
    return target;
  }

  private save(list: ChangeRecord[]): void {
    this.docs.write(CHANGES_DOC, list);
  }
}
