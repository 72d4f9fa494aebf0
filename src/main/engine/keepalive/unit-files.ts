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

/** A value a unit format cannot carry: refused, naming what it is (never written half-escaped). */
export class UnitValueError extends Error {}

function refuse(what: string, format: string, why: string): never {
  throw new UnitValueError(`${what} cannot be written into ${format}: ${why}`);
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkEnvNames(spec: KeepAliveSpec, format: string): void {
  for (const k of Object.keys(spec.env)) if (!ENV_NAME.test(k)) refuse(`environment variable name ${JSON.stringify(k)}`, format, 'names are letters, digits and _');
}

function describeChar(text: string, bad: RegExp): string {
  const c = bad.exec(text)?.[0] ?? '';
  return c === '\n' ? 'a newline' : c === '\r' ? 'a carriage return' : c === '\0' ? 'a NUL byte' : c === '\t' ? 'a tab' : `the character U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Characters XML 1.0 cannot carry at all (even as a character reference). */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** XML text for a value: escaped; CR kept as a reference (parsers turn a literal CR into LF). */
function xmlValue(what: string, format: string, text: string): string {
  if (XML_FORBIDDEN.test(text)) refuse(what, format, `it contains ${describeChar(text, XML_FORBIDDEN)}, which XML cannot carry`);
  return xmlEscape(text).replace(/\r/g, '&#13;');
}

export function renderLaunchdPlist(spec: KeepAliveSpec): string {
  const F = 'a launchd plist';
  checkEnvNames(spec, F);
  const v = (what: string, text: string) => `<string>${xmlValue(what, F, text)}</string>`;
  const s = (text: string) => v('a path or argument', text);
  const env = Object.entries(spec.env)
    .map(([k, val]) => `      <key>${k}</key>\n      ${v(`environment variable ${k}`, val)}`)
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

// systemd (systemd.syntax(7), systemd.service(5) "Command lines", systemd.exec(5) Environment=):
// inside double quotes `\\` and `\"` are the escapes; `%` starts a specifier everywhere (`%%`); `$` is
// substituted in ExecStart= arguments (`$$`) but not in the executable, Environment= or WorkingDirectory=;
// control characters cannot be carried (Environment= rejects them, the executable may not hold them).
// eslint-disable-next-line no-control-regex
const SD_CONTROL = /[\u0000-\u001f\u007f]/;
const SD = 'a systemd unit';

function sdCheck(what: string, text: string): void {
  if (SD_CONTROL.test(text)) refuse(what, SD, `it contains ${describeChar(text, SD_CONTROL)}`);
}

/** One double-quoted word; `dollar`: `$` is doubled (ExecStart= arguments only). */
export function systemdQuote(value: string, dollar = false): string {
  const inner = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%');
  return `"${dollar ? inner.replace(/\$/g, '$$$$') : inner}"`;
}

export function renderSystemdUnit(spec: KeepAliveSpec): string {
  checkEnvNames(spec, SD);
  sdCheck('the gateway program', spec.program);
  // systemd refuses an executable path holding quotes or backslashes, and reads a leading @-:+! as a flag.
  if (/["'\\]/.test(spec.program) || /^[@\-:+!]/.test(spec.program)) refuse(`the gateway program ${spec.program}`, SD, 'systemd does not accept quotes, backslashes or a leading @-:+! in an executable path (use a symlink)');
  spec.args.forEach((a, i) => sdCheck(`gateway argument ${i + 1}`, a));
  sdCheck('the working directory', spec.workingDir);
  // WorkingDirectory= is taken verbatim (no quotes): it must be absolute, with nothing the parser trims or joins.
  if (!spec.workingDir.startsWith('/') || spec.workingDir !== spec.workingDir.trim() || spec.workingDir.endsWith('\\')) {
    refuse(`the working directory ${JSON.stringify(spec.workingDir)}`, SD, 'it must be an absolute path without leading/trailing spaces or a trailing backslash');
  }
  for (const [k, v] of Object.entries(spec.env)) sdCheck(`environment variable ${k}`, v);
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
ExecStart=${[systemdQuote(spec.program), ...spec.args.map((a) => systemdQuote(a, true))].join(' ')}
WorkingDirectory=${spec.workingDir.replace(/%/g, '%%')}
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
  const F = 'a Windows task';
  // A command line cannot carry control characters; the task engine expands %NAME% in the command,
  // its arguments and the working directory, with no escape for a literal one.
  const check = (what: string, text: string) => {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(text)) refuse(what, F, `it contains ${describeChar(text, /[\u0000-\u001f]/)}`);
    if (/%[^%]*%/.test(text)) refuse(what, F, 'Task Scheduler would expand the %…% in it as an environment variable');
    return text;
  };
  const program = xmlValue('the gateway program', F, check('the gateway program', spec.program));
  const args = xmlValue('the gateway arguments', F, spec.args.map((a, i) => windowsQuote(check(`gateway argument ${i + 1}`, a))).join(' '));
  const workingDir = xmlValue('the working directory', F, check('the working directory', spec.workingDir));
  return `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>OpenClaw gateway (kept alive by ClawDoc)</Description>
    <URI>\\${xmlValue('the task name', F, spec.name)}</URI>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
      <UserId>${xmlValue('the user', F, userId)}</UserId>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>${xmlValue('the user', F, userId)}</UserId>
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
      <Command>${program}</Command>
      <Arguments>${args}</Arguments>
      <WorkingDirectory>${workingDir}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
`;
}
