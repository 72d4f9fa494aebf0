// Finds gateways a user could watch besides the default one, to offer as settings.targets entries:
// - OpenClaw profiles: ~/.openclaw (the default profile) and ~/.openclaw-<profile> (docs/cli/index.md
//   `--profile <name>`, docs/help/environment.md OPENCLAW_PROFILE / OPENCLAW_HOME), each with the
//   gateway.port of its openclaw.json (18789 when the config sets none);
// - `openclaw fleet list --json` cells (docs/cli/fleet.md: one gateway per tenant container on a loopback
//   port): its JSON is `{ "cells": [{ tenant, state, port, image, created }] }` (the installed CLI's
//   runFleetListCommand), restarted through `openclaw fleet restart <tenant>`.
// Nothing here changes anything: it reads directories and runs one read-only command.
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetSettings } from '../../../shared/settings.js';
import { readConfig } from '../openclaw/config-file.js';
import { currentPlatformEnv, type PlatformEnv } from '../paths.js';
import { PROFILE_NAME, TARGET_ID } from '../settings/settings-schema.js';

export const OPENCLAW_DEFAULT_PORT = 18789;

export interface DiscoveredProfile {
  /** undefined: the default profile (~/.openclaw). */
  profile?: string;
  stateDir: string;
  port: number;
  /** The config could not be read (the port is then OpenClaw's default). */
  problem?: string;
}

export interface DiscoveredCell {
  tenant: string;
  state: string;
  port: number;
  image?: string;
}

/** ~/.openclaw and every ~/.openclaw-<profile> directory (OPENCLAW_HOME replaces the home, as OpenClaw does). */
export function discoverProfiles(p: PlatformEnv = currentPlatformEnv()): DiscoveredProfile[] {
  const home = p.env.OPENCLAW_HOME?.trim() || p.home;
  let names: string[];
  try {
    names = readdirSync(home);
  } catch {
    return [];
  }
  const found: DiscoveredProfile[] = [];
  for (const name of names.sort()) {
    const m = /^\.openclaw(?:-(.+))?$/.exec(name);
    if (!m || (m[1] !== undefined && !PROFILE_NAME.test(m[1]))) continue;
    const stateDir = join(home, name);
    try {
      if (!statSync(stateDir).isDirectory()) continue;
    } catch {
      continue;
    }
    const config = readConfig(join(stateDir, 'openclaw.json'));
    const gateway = config.ok ? (config.value.gateway as { port?: unknown } | undefined) : undefined;
    const port = typeof gateway?.port === 'number' && Number.isInteger(gateway.port) && gateway.port > 0 && gateway.port < 65536 ? gateway.port : OPENCLAW_DEFAULT_PORT;
    found.push({ ...(m[1] ? { profile: m[1] } : {}), stateDir, port, ...(config.ok || config.missing ? {} : { problem: config.error }) });
  }
  return found;
}

/** `openclaw fleet list --json`'s output, parsed; anything else is refused with a reason. */
export function parseFleetList(stdout: string): DiscoveredCell[] {
  const start = stdout.indexOf('{');
  const value: unknown = JSON.parse(start >= 0 ? stdout.slice(start) : stdout);
  const cells = (value as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) throw new Error('openclaw fleet list --json: no "cells" list in its output');
  const out: DiscoveredCell[] = [];
  for (const c of cells as Record<string, unknown>[]) {
    if (!c || typeof c.tenant !== 'string' || !TARGET_ID.test(c.tenant)) continue;
    const port = Number(c.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
    out.push({ tenant: c.tenant, state: typeof c.state === 'string' ? c.state : 'unknown', port, ...(typeof c.image === 'string' ? { image: c.image } : {}) });
  }
  return out;
}

/** Runs `openclaw fleet list --json` (read-only); a CLI without fleet, or no container runtime: an error. */
export function listFleetCells(openclawPath: string, env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<DiscoveredCell[]> {
  return new Promise((resolve, reject) => {
    execFile(openclawPath, ['fleet', 'list', '--json'], { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`openclaw fleet list --json: ${(stderr || err.message).trim().split('\n').slice(-1)[0]}`));
      try {
        resolve(parseFleetList(stdout));
      } catch (e) {
        reject(e as Error);
      }
    });
  });
}

/** A target id from a profile or tenant name (a-z0-9 and inner hyphens). */
export function targetIdFor(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return id && id !== 'default' ? id : `profile-${id || 'x'}`;
}

/**
 * The entries to offer: one per named profile and per fleet cell, leaving out what is watched already (the
 * default gateway's port and every port of settings.targets).
 */
export function suggestTargets(profiles: DiscoveredProfile[], cells: DiscoveredCell[], watchedPorts: Set<number>, takenIds: Set<string>): TargetSettings[] {
  const out: TargetSettings[] = [];
  const add = (t: TargetSettings) => {
    if (t.port !== undefined && watchedPorts.has(t.port)) return;
    let id = t.id;
    for (let n = 2; takenIds.has(id); n++) id = `${t.id}-${n}`;
    takenIds.add(id);
    if (t.port !== undefined) watchedPorts.add(t.port);
    out.push({ ...t, id });
  };
  for (const p of profiles) if (p.profile) add({ id: targetIdFor(p.profile), kind: 'local', profile: p.profile, port: p.port });
  for (const c of cells) add({ id: targetIdFor(c.tenant), kind: 'fleet', tenant: c.tenant, port: c.port });
  return out;
}
