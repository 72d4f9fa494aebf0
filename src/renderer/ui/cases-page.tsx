// Cases: the library with search, each case's success rate and last use; add / edit / duplicate /
// delete the user's cases with inline validation (every pattern is checked by the runtime as the user
// types, with the same rules as saving); import / export; learned cases waiting for review.
import { useMemo, useState } from 'preact/hooks';
import type { ValidationProblem } from '../../shared/api.js';
import type { CaseView } from '../../shared/doctor.js';
import { awaitingReview, CAUSES, caseOrigin, caseToForm, duplicateForm, emptyCaseForm, filterCases, formToDefinition, groupProblems, SEVERITIES, type CaseForm } from '../case-form.js';
import { fmtRate, fmtTime } from '../format.js';
import { errorText, useApp, useDebounced, useLive } from './context.js';
import { Dialog, download, Field } from './widgets.js';

type EditorState = { mode: 'add'; form: CaseForm } | { mode: 'edit'; id: string; form: CaseForm };

function CaseEditor({ state, onClose, onSaved }: { state: EditorState; onClose: () => void; onSaved: (id: string) => void }) {
  const { t, bridge } = useApp();
  const [form, setForm] = useState<CaseForm>(state.form);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | undefined>();
  const [touched, setTouched] = useState(state.mode === 'edit');
  const debounced = useDebounced(form, 150);
  const { definition, problems: local } = useMemo(() => formToDefinition(debounced), [debounced]);
  const checked = useLive<ValidationProblem[]>(() => bridge.checkCase(definition), [JSON.stringify(definition)], []);
  const problems = [...local, ...(checked.data ?? [])];
  const { byField, patternLines } = groupProblems(problems);
  const pending = checked.loading || debounced !== form;
  const set = <K extends keyof CaseForm>(k: K, v: CaseForm[K]) => {
    setTouched(true);
    setForm((f) => ({ ...f, [k]: v }));
  };
  const show = (field: keyof CaseForm | 'form') => (touched || field === 'patterns' ? byField[field]?.join('; ') : undefined);
  const patternCount = form.patterns.split('\n').filter((l) => l.trim()).length;
  const save = async () => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const def = formToDefinition(form).definition;
      const saved = state.mode === 'add' ? await bridge.addCase(def) : await bridge.editCase(state.id, def);
      onSaved(saved.id);
    } catch (err) {
      setSaveError(errorText(err));
    } finally {
      setSaving(false);
    }
  };
  const text = (k: keyof CaseForm, label: string, opts: { area?: boolean; disabled?: boolean; rows?: number } = {}) => {
    const id = `case-${k}`;
    const err = show(k);
    const common = {
      id,
      value: form[k] as string,
      disabled: opts.disabled,
      'aria-invalid': err ? true : undefined,
      'aria-describedby': err ? `${id}-error` : undefined,
      onInput: (e: Event) => set(k, (e.target as HTMLInputElement).value as never),
    };
    return (
      <Field id={id} label={label} error={err}>
        {opts.area ? <textarea {...common} rows={opts.rows ?? 3} spellcheck={false} /> : <input type="text" {...common} spellcheck={false} />}
      </Field>
    );
  };
  const patternsError = [...patternLines.entries()].sort((a, b) => a[0] - b[0]).map(([line, msg]) => t.lineProblem(line + 1, msg));
  const otherPatternProblems = (byField.patterns ?? []).filter((m) => ![...patternLines.values()].includes(m));
  const patErr = [...patternsError, ...otherPatternProblems].join('\n');
  return (
    <Dialog
      id="case-editor"
      title={state.mode === 'add' ? t.newCase : t.editCaseTitle(state.id)}
      onClose={onClose}
      footer={
        <>
          <span class="grow small" id="case-check" aria-live="polite">
            {pending ? t.checking : problems.length ? <span class="error-text">{problems.length} ✗</span> : <span style={{ color: 'var(--ok)' }}>{t.valid} ✓</span>}
          </span>
          <button type="button" onClick={onClose}>
            {t.cancel}
          </button>
          <button type="button" class="primary" id="case-save" disabled={saving || pending || problems.length > 0} onClick={save}>
            {saving ? t.saving : t.save}
          </button>
        </>
      }
    >
      {saveError ? (
        <p class="banner error" role="alert" id="case-save-error">
          {saveError}
        </p>
      ) : null}
      {byField.form?.length && touched ? <p class="error-text">{byField.form.join('; ')}</p> : null}
      <div class="grid2">
        {text('id', t.fields.id, { disabled: state.mode === 'edit' })}
        <Field id="case-severity" label={t.fields.severity}>
          <select id="case-severity" value={form.severity} onChange={(e) => set('severity', (e.target as HTMLSelectElement).value as CaseForm['severity'])}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t.severities[s]}
              </option>
            ))}
          </select>
        </Field>
        {text('titleEn', t.fields.titleEn)}
        {text('titleZh', t.fields.titleZh)}
        {text('descriptionEn', t.fields.descriptionEn, { area: true, rows: 2 })}
        {text('descriptionZh', t.fields.descriptionZh, { area: true, rows: 2 })}
      </div>
      <Field id="case-patterns" label={t.fields.patterns} error={patErr || undefined} okLine={!patErr && patternCount && !pending ? t.patternsOk(patternCount) : undefined}>
        <textarea
          id="case-patterns"
          rows={3}
          spellcheck={false}
          value={form.patterns}
          aria-invalid={patErr ? true : undefined}
          aria-describedby={patErr ? 'case-patterns-error' : undefined}
          onInput={(e) => set('patterns', (e.target as HTMLTextAreaElement).value)}
        />
      </Field>
      <div class="grid2">
        {text('signatures', t.fields.signatures, { area: true })}
        {text('keywords', t.fields.keywords, { area: true })}
        {text('failing', t.fields.failing, { area: true, rows: 2 })}
        {text('findings', t.fields.findings, { area: true, rows: 2 })}
        {text('exitCodes', t.fields.exitCodes)}
        {text('priority', t.fields.priority)}
      </div>
      <fieldset class="field">
        <legend class="label">{t.fields.causes}</legend>
        <div class="row">
          {CAUSES.map((c) => (
            <label key={c} class="check">
              <input type="checkbox" checked={form.causes.includes(c)} onChange={(e) => set('causes', (e.target as HTMLInputElement).checked ? [...form.causes, c] : form.causes.filter((x) => x !== c))} />
              <code>{c}</code>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="grid2">
        <Field id="case-approval" label={t.fields.approval}>
          <select id="case-approval" value={form.approval} onChange={(e) => set('approval', (e.target as HTMLSelectElement).value as CaseForm['approval'])}>
            <option value="auto">{t.approvalAuto}</option>
            <option value="always">{t.approvalAlways}</option>
          </select>
        </Field>
        <div class="field">
          <span class="label">&nbsp;</span>
          <label class="check">
            <input type="checkbox" id="case-enabled" checked={form.enabled} onChange={(e) => set('enabled', (e.target as HTMLInputElement).checked)} />
            {t.fields.enabled}
          </label>
        </div>
      </div>
      {text('fix', t.fields.fix, { area: true, rows: 4 })}
    </Dialog>
  );
}

function ImportDialog({ onClose, onDone }: { onClose: () => void; onDone: (n: number) => void }) {
  const { t, bridge } = useApp();
  const [textValue, setText] = useState('');
  const [replace, setReplace] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const ids = await bridge.importCases(textValue, { replace });
      onDone(ids.length);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      id="import-dialog"
      title={t.importTitle}
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            {t.cancel}
          </button>
          <button type="button" class="primary" disabled={busy || !textValue.trim()} onClick={run} id="import-run">
            {t.doImport}
          </button>
        </>
      }
    >
      <p class="muted">{t.importHint}</p>
      <div class="field">
        <label for="import-file">{t.chooseFile}</label>
        <input
          id="import-file"
          type="file"
          accept=".json,application/json"
          onChange={async (e) => {
            const file = (e.target as HTMLInputElement).files?.[0];
            if (file) setText(await file.text());
          }}
        />
      </div>
      <Field id="import-text" label="JSON" error={error}>
        <textarea id="import-text" rows={10} value={textValue} spellcheck={false} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} aria-invalid={error ? true : undefined} />
      </Field>
      <label class="check">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace((e.target as HTMLInputElement).checked)} />
        {t.replaceSameId}
      </label>
    </Dialog>
  );
}

