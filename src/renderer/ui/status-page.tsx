// Status: the gateway's state with the tray's shape and colour, its facts, the buttons (restart,
// diagnose, pause / resume), fixes waiting for approval with their evidence, the open or last incident.
import { useState } from 'preact/hooks';
import type { RuntimeStatus } from '../../shared/api.js';
import type { DiagnosisReport, Proposal } from '../../shared/doctor.js';
import { channelStates, statusLook } from '../status-look.js';
import { lookOf } from '../../shared/health-look.js';
import { fmtClock, fmtDuration, fmtMb, fmtTime } from '../format.js';
import { errorText, useApp, useLive, useTick } from './context.js';
import { RecordView } from './evidence.js';
import { Dialog, HealthBadge, lookColour } from './widgets.js';

function Hero({ s }: { s: RuntimeStatus }) {
  const { t, lang, dark, bridge, toast, refreshStatus } = useApp();
  const now = useTick(1000);
  const g = s.gateway;
  const look = statusLook(s);
  const [confirmRestart, setConfirmRestart] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [pauseFor, setPauseFor] = useState('15');
  const [report, setReport] = useState<DiagnosisReport | null>(null);
  const watching = s.watching || !!s.watcherPid;
  const paused = g?.state === 'paused';
  const stateLabel = g ? t.states[g.state] : t.unknownState;
  const act = async (name: string, fn: () => Promise<{ message: string } | unknown>) => {
    setBusy(name);
    try {
      const r = await fn();
      if (r && typeof r === 'object' && 'message' in r) toast(String((r as { message: string }).message));
      refreshStatus();
    } catch (err) {
      toast(errorText(err), true);
    } finally {
      setBusy(null);
    }
  };
  const probe = g?.lastProbe ?? s.liveProbe;
  const { failingChannels, other } = channelStates(probe?.failing);
  return (
    <section class="card" aria-labelledby="gw-title" id="status-card" data-state={g?.state ?? 'unknown'} data-look={look}>
      <h2 id="gw-title" class="visually-hidden">
        {t.gateway}
      </h2>
      <div class="hero" style={{ '--look': lookColour(look, dark) }}>
        <HealthBadge look={look} dark={dark} size={56} label={stateLabel} />
        <div>
          <div class="state" id="state-label">
            {watching ? stateLabel : t.liveProbe(probe ? t.verdicts[probe.verdict] : t.unknownState)}
          </div>
          {g && watching ? (
            <div class="reason">
              {g.reason} · {t.forDuration(fmtDuration(now - g.since, lang))}
            </div>
          ) : null}
        </div>
      </div>
      {!watching ? <p class="banner">{g ? t.notWatching : t.neverWatched}</p> : null}
      {paused ? <p class="banner">{s.pausedUntil ? t.pausedUntil(fmtClock(s.pausedUntil, lang)) : t.pausedIndefinitely}</p> : null}
      {g?.hold && watching ? (
        <p class="banner" id="hold-banner" data-hold={g.hold.kind}>
          {t.held(g.hold, g.hold.until ? fmtClock(g.hold.until, lang) : undefined)}
        </p>
      ) : null}
      {g ? (
        <dl class="facts">
          <dt>{g.state === 'healthy' ? t.upFor : t.inStateFor}</dt>
          <dd id="uptime">{fmtDuration(now - g.since, lang)}</dd>
          <dt>{t.pid}</dt>
          <dd id="pid">{g.pid ?? '—'}</dd>
          <dt>{t.memory}</dt>
          <dd id="memory">{g.stats ? `${fmtMb(g.stats.rssBytes)} · ${t.cpu} ${g.stats.cpuPercent} %` : '—'}</dd>
          <dt>{t.port}</dt>
          <dd>
            {g.port} · {t.managedAs} {g.manage}
          </dd>
          {probe ? (
            <>
              <dt>{t.lastProbe}</dt>
              <dd>{t.probeLine(t.verdicts[probe.verdict], probe.latencyMs, t.ago(fmtDuration(Math.max(0, now - probe.at), lang)))}</dd>
            </>
          ) : null}
          <dt>{t.readiness}</dt>
          <dd id="readiness">{probe?.verdict === 'healthy' ? t.ready : probe?.verdict === 'not-ready' ? t.notReady((probe.failing ?? []).join(', ') || '?') : t.verdicts[probe?.verdict ?? 'error']}</dd>
          <dt>{t.channels}</dt>
          <dd id="channels">
            {g?.gatewayChannels?.length && watching ? (
              // The channel monitor's view of each account (its active probe sees what /readyz does not).
              <span class="chips">
                {g.gatewayChannels.map((c) => {
                  const name = `${c.label ?? c.channel}${c.accountId !== 'default' ? ` (${c.accountId})` : ''}`;
                  const bad = c.state === 'down' || c.state === 'needs-human';
                  return (
                    <span class={`chip ${c.state === 'healthy' ? 'good' : bad ? 'bad' : ''}`} key={`${c.channel}/${c.accountId}`} title={c.lastError ?? ''} data-channel={c.channel} data-channel-state={c.state}>
                      {name}: {t.gatewayChannelStates[c.state]}
                      {bad && c.lastError ? ` — ${c.lastError.length > 80 ? `${c.lastError.slice(0, 79)}…` : c.lastError}` : ''}
                    </span>
                  );
                })}
              </span>
            ) : probe?.verdict === 'healthy' ? (
              <span class="chip good">{t.channelsAllReady}</span>
            ) : failingChannels.length || other.length ? (
              <span class="chips">
                {failingChannels.map((c) => (
                  <span class="chip bad" key={c}>
                    {c}: {t.channelFailing}
                  </span>
                ))}
                {other.map((c) => (
                  <span class="chip" key={c}>
                    {c}
                  </span>
                ))}
              </span>
            ) : (
              <span class="muted">{t.channelsUnknown}</span>
            )}
          </dd>
          <dt>{t.restartsInWindow}</dt>
          <dd>{g.restartsInWindow}</dd>
          {g.nextRestartAt ? (
            <>
              <dt>{t.nextRestart}</dt>
              <dd>{t.inTime(fmtDuration(Math.max(0, g.nextRestartAt - now), lang))}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <div class="actions">
        <button type="button" class="primary" id="btn-restart" disabled={!watching || !!busy} onClick={() => setConfirmRestart(true)}>
          {t.restart}
        </button>
        <button
          type="button"
          id="btn-diagnose"
          disabled={!!busy}
          onClick={() =>
            act('diagnose', async () => {
              setReport(await bridge.diagnose());
            })
          }
        >
          {busy === 'diagnose' ? t.diagnosing : t.diagnose}
        </button>
        {paused ? (
          <button type="button" id="btn-resume" disabled={!watching || !!busy} onClick={() => act('resume', () => bridge.resume())}>
            {t.resume}
          </button>
        ) : (
          <span class="row">
            <label for="pause-for" class="visually-hidden">
              {t.pause}
            </label>
            <select id="pause-for" value={pauseFor} onChange={(e) => setPauseFor((e.target as HTMLSelectElement).value)} disabled={!watching}>
              <option value="15">{t.pause15}</option>
              <option value="60">{t.pause60}</option>
              <option value="0">{t.pauseUntilResumed}</option>
            </select>
            <button type="button" id="btn-pause" disabled={!watching || !!busy} onClick={() => act('pause', () => bridge.pause(pauseFor === '0' ? {} : { durationMin: Number(pauseFor) }))}>
              {t.pause}
            </button>
          </span>
        )}
      </div>
      {confirmRestart ? (
        <Dialog
          id="confirm-restart"
          title={t.restart}
          onClose={() => setConfirmRestart(false)}
          footer={
            <>
              <button type="button" onClick={() => setConfirmRestart(false)}>
                {t.cancel}
              </button>
              <button
                type="button"
                class="primary"
                id="btn-restart-confirm"
                onClick={() => {
                  setConfirmRestart(false);
                  void act('restart', () => bridge.restart('restart requested from the window'));
                }}
              >
                {t.restart}
              </button>
            </>
          }
        >
          <p>{t.confirmRestart}</p>
        </Dialog>
      ) : null}
      {report ? <DiagnosisView report={report} onClose={() => setReport(null)} /> : null}
    </section>
  );
}

function DiagnosisView({ report, onClose }: { report: DiagnosisReport; onClose: () => void }) {
  const { t, lang } = useApp();
  return (
    <div id="diagnosis" class="proposal" role="region" aria-label={t.diagnosis}>
      <div class="row">
        <strong class="grow">
          {t.diagnosis} · {t.tookMs(fmtDuration(report.durationMs, lang))}
        </strong>
        <button type="button" class="link" onClick={onClose}>
          {t.close}
        </button>
      </div>
      {report.candidates.length ? (
        <ul>
          {report.candidates.map((c) => (
            <li key={c.caseId}>
              <code>{c.caseId}</code> {Math.round(c.confidence * 100)} % — {c.reason}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t.noConfidentMatch}</p>
      )}
      <p class="muted small">{t.belowThreshold(Math.round(report.minConfidence * 100))}</p>
    </div>
  );
}

function ProposalItem({ p, open, onDecided }: { p: Proposal; open: boolean; onDecided: () => void }) {
  const { t, lang, bridge, toast, refreshStatus } = useApp();
  const [busy, setBusy] = useState(false);
  const [showEvidence, setShowEvidence] = useState(open);
  const record = useLive(() => (showEvidence ? bridge.records({ ids: [p.recordId] }) : Promise.resolve([])), [p.recordId, showEvidence], []);
  const decide = async (approve: boolean) => {
    setBusy(true);
    try {
      const r = approve ? await bridge.approve(p.id) : await bridge.reject(p.id);
      toast(`${approve ? t.approve : t.reject}: ${r.caseTitle}`);
      refreshStatus();
      onDecided();
    } catch (err) {
      toast(errorText(err), true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="proposal" data-proposal={p.id}>
      <div>
        <strong>{p.caseTitle}</strong> <code class="small">{p.caseId}</code>
      </div>
      <dl class="facts">
        <dt>{t.fixAction}</dt>
        <dd>{p.description}</dd>
        <dt>{t.confidence}</dt>
        <dd>
          {Math.round(p.confidence * 100)} % — {p.reason}
        </dd>
        <dt>{t.whyWaits}</dt>
        <dd>
          {p.why} · {t.expires(fmtTime(p.expiresAt, lang))}
        </dd>
      </dl>
      {p.aiPlan ? (
        <div class="ai-plan" data-ai-plan={p.aiPlan.provider}>
          <strong>
            {t.aiPlanHeading} ({p.aiPlan.provider}
            {p.aiPlan.model ? `, ${p.aiPlan.model}` : ''})
          </strong>
          <p>{p.aiPlan.summary}</p>
          <dl class="facts">
            <dt>{t.aiRootCause}</dt>
            <dd>{p.aiPlan.rootCause}</dd>
            {p.aiPlan.advice.length ? (
              <>
                <dt>{t.aiAdvice}</dt>
                <dd>
                  <ul>
                    {p.aiPlan.advice.map((a, i) => (
                      <li key={i}>
                        <code>{a}</code>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : null}
            {p.aiPlan.rejected.length ? (
              <>
                <dt>{t.aiRejected}</dt>
                <dd>{p.aiPlan.rejected.map((r) => r.reason).join('; ')}</dd>
              </>
            ) : null}
          </dl>
        </div>
      ) : null}
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={() => decide(true)}>
          {t.approve}
        </button>
        <button type="button" disabled={busy} onClick={() => decide(false)}>
          {t.reject}
        </button>
        <button type="button" class="link" aria-expanded={showEvidence} onClick={() => setShowEvidence(!showEvidence)}>
          {t.evidence}
        </button>
      </div>
      {showEvidence ? record.data?.[0] ? <RecordView record={record.data[0]} /> : <p class="muted">{record.loading ? t.loading : t.noEvidence}</p> : null}
    </li>
  );
}

function Proposals() {
  const { t, bridge } = useApp();
  const live = useLive(() => bridge.proposals(), [], ['proposal', 'doctor']);
  const pending = (live.data ?? []).filter((p) => p.status === 'pending');
  if (!pending.length) return null;
  return (
    <section class="card" aria-labelledby="proposals-title" id="proposals">
      <h2 id="proposals-title">
        {t.proposals} ({pending.length})
      </h2>
      <ul class="plain">
        {pending.map((p, i) => (
          <ProposalItem key={p.id} p={p} open={i < 2} onDecided={live.reload} />
        ))}
      </ul>
    </section>
  );
}

function IncidentCard({ s }: { s: RuntimeStatus }) {
  const { t, lang } = useApp();
  const now = useTick(5000);
  const inc = s.gateway?.incident ?? s.gateway?.lastIncident;
  if (!inc) return null;
  const open = !inc.closedAt;
  return (
    <section class="card" aria-labelledby="incident-title" id="incident-card">
      <h2 id="incident-title">{open ? t.openIncident : t.lastIncident}</h2>
      <p>
        {fmtTime(inc.openedAt, lang)} — {inc.cause} · {t.restartsN(inc.restarts)} ·{' '}
        {open ? t.openFor(fmtDuration(now - inc.openedAt, lang)) : `${t.recoveredAfter(fmtDuration(inc.closedAt! - inc.openedAt, lang))}${inc.resolution ? `, ${t.resolution[inc.resolution]}` : ''}`}
      </p>
    </section>
  );
}

function Services({ s }: { s: RuntimeStatus }) {
  const { t, lang } = useApp();
  const now = useTick(10_000);
  return (
    <section class="card" aria-labelledby="svc-title">
      <h2 id="svc-title">
        {t.doctor} · {t.alertChannels}
      </h2>
      <dl class="facts">
        <dt>{t.doctor}</dt>
        <dd>
          {s.doctor.enabled ? t.doctorState(t.autoHealShort[s.doctor.autoHeal] ?? s.doctor.autoHeal) : t.doctorOff}
          {s.doctor.busy ? ` · ${t.doctorBusy}` : ''}
        </dd>
        <dt>{t.alertChannels}</dt>
        <dd>
          {s.alerts.channels.length ? (
            <ul class="plain">
              {s.alerts.channels.map((c) => (
                <li key={c.channel}>
                  <strong>{c.channel}</strong> ({c.type}){c.enabled ? '' : ' · off'}:{' '}
                  {c.last ? (
                    <span class={c.last.ok ? '' : 'error-text'}>
                      {c.last.ok ? t.delivered : t.notDelivered} {t.ago(fmtDuration(now - c.last.at, lang))} — {c.last.text}
                    </span>
                  ) : (
                    <span class="muted">{t.notUsedYet}</span>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <span class="muted">{t.noAlertChannels}</span>
          )}
          {s.alerts.outboxSize ? <div>{t.outbox(s.alerts.outboxSize)}</div> : null}
        </dd>
      </dl>
      {s.problems.length ? (
        <>
          <h3 class="small">{t.problems}</h3>
          <ul>
            {s.problems.map((p) => (
              <li key={p.file + p.at}>
                <code>{p.file}</code>: {p.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** settings.targets: every other watched gateway, its state (the tray's shape and colour) and since when. */
function Targets({ s }: { s: RuntimeStatus }) {
  const { t, lang, dark } = useApp();
  const now = useTick(1000);
  if (!s.targets?.length) return null;
  return (
    <section class="card" aria-label={t.targets} id="targets-card">
      <h2>{t.targets}</h2>
      <ul class="plain">
        {s.targets.map((x) => {
          const label = x.watching && x.state ? t.states[x.state] : t.notWatchedTarget;
          return (
            <li key={x.target}>
              <HealthBadge look={x.watching ? lookOf(x.state) : 'paused'} dark={dark} size={14} label={label} /> <strong>{x.target}</strong>{' '}
              <span class="muted">
                {t.targetKinds[x.kind] ?? x.kind} · {x.host}:{x.port}
              </span>{' '}
              — {label}
              {x.since !== undefined && x.watching ? ` · ${fmtDuration(Math.max(0, now - x.since), lang)}` : ''}
              {x.reason && x.state !== 'healthy' ? <div class="muted">{x.reason}</div> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function StatusPage() {
  const { status, t } = useApp();
  if (!status) return <p class="muted">{t.loading}</p>;
  return (
    <>
      <Hero s={status} />
      <Targets s={status} />
      <Proposals />
      <IncidentCard s={status} />
      <Services s={status} />
    </>
  );
}
