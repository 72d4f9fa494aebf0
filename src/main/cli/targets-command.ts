// `clawdoc targets [list]`: the gateways this data dir watches (the default one and settings.targets).
// `clawdoc targets discover`: OpenClaw profiles (~/.openclaw-<profile>) and `openclaw fleet` cells found on
// this machine, offered as settings.targets entries (printed; nothing is changed).
import { currentPlatformEnv } from '../engine/paths.js';
import { gatewayEnv } from '../engine/build-engine.js';
import { discoverProfiles, listFleetCells, suggestTargets, type DiscoveredCell } from '../engine/runtime/discover-targets.js';
import { planTargets } from '../engine/runtime/targets.js';
import { loadSettings } from '../engine/settings/settings.js';
import { isReadOnlyProcess } from '../engine/store/documents.js';
import { resolveDataDir, UsageError } from './cli-context.js';
import type { Command } from './command.js';
import { stringsFor } from './messages.js';

export const targetsCommand: Command = {
  name: 'targets',
  readOnly: true,
  summary: 'The gateways watched (default + settings.targets); `discover` offers OpenClaw profiles and fleet cells',
  usage: 'clawdoc targets [list|discover] [--json] [--no-fleet] [--data-dir DIR]',
  options: { json: { type: 'boolean' }, 'no-fleet': { type: 'boolean' }, 'data-dir': { type: 'string' } },
  async run({ flags, positionals, io }) {
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const [action = 'list'] = positionals;
    const loaded = loadSettings(dataDir, { readOnly: isReadOnlyProcess() });
    const settings = loaded.settings;
    const t = stringsFor(settings.language);
    const plans = planTargets(dataDir, settings);
    if (action === 'list') {
      const rows = plans.map((p) => ({ target: p.id, kind: p.kind, host: p.settings.gateway.host, port: p.settings.gateway.port, manage: p.settings.watch.manage, doctor: p.settings.doctor.enabled, dataDir: p.dataDir, ...(p.settings.gateway.env.OPENCLAW_PROFILE ? { profile: p.settings.gateway.env.OPENCLAW_PROFILE } : {}) }));
      if (flags.json) io.out(JSON.stringify({ targets: rows }, null, 2));
      else for (const r of rows) io.out(`${r.target.padEnd(16)} ${(t.targetKinds[r.kind] ?? r.kind).padEnd(7)} ${`${r.host}:${r.port}`.padEnd(22)} manage=${r.manage}${r.profile ? ` profile=${r.profile}` : ''}`);
      return 0;
    }
    if (action !== 'discover') throw new UsageError(`unknown action "${action}"`);
    const platform = currentPlatformEnv();
    const profiles = discoverProfiles(platform);
    let cells: DiscoveredCell[] = [];
    let fleetProblem: string | undefined;
    if (!flags['no-fleet']) {
      try {
        cells = await listFleetCells(settings.gateway.openclawPath, gatewayEnv(settings, platform.env));
      } catch (err) {
        fleetProblem = (err as Error).message;
      }
    }
    const watchedPorts = new Set(plans.filter((p) => p.settings.gateway.host === '127.0.0.1' || p.settings.gateway.host === 'localhost').map((p) => p.settings.gateway.port));
    const suggested = suggestTargets(profiles, cells, watchedPorts, new Set(plans.map((p) => p.id)));
    if (flags.json) {
      io.out(JSON.stringify({ profiles, cells, ...(fleetProblem ? { fleetProblem } : {}), suggested }, null, 2));
      return 0;
    }
    for (const p of profiles) io.out(`profile ${p.profile ?? '(default)'}: ${p.stateDir}, port ${p.port}${p.problem ? ` (${p.problem})` : ''}`);
    for (const c of cells) io.out(`fleet cell ${c.tenant}: 127.0.0.1:${c.port} (${c.state})`);
    if (fleetProblem) io.err(`clawdoc targets: ${fleetProblem}`);
    if (!suggested.length) {
      io.out(t.noneDiscovered);
      return 0;
    }
    io.out(t.discovered(suggested.length));
    io.out(JSON.stringify([...settings.targets, ...suggested]));
    return 0;
  },
};
