// state.json: what the watcher must remember across a restart of ClawDoc (counters, the gateway it
// started, the open incident) plus the status snapshot that `clawdoc status` and the tray read.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { StatusSnapshot, PolicyState } from '../../../shared/status.js';
import { fileStamp, writeFileAtomicSync } from '../util/fsx.js';

export interface ChildRecord {
  pid: number;
  startedAt: number;
  /** Byte offset of this run's output in the gateway log, to read its last lines. */
  logOffset: number;
}

export interface PersistedState {
  version: 1;
  policy: PolicyState;
  child?: ChildRecord;
  status?: StatusSnapshot;
}

export class StateFile {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'state.json');
  }

  /**
   * The saved state, or undefined. A damaged file is moved aside so the watcher can start clean;
   * readOnly (status, history) leaves it where it is.
   */
  read(options: { readOnly?: boolean } = {}): PersistedState | undefined {
    if (!existsSync(this.path)) return undefined;
    try {
      const value = JSON.parse(readFileSync(this.path, 'utf8')) as PersistedState;
      if (value?.version !== 1) throw new Error('unknown version');
      return value;
    } catch {
      if (options.readOnly) return undefined;
      renameSync(this.path, `${this.path}.corrupt-${fileStamp()}`);
      return undefined;
    }
  }

  write(state: PersistedState): void {
    writeFileAtomicSync(this.path, `${JSON.stringify(state, null, 1)}\n`);
  }
}
