// Every change ClawDoc makes to a user's file is backed up first and recorded, so it can be undone
// (`clawdoc undo ID`). Backups live in <dataDir>/backups (0600: a config holds the gateway token; kept
// as store/retention.ts says). Every write to the user's file, undo included, keeps its symlink, mode
// and owner (replaceUserFileSync).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineDocument, DocumentStore, type ProblemListener } from '../store/documents.js';
import { CHANGES_KEEP } from '../store/retention.js';
import { fileStamp, readUserFileSync, replaceUserFileSync, writeFileAtomicSync, type FileAttrs } from '../util/fsx.js';
import { hashText } from './config-check.js';
import type { ChangeRecord as SharedChangeRecord } from '../../../shared/doctor.js';

/** The contract's change record, plus what only the engine needs: the file's mode and owner before. */
export interface ChangeRecord extends SharedChangeRecord {
  /** Mode and owner of the file before the change: an undo recreating a deleted file uses them. */
  attrs?: FileAttrs;
}

export interface ChangeMeta {
  caseId?: string;
  recordId?: string;
  warning?: string;
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
      warning: z.string().optional(),
      attrs: z.object({ mode: z.number(), uid: z.number(), gid: z.number() }).optional(),
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
    return readUserFileSync(path)?.data.toString('utf8') ?? null;
  } catch {
    return null;
  }
}

interface Prepared {
  before: string | null;
  backup?: string;
  attrs?: FileAttrs;
  id: string;
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
  change(file: string, what: string, edit: () => void, meta: ChangeMeta = {}): ChangeRecord {
    const prepared = this.prepare(file);
    edit();
    return this.finish(file, what, prepared, meta);
  }

  async changeAsync(file: string, what: string, edit: () => Promise<void>, meta: ChangeMeta = {}): Promise<ChangeRecord> {
    const prepared = this.prepare(file);
    await edit();
    return this.finish(file, what, prepared, meta);
  }

  /** Throws (nothing edited) when the file cannot be backed up, e.g. it is a directory or a FIFO. */
  private prepare(file: string): Prepared {
    const current = readUserFileSync(file);
    const id = randomUUID().slice(0, 8);
    if (!current) return { before: null, id };
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const backup = join(this.dir, `${fileStamp()}-${id}-${basename(file)}`);
    writeFileAtomicSync(backup, current.data, 0o600); // ClawDoc's copy: owner-only, whatever the original's mode
    return { before: current.data.toString('utf8'), backup, attrs: current.attrs, id };
  }

  private finish(file: string, what: string, { before, backup, attrs, id }: Prepared, meta: ChangeMeta): ChangeRecord {
    const after = readMaybe(file);
    const record: ChangeRecord = {
      id,
      at: Date.now(),
      file,
      backup,
      beforeHash: before === null ? null : hashText(before),
      afterHash: after === null ? null : hashText(after),
      what,
      ...(attrs ? { attrs } : {}),
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
    // The backup's exact bytes, in place of the current file (itself backed up first: undo is undoable).
    this.change(rec.file, `undo of ${rec.id} (${rec.what})`, () => replaceUserFileSync(rec.file, readFileSync(backup), { whenNew: rec.attrs }), { caseId: rec.caseId, recordId: rec.recordId });
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
