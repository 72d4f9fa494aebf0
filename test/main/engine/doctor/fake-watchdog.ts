// The doctor's tests without a gateway: a fake watchdog that escalates on demand and answers a restart with a
// healthy start or a refused one, and a Doctor wired to it with temporary dirs.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Escalation, StatusSnapshot, WatchEvent } from '../../../../src/shared/status.js';
import type { HistoryEvent } from '../../../../src/shared/history.js';
import { Doctor, type DoctorOptions } from '../../../../src/main/engine/doctor/doctor.js';
import { validateSettings } from '../../../../src/main/engine/settings/settings.js';
import type { WatchdogHooks } from '../../../../src/main/engine/watchdog/watchdog.js';

export const GOOD_CONFIG = '{ gateway: { mode: "local", port: 18790 } }\n';

export class FakeWatchdog extends EventEmitter {
  escalation?: Escalation;
  restarts: string[] = [];
  /** What the next start does: comes up healthy, or fails and escalates again with the same evidence. */
  next: 'healthy' | 'refused' = 'healthy';
  held: (string | undefined)[] = [];
  hooks: WatchdogHooks = {};
  private last?: Escalation;
  snapshot(): StatusSnapshot {
    return { state: this.escalation ? 'escalated' : 'down', since: 0, reason: '', manage: 'child', port: 18790, updatedAt: Date.now(), restartsInWindow: 0, crashesInWindow: 1, escalation: this.escalation };
  }
  hold(r: string | undefined): void {
    this.held.push(r);
  }
  setHooks(h: WatchdogHooks): void {
    this.hooks = h;
  }
  async requestRestart(reason = ''): Promise<void> {
    this.restarts.push(reason);
    this.escalation = undefined;
    setTimeout(() => {
      if (this.next === 'healthy') this.emit('event', { ts: Date.now(), type: 'state', from: 'recovering', to: 'healthy', reason: 'healthy' } satisfies WatchEvent);
      else if (this.last) this.escalate(this.last.cause, this.last.evidence);
    }, 20);
  }
  escalate(cause: Escalation['cause'], evidence: Escalation['evidence'], reason = `escalated: ${cause}`): void {
    this.escalation = this.last = { at: Date.now(), cause, reason, evidence };
    this.emit('event', { ts: Date.now(), type: 'escalated', reason, details: { cause } } satisfies WatchEvent);
  }
}

/** A Doctor on a FakeWatchdog; `config` is what openclaw.json holds, `settings` are ClawDoc's. */
export function doctorOnFakeWatchdog(opts: { config?: string; settings?: unknown; extra?: Partial<DoctorOptions>; untilMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-doctor-'));
  const configPath = join(dir, 'openclaw.json');
  writeFileSync(configPath, opts.config ?? GOOD_CONFIG);
  const wd = new FakeWatchdog();
  const events: HistoryEvent[] = [];
  wd.on('event', (e: WatchEvent) => events.push(e));
  const doctor = new Doctor({
    settings: validateSettings(opts.settings ?? {}),
    dataDir: join(dir, 'data'),
    configPath,
    stateDir: join(dir, 'state'),
    fileLogDir: join(dir, 'logs'),
    watchdog: wd,
    manager: { mode: 'child', pid: () => undefined, lastOutput: async () => [] },
    portHolder: async () => null,
    probe: async () => ({ verdict: 'refused', at: 0, latencyMs: 0 }),
    ...opts.extra,
  });
  doctor.on('event', (e) => events.push(e));
  doctor.start();
  const phase = (p: string) => events.filter((e) => e.type === 'doctor' && (e.details as { phase?: string }).phase === p);
  const until = async (pred: () => boolean, what: string, ms = opts.untilMs ?? 5000) => {
    const end = Date.now() + ms;
    while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.ok(pred(), what);
  };
  return { dir, configPath, wd, doctor, events, phase, until };
}
