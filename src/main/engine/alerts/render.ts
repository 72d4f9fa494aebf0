// Turns a platform-neutral Alert into the text each platform understands: Markdown (with the
// platform's dialect), plain text, or Telegram's HTML. Sizes are bounded per platform.
import type { Alert, AlertSection } from '../../../shared/alerts.js';

export interface MarkdownDialect {
  /** `## title` (DingTalk, Discord) or a bold line (Feishu lark_md, WeCom, Slack). */
  headings: boolean;
  bold: '**' | '*';
  /** Blank line between lines: DingTalk's markdown joins single newlines. */
  paragraphBreak: boolean;
  /** Include the title (not when the platform shows it separately, e.g. a Feishu card header). */
  title: boolean;
}

function sectionLines(s: AlertSection, fmt: (line: string) => string, pre: (lines: string[]) => string[]): string[] {
  switch (s.style) {
    case 'numbered':
      return s.lines.map((l, i) => `${i + 1}. ${fmt(l)}`);
    case 'bullets':
      return s.lines.map((l) => `- ${fmt(l)}`);
    case 'pre':
      return pre(s.lines);
    default:
      return s.lines.map(fmt);
  }
}

export function toMarkdown(a: Alert, d: MarkdownDialect): string {
  const b = (s: string) => `${d.bold}${s}${d.bold}`;
  const out: string[] = [];
  if (d.title) out.push(d.headings ? `## ${a.title}` : b(a.title), '');
  for (const f of a.fields) out.push(`${b(f.label)}: ${f.value}`);
  for (const s of a.sections) {
    out.push('', `${b(s.heading)}:`);
    out.push(...sectionLines(s, (l) => l, (lines) => ['```', ...lines.map((l) => l.replace(/```/g, "'''")), '```']));
  }
  out.push('', '---', `*${a.footer}*`);
  if (!d.paragraphBreak) return out.join('\n');
  // DingTalk: a single newline is not a line break; keep list items and code blocks together.
  return out.map((l) => (l === '' ? '' : `${l}  `)).join('\n');
}

export function toText(a: Alert, withTitle = true): string {
  const out: string[] = [];
  if (withTitle) out.push(a.title, '');
  for (const f of a.fields) out.push(`${f.label}: ${f.value}`);
  for (const s of a.sections) {
    out.push('', `${s.heading}:`);
    out.push(...sectionLines(s, (l) => l, (lines) => lines.map((l) => `  | ${l}`)));
  }
  out.push('', `— ${a.footer}`);
  return out.join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Telegram parse_mode HTML: only b, i, code, pre, a are allowed, everything else escaped. */
export function toTelegramHtml(a: Alert): string {
  const out: string[] = [`<b>${escapeHtml(a.title)}</b>`, ''];
  for (const f of a.fields) out.push(`<b>${escapeHtml(f.label)}</b>: ${escapeHtml(f.value)}`);
  for (const s of a.sections) {
    out.push('', `<b>${escapeHtml(s.heading)}</b>:`);
    out.push(...sectionLines(s, escapeHtml, (lines) => [`<pre>${lines.map(escapeHtml).join('\n')}</pre>`]));
  }
  out.push('', `<i>${escapeHtml(a.footer)}</i>`);
  return out.join('\n');
}

/** Cuts a text to fit a size (bytes in UTF-8), ending with a visible mark. */
export function fitBytes(text: string, maxBytes: number, mark = '\n…'): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let lo = 0;
  let hi = text.length;
  const budget = maxBytes - Buffer.byteLength(mark);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (Buffer.byteLength(text.slice(0, mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + mark;
}

/** The bot's keyword setting: a message without one of the keywords is refused, so make sure one is there. */
export function withKeyword(a: Alert, keywords: string[]): Alert {
  if (keywords.length === 0) return a;
  const all = toText(a);
  if (keywords.some((k) => all.includes(k))) return a;
  return { ...a, title: `[${keywords[0]}] ${a.title}` };
}
