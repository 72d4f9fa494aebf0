// Discovery of gateways to offer as targets: OpenClaw profiles (~/.openclaw-<profile> with their configured
// port) and `openclaw fleet list --json` cells; the installed OpenClaw's own fleet output is parsed (no
// container runtime exists here: it has no cells, so a stand-in CLI prints a documented one-cell answer).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { discoverProfiles, listFleetCells, parseFleetList, suggestTargets, targetIdFor } from '../../../../src/main/engine/runtime/discover-targets.js';
import { validateSettings } from '../../../../src/main/engine/settings/settings.js';
import { CLAWDOC_BIN, hasTestbed, NODE_BIN_DIR, OPENCLAW_BIN } from '../../../helpers/gateway.js';

function fakeHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'clawdoc-discover-'));
  mkdirSync(join(home, '.openclaw'));
  writeFileSync(join(home, '.openclaw', 'openclaw.json'), '{ gateway: { port: 18789 } }');
  mkdirSync(join(home, '.openclaw-ops'));
  writeFileSync(join(home, '.openclaw-ops', 'openclaw.json'), '// ops\n{ gateway: { mode: "local", port: 19789 } }');
  mkdirSync(join(home, '.openclaw-rescue')); // no config yet: OpenClaw's default port
  mkdirSync(join(home, '.openclaw-bad.name'));
  writeFileSync(join(home, '.openclaw-file'), 'not a dir');
  return home;
}

const FLEET_JSON = JSON.stringify({ cells: [{ tenant: 'acme', state: 'running', port: 19100, image: 'ghcr.io/openclaw/openclaw:latest', created: '2026-01-01T00:00:00.000Z' }, { tenant: 'Bad/..', port: 1 }] });

describe('discover targets', () => {
  it('lists ~/.openclaw and ~/.openclaw-<profile> with their gateway ports', () => {
    const home = fakeHome();
    const found = discoverProfiles({ platform: 'linux', env: {}, home });
    assert.deepEqual(
      found.map((p) => [p.profile ?? null, p.port]),
      [
        [null, 18789],
        ['ops', 19789],
        ['rescue', 18789],
      ],
    );
    assert.deepEqual(discoverProfiles({ platform: 'linux', env: { OPENCLAW_HOME: join(home, 'nowhere') }, home }), [], 'OPENCLAW_HOME replaces the home');
  });

  it('parses `openclaw fleet list --json` (documented columns; a bad tenant id is skipped)', () => {
    assert.deepEqual(parseFleetList(FLEET_JSON), [{ tenant: 'acme', state: 'running', port: 19100, image: 'ghcr.io/openclaw/openclaw:latest' }]);
    assert.deepEqual(parseFleetList('{"cells": []}'), []);
    assert.throws(() => parseFleetList('{"tenants": []}'), /no "cells"/);
  });

  it('the installed OpenClaw answers `fleet list --json` in that shape', { skip: !hasTestbed() }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'clawdoc-fleet-'));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, OPENCLAW_STATE_DIR: join(home, 'state'), PATH: `${NODE_BIN_DIR}:${process.env.PATH}` };
    delete env.NODE_TEST_CONTEXT;
    delete env.NODE_OPTIONS;
    assert.deepEqual(await listFleetCells(OPENCLAW_BIN, env, 60_000), []);
  });

  it('suggests one entry per named profile and per cell, leaving out what is watched already; every suggestion is valid settings', () => {
    const home = fakeHome();
    const profiles = discoverProfiles({ platform: 'linux', env: {}, home });
    const suggested = suggestTargets(profiles, parseFleetList(FLEET_JSON), new Set([18789]), new Set(['default']));
    assert.deepEqual(suggested, [
      { id: 'ops', kind: 'local', profile: 'ops', port: 19789 },
      { id: 'acme', kind: 'fleet', tenant: 'acme', port: 19100 },
    ]);
    assert.equal(validateSettings({ targets: suggested }).targets.length, 2);
    assert.equal(targetIdFor('Default'), 'profile-default');
    assert.equal(targetIdFor('My_Work'), 'my-work');
  });

  it('`clawdoc targets discover --json` offers them (a stand-in openclaw answers fleet list)', () => {
    const home = fakeHome();
    const dataDir = join(home, 'clawdoc');
    mkdirSync(dataDir);
    const fake = join(home, 'openclaw-fake');
    writeFileSync(fake, `#!/bin/sh\n[ "$1 $2 $3" = "fleet list --json" ] || exit 3\necho '${FLEET_JSON}'\n`);
    chmodSync(fake, 0o755);
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ gateway: { openclawPath: fake } }));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, CLAWDOC_DATA_DIR: dataDir };
    delete env.NODE_TEST_CONTEXT;
    delete env.OPENCLAW_HOME;
    const r = spawnSync(process.execPath, [CLAWDOC_BIN, 'targets', 'discover', '--json'], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { suggested: { id: string }[] };
    assert.deepEqual(
      out.suggested.map((s) => s.id),
      ['ops', 'acme'],
      'rescue (no config: port 18789) is on the port the default target watches already',
    );
  });
});
