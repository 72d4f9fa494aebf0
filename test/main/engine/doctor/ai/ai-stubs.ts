// Stand-ins for the AI CLIs, which cannot be installed here: executables that print what the real ones
// print. iflow (`iflow -p PROMPT`): the answer on stdout, an `<Execution Info>{…}</Execution Info>` block
// on stderr. Claude Code (`claude -p PROMPT --output-format json`): one result object
// {type:"result", subtype, is_error, duration_ms, num_turns, result, session_id, total_cost_usd, usage}.
// What a stub does is read at each call from files beside it (mode, plan.json), so a test can change it;
// each call appends its argv and stdin to calls.jsonl, so a test sees exactly what was sent.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type StubMode = 'plan' | 'prose' | 'invalid' | 'outside' | 'hang' | 'huge' | 'not-logged-in' | 'garbage';

const SCRIPT = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const dir = __dirname;
const kind = path.basename(__filename).replace(/\.cjs$/, '');
const read = (f, d) => { try { return fs.readFileSync(path.join(dir, f), 'utf8'); } catch { return d; } };
const mode = read('mode', 'plan').trim();
let stdin = '';
try { if (!process.stdin.isTTY) stdin = fs.readFileSync(0, 'utf8'); } catch {}
fs.appendFileSync(path.join(dir, 'calls.jsonl'), JSON.stringify({ kind, argv: process.argv.slice(2), stdin, env: process.env, at: Date.now() }) + '\n');
const fence = '\x60\x60\x60';
const plan = read('plan.json', '{"summary":"s","rootCause":"r","confidence":0.5,"actions":[],"advice":[]}');
let answer;
switch (mode) {
  case 'prose': answer = 'I looked at the evidence you sent.\n\n' + fence + 'json\n' + plan + '\n' + fence + '\n\nLet me know if anything else comes up {not json}.'; break;
  case 'invalid': answer = 'Here is my plan: {"summary": "the config", "rootCause": "bad", "confidence": 0.9, "actions": [{"type": "restore-snapshot"}'; break;
  case 'outside': answer = JSON.stringify({ summary: 'wipe it', rootCause: 'state', confidence: 0.8, actions: [{ type: 'delete-everything', path: '/' }, { type: 'shell', command: 'rm -rf ~/.openclaw' }, { type: 'restart-gateway' }], advice: ['check the disk'] }); break;
  case 'garbage': answer = '\u0000\u0001 ### ' + 'x'.repeat(300); break;
  case 'huge': answer = 'y'.repeat(8 * 1024 * 1024); break;
  default: answer = plan;
}
if (mode === 'hang') {
  // a helper in the same process group: a timeout must kill it too
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  fs.writeFileSync(path.join(dir, 'helper.pid'), String(child.pid));
  setInterval(() => {}, 1000);
  return;
}
if (kind === 'iflow') {
  if (mode === 'not-logged-in') { process.stderr.write('Error: you are not logged in. Run iflow to log in (or set IFLOW_API_KEY).\n'); process.exit(1); }
  process.stdout.write(answer + '\n');
  process.stderr.write('<Execution Info>\n' + JSON.stringify({ 'session-id': 'session-1b2c', 'conversation-id': 'c-9', assistantRounds: 1, executionTimeMs: 1234, tokenUsage: { input: 900, output: 120, total: 1020 } }, null, 2) + '\n</Execution Info>\n');
} else if (kind === 'claude') {
  const base = { type: 'result', duration_ms: 2400, duration_api_ms: 2100, num_turns: 1, session_id: '6d1f3a0e-2f4b-4c61-9a57-3f0d2b1c4e55', total_cost_usd: 0.0123, usage: { input_tokens: 1200, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 180, service_tier: 'standard' }, modelUsage: { 'claude-sonnet-4-5': { inputTokens: 1200, outputTokens: 180, costUSD: 0.0123 } }, permission_denials: [], uuid: '0e7c2c7e-1a2b-4c3d-8e9f-001122334455' };
  if (mode === 'not-logged-in') { process.stdout.write(JSON.stringify({ ...base, subtype: 'success', is_error: true, result: 'Invalid API key · Please run /login' }) + '\n'); process.exit(1); }
  process.stdout.write(JSON.stringify({ ...base, subtype: 'success', is_error: false, result: answer }) + '\n');
} else {
  process.stdout.write(answer + '\n');
}
`;

export interface AiStubs {
  dir: string;
  iflow: string;
  claude: string;
  command: string;
  setMode(mode: StubMode): void;
  setPlan(plan: unknown): void;
  calls(): { kind: string; argv: string[]; stdin: string; env: Record<string, string>; at: number }[];
  /** The prompt of the last call (iflow/claude: the -p argument; command: stdin). */
  lastPrompt(): string;
  helperPid(): number | undefined;
}

export function makeAiStubs(parent?: string): AiStubs {
  const dir = parent ? join(parent, 'ai-stubs') : mkdtempSync(join(tmpdir(), 'clawdoc-ai-stubs-'));
  mkdirSync(dir, { recursive: true });
  const make = (name: string) => {
    writeFileSync(join(dir, `${name}.cjs`), SCRIPT);
    const bin = join(dir, name);
    writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${join(dir, `${name}.cjs`)}" "$@"\n`);
    chmodSync(bin, 0o755);
    return bin;
  };
  const stubs: AiStubs = {
    dir,
    iflow: make('iflow'),
    claude: make('claude'),
    command: make('answer'),
    setMode: (m) => writeFileSync(join(dir, 'mode'), m),
    setPlan: (p) => writeFileSync(join(dir, 'plan.json'), JSON.stringify(p)),
    calls: () => (existsSync(join(dir, 'calls.jsonl')) ? readFileSync(join(dir, 'calls.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []),
    lastPrompt: () => {
      const c = stubs.calls().at(-1);
      if (!c) return '';
      const i = c.argv.indexOf('-p');
      return i >= 0 ? (c.argv[i + 1] ?? '') : c.stdin;
    },
    helperPid: () => {
      try {
        return Number(readFileSync(join(dir, 'helper.pid'), 'utf8'));
      } catch {
        return undefined;
      }
    },
  };
  stubs.setMode('plan');
  return stubs;
}

export interface FakeOpenAi {
  url: string;
  requests: { headers: Record<string, string | string[] | undefined>; body: { model?: string; messages?: { role: string; content: string }[] } }[];
  /** What the next answers are: a plan (200), 401, 429, or a hang. */
  mode: 'ok' | '401' | '429' | 'hang' | 'not-json';
  content: string;
  close(): Promise<void>;
}

/** A local OpenAI-compatible endpoint: POST /v1/chat/completions, with OpenAI's real error bodies. */
export async function startFakeOpenAi(key = 'sk-test-fake-key-0123456789'): Promise<FakeOpenAi> {
  const fake: FakeOpenAi = { url: '', requests: [], mode: 'ok', content: '', close: async () => {} };
  const hanging = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      let parsed: FakeOpenAi['requests'][number]['body'] = {};
      try {
        parsed = JSON.parse(body);
      } catch {
        // recorded as empty
      }
      fake.requests.push({ headers: req.headers, body: parsed });
      const json = (status: number, doc: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(doc));
      };
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return json(404, { error: { message: `Unknown request URL: ${req.method} ${req.url}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } });
      if (fake.mode === 'hang') {
        hanging.add(res);
        return;
      }
      if (fake.mode === '401' || req.headers.authorization !== `Bearer ${key}`) {
        return json(401, { error: { message: 'Incorrect API key provided: sk-wrong. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      }
      if (fake.mode === '429') return json(429, { error: { message: 'Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
      if (fake.mode === 'not-json') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>502 Bad Gateway</html>');
      }
      json(200, { id: 'chatcmpl-abc123', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: parsed.model ?? 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: fake.content, refusal: null }, logprobs: null, finish_reason: 'stop' }], usage: { prompt_tokens: 900, completion_tokens: 120, total_tokens: 1020 } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise<void>((r) => {
      for (const h of hanging) h.destroy();
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}
