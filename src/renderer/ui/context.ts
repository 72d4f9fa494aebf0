// What every page shares: the bridge, the language, the runtime's events, the last status, a toast.
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { ClawDocEvent, ClawDocEventKind, RuntimeStatus } from '../../shared/api.js';
import type { Bridge } from '../bridge.js';
import type { Lang, Strings } from '../i18n.js';

export interface AppContext {
  bridge: Bridge;
  lang: Lang;
  t: Strings;
  /** Listen to the runtime's events; returns the unsubscribe function. */
  on(listener: (e: ClawDocEvent) => void): () => void;
  toast(message: string, bad?: boolean): void;
  status: RuntimeStatus | null;
  refreshStatus(): void;
  dark: boolean;
}

export const Ctx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('no app context');
  return ctx;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface Live<T> {
  data: T | undefined;
  error?: string;
  loading: boolean;
  reload(): void;
}

/**
 * Data from the runtime that stays current by itself: fetched when `deps` change and again (debounced)
 * whenever an event of one of `kinds` arrives. Only the latest answer is kept.
 */
export function useLive<T>(fetcher: () => Promise<T>, deps: unknown[], kinds: ClawDocEventKind[] | 'all', debounceMs = 250): Live<T> {
  const { on } = useApp();
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const seq = useRef(0);
  const fetchRef = useRef(fetcher);
  fetchRef.current = fetcher;
  const load = () => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    fetchRef.current().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (err: unknown) => mine === seq.current && setState((s) => ({ ...s, error: errorText(err), loading: false })),
    );
  };
  useEffect(load, deps);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = on((e) => {
      if (kinds !== 'all' && !kinds.includes(e.kind)) return;
      clearTimeout(timer);
      timer = setTimeout(load, debounceMs);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, deps);
  return { data: state.data, error: state.error, loading: state.loading, reload: load };
}

/** Re-renders every `ms` (relative times: "for 3 min"). */
export function useTick(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** Debounces a value (the case editor checks a pattern shortly after the user stops typing). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}
