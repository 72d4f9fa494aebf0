// History: availability over 24 h / 7 d / 30 d (chart), the incidents with what ClawDoc did and how
// long recovery took, every event with filters (level, case, channel), an incident's full evidence and
// fix record, and export to JSON / CSV. Stays current with the runtime's events.
import { useMemo, useState } from 'preact/hooks';
import type { HistoryQuery } from '../../shared/api.js';
import type { HistoryEvent } from '../../shared/history.js';
import type { ChangeRecord } from '../../shared/doctor.js';
import { eventLevel, HISTORY_LEVELS } from '../../shared/history-filter.js';
import type { HistoryLevel } from '../../shared/history.js';
import type { Incident } from '../../shared/status.js';
import { availability, availabilitySeries, RANGES, type RangeId } from '../availability.js';
import { eventsToCsv, eventsToJson, exportFileName } from '../export.js';
import { fmtDuration, fmtPercent, fmtTime } from '../format.js';
import { eventName } from '../i18n.js';
import { incidentSteps, recordIds, recoveryMs, type Step } from '../timeline.js';
import { AvailabilityChart } from './availability-chart.js';
import { errorText, useApp, useLive, useTick } from './context.js';
import { EscalationView, RecordView } from './evidence.js';
import { Dialog, download } from './widgets.js';

const PAGE_SIZE = 100;
const STEP_TYPES: HistoryQuery['types'] = ['restart', 'restart-failed', 'escalated', 'recovered', 'doctor', 'alert'];
const SHOWN_INCIDENTS = 20;

function StepChips({ steps }: { steps: Step[] }) {
  const { t, lang } = useApp();
  return (
    <span class="steps">
      {steps.map((s, i) => (
        <span key={i} class={`step${s.ok === false ? ' bad' : s.kind === 'recovered' || s.kind === 'verified' ? ' good' : ''}`} title={s.detail} data-step={s.kind}>
          {t.steps[s.kind]} {s.kind === 'detected' ? '' : t.after(fmtDuration(s.afterMs, lang))}
          {s.durationMs !== undefined && s.kind === 'diagnosed' ? ` (${fmtDuration(s.durationMs, lang)})` : ''}
        </span>
      ))}
    </span>
  );
}

