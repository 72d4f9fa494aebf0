// Asks the configured AI for a diagnosis: the call cap, the prompt (redacted), the provider, the answer
// validated into a plan. Never runs anything itself: the doctor decides what of the plan runs, through
// its executor (backup, verification, rollback, approvals).
import { AI_KEY_SECRET, type AiOutcome, type AiProviderStatus } from '../../../../shared/ai.js';
import type { CaseCandidate, EvidenceSummary } from '../../../../shared/doctor.js';
import { FileSecretStore, type SecretStore } from '../../alerts/secrets.js';
import { buildRedactor } from '../../redaction/known-secrets.js';
import type { Redactor } from '../../redaction/redactor.js';
import type { Settings } from '../../settings/settings.js';
import { AnswerError, parseAnswer } from './answer.js';
import { AiCallLog } from './call-log.js';
import { buildPrompt, SYSTEM_PROMPT } from './prompt.js';
import { AiCallError, callProvider, configProblem, providerTarget } from './providers.js';
import { runTriage } from './triage.js';

export { AI_KEY_SECRET };

export interface AiAdvisorOptions {
  settings: Settings;
  dataDir: string;
  configPath: string;
  /** The environment OpenClaw runs with (triage) and the CLIs inherit. */
  env: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
  /** ClawDoc's secrets (the app's OS-sealed store, else the owner-only file): the API key, and redaction. */
  secrets?: SecretStore;
  /** Ask `openclaw triage --json` for its findings before the call (default: true). */
  triage?: boolean;
  triageTimeoutMs?: number;
}

export interface AdviceRequest {
  evidence: EvidenceSummary;
  candidates: { candidate: CaseCandidate; title: string }[];
  /** Ask `openclaw triage` about this installation (not for a pasted text about another one). */
  triage?: boolean;
}

export class AiAdvisor {
  private readonly calls: AiCallLog;
  private readonly secrets: SecretStore;

  constructor(private readonly o: AiAdvisorOptions) {
    this.calls = new AiCallLog(o.dataDir);
    this.secrets = o.secrets ?? new FileSecretStore(o.dataDir);
  }

  get configured(): boolean {
    return !!this.o.settings.ai.provider;
  }

  redactor(): Redactor {
    return buildRedactor(this.o.settings, this.secrets, this.o.configPath, this.o.env);
  }

  private slot(): AiCallError | undefined {
    const max = this.o.settings.ai.maxCallsPerHour;
    if (max <= 0) return new AiCallError('call-cap', 'ai.maxCallsPerHour is 0: no AI calls are allowed');
    const t = this.calls.take(max);
    if (!t.ok) return new AiCallError('call-cap', `the cap of ${max} AI calls per hour is reached; the next call is possible at ${new Date(t.retryAt).toISOString()} (ai.maxCallsPerHour)`);
    return undefined;
  }

  /** The prompt for this evidence, as it would be sent (redacted). */
  async prompt(req: AdviceRequest): Promise<string> {
    const s = this.o.settings;
    const triage = this.o.triage === false || req.triage === false ? undefined : await runTriage(s.gateway.openclawPath, { ...this.o.env, OPENCLAW_CONFIG_PATH: this.o.configPath }, this.o.triageTimeoutMs ?? 60_000);
    return buildPrompt({ evidence: req.evidence, candidates: req.candidates, triage: triage?.findings }, this.redactor());
  }

  async diagnose(req: AdviceRequest): Promise<AiOutcome> {
    const started = Date.now();
    const ai = this.o.settings.ai;
    const provider = ai.provider;
    const fail = (err: unknown): AiOutcome => {
      const e = err instanceof AiCallError ? err : err instanceof AnswerError ? new AiCallError('invalid-answer', `the answer was rejected: ${err.message}`) : new AiCallError('failed', (err as Error).message);
      const r = this.redactor();
      const raw = e.raw ?? (err as { raw?: string }).raw;
      return { ok: false, provider, error: r.redact(e.message), errorKind: e.kind, ...(raw ? { rawExcerpt: r.redact(raw.slice(0, 500)) } : {}), durationMs: Date.now() - started };
    };
    const bad = configProblem(ai);
    if (bad || !provider) return fail(bad);
    const cap = this.slot();
    if (cap) return fail(cap);
    let text = '';
    try {
      const prompt = await this.prompt(req);
      const t0 = Date.now();
      const answer = await callProvider(ai, { prompt, system: SYSTEM_PROMPT, apiKey: this.secrets.get(AI_KEY_SECRET), env: this.o.env, fetchImpl: this.o.fetchImpl });
      text = answer.text;
      const plan = parseAnswer(text, { provider, model: answer.model, at: t0, durationMs: Date.now() - t0 });
      return { ok: true, provider, plan: this.redactor().redactDeep(plan), durationMs: Date.now() - started };
    } catch (err) {
      if (err instanceof AnswerError) (err as AnswerError & { raw?: string }).raw = text;
      return fail(err);
    }
  }

  /** `clawdoc ai test`: a short call that must come back as a valid answer. */
  async test(): Promise<AiProviderStatus> {
    const started = Date.now();
    const ai = this.o.settings.ai;
    const base = { provider: ai.provider, target: providerTarget(ai) || undefined, maxCallsPerHour: ai.maxCallsPerHour };
    const done = (ok: boolean, message: string, errorKind?: AiProviderStatus['errorKind']): AiProviderStatus => ({ ...base, ok, message: this.redactor().redact(message), ...(errorKind ? { errorKind } : {}), callsLastHour: this.calls.recent().length, durationMs: Date.now() - started });
    if (!ai.provider) return done(false, 'no AI provider is configured: clawdoc settings set ai.provider iflow|claude|codex|command|openai', 'not-configured');
    const bad = configProblem(ai);
    if (bad) return done(false, bad.message, bad.kind); // not a call: not counted
    const cap = this.slot();
    if (cap) return done(false, cap.message, cap.kind);
    let text = '';
    try {
      const prompt = 'This is a connection test. Answer exactly: {"summary":"ok","rootCause":"none","confidence":1,"actions":[],"advice":[]}';
      const answer = await callProvider(ai, { prompt, system: SYSTEM_PROMPT, apiKey: this.secrets.get(AI_KEY_SECRET), env: this.o.env, fetchImpl: this.o.fetchImpl });
      text = answer.text;
      parseAnswer(text, { provider: ai.provider, at: started, durationMs: 0 });
      return done(true, `${ai.provider} answers with a valid plan${answer.model ? ` (model ${answer.model})` : ''} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    } catch (err) {
      if (err instanceof AnswerError) return done(false, `${ai.provider} answered, but not with the JSON ClawDoc needs: ${err.message}`, 'invalid-answer');
      const e = err instanceof AiCallError ? err : new AiCallError('failed', (err as Error).message);
      return done(false, e.message, e.kind);
    }
  }
}
