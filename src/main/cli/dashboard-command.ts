// `clawdoc dashboard`: prints the address of the window served by a running `clawdoc watch --dashboard`.
import { readDashboardToken } from '../dashboard/dashboard-token.js';
import { readDashboardInfo } from '../dashboard/dashboard-server.js';
import { dashboardUrl } from '../dashboard/dashboard-token.js';
import { dashboardStrings } from '../dashboard/dashboard-messages.js';
import { resolveLanguage } from '../engine/alerts/alert-strings.js';
import { loadSettings } from '../engine/settings/settings.js';
import { resolveDataDir } from './cli-context.js';
import type { Command } from './command.js';

export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: 'Print the address of the window served by `clawdoc watch --dashboard` (127.0.0.1, with its token)',
  usage: 'clawdoc dashboard [--data-dir DIR] [--json]',
  options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
  async run({ flags, io }) {
    const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
    const t = dashboardStrings(resolveLanguage(loadSettings(dataDir).settings.language));
    const info = readDashboardInfo(dataDir);
    const token = readDashboardToken(dataDir);
    if (!info || !token) {
      if (flags.json) io.out(JSON.stringify({ running: false }));
      io.err(`clawdoc dashboard: ${t.notRunning(dataDir)}`);
      return 1;
    }
    const url = dashboardUrl(info.port, token);
    if (flags.json) io.out(JSON.stringify({ running: true, url, port: info.port, pid: info.pid }));
    else {
      io.out(url);
      io.out(t.tunnel(info.port));
    }
    return 0;
  },
};
