// A stricter test than processes.looksLikeOpenClaw (which accepts any command line that merely mentions
// "openclaw", e.g. `vim openclaw.json` or a server whose script prints "not openclaw"): before the doctor
// stops a process, its command line must be OpenClaw's gateway itself.
export function isOpenClawGatewayProcess(name: string, command: string): boolean {
  const cmd = command.trim();
  if (/^openclaw-gateway(?:\s|$)/.test(cmd) || /^openclaw-gate/.test(name)) return true; // the gateway's process title
  // `openclaw gateway …`, `/path/bin/openclaw gateway run`, `node …/node_modules/openclaw/openclaw.mjs gateway`
  if (/(?:^|[\s/\\])openclaw(?:\.m?js|\.cmd)?\s+gateway(?:\s|$)/.test(cmd)) return true;
  if (/node_modules[/\\]openclaw[/\\](?:dist[/\\][^\s]*|openclaw\.mjs)\s+gateway(?:\s|$)/.test(cmd)) return true;
  return false;
}
