// Watches the gateway's chat channels (IRC, Telegram, Feishu, WhatsApp…) while the gateway is live:
// every `gatewayChannels.probeIntervalSec` one RPC round (`channels.status` with an active probe of
// each account), the ladder decides, this class acts: `channels.start` for the account (its `outcome`
// recorded), one drained gateway restart through the watchdog's manager, then one alert to a person.
// A channel incident is recorded like the gateway's (history events, incidents.jsonl when it closes).
import type { ChannelHealStep, GatewayChannelHealth, Incident, WatchEventDetails } from '../../../shared/status.js';
import { gatewayCall, GatewayRpcError, type GatewayAuth, type RpcTarget } from '../gateway/gateway-rpc.js';
import type { Settings } from '../settings/settings.js';
import type { History } from '../store/history-log.js';
import { ChannelLadder, channelName, ladderConfigFrom, type ChannelDecision } from './channel-health.js';
import { observationsFrom } from './channel-status.js';

/** The first round after start; rounds that find the gateway not live retry this soon too. */
const FIRST_ROUND_MS = 3000;

/** The part of the watchdog the monitor uses. */
export interface ChannelWatchdog {
  isLive(): boolean;
  readinessFailing(): string[];
  setGatewayChannels(list: GatewayChannelHealth[] | undefined, problem: string | undefined): void;
  recordChannelEvent(type: 'channel-down' | 'channel-heal' | 'channel-needs-human' | 'channel-recovered' | 'info', reason: string, details: WatchEventDetails, incidentId?: string): void;
  restartForChannel(reason: string): Promise<{ ok: boolean; detail: string }>;
}

export type RpcFn = (target: RpcTarget, method: string, params?: unknown) => Promise<unknown>;

export interface ChannelMonitorOptions {
  settings: Settings;
  watchdog: ChannelWatchdog;
  history: History;
  /** The shared secret for the gateway's RPC (read fresh each round: the user may change it). */
  auth: () => GatewayAuth;
  /** Masks secrets in channel errors before they are kept or shown. */
  redact: (text: string) => string;
  rpc?: RpcFn;
  clientVersion?: string;
  log?: (line: string) => void;
}

/** channels.start's answer (rpc-system-and-channels.md). */
interface StartAnswer {
  started?: boolean;
  outcome?: { status?: string; reason?: string };
}

export class ChannelMonitor {
  private readonly ladder: ChannelLadder;
  private readonly rpc: RpcFn;
  private timer?: NodeJS.Timeout;
  private running = false;
  private busy = false;
  private wasLive = false;
  private rpcFailing?: string;
  private lastRound?: Promise<void>;

  constructor(private readonly options: ChannelMonitorOptions) {
    this.ladder = new ChannelLadder(ladderConfigFrom(options.settings));
    this.rpc = options.rpc ?? gatewayCall;
  }

  private get settings(): Settings {
    return this.options.settings;
  }