export function CasesPage() {
  const { t, lang, bridge, toast } = useApp();
  const cases = useLive(() => bridge.cases(), [], ['doctor', 'settings-changed']);
  const [query, setQuery] = useState('');
  const [editor, setEditor] = useState<EditorState | null>(null);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<CaseView | null>(null);
  const all = cases.data ?? [];
  const ids = useMemo(() => new Set(all.map((c) => c.id)), [all]);
  const learned = all.filter(awaitingReview);
  const shown = filterCases(
    all.filter((c) => !awaitingReview(c)),
    query,
  );
  const title = (c: CaseView) => (lang === 'zh' ? c.title.zh : c.title.en);
  const exportAll = async (userOnly: boolean) => {
    try {
      download(userOnly ? 'clawdoc-my-cases.json' : 'clawdoc-cases.json', await bridge.exportCases({ userOnly }), 'application/json');
    } catch (err) {
      toast(errorText(err), true);
    }
  };
  const remove = async (c: CaseView) => {
    setDeleting(null);
    try {
      await bridge.removeCase(c.id);
      toast(t.deleted(c.id));
      cases.reload();
    } catch (err) {
      toast(errorText(err), true);
    }
  };
  const accept = async (c: CaseView) => {
    try {
      await bridge.editCase(c.id, { enabled: true, review: 'accepted' });
      toast(t.savedCase(c.id));
      cases.reload();
    } catch (err) {
      toast(errorText(err), true);
    }
  };
  return (
    <>
      {learned.length ? (
        <section class="card" aria-labelledby="learned-title" id="learned">
          <h2 id="learned-title">{t.learnedHeading}</h2>
          <p class="muted">{t.learnedHint}</p>
          <ul class="plain">
            {learned.map((c) => (
              <li key={c.id} class="incident">
                <strong class="grow">{title(c)}</strong> <code>{c.id}</code>
                <button type="button" onClick={() => setEditor({ mode: 'edit', id: c.id, form: caseToForm(c) })}>
                  {t.edit}
                </button>
                <button type="button" class="primary" onClick={() => accept(c)}>
                  {t.accept}
                </button>
                <button type="button" class="danger" onClick={() => setDeleting(c)}>
                  {t.discard}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="card" aria-labelledby="cases-title" id="cases">
        <header>
          <h2 id="cases-title">{t.tabs.cases}</h2>
          <div class="row">
            <button type="button" class="primary" id="case-add" onClick={() => setEditor({ mode: 'add', form: emptyCaseForm() })}>
              {t.addCase}
            </button>
            <button type="button" onClick={() => setImporting(true)} id="case-import">
              {t.importCases}
            </button>
            <button type="button" onClick={() => exportAll(false)} id="case-export">
              {t.exportCases}
            </button>
            <button type="button" onClick={() => exportAll(true)}>
              {t.exportMine}
            </button>
          </div>
        </header>
        <div class="row" style={{ marginBottom: '0.6rem' }}>
          <label for="case-search" class="visually-hidden">
            {t.searchCases}
          </label>
          <input id="case-search" type="search" placeholder={t.searchCases} value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} class="grow" />
          <span class="muted small" aria-live="polite">
            {t.caseCount(shown.length, all.length - learned.length)}
          </span>
        </div>
        {cases.error ? <p class="error-text">{t.failed(cases.error)}</p> : null}
        <table class="list" id="cases-table">
          <thead>
            <tr>
              <th scope="col">{t.caseCol}</th>
              <th scope="col">{t.severity}</th>
              <th scope="col">{t.origin}</th>
              <th scope="col">{t.successRate}</th>
              <th scope="col">{t.lastUsed}</th>
              <th scope="col">{t.enabled}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => {
              const origin = caseOrigin(c);
              return (
                <tr key={c.id} data-case={c.id}>
                  <td>
                    <div>{title(c)}</div>
                    <code class="small muted">{c.id}</code>
                  </td>
                  <td>{t.severities[c.severity]}</td>
                  <td>{t.origins[origin]}</td>
                  <td class="num">{fmtRate(c.stats.successes, c.stats.attempts)}</td>
                  <td class="num">{c.stats.lastUsedAt ? fmtTime(c.stats.lastUsedAt, lang) : t.never}</td>
                  <td>{c.enabled ? '✓' : '—'}</td>
                  <td class="num">
                    {origin !== 'builtin' ? (
                      <button type="button" class="link" onClick={() => setEditor({ mode: 'edit', id: c.id, form: caseToForm(c) })} aria-label={`${t.edit} ${c.id}`} data-action="edit">
                        {t.edit}
                      </button>
                    ) : null}
                    <button type="button" class="link" onClick={() => setEditor({ mode: 'add', form: duplicateForm(c, ids) })} aria-label={`${t.duplicate} ${c.id}`} data-action="duplicate">
                      {t.duplicate}
                    </button>
                    {origin !== 'builtin' ? (
                      <button type="button" class="link danger" onClick={() => setDeleting(c)} aria-label={`${t.delete} ${c.id}`} data-action="delete">
                        {t.delete}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {editor ? (
        <CaseEditor
          state={editor}
          onClose={() => setEditor(null)}
          onSaved={(id) => {
            setEditor(null);
            toast(t.savedCase(id));
            cases.reload();
          }}
        />
      ) : null}
      {importing ? (
        <ImportDialog
          onClose={() => setImporting(false)}
          onDone={(n) => {
            setImporting(false);
            toast(t.imported(n));
            cases.reload();
          }}
        />
      ) : null}
      {deleting ? (
        <Dialog
          id="confirm-delete"
          title={t.delete}
          onClose={() => setDeleting(null)}
          footer={
            <>
              <button type="button" onClick={() => setDeleting(null)}>
                {t.cancel}
              </button>
              <button type="button" class="primary" id="confirm-delete-yes" onClick={() => remove(deleting)}>
                {t.delete}
              </button>
            </>
          }
        >
          <p>{t.confirmDelete(deleting.id)}</p>
        </Dialog>
      ) : null}
    </>
  );
}
