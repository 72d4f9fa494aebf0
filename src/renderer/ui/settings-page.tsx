// Settings: gateway, health checks, restart policy, doctor, alerts (channels with "Send test" and the
// platform's verdict, quiet hours), language, launch at login (desktop app). Only what the user changed
// is sent, as one change: the runtime validates the whole and saves all or nothing; a refusal is shown
// beside each field it names, with the reason.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { NotifyTestResult, SecretsView, SettingsView } from '../../shared/api.js';
import { AI_KEY_SECRET } from '../../shared/ai.js';
import type { ChannelType } from '../../shared/settings.js';
import { buildChange, CHANNEL_TYPES, channelRows, FIELDS, formValues, placeRefusal, QUIET, type ChannelRow, type FieldSpec, type FormValues, type SectionId } from '../settings-form.js';
import { ApiError } from '../../shared/api-client.js';
import { errorText, useApp, useLive } from './context.js';
import { Field } from './widgets.js';

const SECTIONS: SectionId[] = ['gateway', 'probing', 'restart', 'doctor', 'ai', 'alerts', 'general'];

function LaunchAtLogin() {
  const { t, bridge, toast } = useApp();
  const ext = bridge.desktop?.launchAtLogin;
  const [on, setOn] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    ext?.get().then(setOn, () => setOn(undefined));
  }, [ext]);
  return (
    <div class="field">
      <label class="check">
        <input
          type="checkbox"
          id="launch-at-login"
          disabled={!ext || on === undefined}
          checked={!!on}
          onChange={async (e) => {
            try {
              setOn(await ext!.set((e.target as HTMLInputElement).checked));
            } catch (err) {
              toast(errorText(err), true);
            }
          }}
        />
        {t.launchAtLogin}
        {!ext ? <span class="muted small"> ({t.desktopOnly})</span> : null}
      </label>
    </div>
  );
}

