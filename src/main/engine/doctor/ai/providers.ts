// The AI providers: iflow (`iflow -p`), Claude Code (`claude -p … --output-format json`), Codex
// (`codex exec`, read-only sandbox), any command that reads a prompt on stdin, and an OpenAI-compatible
// /v1/chat/completions endpoint (OpenAI, Ollama, …). Each answers text or throws AiCallError naming what
// went wrong in words a person can act on (missing, not logged in, rate limited, timed out …).
import type { AiErrorKind } from '../../../../shared/ai.js';
import type { Settings } from '../../settings/settings.js';
import { stripAnsi } from '../../util/exec.js';
import { runCli, type CliRun } from './run-cli.js';

export class AiCallError extends Error {
  override name = 'AiCallError';
  constructor(
    readonly kind: AiErrorKind,
    message: string,
    readonly raw?: string,
  ) {
    super(message);
  }
}

export interface ProviderAnswer {
  text: string;
  model?: string;
}

export type AiSettings = Settings['ai'];

/** The largest prompt passed as one argument (Linux allows 128 KiB per argument, Windows 32 K in all). */
export const MAX_ARG_PROMPT_BYTES = process.platform === 'win32' ? 24_000 : 100_000;

const DEFAULT_BIN: Record<'iflow' | 'claude' | 'codex', string> = { iflow: 'iflow', claude: 'claude', codex: 'codex' };
const INSTALL_HINT: Record<'iflow' | 'claude' | 'codex', string> = {
  iflow: 'install it (npm i -g @iflow-ai/iflow-cli) and log in with `iflow`',
  claude: 'install Claude Code (npm i -g @anthropic-ai/claude-code) and log in with `claude`',
  codex: 'install Codex (npm i -g @openai/codex) and log in with `codex login`',
};

/** What a provider runs or calls (the executable, or the endpoint). */
export function providerTarget(ai: AiSettings): string {
  switch (ai.provider) {
    case 'iflow':
    case 'claude':
    case 'codex':
      return ai.command || DEFAULT_BIN[ai.provider];
    case 'command':
      return ai.command;
    case 'openai':
      return ai.baseUrl ? `${ai.baseUrl.replace(/\/+$/, '')}/chat/completions` : '';
    default:
      return '';
  }
}

const LOGIN = /not logged in|log ?in|\/login|unauthori[sz]ed|\b401\b|invalid api key|api key|authenticat|credential/i;
const RATE = /\b429\b|rate.?limit|quota|too many requests/i;

function excerpt(s: string, n = 400): string {
  const t = stripAnsi(s).trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

/** Common failures of a CLI run, or undefined when it ran to a zero exit. */
function cliFailure(name: string, file: string, r: CliRun, timeoutMs: number, hint?: string): AiCallError | undefined {
  if (r.error) {
    if (r.error.code === 'ENOENT') return new AiCallError('missing', `${name}: "${file}" was not found${hint ? `; ${hint}` : ''} (or set ai.command to its path)`);
    if (r.error.code === 'EACCES') return new AiCallError('missing', `${name}: "${file}" cannot be run (permission denied)`);
    return new AiCallError('failed', `${name}: could not start "${file}": ${r.error.message}`);
  }
  if (r.timedOut) return new AiCallError('timeout', `${name}: no answer within ${Math.round(timeoutMs / 1000)}s; the process group was killed (ai.timeoutSec)`);
  if (r.tooLarge) return new AiCallError('invalid-answer', `${name}: the answer was larger than the limit; the process was killed`);
  if (r.code !== 0) {
    const text = `${r.stderr}\n${r.stdout}`;
    if (RATE.test(text)) return new AiCallError('rate-limited', `${name}: rate limited: ${excerpt(r.stderr || r.stdout)}`, text);
    if (LOGIN.test(text)) return new AiCallError('not-logged-in', `${name}: not logged in or the key was refused: ${excerpt(r.stderr || r.stdout)}${hint ? ` (${hint})` : ''}`, text);
    return new AiCallError('failed', `${name}: exited with ${r.code ?? r.signal}: ${excerpt(r.stderr || r.stdout) || 'no output'}`, text);
  }
  return undefined;
}

/** iflow prints its answer on stdout and an `<Execution Info>{…}</Execution Info>` block (stderr, or stdout in some versions). */
export function stripIflowInfo(text: string): string {
  return text.replace(/<Execution Info>[\s\S]*?<\/Execution Info>/gi, '').replace(/<Execution Info>[\s\S]*$/i, '');
}

/** Claude Code's `--output-format json` result object: {type:"result", subtype, is_error, result, session_id, total_cost_usd, …}. */
export function claudeResult(stdout: string): { text: string; isError: boolean; subtype?: string; model?: string } | undefined {
  const tries = [stdout.trim(), ...stdout.trim().split(/\r?\n/).reverse()];
  for (const t of tries) {
    if (!t.startsWith('{')) continue;
    try {
      const o = JSON.parse(t) as { type?: unknown; subtype?: unknown; is_error?: unknown; result?: unknown; modelUsage?: Record<string, unknown> };
      if (o.type !== 'result') continue;
      const model = o.modelUsage && typeof o.modelUsage === 'object' ? Object.keys(o.modelUsage)[0] : undefined;
      return { text: typeof o.result === 'string' ? o.result : '', isError: o.is_error === true, subtype: typeof o.subtype === 'string' ? o.subtype : undefined, model };
    } catch {
      // not the result line
    }
  }
  return undefined;
}

/** The AI CLIs' own credentials: they need them to log in. */
const OWN_AUTH = /^(?:ANTHROPIC_|CLAUDE_|CLAUDE_CODE_|OPENAI_|CODEX_|IFLOW_|AZURE_OPENAI_)/;
const SECRET_NAME = /token|secret|passw|api_?key|private|credential|auth|cookie|webhook/i;

/** The environment an AI CLI runs with: without OpenClaw's or ClawDoc's secrets (an agent could read them). */
export function cliEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (OWN_AUTH.test(k) || !SECRET_NAME.test(k)) out[k] = v;
  return out;
}