  start(): void {
    this.running = true;
    // The first look soon (a channel already down is seen at once); then every probeIntervalSec.
    this.schedule(Math.min(FIRST_ROUND_MS, this.intervalMs()));
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** Settings changed: the ladder's grace / verify and the interval apply from the next round. */
  applySettings(): void {
    this.ladder.reconfigure(ladderConfigFrom(this.settings));
    if (!this.settings.gatewayChannels.enabled) this.options.watchdog.setGatewayChannels(undefined, undefined);
    if (this.running && !this.busy) this.schedule(this.intervalMs());
  }

  /** One round now (tests, and the first round after start). */
  async checkNow(): Promise<void> {
    if (this.busy) return this.lastRound;
    this.busy = true;
    this.lastRound = this.round().finally(() => {
      this.busy = false;
    });
    return this.lastRound;
  }

  private intervalMs(): number {
    return this.settings.gatewayChannels.probeIntervalSec * 1000;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.checkNow()
        .catch((err: Error) => this.options.log?.(`clawdoc: channel check failed: ${err.message}`))
        .finally(() => this.schedule(this.wasLive ? this.intervalMs() : Math.min(FIRST_ROUND_MS, this.intervalMs())));
    }, ms);
    this.timer.unref?.();
  }

  private target(): RpcTarget {
    const g = this.settings.gateway;
    return { host: g.host, port: g.port, timeoutMs: this.settings.gatewayChannels.rpcTimeoutSec * 1000, auth: this.options.auth(), clientVersion: this.options.clientVersion };
  }

  private async round(): Promise<void> {
    const w = this.options.watchdog;
    if (!this.settings.gatewayChannels.enabled) return;
    if (!w.isLive()) {
      this.wasLive = false; // the gateway is down or restarting: its channels are the watchdog's business now
      return;
    }
    if (!this.wasLive) {
      this.wasLive = true;
      this.ladder.gatewayBack(Date.now());
    }
    let payload: unknown;
    try {
      payload = await this.rpc(this.target(), 'channels.status', { probe: true, timeoutMs: Math.round(Math.max(1000, this.settings.gatewayChannels.rpcTimeoutSec * 1000 - 1000)) });
    } catch (err) {
      const message = this.options.redact((err as Error).message);
      // Told once per kind of failure, not every round; the channels keep their last known state.
      if (this.rpcFailing !== message && w.isLive()) w.recordChannelEvent('info', `cannot read the gateway's channel status: ${message}`, { detail: message });
      this.rpcFailing = message;
      return;
    }
    if (this.rpcFailing) {
      this.rpcFailing = undefined;
      w.recordChannelEvent('info', "the gateway's channel status can be read again", {});
    }
    if (!w.isLive()) return; // the gateway went away during the round: not the channels' fault
    const observations = observationsFrom(payload, w.readinessFailing()).map((o) => ({
      ...o,
      ...(o.lastError ? { lastError: this.options.redact(o.lastError) } : {}),
      ...(o.problem ? { problem: this.options.redact(o.problem) } : {}),
    }));
    const decisions = this.ladder.observe(observations, Date.now());
    this.publish();
    for (const d of decisions) await this.act(d);
    this.publish();
  }

  private publish(): void {
    this.options.watchdog.setGatewayChannels(this.ladder.list(), this.ladder.problem());
  }

  private details(h: GatewayChannelHealth, extra: WatchEventDetails = {}): WatchEventDetails {
    return { channel: h.channel, accountId: h.accountId, ...(h.lastError ? { lastError: h.lastError } : {}), ...(h.need ? { need: h.need } : {}), ...extra };
  }

  private async act(d: ChannelDecision): Promise<void> {
    const w = this.options.watchdog;
    const h = d.health;
    const name = channelName(h);
    if (d.kind === 'down') {
      const graceS = this.settings.gatewayChannels.graceSec;
      w.recordChannelEvent('channel-down', `${name} channel down for over ${graceS}s while the gateway is live${h.lastError ? `: ${h.lastError}` : ''}`, this.details(h), h.incidentId);
      return;
    }
    if (d.kind === 'recovered') {
      const now = Date.now();
      const attempts = h.attempts ?? [];
      const incident: Incident = {
        id: h.incidentId ?? `channel-${now}`,
        openedAt: d.openedAt,
        closedAt: now,
        cause: `${name} channel down${h.lastError ? `: ${h.lastError}` : ''}`,
        restarts: attempts.filter((a) => a.step === 'gateway-restart' && a.outcome.startsWith('restarted')).length,
        resolution: attempts.some((a) => a.step !== 'human') ? 'recovered' : 'recovered-externally',
        gatewayChannel: { channel: h.channel, accountId: h.accountId },
      };
      try {
        this.options.history.incidents.append(incident);
      } catch (err) {
        this.options.log?.(`clawdoc: could not record the channel incident: ${(err as Error).message}`);
      }
      w.recordChannelEvent('channel-recovered', `${d.reason} after ${Math.round((now - d.openedAt) / 1000)}s`, this.details(h, { incidentId: incident.id, downtimeMs: now - d.openedAt, restarts: incident.restarts }), incident.id);
      return;
    }
    await this.step(d.step, h);
  }

  private async step(step: ChannelHealStep, h: GatewayChannelHealth): Promise<void> {
    const w = this.options.watchdog;
    const name = channelName(h);
    const report = (s: ChannelHealStep, outcome: string) => this.ladder.attempted(h.channel, h.accountId, { step: s, at: Date.now(), outcome }, Date.now());
    if (step === 'channels.start') {
      let outcome: string;
      try {
        const a = (await this.rpc(this.target(), 'channels.start', { channel: h.channel, accountId: h.accountId })) as StartAnswer;
        outcome = `started=${a?.started === true}${a?.outcome?.status ? `, outcome ${a.outcome.status}` : ''}${a?.outcome?.reason ? ` (${a.outcome.reason})` : ''}`;
      } catch (err) {
        outcome = `failed: ${err instanceof GatewayRpcError ? err.message : String(err)}`;
      }
      outcome = this.options.redact(outcome);
      report('channels.start', outcome);
      w.recordChannelEvent('channel-heal', `asked OpenClaw to start the ${name} channel (channels.start): ${outcome}`, this.details(h, { step, outcome }), h.incidentId);
      return;
    }
    if (step === 'gateway-restart') {
      const reason = `${name} channel still down after channels.start: one gateway restart`;
      const r = await w.restartForChannel(reason);
      const outcome = r.ok ? `restarted (${r.detail})` : `not restarted: ${r.detail}`;
      report('gateway-restart', outcome);
      w.recordChannelEvent('channel-heal', r.ok ? `restarted the gateway once for the ${name} channel` : `did not restart the gateway for the ${name} channel: ${r.detail}`, this.details(h, { step, outcome }), h.incidentId);
      if (r.ok) this.wasLive = false; // the channel's verify window starts when the gateway is back
      else await this.step('human', h);
      return;
    }
    report('human', 'a person was alerted');
    const tried = (h.attempts ?? []).map((a) => `${a.step}: ${a.outcome}`).join('; ');
    w.recordChannelEvent(
      'channel-needs-human',
      `${name} channel needs a person (${h.need ?? 'unknown'})${h.lastError ? `: ${h.lastError}` : ''}${tried ? `; tried ${tried}` : ''}`,
      this.details(h, { step: 'human' }),
      h.incidentId,
    );
  }
}
