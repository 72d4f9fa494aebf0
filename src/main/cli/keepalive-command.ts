// `clawdoc keepalive status|install|uninstall` (level 1).
import { userInfo } from 'node:os';
import { installKeepAlive, keepAliveStatus, renderKeepAlive, uninstallKeepAlive, type KeepAliveContext } from '../engine/keepalive/keepalive.js';
import { currentPlatformEnv } from '../engine/paths.js';
import { resolveDataDir, settingsWithOverrides, UsageError } from './cli-context.js';
import type { Command } from './command.js';

export const keepaliveCommand: Command = {
  name: 'keepalive',
  readOnly: (args) => (args[0] ?? 'status') === 'status',
  summary: 'Level 1: show, install or remove the OS service that restarts the gateway',
  usage: 'clawdoc keepalive status|install|uninstall [--own] [--dry-run] [--json] [--port N] [--openclaw PATH] [--data-dir DIR]',
  options: { own: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, port: { type: 'string' }, openclaw: { type: 'string' }, 'data-dir': { type: 'string' } },
  async run({ flags, positionals, io }) {
    const action = positionals[0] ?? 'status';
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const { settings } = settingsWithOverrides(dataDir, { port: flags.port as string, openclaw: flags.openclaw as string }, io);
    const ctx: KeepAliveContext = { settings, platform: currentPlatformEnv(), dataDir, uid: process.getuid?.() ?? 0, userName: userInfo().username };
    if (action === 'status') {
      const list = await keepAliveStatus(ctx);
      if (flags.json) io.out(JSON.stringify(list, null, 2));
      else {
        for (const s of list) io.out(`${s.target.owner === 'openclaw' ? "OpenClaw's" : "ClawDoc's"} ${s.target.kind} ${s.target.name}: ${s.installed ? 'installed' : 'not installed'} (${s.detail})`);
        if (!list.some((s) => s.installed)) io.out('The gateway has no OS service: run `clawdoc keepalive install`.');
      }
      return 0;
    }
    if (action === 'install') {
      if (flags['dry-run']) {
        const r = renderKeepAlive(ctx);
        io.out(`# would write ${r.path}\n${r.text}`);
        return 0;
      }
      const r = await installKeepAlive(ctx, { own: !!flags.own });
      for (const s of r.steps) io.out(`${s.ok ? 'ok  ' : 'FAIL'} ${s.step}: ${s.detail}`);
      io.out(r.ok ? `KeepAlive installed via ${r.via}.` : `KeepAlive not active: see the failed step above${r.path ? ` (the file stays at ${r.path}; \`clawdoc keepalive uninstall\` removes it)` : ''}.`);
      return r.ok ? 0 : 1;
    }
    if (action === 'uninstall') {
      const r = await uninstallKeepAlive(ctx);
      for (const s of r.steps) io.out(`${s.ok ? 'ok  ' : 'skip'} ${s.step}: ${s.detail}`);
      io.out("ClawDoc's KeepAlive removed. OpenClaw's own service, if any, is left alone (`openclaw gateway uninstall` removes it).");
      return 0;
    }
    throw new UsageError(`unknown action "${action}"`);
  },
};
