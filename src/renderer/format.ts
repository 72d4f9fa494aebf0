// Numbers, times and durations as the window shows them, in English or Chinese. Pure.
import type { Lang } from './i18n.js';

export function fmtDuration(ms: number, lang: Lang): string {
  const zh = lang === 'zh';
  const s = Math.max(0, Math.round(ms / 1000));
  if (ms > 0 && ms < 1000) return zh ? `${Math.round(ms)} 毫秒` : `${Math.round(ms)} ms`;
  if (s < 90) return zh ? `${s} 秒` : `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return zh ? `${m} 分钟` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return zh ? `${h} 小时 ${m % 60} 分钟` : `${h} h ${m % 60} min`;
  return zh ? `${Math.floor(h / 24)} 天 ${h % 24} 小时` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

const LOCALE: Record<Lang, string> = { en: 'en-GB', zh: 'zh-CN' };

// Building an Intl.DateTimeFormat costs far more than using one: one per language, kind and zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'time' | 'clock', lang: Lang, timeZone?: string): Intl.DateTimeFormat {
  const key = `${kind}|${lang}|${timeZone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    const date: Intl.DateTimeFormatOptions = kind === 'time' ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {};
    f = new Intl.DateTimeFormat(LOCALE[lang], { ...date, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) });
    formatters.set(key, f);
  }
  return f;
}

/** Date and time, local, to the second. */
export function fmtTime(ts: number, lang: Lang, timeZone?: string): string {
  return formatter('time', lang, timeZone).format(ts);
}

/** Time of day only, for today's events. */
export function fmtClock(ts: number, lang: Lang, timeZone?: string): string {
  return formatter('clock', lang, timeZone).format(ts);
}

export function fmtMb(bytes: number): string {
  return `${Math.round(bytes / 1048576)} MB`;
}

/** 0.99951 → "99.95 %"; exactly 1 → "100 %". */
export function fmtPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  if (ratio >= 1) return '100 %';
  const pct = Math.floor(ratio * 10000) / 100;
  return `${pct.toFixed(2)} %`;
}

/** A success rate with its count: "80 % (4/5)", or "—" when never tried. */
export function fmtRate(successes: number, attempts: number): string {
  if (!attempts) return '—';
  return `${Math.round((successes / attempts) * 100)} % (${successes}/${attempts})`;
}