function IncidentDialog({ incident, onClose }: { incident: Incident; onClose: () => void }) {
  const { t, lang, bridge } = useApp();
  const now = useTick(5000);
  const events = useLive(() => bridge.history({ incidentId: incident.id, limit: 2000 }), [incident.id], ['watch', 'doctor', 'alert-delivery', 'incident-closed']);
  const items = events.data?.items ?? [];
  const ids = recordIds(items);
  const records = useLive(() => (ids.length ? bridge.records({ ids }) : Promise.resolve([])), [ids.join(',')], ['doctor']);
  const steps = incidentSteps(incident, items);
  const changeIds = (records.data ?? []).flatMap((r) => r.attempts.flatMap((a) => a.changeIds));
  const changes = useLive(() => (changeIds.length ? bridge.changes() : Promise.resolve([])), [changeIds.join(',')], []);
  const mine = (changes.data ?? []).filter((c) => changeIds.includes(c.id));
  return (
    <Dialog id="incident-dialog" title={`${t.incidentDetails} · ${fmtTime(incident.openedAt, lang)}`} onClose={onClose}>
      <dl class="facts">
        <dt>{t.cause}</dt>
        <dd>{incident.cause}</dd>
        <dt>{t.recovery}</dt>
        <dd id="incident-recovery">
          {incident.closedAt ? t.recoveredIn(fmtDuration(recoveryMs(incident, now), lang)) : t.openFor(fmtDuration(recoveryMs(incident, now), lang))}
          {incident.resolution ? ` · ${t.resolution[incident.resolution]}` : ''} · {t.restartsN(incident.restarts)}
        </dd>
      </dl>
      <h3 class="small">{t.timeline}</h3>
      <table class="list">
        <tbody>
          {steps.map((s, i) => (
            <tr key={i} data-step={s.kind}>
              <td class="num">{t.after(fmtDuration(s.afterMs, lang))}</td>
              <td>
                <strong class={s.ok === false ? 'error-text' : ''}>{t.steps[s.kind]}</strong>
                {s.durationMs !== undefined ? ` (${fmtDuration(s.durationMs, lang)})` : ''}
              </td>
              <td>{s.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {incident.escalation ? <EscalationView escalation={incident.escalation} /> : null}
      {(records.data ?? []).map((r) => (
        <RecordView key={r.id} record={r} />
      ))}
      {mine.length ? <ChangeList changes={mine} onUndone={changes.reload} /> : null}
      {items
        .filter((e) => e.type === 'exited' && e.details?.lastOutput?.length)
        .slice(0, 1)
        .map((e) => (
          <div key={e.ts}>
            <h3 class="small">{t.lastOutput}</h3>
            <pre class="out">{(e.type === 'exited' && e.details?.lastOutput?.join('\n')) || ''}</pre>
          </div>
        ))}
      {!incident.escalation && !(records.data ?? []).length && !items.some((e) => e.type === 'exited') ? <p class="muted">{t.noEvidence}</p> : null}
    </Dialog>
  );
}

/** The changes a fix made to the user's files, each with its backup: undo one from here. */
function ChangeList({ changes, onUndone }: { changes: ChangeRecord[]; onUndone: () => void }) {
  const { t, lang, bridge, toast } = useApp();
  return (
    <>
      <h3 class="small">{t.changes}</h3>
      <ul id="incident-changes">
        {changes.map((c) => (
          <li key={c.id}>
            {fmtTime(c.at, lang)} · <code>{c.file}</code>: {c.what}
            {c.undoneAt ? (
              <span class="muted"> · {t.undone(fmtTime(c.undoneAt, lang))}</span>
            ) : c.backup ? (
              <button
                type="button"
                class="link"
                onClick={async () => {
                  try {
                    await bridge.undo(c.id);
                    toast(t.undone(fmtTime(Date.now(), lang)));
                    onUndone();
                  } catch (err) {
                    toast(errorText(err), true);
                  }
                }}
              >
                {t.undo}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function Availability() {
  const { t, lang, bridge, dark } = useApp();
  const [range, setRange] = useState<RangeId>('24h');
  const [open, setOpen] = useState<Incident | null>(null);
  const [showAll, setShowAll] = useState(false);
  const now = useTick(60_000);
  const from = now - RANGES[range].ms;
  const incidents = useLive(() => bridge.incidents({ since: from - 30 * 24 * 3600_000, limit: 5000 }), [range], ['incident-opened', 'incident-closed', 'status']);
  const list = useMemo(() => (incidents.data?.items ?? []).filter((i) => (i.closedAt ?? Date.now()) > from), [incidents.data, from]);
  const shown = showAll ? list : list.slice(0, SHOWN_INCIDENTS);
  const oldest = shown.at(-1)?.openedAt;
  const stepEvents = useLive(() => (oldest !== undefined ? bridge.history({ since: oldest, types: STEP_TYPES, limit: 5000 }) : Promise.resolve(undefined)), [oldest, shown.length], ['watch', 'doctor', 'alert-delivery']);
  // Before ClawDoc's first event there is nothing to say: that time is left out, not counted as up.
  const firstEvent = useLive(async () => {
    const p = await bridge.history({ limit: 0 });
    return p.total ? (await bridge.history({ offset: p.total - 1, limit: 1 })).items[0]?.ts : undefined;
  }, [], []);
  const observedFrom = Math.max(from, firstEvent.data ?? from);
  const summary = availability(list, observedFrom, Date.now());
  const series = useMemo(() => availabilitySeries(list, range, Date.now(), firstEvent.data), [list, range, firstEvent.data]);
  return (
    <section class="card" aria-labelledby="avail-title" id="availability">
      <header>
        <h2 id="avail-title">{t.availability}</h2>
        <div class="seg" role="group" aria-label={t.availability}>
          {(Object.keys(RANGES) as RangeId[]).map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => setRange(r)} data-range={r}>
              {t.ranges[r]}
            </button>
          ))}
        </div>
      </header>
      <div class="stats">
        <div class="stat">
          <div class="v" id="availability-value">
            {fmtPercent(summary.ratio)}
          </div>
          <div class="k">{t.availability}</div>
        </div>
        <div class="stat">
          <div class="v">{fmtDuration(summary.downMs, lang)}</div>
          <div class="k">{t.downtime}</div>
        </div>
        <div class="stat">
          <div class="v">{summary.incidents}</div>
          <div class="k">{t.incidentsCount}</div>
        </div>
        <div class="stat">
          <div class="v">{summary.mttrMs === null ? '—' : fmtDuration(summary.mttrMs, lang)}</div>
          <div class="k">{t.mttr}</div>
        </div>
      </div>
      {incidents.data ? <AvailabilityChart series={series} dark={dark} lang={lang} label={`${t.availability} (${t.chartCaption[range]})`} /> : <div class="chart" />}
      <p class="muted small">{t.chartCaption[range]}</p>
      <h3 class="small">{t.incidents}</h3>
      {incidents.error ? <p class="error-text">{t.failed(incidents.error)}</p> : null}
      {!list.length && !incidents.loading ? <p class="muted">{t.noIncidents}</p> : null}
      <ul class="plain" id="incident-list">
        {shown.map((i) => (
          <li class="incident" key={i.id} data-incident={i.id} data-open={!i.closedAt}>
            <button type="button" class="link" onClick={() => setOpen(i)}>
              {fmtTime(i.openedAt, lang)}
            </button>
            <span class="grow">{i.cause}</span>
            <span class="recovery">{i.closedAt ? t.recoveredIn(fmtDuration(i.closedAt - i.openedAt, lang)) : t.open}</span>
            <span class="muted small">{t.restartsN(i.restarts)}</span>
            <StepChips steps={incidentSteps(i, stepEvents.data?.items ?? [])} />
          </li>
        ))}
      </ul>
      {list.length > shown.length ? (
        <button type="button" class="link" onClick={() => setShowAll(true)}>
          {t.showing(shown.length, list.length)} · {t.loadMore}
        </button>
      ) : null}
      {open ? <IncidentDialog incident={open} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

function Events() {
  const { t, lang, bridge, toast, status } = useApp();
  const [level, setLevel] = useState<HistoryLevel | ''>('');
  const [caseId, setCaseId] = useState('');
  const [channel, setChannel] = useState('');
  const [count, setCount] = useState(PAGE_SIZE);
  const [exporting, setExporting] = useState(false);
  const query: HistoryQuery = { ...(level ? { levels: [level] } : {}), ...(caseId ? { caseId } : {}), ...(channel ? { channel } : {}) };
  const key = JSON.stringify(query);
  const events = useLive(() => bridge.history({ ...query, limit: count }), [key, count], ['watch', 'doctor', 'alert-delivery'], 400);
  const cases = useLive(() => bridge.cases(), [], []);
  const channels = status?.alerts.channels.map((c) => c.channel) ?? [];
  const items = events.data?.items ?? [];
  const total = events.data?.total ?? 0;
  const setFilter = (fn: () => void) => {
    fn();
    setCount(PAGE_SIZE);
  };
  const exportAs = async (kind: 'json' | 'csv') => {
    setExporting(true);
    try {
      const all: HistoryEvent[] = [];
      for (let offset = 0; ; offset += 5000) {
        const page = await bridge.history({ ...query, offset, limit: 5000 });
        all.push(...page.items);
        if (all.length >= page.total || !page.items.length) break;
      }
      download(exportFileName(kind, Date.now()), kind === 'json' ? eventsToJson(all) : eventsToCsv(all), kind === 'json' ? 'application/json' : 'text/csv');
    } catch (err) {
      toast(errorText(err), true);
    } finally {
      setExporting(false);
    }
  };
  return (
    <section class="card" aria-labelledby="events-title" id="events">
      <header>
        <h2 id="events-title">{t.events}</h2>
        <div class="row">
          <button type="button" onClick={() => exportAs('json')} disabled={exporting} id="export-json">
            {exporting ? t.exporting : t.exportJson}
          </button>
          <button type="button" onClick={() => exportAs('csv')} disabled={exporting} id="export-csv">
            {t.exportCsv}
          </button>
        </div>
      </header>
      <div class="filters">
        <label>
          {t.level}
          <select id="filter-level" value={level} onChange={(e) => setFilter(() => setLevel((e.target as HTMLSelectElement).value as HistoryLevel | ''))}>
            <option value="">{t.anyLevel}</option>
            {HISTORY_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t.levels[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.caseFilter}
          <select id="filter-case" value={caseId} onChange={(e) => setFilter(() => setCaseId((e.target as HTMLSelectElement).value))}>
            <option value="">{t.anyCase}</option>
            {(cases.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {lang === 'zh' ? c.title.zh : c.title.en}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.channelFilter}
          <select id="filter-channel" value={channel} onChange={(e) => setFilter(() => setChannel((e.target as HTMLSelectElement).value))}>
            <option value="">{t.anyChannel}</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <span class="muted small" id="events-count" aria-live="polite">
          {events.data ? t.showing(items.length, total) : t.loading}
        </span>
      </div>
      {events.error ? <p class="error-text">{t.failed(events.error)}</p> : null}
      {events.data && !items.length ? <p class="muted">{t.noEvents}</p> : null}
      {items.length ? (
        <table class="list" id="events-table">
          <thead>
            <tr>
              <th scope="col">{t.time}</th>
              <th scope="col">{t.level}</th>
              <th scope="col">{t.events}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {items.map((e, i) => {
              const lv = eventLevel(e);
              return (
                <tr key={`${e.ts}-${i}`} data-type={e.type} data-level={lv}>
                  <td class="num">{fmtTime(e.ts, lang)}</td>
                  <td class="nowrap">
                    <span class={`lvl ${lv}`} aria-hidden="true" />
                    {t.levels[lv]}
                  </td>
                  <td class="nowrap">{eventName(e, lang)}</td>
                  <td>{e.reason}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {items.length < total ? (
        <button type="button" onClick={() => setCount(count + PAGE_SIZE * 5)} id="load-more">
          {t.loadMore}
        </button>
      ) : null}
    </section>
  );
}

export function HistoryPage() {
  return (
    <>
      <Availability />
      <Events />
    </>
  );
}