/** A setting the provider cannot work without, or undefined (checked before a call is counted). */
export function configProblem(ai: AiSettings): AiCallError | undefined {
  if (!ai.provider) return new AiCallError('not-configured', 'no AI provider is configured (settings ai.provider)');
  if (ai.provider === 'command' && !ai.command) return new AiCallError('not-configured', 'ai.provider is "command" but ai.command (the executable) is empty');
  if (ai.provider === 'openai' && !ai.baseUrl) return new AiCallError('not-configured', 'ai.provider is "openai" but ai.baseUrl is empty (e.g. https://api.openai.com/v1, or http://127.0.0.1:11434/v1 for Ollama)');
  if (ai.provider === 'openai' && !ai.model) return new AiCallError('not-configured', 'ai.provider is "openai" but ai.model is empty');
  return undefined;
}

export interface CallOptions {
  prompt: string;
  /** The system part (openai: the system message; CLIs: put before the prompt). */
  system: string;
  apiKey?: string;
  env?: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
}

export async function callProvider(ai: AiSettings, o: CallOptions): Promise<ProviderAnswer> {
  const timeoutMs = Math.round(ai.timeoutSec * 1000);
  const provider = ai.provider;
  if (!provider) throw new AiCallError('not-configured', 'no AI provider is configured (settings ai.provider)');
  const full = `${o.system}\n\n${o.prompt}`;
  if (provider !== 'openai' && provider !== 'command' && Buffer.byteLength(full) > MAX_ARG_PROMPT_BYTES) {
    throw new AiCallError('failed', `the prompt is ${Buffer.byteLength(full)} bytes, more than one argument may hold (${MAX_ARG_PROMPT_BYTES})`);
  }
  const env = cliEnv(o.env ?? process.env);
  switch (provider) {
    case 'iflow': {
      const file = providerTarget(ai);
      const r = await runCli(file, ['-p', full], { timeoutMs, env });
      const fail = cliFailure('iflow', file, r, timeoutMs, INSTALL_HINT.iflow);
      if (fail) throw fail;
      const text = stripIflowInfo(stripAnsi(r.stdout)).trim();
      if (!text) throw new AiCallError(LOGIN.test(r.stderr) ? 'not-logged-in' : 'invalid-answer', `iflow: empty answer${r.stderr.trim() ? `: ${excerpt(stripIflowInfo(r.stderr))}` : ''}`, r.stderr);
      return { text };
    }
    case 'claude': {
      const file = providerTarget(ai);
      const r = await runCli(file, ['-p', full, '--output-format', 'json', '--max-turns', '1'], { timeoutMs, env });
      const res = claudeResult(r.stdout);
      if (res?.isError) {
        const kind: AiErrorKind = LOGIN.test(res.text) ? 'not-logged-in' : RATE.test(res.text) ? 'rate-limited' : 'failed';
        throw new AiCallError(kind, `claude: ${res.subtype ?? 'error'}: ${excerpt(res.text) || 'no message'}${kind === 'not-logged-in' ? ` (${INSTALL_HINT.claude})` : ''}`, r.stdout);
      }
      const fail = cliFailure('claude', file, r, timeoutMs, INSTALL_HINT.claude);
      if (fail) throw fail;
      if (!res) throw new AiCallError('invalid-answer', `claude: the output is not Claude Code's JSON result object: ${excerpt(r.stdout, 200)}`, r.stdout);
      return { text: res.text, model: res.model };
    }
    case 'codex': {
      const file = providerTarget(ai);
      // Read-only sandbox: Codex cannot change anything; only its final message is on stdout.
      const r = await runCli(file, ['exec', '--skip-git-repo-check', '--sandbox', 'read-only', '--ephemeral', full], { timeoutMs, env });
      const fail = cliFailure('codex', file, r, timeoutMs, INSTALL_HINT.codex);
      if (fail) throw fail;
      return { text: stripAnsi(r.stdout).trim() };
    }
    case 'command': {
      const file = ai.command;
      if (!file) throw new AiCallError('not-configured', 'ai.provider is "command" but ai.command (the executable) is empty');
      const r = await runCli(file, [], { timeoutMs, env, stdin: full });
      const fail = cliFailure('command', file, r, timeoutMs);
      if (fail) throw fail;
      return { text: stripAnsi(r.stdout).trim() };
    }
    case 'openai':
      return callOpenAi(ai, o, timeoutMs);
  }
}

