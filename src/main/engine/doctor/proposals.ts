// Fixes that wait for a person (autoHeal=off, or an action that could lose data under autoHeal=safe)
// are proposals in <dataDir>/proposals.json. `clawdoc approve ID` reaches a running watcher through the
// runtime, which applies the fix at once; approved without a watcher, it is applied when one starts.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineDocument, DocumentStore, type ProblemListener } from '../store/documents.js';
import { PROPOSALS_KEEP } from '../store/retention.js';
import type { Proposal, ProposalStatus } from '../../../shared/doctor.js';

export type { Proposal, ProposalStatus };

// Statuses and action types stay plain strings here: a value a newer ClawDoc added is not damage.
export const PROPOSALS_DOC = defineDocument<Proposal[]>({
  redact: true, // reasons quote the evidence
  file: 'proposals.json',
  version: 1,
  schema: z.array(
    z.looseObject({
      id: z.string(),
      createdAt: z.number(),
      caseId: z.string(),
      caseTitle: z.string(),
      action: z.looseObject({ type: z.string() }),
      description: z.string(),
      confidence: z.number(),
      reason: z.string(),
      recordId: z.string(),
      why: z.string(),
      status: z.string(),
      decidedAt: z.number().optional(),
      finishedAt: z.number().optional(),
      result: z.string().optional(),
      expiresAt: z.number(),
    }),
  ),
  empty: () => [],
  indent: 1,
});

export class ProposalQueue {
  readonly path: string;
  private readonly docs: DocumentStore;

  constructor(dataDir: string, onProblem?: ProblemListener) {
    this.docs = new DocumentStore(dataDir, { onProblem });
    this.path = this.docs.pathOf(PROPOSALS_DOC);
  }

  list(): Proposal[] {
    return this.docs.read(PROPOSALS_DOC);
  }

  mtime(): number {
    return this.docs.mtime(PROPOSALS_DOC);
  }

  private save(list: Proposal[]): void {
    this.docs.write(PROPOSALS_DOC, list.slice(-PROPOSALS_KEEP));
  }

  add(p: Omit<Proposal, 'id' | 'createdAt' | 'status'>): Proposal {
    const list = this.list();
    // one pending proposal per case and action: a repeat replaces the old one
    const same = (x: Proposal) => x.status === 'pending' && x.caseId === p.caseId && JSON.stringify(x.action) === JSON.stringify(p.action);
    for (const x of list) if (same(x)) x.status = 'expired';
    const proposal: Proposal = { ...p, id: randomUUID().slice(0, 8), createdAt: Date.now(), status: 'pending' };
    list.push(proposal);
    this.save(list);
    return proposal;
  }

  get(id: string): Proposal | undefined {
    const list = this.list();
    return list.find((p) => p.id === id) ?? (id.length >= 4 ? list.find((p) => p.id.startsWith(id)) : undefined);
  }

  update(id: string, patch: Partial<Proposal>): Proposal | undefined {
    const list = this.list();
    const p = list.find((x) => x.id === id);
    if (!p) return undefined;
    Object.assign(p, patch);
    this.save(list);
    return p;
  }

  /** A person's decision (CLI). */
  decide(id: string, approve: boolean): Proposal {
    const p = this.get(id);
    if (!p) throw new Error(`no proposal ${id}`);
    if (p.status !== 'pending') throw new Error(`proposal ${p.id} is ${p.status}, not pending`);
    if (p.expiresAt < Date.now()) {
      this.update(p.id, { status: 'expired' });
      throw new Error(`proposal ${p.id} has expired`);
    }
    return this.update(p.id, { status: approve ? 'approved' : 'rejected', decidedAt: Date.now() })!;
  }

  /** Claims approved proposals for applying (status → applying). */
  claimApproved(): Proposal[] {
    const list = this.list();
    const now = Date.now();
    let changed = false;
    const out: Proposal[] = [];
    for (const p of list) {
      if (p.status === 'pending' && p.expiresAt < now) {
        p.status = 'expired';
        changed = true;
      } else if (p.status === 'approved') {
        p.status = 'applying';
        out.push(p);
        changed = true;
      }
    }
    if (changed) this.save(list);
    return out;
  }
}
