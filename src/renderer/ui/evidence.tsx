// A doctor's record as a person reads it: what the evidence was, which cases matched, what was tried.
import type { DoctorRecord } from '../../shared/doctor.js';
import type { Escalation, EscalationEvidence } from '../../shared/status.js';
import { fmtDuration } from '../format.js';
import { useApp } from './context.js';

export function EscalationView({ escalation }: { escalation: Escalation }) {
  const { t } = useApp();
  const ev: EscalationEvidence = escalation.evidence;
  return (
    <div class="evidence" data-kind="escalation">
      <dl class="facts">
        <dt>{t.escalation}</dt>
        <dd>
          {escalation.cause} — {escalation.reason}
        </dd>
        {ev.exitCode !== undefined ? (
          <>
            <dt>{t.exitCode}</dt>
            <dd>{String(ev.exitCode)}</dd>
          </>
        ) : null}
        {ev.signal ? (
          <>
            <dt>{t.signal}</dt>
            <dd>{ev.signal}</dd>
          </>
        ) : null}
        {ev.portHolder ? (
          <>
            <dt>{t.portHolder}</dt>
            <dd>
              {ev.portHolder.name} (pid {ev.portHolder.pid})
            </dd>
          </>
        ) : null}
      </dl>
      {ev.lastOutput?.length ? (
        <>
          <h3 class="small">{t.lastOutput}</h3>
          <pre class="out">{ev.lastOutput.join('\n')}</pre>
        </>
      ) : null}
    </div>
  );
}

export function RecordView({ record }: { record: DoctorRecord }) {
  const { t, lang } = useApp();
  const e = record.evidence;
  return (
    <div class="evidence" data-record={record.id}>
      <dl class="facts">
        <dt>{t.outcome}</dt>
        <dd>
          {record.outcome} · {t.tookMs(fmtDuration(record.diagnoseMs, lang))}
        </dd>
        {record.summary ? (
          <>
            <dt>{t.summary}</dt>
            <dd>{record.summary}</dd>
          </>
        ) : null}
        {e.cause || e.reason ? (
          <>
            <dt>{t.cause}</dt>
            <dd>{[e.cause, e.reason].filter(Boolean).join(' — ')}</dd>
          </>
        ) : null}
        {e.exitCode !== undefined ? (
          <>
            <dt>{t.exitCode}</dt>
            <dd>{String(e.exitCode)}</dd>
          </>
        ) : null}
        {e.failing.length ? (
          <>
            <dt>{t.readiness}</dt>
            <dd>{t.notReady(e.failing.join(', '))}</dd>
          </>
        ) : null}
        {e.portHolder ? (
          <>
            <dt>{t.portHolder}</dt>
            <dd>
              {e.portHolder.name} (pid {e.portHolder.pid})
            </dd>
          </>
        ) : null}
      </dl>
      {e.findings.length ? (
        <>
          <h3 class="small">{t.findings}</h3>
          <ul>
            {e.findings.map((f) => (
              <li key={f.code + f.key}>
                <code>{f.code}</code> {f.key}: {f.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {e.lastOutput.length ? (
        <>
          <h3 class="small">{t.lastOutput}</h3>
          <pre class="out">{e.lastOutput.join('\n')}</pre>
        </>
      ) : null}
      {e.logLines.length ? (
        <>
          <h3 class="small">{t.logLines}</h3>
          <pre class="out">{e.logLines.join('\n')}</pre>
        </>
      ) : null}
      {record.candidates.length ? (
        <>
          <h3 class="small">{t.candidates}</h3>
          <ul>
            {record.candidates.map((c) => (
              <li key={c.caseId}>
                <code>{c.caseId}</code> {Math.round(c.confidence * 100)} % — {c.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {record.attempts.length ? (
        <>
          <h3 class="small">{t.attempts}</h3>
          <ul>
            {record.attempts.map((a, i) => (
              <li key={i}>
                <code>{a.caseId}</code> {a.description}: <strong>{a.outcome}</strong> ({fmtDuration(a.durationMs, lang)}){a.detail ? ` — ${a.detail}` : ''}
                {a.rolledBack?.length ? ` · ${t.steps['rolled-back']}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
