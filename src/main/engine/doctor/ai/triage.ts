// What `openclaw triage --json --non-interactive --no-export` gathers (docs/cli/triage.md): a sanitized
// diagnostics run that never starts an agent in JSON / non-interactive mode. ClawDoc reads its doctor
// findings as evidence; it never runs `triage --run` or lets triage hand over to an agent.
import { readFileSync, statSync } from 'node:fs';
import { runCli } from './run-cli.js';

export interface TriageResult {
  findings: string[];
  counts?: Record<string, number>;
  error?: string;
}

/** The `## Doctor findings` bullets of triage's saved prompt. */
export function doctorFindingsOf(markdown: string, max = 20): string[] {
  const out: string[] = [];
  let inSection = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^##\s/.test(line)) {
      inSection = /^##\s+Doctor findings/i.test(line);
      continue;
    }
    if (inSection && /^- \[(error|warning)\]/.test(line)) out.push(line.slice(0, 500));
    if (out.length >= max) break;
  }
  return out;
}

export async function runTriage(openclawPath: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<TriageResult> {
  // stdin is /dev/null and the flags forbid a handoff: triage only collects.
  const r = await runCli(openclawPath, ['triage', '--json', '--non-interactive', '--no-export'], { timeoutMs, env, maxBytes: 512 * 1024 });
  if (r.error) return { findings: [], error: r.error.message };
  if (r.timedOut) return { findings: [], error: `openclaw triage took longer than ${Math.round(timeoutMs / 1000)}s` };
  let doc: { promptPath?: unknown; findings?: unknown };
  try {
    doc = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'), r.stdout.lastIndexOf('}') + 1)) as typeof doc;
  } catch {
    return { findings: [], error: `openclaw triage answered no JSON (exit ${r.code})` };
  }
  const counts = doc.findings && typeof doc.findings === 'object' ? (doc.findings as Record<string, number>) : undefined;
  let findings: string[] = [];
  if (typeof doc.promptPath === 'string') {
    try {
      if (statSync(doc.promptPath).size < 256 * 1024) findings = doctorFindingsOf(readFileSync(doc.promptPath, 'utf8'));
    } catch {
      // the prompt could not be saved: counts only
    }
  }
  return { findings, counts };
}