/** The AI's API key (to the secrets file, never settings.json) and a test call. */
function AiExtras({ secrets }: { secrets: SecretsView }) {
  const { t, bridge, toast } = useApp();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const saveKey = async () => {
    try {
      await bridge.setSecret(AI_KEY_SECRET, key.trim() ? key.trim() : null);
      toast(key.trim() ? t.aiKeySaved : t.aiKeyRemoved);
      setKey('');
    } catch (err) {
      toast(errorText(err), true);
    }
  };
  const test = async () => {
    setBusy(true);
    setResult(null);
    try {
      const s = await bridge.aiTest();
      setResult({ ok: s.ok, text: t.aiTestResult(s.ok, s.message, s.callsLastHour, s.maxCallsPerHour) });
    } catch (err) {
      setResult({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p class="muted small" id="ai-intro">
        {t.aiIntro}
      </p>
      <div class="field">
        <label class="label" for="ai-key">
          {t.aiKey}
        </label>
        <div class="row">
          <input id="ai-key" type="password" autocomplete="off" placeholder={secrets.stored.includes(AI_KEY_SECRET) ? t.secretStored : ''} value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} aria-describedby="ai-key-hint" />
          <button type="button" id="ai-key-save" onClick={() => void saveKey()}>
            {t.aiKeySave}
          </button>
        </div>
        <div class="muted small" id="ai-key-hint">
          {t.aiKeyHint}
        </div>
      </div>
      <div class="row">
        <button type="button" id="ai-test" disabled={busy} onClick={() => void test()}>
          {busy ? t.aiTesting : t.aiTest}
        </button>
        {result ? (
          <span id="ai-test-result" class={result.ok ? '' : 'error-text'} role={result.ok ? 'status' : 'alert'}>
            {result.text}
          </span>
        ) : null}
      </div>
    </>
  );
}

function ChannelEditor({ rows, setRows, initialRows, errors, secrets }: { rows: ChannelRow[]; setRows: (r: ChannelRow[]) => void; initialRows: ChannelRow[]; errors: Record<string, string>; secrets: SecretsView }) {
  const { t, bridge } = useApp();
  const [verdicts, setVerdicts] = useState<Record<string, NotifyTestResult | { ok: false; verdict: string } | 'sending'>>({});
  const update = (i: number, patch: Partial<ChannelRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const saved = (r: ChannelRow) => !!r.original && initialRows.some((x) => x.original === r.original && x.name === r.name && x.url === r.url && x.type === r.type && x.enabled === r.enabled && x.signed === r.signed) && !r.secret;
  const test = async (name: string) => {
    setVerdicts((v) => ({ ...v, [name]: 'sending' }));
    try {
      const [result] = await bridge.notifyTest(name);
      setVerdicts((v) => ({ ...v, [name]: result ?? { ok: false, verdict: '?' } }));
    } catch (err) {
      setVerdicts((v) => ({ ...v, [name]: { ok: false, verdict: errorText(err) } }));
    }
  };
  return (
    <div id="channels-editor">
      <h3 class="small">{t.alertChannels}</h3>
      {rows.map((r, i) => {
        const v = verdicts[r.name];
        const err = (f: string) => errors[`channel.${i}.${f}`];
        return (
          <div class="channel-row" key={i} data-channel={r.name}>
            <span>
              <label for={`ch-${i}-name`} class="visually-hidden">
                {t.channelName}
              </label>
              <input id={`ch-${i}-name`} value={r.name} placeholder={t.channelName} onInput={(e) => update(i, { name: (e.target as HTMLInputElement).value })} aria-invalid={err('name') ? true : undefined} />
            </span>
            <span>
              <label for={`ch-${i}-type`} class="visually-hidden">
                {t.channelType}
              </label>
              <select id={`ch-${i}-type`} value={r.type} onChange={(e) => update(i, { type: (e.target as HTMLSelectElement).value as ChannelType })}>
                {CHANNEL_TYPES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </span>
            <span>
              <label for={`ch-${i}-url`} class="visually-hidden">
                {t.channelUrl}
              </label>
              <input id={`ch-${i}-url`} class="url" value={r.url} placeholder={t.channelUrl} spellcheck={false} onInput={(e) => update(i, { url: (e.target as HTMLInputElement).value })} aria-invalid={err('url') ? true : undefined} />
            </span>
            <label class="check">
              <input type="checkbox" checked={r.enabled} onChange={(e) => update(i, { enabled: (e.target as HTMLInputElement).checked })} />
              {t.channelOn}
            </label>
            <label class="check">
              <input type="checkbox" id={`ch-${i}-signed`} checked={r.signed} onChange={(e) => update(i, { signed: (e.target as HTMLInputElement).checked })} />
              {t.channelSigned}
            </label>
            {r.signed ? (
              <span class="secret">
                <label for={`ch-${i}-secret`} class="visually-hidden">
                  {t.channelSecret}
                </label>
                <input
                  id={`ch-${i}-secret`}
                  type="password"
                  autocomplete="off"
                  value={r.secret}
                  placeholder={secrets.stored.includes(r.name) ? t.secretStored : t.channelSecret}
                  onInput={(e) => update(i, { secret: (e.target as HTMLInputElement).value })}
                />
              </span>
            ) : null}
            <button type="button" disabled={!saved(r) || v === 'sending'} title={saved(r) ? undefined : t.saveFirst} onClick={() => test(r.name)} data-action="test">
              {v === 'sending' ? t.sending : t.sendTest}
            </button>
            <button type="button" class="link danger" data-action="remove" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              {t.removeChannel}
            </button>
            {['name', 'url', 'type', 'enabled'].map((f) =>
              err(f) ? (
                <div class="verdict bad" role="alert" key={f}>
                  {err(f)}
                </div>
              ) : null,
            )}
            {v && v !== 'sending' ? (
              <div class={`verdict ${v.ok ? 'ok' : 'bad'}`} role="status" data-verdict={v.ok ? 'ok' : 'bad'}>
                {v.ok ? '✓' : '✗'} {v.verdict}
              </div>
            ) : null}
          </div>
        );
      })}
      <button type="button" onClick={() => setRows([...rows, { name: `channel${rows.length + 1}`, type: 'webhook', url: '', enabled: true, signed: false, secret: '' }])} id="add-channel">
        {t.addChannel}
      </button>
      <p class="muted small" id="secrets-note">{secrets.storage === 'os' ? t.secretsSealed : t.secretsInFile(secrets.where)}</p>
      {secrets.sealedOnly.length ? (
        <p class="verdict bad" role="alert">
          {t.secretsSealedOnly(secrets.sealedOnly.join(', '))}
        </p>
      ) : null}
    </div>
  );
}

/** A watcher from before secrets were in the view (the app attached to an older `clawdoc watch`). */
const NO_SECRETS_VIEW: SecretsView = { storage: 'file', where: 'secrets.json', stored: [], sealedOnly: [] };

/** The channel list's key among the touched fields (it is sent whole). */
const ROWS = '#channels';

function SettingsForm({ view, reload }: { view: SettingsView; reload: () => void }) {
  const { t, bridge, toast } = useApp();
  const initial = useMemo(() => formValues(view.settings), [view]);
  const initialRows = useMemo(() => channelRows(view.settings), [view]);
  const [values, setValues] = useState<FormValues>(initial);
  const [rows, setRows] = useState<ChannelRow[]>(initialRows);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<{ text: string; bad: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  // Settings changed elsewhere (another face, a secret stored) reload the view: the form follows it
  // for every field the user has not touched, and keeps what they typed (never thrown away, and an
  // untouched field never sends back a value someone else just changed).
  const touched = useRef(new Set<string>());
  useEffect(() => {
    setValues((now) => Object.fromEntries(Object.keys(initial).map((k) => [k, touched.current.has(k) ? now[k]! : initial[k]!])));
    if (!touched.current.has(ROWS)) setRows(initialRows);
  }, [initial, initialRows]);
  const editRows = (next: ChannelRow[]) => {
    touched.current.add(ROWS);
    setRows(next);
  };
  const built = buildChange(initial, values, initialRows, rows);
  const dirty = Object.keys(built.change).length > 0 || Object.keys(built.problems).length > 0 || Object.keys(built.secrets).length > 0;
  const set = (key: string, v: string | boolean) => {
    touched.current.add(key);
    setValues((x) => ({ ...x, [key]: v }));
    setErrors((e) => {
      const { [key]: _, form: __, ...rest } = e;
      return rest;
    });
  };
  const inputProblem = (key: string) => (built.problems[key] ? `${t.settingLabels[key] ?? key} ${t.inputProblems[built.problems[key]!]}` : undefined);
  const save = async () => {
    setBanner(null);
    if (Object.keys(built.problems).length) {
      setBanner({ text: t.settingsRefused, bad: true });
      return;
    }
    if (!Object.keys(built.change).length && !Object.keys(built.secrets).length) {
      setBanner({ text: t.noChanges, bad: false });
      return;
    }
    setSaving(true);
    try {
      // Secrets first: a signed channel is refused until its secret is stored.
      for (const [name, value] of Object.entries(built.secrets)) await bridge.setSecret(name, value);
      if (Object.keys(built.change).length) await bridge.updateSettings(built.change);
      setErrors({});
      setBanner({ text: built.restartKeys.length ? t.settingsSavedRestart(built.restartKeys.map((k) => t.settingLabels[k] ?? k).join(', ')) : t.settingsSaved, bad: false });
      toast(t.settingsSaved);
      touched.current.clear(); // the saved values come back as the view
      reload();
    } catch (err) {
      const placed = placeRefusal(errorText(err), err instanceof ApiError ? err.keys : (err as { keys?: string[] }).keys);
      setErrors(placed);
      setBanner({ text: t.settingsRefused, bad: true });
    } finally {
      setSaving(false);
    }
  };
  const discard = () => {
    touched.current.clear();
    setValues(initial);
    setRows(initialRows);
    setErrors({});
    setBanner(null);
  };
  const control = (f: FieldSpec) => {
    const id = `set-${f.key}`;
    const err = inputProblem(f.key) ?? errors[f.key];
    const label = `${t.settingLabels[f.key] ?? f.key}${f.restart ? ' *' : ''}`;
    const described = err ? `${id}-error` : t.settingHints[f.key] ? `${id}-hint` : undefined;
    if (f.kind === 'bool') {
      return (
        <div class="field" key={f.key}>
          <label class="check">
            <input type="checkbox" id={id} checked={values[f.key] === true} onChange={(e) => set(f.key, (e.target as HTMLInputElement).checked)} />
            {label}
          </label>
          {err ? (
            <div class="error" id={`${id}-error`} role="alert">
              {err}
            </div>
          ) : null}
        </div>
      );
    }
    if (f.kind === 'select') {
      return (
        <Field id={id} label={label} error={err} key={f.key}>
          <select id={id} value={String(values[f.key])} onChange={(e) => set(f.key, (e.target as HTMLSelectElement).value)} aria-invalid={err ? true : undefined} aria-describedby={described}>
            {f.options!.map((o) => (
              <option key={o} value={o}>
                {f.key === 'language' ? (o === 'auto' ? t.options.langAuto : o === 'zh' ? '中文' : 'English') : f.key === 'ai.provider' ? (t.aiProviders[o] ?? o) : (t.options[o] ?? o)}
              </option>
            ))}
          </select>
        </Field>
      );
    }
    return (
      <Field id={id} label={label} error={err} hint={t.settingHints[f.key]} key={f.key}>
        <input
          id={id}
          type="text"
          inputMode={f.kind === 'int' || f.kind === 'number' ? 'decimal' : undefined}
          value={String(values[f.key] ?? '')}
          onInput={(e) => set(f.key, (e.target as HTMLInputElement).value)}
          aria-invalid={err ? true : undefined}
          aria-describedby={described}
          spellcheck={false}
        />
      </Field>
    );
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      id="settings-form"
      noValidate
    >
      {SECTIONS.map((sec) => (
        <section class="card" aria-labelledby={`sec-${sec}`} key={sec} id={`section-${sec}`}>
          <h2 id={`sec-${sec}`}>{t.sections[sec]}</h2>
          <div class="grid2">{FIELDS.filter((f) => f.section === sec).map(control)}</div>
          {sec === 'gateway' ? <p class="muted small">* {t.restartNote}</p> : null}
          {sec === 'alerts' ? (
            <>
              <ChannelEditor rows={rows} setRows={editRows} initialRows={initialRows} errors={errors} secrets={view.secrets ?? NO_SECRETS_VIEW} />
              <fieldset class="field" id="quiet-hours">
                <legend class="label">{t.quietHours}</legend>
                <label class="check">
                  <input type="checkbox" id="quiet-on" checked={values[QUIET.on] === true} onChange={(e) => set(QUIET.on, (e.target as HTMLInputElement).checked)} />
                  {t.quietOn}
                </label>
                <div class="row">
                  <label for="quiet-start">{t.quietFrom}</label>
                  <input id="quiet-start" class="time" type="text" inputMode="numeric" placeholder="22:00" value={String(values[QUIET.start])} disabled={values[QUIET.on] !== true} onInput={(e) => set(QUIET.start, (e.target as HTMLInputElement).value)} aria-invalid={errors[QUIET.start] ? true : undefined} />
                  <label for="quiet-end">{t.quietTo}</label>
                  <input id="quiet-end" class="time" type="text" inputMode="numeric" placeholder="08:00" value={String(values[QUIET.end])} disabled={values[QUIET.on] !== true} onInput={(e) => set(QUIET.end, (e.target as HTMLInputElement).value)} aria-invalid={errors[QUIET.end] ? true : undefined} />
                </div>
                {errors[QUIET.start] || errors[QUIET.end] ? (
                  <div class="error" role="alert">
                    {[errors[QUIET.start], errors[QUIET.end]].filter(Boolean).join('; ')}
                  </div>
                ) : null}
              </fieldset>
            </>
          ) : null}
          {sec === 'general' ? <LaunchAtLogin /> : null}
          {sec === 'ai' ? <AiExtras secrets={view.secrets} /> : null}
        </section>
      ))}
      <div class={`savebar${dirty ? ' dirty' : ''}`} role="region" aria-label={t.save}>
        <button type="submit" class="primary" disabled={saving} id="settings-save">
          {saving ? t.saving : t.save}
        </button>
        <button type="button" onClick={discard} disabled={!dirty || saving}>
          {t.discardChanges}
        </button>
        {dirty ? <span class="muted small">{t.unsaved}</span> : null}
        {banner ? (
          <span class={banner.bad ? 'error-text' : ''} role={banner.bad ? 'alert' : 'status'} id="settings-banner">
            {banner.text}
          </span>
        ) : null}
        {errors.form ? (
          <span class="error-text" role="alert">
            {errors.form}
          </span>
        ) : null}
      </div>
    </form>
  );
}

export function SettingsPage() {
  const { t, bridge } = useApp();
  const view = useLive(() => bridge.settings(), [], ['settings-changed']);
  if (!view.data) return <p class="muted">{view.error ? t.failed(view.error) : t.loading}</p>;
  return <SettingsForm view={view.data} reload={view.reload} />;
}
