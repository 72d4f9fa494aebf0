// Level 1 (KeepAlive) definitions ClawDoc writes when OpenClaw's own installer is unavailable:
// a launchd agent, a systemd user unit, a Windows task. They run the gateway itself, so the OS
// restarts it within seconds even when ClawDoc is not running.
export interface KeepAliveSpec {
  /** launchd label / unit name / task name (never `ai.openclaw.*`). */
  name: string;
  program: string;
  args: string[];
  env: Record<string, string>;
  /** Where the gateway's output goes (launchd only; systemd uses the journal). */
  logDir: string;
  workingDir: string;
}

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function renderLaunchdPlist(spec: KeepAliveSpec): string {
  const s = (v: string) => `<string>${xmlEscape(v)}</string>`;
  const env = Object.entries(spec.env)
    .map(([k, v]) => `      <key>${xmlEscape(k)}</key>\n      ${s(v)}`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
  <dict>
    <key>Label</key>
    ${s(spec.name)}
    <key>ProgramArguments</key>
    <array>
${[spec.program, ...spec.args].map((a) => `      ${s(a)}`).join('\n')}
    </array>
    <key>EnvironmentVariables</key>
    <dict>
${env}
    </dict>
    <key>WorkingDirectory</key>
    ${s(spec.workingDir)}
    <key>RunAtLoad</key>
    <true/>
    <key>KeepAlive</key>
    <dict>
      <key>SuccessfulExit</key>
      <false/>
    </dict>
    <key>ThrottleInterval</key>
    <integer>10</integer>
    <key>StandardOutPath</key>
    ${s(`${spec.logDir}/gateway.out.log`)}
    <key>StandardErrorPath</key>
    ${s(`${spec.logDir}/gateway.err.log`)}
  </dict>
</plist>
`;
}

/** systemd quoting: wrap in double quotes, escape backslash, quote, dollar and percent. */
export function systemdQuote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$').replace(/%/g, '%%')}"`;
}

export function renderSystemdUnit(spec: KeepAliveSpec): string {
  const env = Object.entries(spec.env)
    .map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`)}`)
    .join('\n');
  return `[Unit]
Description=OpenClaw gateway (kept alive by ClawDoc)
After=network-online.target
Wants=network-online.target
StartLimitBurst=10
StartLimitIntervalSec=300

[Service]
Type=simple
ExecStart=${[spec.program, ...spec.args].map(systemdQuote).join(' ')}
WorkingDirectory=${systemdQuote(spec.workingDir)}
${env}
Restart=always
RestartSec=5
# 78 = the gateway refused its config: restarting cannot help, ClawDoc's doctor takes over.
RestartPreventExitStatus=78
KillMode=control-group
TimeoutStopSec=30

[Install]
WantedBy=default.target
`;
}

/** Windows command-line quoting for one argument (CommandLineToArgvW rules). */
export function windowsQuote(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

export function renderWindowsTaskXml(spec: KeepAliveSpec, userId: string): string {
  return `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>OpenClaw gateway (kept alive by ClawDoc)</Description>
    <URI>\\${xmlEscape(spec.name)}</URI>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
      <UserId>${xmlEscape(userId)}</UserId>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>${xmlEscape(userId)}</UserId>
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
    <Hidden>true</Hidden>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>${xmlEscape(spec.program)}</Command>
      <Arguments>${xmlEscape(spec.args.map(windowsQuote).join(' '))}</Arguments>
      <WorkingDirectory>${xmlEscape(spec.workingDir)}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
`;
}
