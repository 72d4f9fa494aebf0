// The window: a header (health badge, tabs, language, connection) and one page at a time. Everything
// stays current from the runtime's events; the status is also refreshed every few seconds (memory and
// uptime change without an event).
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ClawDocEvent, RuntimeStatus } from '../../shared/api.js';
import type { Bridge } from '../bridge.js';
import { resolveLang, strings, type Lang } from '../i18n.js';
import { Ctx, errorText, type AppContext } from './context.js';
import { CasesPage } from './cases-page.js';
import { HistoryPage } from './history-page.js';
import { SettingsPage } from './settings-page.js';
import { StatusPage } from './status-page.js';
import { overallLook } from '../status-look.js';
import { HealthBadge } from './widgets.js';

export const PAGES = ['status', 'history', 'cases', 'settings'] as const;
export type PageId = (typeof PAGES)[number];

export interface AppProps {
  bridge: Bridge;
  initialPage: PageId;
  onPage?: (page: PageId) => void;
  /** The page the address names now (followed on `hashchange`). */
  pageFromLocation?: () => PageId | null;
  /** A status query already under way when the window starts. */
  firstStatus?: Promise<RuntimeStatus>;
}

function useDarkMode(): boolean {
  const mq = useMemo(() => window.matchMedia('(prefers-color-scheme: dark)'), []);
  const [dark, setDark] = useState(mq.matches);
  useEffect(() => {
    const on = () => setDark(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [mq]);
  return dark;
}

export function App({ bridge, initialPage, onPage, pageFromLocation, firstStatus }: AppProps) {
  const [page, setPage] = useState<PageId>(initialPage);
  const [languageSetting, setLanguageSetting] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<RuntimeStatus | null>(null);
  const [statusError, setStatusError] = useState<string | undefined>();
  const [connected, setConnected] = useState(true);
  const [toastMsg, setToast] = useState<{ text: string; bad: boolean } | null>(null);
  const listeners = useRef(new Set<(e: ClawDocEvent) => void>());
  const dark = useDarkMode();
  const lang: Lang = resolveLang(languageSetting, navigator.languages ?? [navigator.language]);
  const t = strings(lang);

  const statusSeq = useRef(0);
  const refreshStatus = useCallback((pending?: Promise<RuntimeStatus>) => {
    const mine = ++statusSeq.current;
    (pending ?? bridge.status()).then(
      (s) => {
        if (mine !== statusSeq.current) return;
        setStatus(s);
        setStatusError(undefined);
      },
      (err: unknown) => mine === statusSeq.current && setStatusError(errorText(err)),
    );
  }, [bridge]);

  const loadLanguage = useCallback(() => {
    bridge.settings().then(
      (v) => setLanguageSetting(v.settings.language),
      () => setLanguageSetting('auto'),
    );
  }, [bridge]);

  useEffect(() => {
    refreshStatus(firstStatus);
    loadLanguage();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = bridge.subscribe((e) => {
      if (e.kind === 'status') {
        // The new state shows at once; the rest of the status follows.
        setStatus((s) => (s ? { ...s, gateway: e.status } : s));
      }
      if (e.kind === 'settings-changed' && e.keys.some((k) => k === 'language')) loadLanguage();
      clearTimeout(timer);
      timer = setTimeout(() => refreshStatus(), 200);
      for (const l of listeners.current) l(e);
    });
    const poll = setInterval(() => refreshStatus(), 5000);
    let wasDown = false;
    const offConn = bridge.onConnection?.((up) => {
      setConnected(up);
      if (!up) wasDown = true;
      else if (wasDown) {
        // Back after a gap: everything may have changed.
        refreshStatus();
        for (const l of listeners.current) l({ kind: 'settings-changed', target: 'default', at: Date.now(), keys: [] });
      }
    });
    return () => {
      unsubscribe();
      offConn?.();
      clearInterval(poll);
      clearTimeout(timer);
    };
  }, [bridge]);

  useEffect(() => {
    if (!pageFromLocation) return;
    const follow = () => {
      const p = pageFromLocation();
      if (p) setPage(p);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [pageFromLocation]);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const look = overallLook(status); // several targets: the worst of them, as the tray's icon
  useEffect(() => {
    document.title = `ClawDoc — ${status?.gateway ? t.states[status.gateway.state] : t.unknownState}`;
  }, [status?.gateway?.state, lang]);

  useEffect(() => {
    if (!toastMsg) return;
    const id = setTimeout(() => setToast(null), 4000);
    return () => clearTimeout(id);
  }, [toastMsg]);

  const ctx: AppContext = {
    bridge,
    lang,
    t,
    on: (l) => {
      listeners.current.add(l);
      return () => listeners.current.delete(l);
    },
    toast: (text, bad = false) => setToast({ text, bad }),
    status,
    refreshStatus,
    dark,
  };

  const go = (p: PageId) => {
    setPage(p);
    onPage?.(p);
  };
  const onTabKey = (e: KeyboardEvent) => {
    const i = PAGES.indexOf(page);
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = (i + 1) % PAGES.length;
    else if (e.key === 'ArrowLeft') next = (i + PAGES.length - 1) % PAGES.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = PAGES.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    go(PAGES[next]!);
    document.getElementById(`tab-${PAGES[next]}`)?.focus();
  };

  const switchLanguage = () => {
    const next = lang === 'zh' ? 'en' : 'zh';
    setLanguageSetting(next);
    bridge.updateSettings({ language: next }).catch((err: unknown) => setToast({ text: errorText(err), bad: true }));
  };

  return (
    <Ctx.Provider value={ctx}>
      <header class="top">
        <h1>
          <HealthBadge look={look} dark={dark} size={20} label={status?.gateway ? t.states[status.gateway.state] : t.unknownState} />
          {t.appName}
        </h1>
        <nav role="tablist" aria-label={t.appName} onKeyDown={onTabKey}>
          {PAGES.map((p) => (
            <button key={p} role="tab" id={`tab-${p}`} aria-selected={p === page} aria-controls="page" tabIndex={p === page ? 0 : -1} onClick={() => go(p)} data-page={p}>
              {t.tabs[p]}
            </button>
          ))}
        </nav>
        <span class={`conn${connected ? '' : ' down'}`} role="status" data-connected={connected}>
          <span class="dot" aria-hidden="true" />
          {connected ? t.live : t.reconnecting}
        </span>
        <button type="button" onClick={switchLanguage} aria-label={t.switchToLabel} lang={lang === 'zh' ? 'en' : 'zh'} id="lang-switch">
          {t.switchTo}
        </button>
      </header>
      {statusError && !status ? <div class="banner error">{t.failed(statusError)}</div> : null}
      <main>
        <div id="page" role="tabpanel" aria-labelledby={`tab-${page}`} data-page={page}>
          {page === 'status' ? <StatusPage /> : page === 'history' ? <HistoryPage /> : page === 'cases' ? <CasesPage /> : <SettingsPage />}
        </div>
      </main>
      <div aria-live="polite" class="visually-hidden" id="announce">
        {toastMsg?.text ?? ''}
      </div>
      {toastMsg ? (
        <div class={`toast${toastMsg.bad ? ' bad' : ''}`} role={toastMsg.bad ? 'alert' : undefined} id="toast">
          {toastMsg.text}
        </div>
      ) : null}
    </Ctx.Provider>
  );
}
