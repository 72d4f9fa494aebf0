// `clawdoc ai test|show|key`: the AI provider for faults no case matches (issue 12), and how a plan is
// shown (also by `clawdoc diagnose --ai`).
import { readFileSync } from 'node:fs';
import { AI_KEY_SECRET, type AiOutcome } from '../../shared/ai.js';
import { describeAction } from '../engine/doctor/actions.js';
import { providerTarget } from '../engine/doctor/ai/providers.js';
import { connect } from './connect.js';
import { stringsFor, type CliStrings } from './messages.js';
import { resolveDataDir, UsageError, type CliIO } from './cli-context.js';
import type { Command } from './command.js';

/** An AI outcome for a person: the plan, what may run, the advice, what was rejected. */
export function printAiOutcome(io: CliIO, t: CliStrings, ai: AiOutcome): void {
  if (!ai.ok || !ai.plan) {
    io.out(t.aiFailed(ai.error ?? 'no plan'));
    if (ai.rawExcerpt) io.out(`  > ${ai.rawExcerpt.replace(/\n/g, '\n  > ')}`);
    return;
  }
  const p = ai.plan;
  io.out(t.aiAsked(`${p.provider}${p.model ? `, ${p.model}` : ''}`, (ai.durationMs / 1000).toFixed(1)));
  io.out(`  ${t.aiSummary}: ${p.summary}`);
  io.out(`  ${t.aiRootCause}: ${p.rootCause}`);
  io.out(`  ${t.aiConfidence}: ${p.confidence.toFixed(2)}`);
  if (p.actions.length) {
    io.out(`  ${t.aiActions}:`);
    p.actions.forEach((a, i) => io.out(`    ${i + 1}. ${describeAction(a)}  ${JSON.stringify(a)}`));
  } else io.out(`  ${t.aiNoActions}`);
  if (p.advice.length) {
    io.out(`  ${t.aiAdvice}:`);
    for (const a of p.advice) io.out(`    - ${a}`);
  }
  if (p.rejected.length) {
    io.out(`  ${t.aiRejected}:`);
    for (const r of p.rejected) io.out(`    - ${r.item}: ${r.reason}`);
  }
}

export const aiCommand: Command = {
  name: 'ai',
  readOnly: (args) => args[0] === 'show' || args[0] === undefined,
  summary: 'The AI for faults no case matches: show the provider, test it, store its API key (openai)',
  usage: 'clawdoc ai show|test|key [KEY|--stdin|--remove] [--json] [--data-dir DIR]',
  options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' }, stdin: { type: 'boolean' }, remove: { type: 'boolean' } },
  async run({ flags, positionals, io }) {
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const [action = 'show', ...rest] = positionals;
    const { api } = await connect(dataDir, io);
    const view = await api.settings();
    const settings = view.settings;
    const t = stringsFor(settings.language);
    switch (action) {
      case 'show': {
        const ai = settings.ai;
        const hasKey = view.secrets.stored.includes(AI_KEY_SECRET);
        if (flags.json) {
          io.out(JSON.stringify({ ...ai, target: providerTarget(ai), apiKey: hasKey ? 'stored' : 'none' }, null, 2));
          return 0;
        }
        if (!ai.provider) {
          io.out(t.aiNotConfigured);
          return 0;
        }
        io.out(t.aiShow(ai.provider, providerTarget(ai), ai.timeoutSec, ai.maxCallsPerHour, hasKey ? 'stored' : ai.provider === 'openai' ? 'none (clawdoc ai key --stdin)' : 'n/a'));
        return 0;
      }
      case 'test': {
        const s = await api.aiTest();
        if (flags.json) io.out(JSON.stringify(s, null, 2));
        else {
          io.out(s.ok ? t.aiTestOk(s.message) : t.aiTestFailed(s.message));
          io.out(t.aiCalls(s.callsLastHour, s.maxCallsPerHour));
        }
        return s.ok ? 0 : 1;
      }
      case 'key': {
        let key: string | null;
        if (flags.remove) key = null;
        else if (flags.stdin) key = readFileSync(0, 'utf8').trim();
        else if (rest[0]) key = rest[0];
        else throw new UsageError('ai key needs the key (--stdin reads it without leaving it in your shell history) or --remove');
        await api.setSecret(AI_KEY_SECRET, key);
        io.out(key === null ? t.aiKeyRemoved : t.aiKeyStored);
        return 0;
      }
      default:
        throw new UsageError(`unknown ai action "${action}" (show, test, key)`);
    }
  },
};
