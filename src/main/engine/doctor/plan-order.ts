// The order in which the doctor tries the matched cases. The matcher ranks by how well the evidence fits; a
// plan also has to weigh what a case does. A condition of a running gateway (a channel given up, OpenClaw's own
// restart-loop breaker, an OAuth wedge) can fit its log lines perfectly and still be a consequence: after
// repeated crashes OpenClaw logs its breaker, while the config fault that made it crash is what needs the fix.
import type { CaseCandidate } from '../../../shared/doctor.js';
import type { ProbeResult } from '../../../shared/status.js';
import { LIVE_CONDITION_CASES } from './cases/builtin.js';

/** Verdicts of a gateway that is not running at all: nothing listens, or something else does. */
const DOWN_VERDICTS: ReadonlySet<ProbeResult['verdict']> = new Set(['refused', 'foreign', 'error']);

/** The gateway is not running: it exited (an exit code or signal was seen) or nothing of it answers. */
export function gatewayIsDown(facts: { exited: boolean; probe?: ProbeResult }): boolean {
  return facts.exited || (facts.probe !== undefined && DOWN_VERDICTS.has(facts.probe.verdict));
}

/**
 * Candidates in the order a plan tries them. Cases that repair a cause keep the matcher's order and come first;
 * conditions of a live gateway come after them, and are left out when the gateway is down: they do not explain
 * why it is down, and their advice ("do not restart") must never leave a dead gateway down.
 */
export function planOrder<C extends Pick<CaseCandidate, 'caseId'>>(candidates: readonly C[], gatewayDown: boolean): C[] {
  const causes = candidates.filter((c) => !LIVE_CONDITION_CASES.has(c.caseId));
  if (gatewayDown) return causes;
  return [...causes, ...candidates.filter((c) => LIVE_CONDITION_CASES.has(c.caseId))];
}
