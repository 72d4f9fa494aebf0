// The cap on AI calls per hour, kept in <dataDir>/ai-calls.json so a restart of ClawDoc does not reset it.
import { z } from 'zod';
import { defineDocument, DocumentStore, type ProblemListener } from '../../store/documents.js';

interface CallsFile {
  version: 1;
  /** When each call of the last hour started (epoch ms). */
  calls: number[];
}

export const AI_CALLS_DOC = defineDocument<CallsFile>({
  file: 'ai-calls.json',
  version: 1,
  schema: z.looseObject({ version: z.literal(1).default(1), calls: z.array(z.number()).default([]) }),
  empty: () => ({ version: 1, calls: [] }),
  indent: 0,
});

const HOUR = 3_600_000;

export class AiCallLog {
  private readonly docs: DocumentStore;

  constructor(dataDir: string, onProblem?: ProblemListener) {
    // A damaged file is kept aside by the store; the cap then starts afresh (reported, never fatal).
    this.docs = new DocumentStore(dataDir, { onProblem: onProblem ?? ((p) => process.stderr.write(`clawdoc: warning: ${p.message}\n`)) });
  }

  /** Calls started within the last hour. */
  recent(now = Date.now()): number[] {
    return this.docs.read(AI_CALLS_DOC).calls.filter((t) => t > now - HOUR && t <= now + 60_000);
  }

  /** Takes a slot, or says when the next one frees up. */
  take(max: number, now = Date.now()): { ok: true } | { ok: false; retryAt: number } {
    const recent = this.recent(now).sort((a, b) => a - b);
    if (recent.length >= max) return { ok: false, retryAt: (recent[recent.length - max] ?? now) + HOUR };
    this.docs.write(AI_CALLS_DOC, { version: 1, calls: [...recent, now] });
    return { ok: true };
  }
}
