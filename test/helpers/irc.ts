// A real chat channel for the test bed: Debian's ngircd on loopback (started in the foreground with a
// temporary config, killed to make the IRC server "go away"), and OpenClaw's official IRC plugin
// (@openclaw/irc, pinned in testbed/package-lock.json) installed into a sandbox's OpenClaw state.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import JSON5 from 'json5';
import net from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, OPENCLAW_BIN, ROOT, sleep, waitUntil, type GatewaySandbox } from './gateway.js';

export function ngircdPath(): string | undefined {
  for (const p of ['/usr/sbin/ngircd', '/usr/bin/ngircd', '/usr/local/sbin/ngircd']) if (existsSync(p)) return p;
  const r = spawnSync('sh', ['-c', 'command -v ngircd'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/** The IRC plugin version the test bed pins (testbed/package-lock.json). */
export function ircPluginVersion(): string | undefined {
  try {
    const lock = JSON.parse(readFileSync(join(ROOT, 'testbed', 'package-lock.json'), 'utf8'));
    return lock.packages?.['node_modules/@openclaw/irc']?.version;
  } catch {
    return undefined;
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

export interface IrcServer {
  port: number;
  /** Starts ngircd (again, on the same port). */
  start(): Promise<void>;
  /** Kills ngircd: connections drop, new ones are refused. */
  stop(): Promise<void>;
  running(): boolean;
  close(): Promise<void>;
}

export async function startIrcServer(): Promise<IrcServer> {
  const bin = ngircdPath();
  if (!bin) throw new Error('ngircd is not installed (apt-get install ngircd)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'clawdoc-ircd-'));
  const conf = join(dir, 'ngircd.conf');
  writeFileSync(
    conf,
    [
      '[Global]',
      'Name = irc.clawdoc.test',
      'Info = ClawDoc test IRC server',
      'Listen = 127.0.0.1',
      `Ports = ${port}`,
      `PidFile = ${join(dir, 'ngircd.pid')}`,
      '[Limits]',
      'MaxConnectionsIP = 0',
      // OpenClaw reconnects as nick_, nick_2 … while the server still holds the old nick: ngircd's default
      // limit of 9 characters then refuses the login (432), a real failure that needs a person, not this test.
      'MaxNickLength = 30',
      '[Options]',
      'PAM = no',
      'Ident = no',
      'DNS = no',
      '',
    ].join('\n'),
  );
  let proc: ChildProcess | undefined;
  const server: IrcServer = {
    port,
    async start() {
      if (proc && proc.exitCode === null && proc.signalCode === null) return;
      proc = spawn(bin, ['-n', '-f', conf], { stdio: 'ignore' });
      await waitUntil(() => listening(port), 10_000, `ngircd listening on ${port}`);
    },
    async stop() {
      const p = proc;
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      const gone = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await Promise.race([gone, sleep(5000)]);
      await waitUntil(async () => !(await listening(port)), 5000, 'ngircd gone');
    },
    running: () => !!proc && proc.exitCode === null && proc.signalCode === null,
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/**
 * Installs OpenClaw's official IRC plugin into the sandbox's OpenClaw state (`openclaw plugins install`,
 * the way a user does: a plugin loaded from a bare path is not trusted with the channel's ingress queue),
 * from npm's cache when it has the package (`npm ci` of the test bed put it there), then points the IRC
 * channel at the test server. Channels must not be skipped in the sandbox for it to start.
 */
export function installIrcChannel(sb: GatewaySandbox, irc: IrcServer, nick = 'clawbot'): void {
  delete sb.env.OPENCLAW_SKIP_CHANNELS;
  const version = ircPluginVersion();
  if (!version) throw new Error('testbed/package-lock.json does not pin @openclaw/irc');
  const env = {
    ...sb.env,
    npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  const r = spawnSync(OPENCLAW_BIN, ['plugins', 'install', `@openclaw/irc@${version}`], { env, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`openclaw plugins install @openclaw/irc@${version} failed (${r.status}): ${r.stdout}\n${r.stderr}`);
  const config = JSON5.parse(readFileSync(sb.configPath, 'utf8'));
  config.channels = { irc: { enabled: true, host: '127.0.0.1', port: irc.port, tls: false, nick, channels: ['#clawdoc'] } };
  writeFileSync(sb.configPath, JSON.stringify(config, null, 2));
}

export function hasIrcBed(): boolean {
  return !!ngircdPath() && !!ircPluginVersion();
}
