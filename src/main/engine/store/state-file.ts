// state.json: what the watcher must remember across a restart of ClawDoc (counters, the gateway it
// started, the open incident) plus the status snapshot that `clawdoc status` and the tray read.
import { z } from 'zod';
import type { PolicyState, StatusSnapshot } from '../../../shared/status.js';
import { defineDocument, DocumentStore, type ProblemListener } from './documents.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProbeResult } from '../../../shared/status.js';

export interface ChildRecord {
  pid: number;
  startedAt: number;
  /** Byte offset of this run's output in the gateway log, to read its last lines. */
  logOffset: number;
  /** Started without OPENCLAW_NO_RESPAWN: its restarts come back as a handoff (OpenClaw's supervisor contract). */
  handoff?: boolean;
}

export interface PersistedState {
  version: 1;
  policy: PolicyState;
  child?: ChildRecord;
  status?: StatusSnapshot;
}

const IncidentShape = z.looseObject({ id: z.string(), openedAt: z.number(), cause: z.string(), restarts: z.number() });

export const STATE_DOC = defineDocument<PersistedState>({
  file: 'state.json',
  version: 1,
  schema: z.looseObject({
    version: z.literal(1),
    // RestartPolicy fills in what is missing
    policy: z.looseObject({ crashes: z.array(z.number()).optional(), restarts: z.array(z.number()).optional(), backoffResetAt: z.number().optional() }),
    child: z.looseObject({ pid: z.number(), startedAt: z.number(), logOffset: z.number(), handoff: z.boolean().optional() }).optional(),
    status: z
      .looseObject({
        state: z.string(),
        since: z.number(),
        updatedAt: z.number(),
        incident: IncidentShape.optional(),
        lastIncident: IncidentShape.optional(),
      })
      .optional(),
  }),
  empty: () => ({ version: 1, policy: { crashes: [], restarts: [], backoffResetAt: 0 } }),
  indent: 1,
  redact: true, // the last exit's output and the escalation's evidence
});

/** Written after every probe: small, so a probe every few seconds costs one tiny write, not the whole state. */
export interface ProbeBeat {
  at: number;
  watcherPid: number;
  lastProbe: ProbeResult;
}

export class StateFile {
  readonly path: string;
  readonly probePath: string;
  private readonly docs: DocumentStore;

  constructor(
    dataDir: string,
    private readonly onProblem?: ProblemListener,
  ) {
    this.docs = new DocumentStore(dataDir, { onProblem });
    this.path = this.docs.pathOf(STATE_DOC);
    this.probePath = join(dataDir, 'probe.json');
  }

  /** In place, not atomic: a torn read is ignored by `read()` (state.json's own probe is used then). */
  writeProbe(beat: ProbeBeat): void {
    try {
      writeFileSync(this.probePath, JSON.stringify(beat), { mode: 0o600 });
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

  /**
   * The saved state, or undefined. A damaged file is moved aside (and reported) so the watcher can start
   * clean; readOnly (status, history) reports it and leaves it where it is. The newest probe comes from
   * probe.json when the same watcher wrote it after state.json.
   */
  read(options: { readOnly?: boolean } = {}): PersistedState | undefined {
    const value = (options.readOnly ? new DocumentStore(this.docs.dataDir, { onProblem: this.onProblem, readOnly: true }) : this.docs).readIfPresent(STATE_DOC);
    const beat = value?.status ? this.readProbe() : undefined;
    if (value?.status && beat && beat.at > value.status.updatedAt && beat.watcherPid === value.status.watcherPid) {
      value.status.lastProbe = beat.lastProbe;
      value.status.updatedAt = beat.at;
    }
    return value;
  }

  write(state: PersistedState): void {
    this.docs.write(STATE_DOC, state);
  }
}
