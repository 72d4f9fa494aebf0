// state.json: what the watcher must remember across a restart of ClawDoc (counters, the gateway it
// started, the open incident) plus the status snapshot that `clawdoc status` and the tray read.
// probe.json carries the latest probe between state changes.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProbeResult, StatusSnapshot } from '../../../shared/status.js';
import { fileStamp, writeFileAtomicSync } from '../util/fsx.js';
import type { PolicyState } from '../watchdog/restart-policy.js';

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

/** Written after every probe: small, so a probe every few seconds costs one tiny write, not the whole state. */
export interface ProbeBeat {
  at: number;
  watcherPid: number;
  lastProbe: ProbeResult;
}

export class StateFile {
  readonly path: string;
  readonly probePath: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'state.json');
    this.probePath = join(dataDir, 'probe.json');
  }

  /** In place, not atomic: a torn read is ignored by `read()` (state.json's own probe is used then). */
  writeProbe(beat: ProbeBeat): void {
    try {
      writeFileSync(this.probePath, JSON.stringify(beat));
    } catch {
      // the next probe writes again
    }
  }

  private readProbe(): ProbeBeat | undefined {
    try {
      const beat = JSON.parse(readFileSync(this.probePath, 'utf8')) as ProbeBeat;
      return typeof beat?.at === 'number' && beat.lastProbe && typeof beat.lastProbe.at === 'number' ? beat : undefined;
    } catch {
      return undefined;
    }
  }

  /** The saved state, or undefined. A damaged file is moved aside so the watcher can start clean. */
  read(): PersistedState | undefined {
    if (!existsSync(this.path)) return undefined;
    try {
      const value = JSON.parse(readFileSync(this.path, 'utf8')) as PersistedState;
      if (value?.version !== 1) throw new Error('unknown version');
      // The newest probe comes from probe.json when the same watcher wrote it after state.json.
      const beat = this.readProbe();
      if (value.status && beat && beat.at > value.status.updatedAt && beat.watcherPid === value.status.watcherPid) {
        value.status.lastProbe = beat.lastProbe;
        value.status.updatedAt = beat.at;
      }
      return value;
    } catch {
      renameSync(this.path, `${this.path}.corrupt-${fileStamp()}`);
      return undefined;
    }
  }

  write(state: PersistedState): void {
    writeFileAtomicSync(this.path, `${JSON.stringify(state, null, 1)}\n`);
  }
}
