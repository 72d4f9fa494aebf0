// Redaction: masks secrets in any text that leaves the machine (alerts, doctor prompts, reports).
// Patterns catch the common shapes; literal values (OpenClaw's gateway token, provider apiKeys,
// webhook secrets) catch the rest, whatever they look like.
import { setOwn } from '../util/own.js';

export const MASK = '***';

/** Values shorter than this are not treated as literal secrets: masking "on" or "1" would shred the text. */
const MIN_LITERAL = 6;

const KEY_NAMES = String.raw`(?:access[_-]?token|refresh[_-]?token|id[_-]?token|api[_-]?key|apikey|app[_-]?secret|client[_-]?secret|private[_-]?key|secret|token|password|passwd|pwd|key|sign|signature|cookie|credentials?)`;

const PATTERNS: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // Authorization / Proxy-Authorization / X-Api-Key style headers, in log lines or dumped objects.
  [/\b((?:proxy-)?authorization|x-api-key|api-key|x-auth-token)(["']?\s*[:=]\s*["']?)([^"'\r\n,}]+)/gi, (_m, h, sep) => `${h}${sep}${MASK}`],
  // Bearer credentials wherever they appear; Basic / Bot only when the word after looks like a
  // credential (has a digit or base64 punctuation), so "Basic setup" or "Bot started" stay readable.
  [/\bBearer\s+[A-Za-z0-9._~+/=-]{6,}/g, `Bearer ${MASK}`],
  [/\b(Basic|Bot)\s+(?=[A-Za-z._~-]*[0-9+/=])[A-Za-z0-9._~+/=-]{8,}/g, (_m, kind) => `${kind} ${MASK}`],
  // Provider keys: sk-…, sk-ant-…, xox[abpr]-… (Slack), ghp_/gho_/ghs_ (GitHub), AIza… (Google), AKIA… (AWS).
  [/\bsk-[A-Za-z0-9_-]{8,}/g, `sk-${MASK}`],
  [/\bxox[abprs]-[A-Za-z0-9-]{8,}/g, `xox-${MASK}`],
  [/\bgh[pousr]_[A-Za-z0-9]{16,}/g, `gh_${MASK}`],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, `AIza${MASK}`],
  [/\bAKIA[0-9A-Z]{12,}/g, `AKIA${MASK}`],
  // Webhook URLs: the token is the credential.
  [/(\/open-apis\/bot\/v2\/hook\/)[^\s"'/?#<>)]+/g, `$1${MASK}`],
  [/(\/api\/webhooks\/\d+\/)[^\s"'/?#<>)]+/g, `$1${MASK}`],
  [/(api\.telegram\.org\/bot)[^\s"'/?#<>)]+/g, `$1${MASK}`],
  [/(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[^\s"'?#<>)]+/g, `$1${MASK}`],
  // key=value, key: value, "key": "value" (query strings, env lines, JSON, JSON5, YAML).
  [
    new RegExp(String.raw`(["']?\b[A-Za-z0-9_.-]*${KEY_NAMES}["']?)(\s*[:=]\s*)(["']?)([^\s"'&,;}<>)\]]+)`, 'gi'),
    (_m, key, sep, quote) => `${key}${sep}${quote}${MASK}`,
  ],
  // PEM blocks.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, `-----PRIVATE KEY ${MASK}-----`],
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private literals: string[] = [];
  private literalRe?: RegExp;

  constructor(literals: Iterable<string> = []) {
    this.addLiterals(literals);
  }

  /** Adds exact values to mask (and their URL-encoded forms, as they appear in query strings). */
  addLiterals(values: Iterable<string>): this {
    const set = new Set(this.literals);
    for (const v of values) {
      if (typeof v !== 'string' || v.length < MIN_LITERAL) continue;
      set.add(v);
      const enc = encodeURIComponent(v);
      if (enc !== v) set.add(enc);
    }
    this.literals = [...set].sort((a, b) => b.length - a.length); // longest first: a secret containing another
    this.literalRe = this.literals.length ? new RegExp(this.literals.map(escapeRegExp).join('|'), 'g') : undefined;
    return this;
  }

  redact(text: string): string {
    let out = text;
    if (this.literalRe) out = out.replace(this.literalRe, MASK);
    for (const [re, rep] of PATTERNS) out = out.replace(re, rep as string);
    return out;
  }

  /** Redacts every string inside a JSON-like value (keys are kept). */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) setOwn(out, k, this.redactDeep(v)); // a "__proto__" key stays a key
      return out as T;
    }
    return value;
  }
}

export function redact(text: string, literals: Iterable<string> = []): string {
  return new Redactor(literals).redact(text);
}

const SECRET_KEY = /(token|secret|password|passwd|apikey|api_key|api-key|^key$|privatekey|private_key|credential|cookie|webhook|signingsecret|appsecret|encryptkey|verificationtoken)/i;

/**
 * Every value in OpenClaw's config (or any object) stored under a secret-looking key, e.g.
 * `gateway.auth.token`, `models.providers.*.apiKey`, `channels.feishu.appSecret`.
 * `${ENV}` references are skipped (the value is elsewhere); their resolved values can be added by the caller.
 */
export function collectSecretValues(value: unknown, out: Set<string> = new Set(), underSecretKey = false): Set<string> {
  if (typeof value === 'string') {
    if (underSecretKey && value.length >= MIN_LITERAL && !/^\$\{[^}]+\}$/.test(value)) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectSecretValues(v, out, underSecretKey);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectSecretValues(v, out, underSecretKey || SECRET_KEY.test(k));
  }
  return out;
}
