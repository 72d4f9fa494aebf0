// Per channel account health and the healing ladder, as a pure state machine (the caller passes the
// time): a channel failing for longer than the grace while the gateway is live is an incident of its own;
// then, each step verified before the next: `channels.start` for that account, one drained gateway
// restart (only when the error does not say a person must act), then one alert to a person. Never a
// restart loop: at most one gateway restart per channel incident.
import { randomUUID } from 'node:crypto';
import type { ChannelHealAttempt, ChannelHealStep, GatewayChannelHealth } from '../../../shared/status.js';
import type { Settings } from '../settings/settings.js';
import { classifyNeed, needsPerson, type ChannelObservation } from './channel-status.js';

export interface LadderConfig {
  graceMs: number;
  verifyMs: number;
  restartGateway: boolean;
}

export function ladderConfigFrom(s: Settings): LadderConfig {
  const c = s.gatewayChannels;
  return { graceMs: c.graceSec * 1000, verifyMs: c.verifySec * 1000, restartGateway: c.restartGateway };
}

/** What the caller must do now (the monitor acts, then reports each attempt back). */
export type ChannelDecision =
  | { kind: 'down'; health: GatewayChannelHealth }
  | { kind: 'step'; step: ChannelHealStep; health: GatewayChannelHealth }
  | { kind: 'recovered'; health: GatewayChannelHealth; openedAt: number; reason: string };

interface Entry {
  health: GatewayChannelHealth;
  openedAt?: number;
  /** The next step may run from then on (the previous one had its time to work). */
  verifyUntil?: number;
  restarted?: boolean;
}

export const keyOf = (channel: string, accountId: string) => `${channel}/${accountId}`;

export function channelName(h: Pick<GatewayChannelHealth, 'channel' | 'accountId' | 'label'>): string {
  return `${h.label ?? h.channel}${h.accountId && h.accountId !== 'default' ? ` (${h.accountId})` : ''}`;
}

export class ChannelLadder {
  private readonly entries = new Map<string, Entry>();

  constructor(private config: LadderConfig) {}

  reconfigure(config: LadderConfig): void {
    this.config = config;
  }

  list(): GatewayChannelHealth[] {
    return [...this.entries.values()].map((e) => structuredClone(e.health));
  }

  /** The first channel with an open incident, for the watchdog's "degraded" reason. */
  problem(): string | undefined {
    const e = [...this.entries.values()].find((x) => x.health.state === 'down' || x.health.state === 'needs-human');
    if (!e) return undefined;
    const h = e.health;
    const what = h.state === 'needs-human' ? 'needs a person' : 'is down';
    return `${channelName(h)} channel ${what}${h.lastError ? `: ${h.lastError}` : ''}`;
  }

  /** The gateway was not live (or was restarted): a channel still starting gets a fresh grace / verify window. */
  gatewayBack(now: number): void {
    for (const e of this.entries.values()) {
      if (e.health.state === 'unhealthy') e.health.failingSince = now;
      if (e.health.state === 'down' && e.verifyUntil !== undefined) e.verifyUntil = Math.max(e.verifyUntil, now + this.config.verifyMs);
    }
  }

  /** The caller did a step (or could not): recorded in the channel's incident, the verify window starts. */
  attempted(channel: string, accountId: string, attempt: ChannelHealAttempt, now: number): void {
    const e = this.entries.get(keyOf(channel, accountId));
    if (!e) return;
    (e.health.attempts ??= []).push(attempt);
    if (attempt.step === 'gateway-restart') e.restarted = true;
    if (attempt.step === 'human') {
      e.health.state = 'needs-human';
      e.health.since = now;
      e.verifyUntil = undefined;
    } else {
      e.verifyUntil = now + this.config.verifyMs;
    }
  }

  /** One round of observations (every enabled account the gateway reported); returns what to do now. */
  observe(observations: ChannelObservation[], now: number): ChannelDecision[] {
    const out: ChannelDecision[] = [];
    const seen = new Set<string>();
    for (const o of observations) {
      const key = keyOf(o.channel, o.accountId);
      seen.add(key);
      let e = this.entries.get(key);
      if (!e) {
        e = { health: { channel: o.channel, accountId: o.accountId, state: 'healthy', since: now } };
        this.entries.set(key, e);
      }
      const h = e.health;
      for (const k of ['label', 'lifecycle', 'running', 'connected', 'probeOk', 'lastProbeAt'] as const) {
        if (o[k] !== undefined) (h as unknown as Record<string, unknown>)[k] = o[k];
        else delete h[k];
      }
      if (o.healthy) {
        if (h.state === 'down' || h.state === 'needs-human') {
          out.push({ kind: 'recovered', health: structuredClone(h), openedAt: e.openedAt ?? h.failingSince ?? now, reason: `${channelName(h)} channel is healthy again` });
        }
        if (h.state !== 'healthy') this.entries.set(key, { health: { ...pick(h), state: 'healthy', since: now } });
        continue;
      }
      if (o.lastError) h.lastError = o.lastError;
      h.need = classifyNeed(h.lastError ?? o.problem);
      if (h.state === 'healthy') {
        h.state = 'unhealthy';
        h.since = now;
        h.failingSince = now;
      }
      if (h.state === 'unhealthy') {
        if (now - (h.failingSince ?? now) < this.config.graceMs) continue;
        h.state = 'down';
        h.since = now;
        h.incidentId = randomUUID();
        h.attempts = [];
        e.openedAt = now;
        e.restarted = false;
        e.verifyUntil = undefined;
        out.push({ kind: 'down', health: structuredClone(h) });
      }
      if (h.state === 'needs-human') {
        // A person was told; keep watching. The far end answers again but OpenClaw's account is still not
        // running (its own reconnect backs off): ask it once per verify window to start now.
        if (o.probeOk === true && o.running === false && !(e.verifyUntil !== undefined && now < e.verifyUntil)) {
          e.verifyUntil = Number.POSITIVE_INFINITY;
          out.push({ kind: 'step', step: 'channels.start', health: structuredClone(h) });
        }
        continue;
      }
      if (h.state !== 'down') continue;
      if (e.verifyUntil !== undefined && now < e.verifyUntil) continue; // the last step still has its time
      const tried = new Set((h.attempts ?? []).map((a) => a.step));
      let step: ChannelHealStep;
      if (!tried.has('channels.start')) step = 'channels.start';
      else if (!e.restarted && !tried.has('gateway-restart') && this.config.restartGateway && !needsPerson(h.need ?? 'unknown')) step = 'gateway-restart';
      else step = 'human';
      e.verifyUntil = Number.POSITIVE_INFINITY; // until the caller reports the attempt
      out.push({ kind: 'step', step, health: structuredClone(h) });
    }
    for (const [key, e] of this.entries) {
      if (seen.has(key)) continue;
      // No longer reported (removed from the config, or disabled): its incident ends with it.
      if (e.health.state === 'down' || e.health.state === 'needs-human') {
        out.push({ kind: 'recovered', health: structuredClone(e.health), openedAt: e.openedAt ?? now, reason: `${channelName(e.health)} channel is no longer configured` });
      }
      this.entries.delete(key);
    }
    return out;
  }
}

function pick(h: GatewayChannelHealth): Omit<GatewayChannelHealth, 'state' | 'since'> {
  const { channel, accountId, label, lifecycle, running, connected, probeOk, lastProbeAt } = h;
  return Object.fromEntries(Object.entries({ channel, accountId, label, lifecycle, running, connected, probeOk, lastProbeAt }).filter(([, v]) => v !== undefined)) as unknown as Omit<
    GatewayChannelHealth,
    'state' | 'since'
  >;
}
