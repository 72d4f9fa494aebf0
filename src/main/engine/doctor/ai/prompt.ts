// The prompt: the evidence (exit code, relevant output and log lines, config findings, /readyz failures,
// platform, what `openclaw triage` found), the top case candidates, and the catalogue of typed actions.
// Everything passes the redactor first: no token, key, password or webhook secret reaches a provider.
import os from 'node:os';
import type { CaseCandidate, EvidenceSummary } from '../../../../shared/doctor.js';
import type { Redactor } from '../../redaction/redactor.js';
import { stripAnsi } from '../../util/exec.js';
import { AI_CATALOGUE } from './catalogue.js';

export interface PromptInput {
  evidence: EvidenceSummary;
  candidates: { candidate: CaseCandidate; title: string }[];
  /** Lines `openclaw triage --json` gathered (its doctor findings). */
  triage?: string[];
  openclawVersion?: string;
}

export const SYSTEM_PROMPT = [
  'You are the diagnosis step of ClawDoc, a watchdog for the OpenClaw AI gateway.',
  'You do not run anything. You answer with ONE JSON object and nothing else, of this shape:',
  '{"summary": string, "rootCause": string, "confidence": number 0..1, "actions": [action, ...], "advice": [string, ...]}',
  'Each action is one of the typed actions listed below, with its parameters, e.g. {"type":"restore-snapshot"} or {"type":"set-config-key","key":"gateway.mode","value":"local"}.',
  'Actions are tried in order; each is verified (the gateway must become healthy) and rolled back if it does not help.',
  'Only the listed action types exist. Never put a shell command in "actions": put commands and manual steps for a person in "advice".',
  'If no listed action can fix it, answer with an empty "actions" list and explain in "advice".',
].join('\n');

const MAX_LINE = 400;

function clean(lines: string[], max: number, r: Redactor): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const t = r.redact(stripAnsi(l)).trim();
    if (!t) continue;
    out.push(t.length > MAX_LINE ? `${t.slice(0, MAX_LINE)}…` : t);
  }
  return out.slice(-max);
}

export function buildPrompt(input: PromptInput, redactor: Redactor, maxChars = 60_000): string {
  const e = input.evidence;
  const parts: string[] = [];
  parts.push('## Available actions (the only ones ClawDoc can run)');
  for (const a of AI_CATALOGUE) parts.push(`- ${a.type} ${a.params}: ${a.what}`);
  parts.push('', '## Platform', `- ${process.platform} ${os.release()} ${process.arch}, Node.js ${process.versions.node}${input.openclawVersion ? `, OpenClaw ${input.openclawVersion}` : ''}`);
  parts.push('', '## What happened', `- trigger: ${e.trigger}`);
  if (e.cause) parts.push(`- escalation cause: ${e.cause}`);
  if (e.reason) parts.push(`- reason: ${redactor.redact(e.reason).slice(0, MAX_LINE)}`);
  if (e.exitCode !== undefined && e.exitCode !== null) parts.push(`- gateway exit code: ${e.exitCode}`);
  if (e.failing.length) parts.push(`- /readyz failing: ${clean(e.failing, 20, redactor).join(', ')}`);
  if (e.portHolder) parts.push(`- port held by: pid ${e.portHolder.pid} ${e.portHolder.isOpenClaw ? '(OpenClaw)' : '(not OpenClaw)'}`);
  if (e.memory) parts.push(`- memory: ${e.memory.freeMb} MB free of ${e.memory.totalMb} MB${e.memory.gatewayRssMb ? `, gateway RSS ${e.memory.gatewayRssMb} MB` : ''}`);
  if (e.disk) parts.push(`- disk: ${e.disk.freeMb} MB free of ${e.disk.totalMb} MB`);
  if (e.findings.length) {
    parts.push('', '## Config check findings (secret values removed)');
    for (const f of e.findings.slice(0, 20)) parts.push(`- [${f.severity}] ${f.code} ${f.key}: ${redactor.redact(f.message).slice(0, MAX_LINE)}`);
  }
  if (input.triage?.length) {
    parts.push('', '## `openclaw triage` doctor findings');
    parts.push(...clean(input.triage, 20, redactor).map((l) => (l.startsWith('-') ? l : `- ${l}`)));
  }
  if (input.candidates.length) {
    parts.push('', '## Known cases that matched weakly (below the confidence ClawDoc acts on)');
    for (const c of input.candidates.slice(0, 5)) parts.push(`- ${c.candidate.caseId} (${c.candidate.confidence}): ${c.title} — ${redactor.redact(c.candidate.reason).slice(0, 200)}`);
  } else {
    parts.push('', '## Known cases', '- none of ClawDoc\'s cases matches this evidence');
  }
  const head = parts.join('\n');
  // The output and log lines fill what is left (the newest kept), so the prompt stays under maxChars.
  let output = clean(e.lastOutput, 40, redactor);
  let logs = clean(e.logLines, 30, redactor);
  const render = () => `${head}\n\n## Gateway output (last lines)\n${output.join('\n') || '(none)'}\n\n## Log lines\n${logs.join('\n') || '(none)'}\n\nAnswer with the JSON object only.`;
  let text = render();
  while (text.length > maxChars && (output.length || logs.length)) {
    if (logs.length >= output.length) logs = logs.slice(1);
    else output = output.slice(1);
    text = render();
  }
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}