const MAX_HTTP_BYTES = 1024 * 1024;

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > MAX_HTTP_BYTES) {
      await reader.cancel().catch(() => {});
      throw new AiCallError('invalid-answer', `openai: the answer is larger than ${MAX_HTTP_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorMessage(body: string): string {
  try {
    const o = JSON.parse(body) as { error?: { message?: unknown; code?: unknown; type?: unknown } | string };
    if (typeof o.error === 'string') return o.error;
    if (o.error && typeof o.error.message === 'string') return `${o.error.message}${typeof o.error.code === 'string' ? ` (${o.error.code})` : ''}`;
  } catch {
    // not JSON
  }
  return excerpt(body, 300);
}

async function callOpenAi(ai: AiSettings, o: CallOptions, timeoutMs: number): Promise<ProviderAnswer> {
  if (!ai.baseUrl) throw new AiCallError('not-configured', 'ai.provider is "openai" but ai.baseUrl is empty (e.g. https://api.openai.com/v1, or http://127.0.0.1:11434/v1 for Ollama)');
  if (!ai.model) throw new AiCallError('not-configured', 'ai.provider is "openai" but ai.model is empty');
  const url = providerTarget(ai);
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  let body: string;
  try {
    res = await (o.fetchImpl ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}) },
      body: JSON.stringify({ model: ai.model, messages: [{ role: 'system', content: o.system }, { role: 'user', content: o.prompt }] }),
      signal,
    });
    body = await readCapped(res);
  } catch (err) {
    if (err instanceof AiCallError) throw err;
    if (signal.aborted) throw new AiCallError('timeout', `openai: no answer from ${url} within ${Math.round(timeoutMs / 1000)}s (ai.timeoutSec)`);
    throw new AiCallError('failed', `openai: ${url} cannot be reached: ${(err as Error).message}`);
  }
  if (res.status === 401 || res.status === 403) throw new AiCallError('not-logged-in', `openai: the endpoint refused the API key (HTTP ${res.status}): ${errorMessage(body)}; set it with \`clawdoc ai key\``, body);
  if (res.status === 429) throw new AiCallError('rate-limited', `openai: rate limited (HTTP 429): ${errorMessage(body)}`, body);
  if (!res.ok) throw new AiCallError('failed', `openai: HTTP ${res.status}: ${errorMessage(body)}`, body);
  let doc: { model?: unknown; choices?: { message?: { content?: unknown } }[] };
  try {
    doc = JSON.parse(body) as typeof doc;
  } catch {
    throw new AiCallError('invalid-answer', `openai: the endpoint's answer is not JSON: ${excerpt(body, 200)}`, body);
  }
  const content = doc.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new AiCallError('invalid-answer', 'openai: the answer has no choices[0].message.content', body);
  return { text: content, model: typeof doc.model === 'string' ? doc.model : ai.model };
}
