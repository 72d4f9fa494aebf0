// What the Status page reads from a RuntimeStatus: its look (the tray's), and which /readyz failures are
// channels. Pure.
import type { RuntimeStatus } from '../shared/api.js';
import { lookOf, worstLook, type HealthLook } from '../shared/health-look.js';
import type { ProbeVerdict } from '../shared/status.js';

/** /readyz failing[] entries that are not channels (docs/openclaw-gateway.md). */
const NOT_CHANNELS = /^(startup-sidecars|gateway-draining|agent-database(:.*)?|plugin-reload|state-database|internal)$/;

export function channelStates(failing: string[] | undefined): { failingChannels: string[]; other: string[] } {
  const f = failing ?? [];
  return { failingChannels: f.filter((x) => !NOT_CHANNELS.test(x)), other: f.filter((x) => NOT_CHANNELS.test(x)) };
}

export function probeLook(v: ProbeVerdict | undefined): HealthLook {
  switch (v) {
    case 'healthy':
      return 'healthy';
    case 'not-ready':
      return 'degraded';
    case 'starting':
      return 'working';
    case 'refused':
    case 'timeout':
    case 'error':
    case 'foreign':
      return 'down';
    default:
      return 'paused';
  }
}

/** The look of the whole status: the watcher's state, or without a watcher a fresh probe's verdict. */
export function statusLook(s: RuntimeStatus | null): HealthLook {
  if (!s) return 'paused';
  if (s.watching || s.watcherPid) return lookOf(s.gateway?.state);
  return probeLook(s.liveProbe?.verdict);
}

/** The window's header with several targets: the worst look of the default gateway and every other one. */
export function overallLook(s: RuntimeStatus | null): HealthLook {
  const own = statusLook(s);
  return s?.targets?.length ? worstLook([own, ...s.targets.map((t) => (t.watching ? lookOf(t.state) : 'paused'))]) : own;
}
