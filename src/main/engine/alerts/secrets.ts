// Webhook secrets, kept out of settings.json. The Electron layer implements SecretStore with
// safeStorage; headless, secrets.json in the data dir, readable only by the user (mode 0600).
import { chmodSync, existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileStamp, writeFileAtomicSync } from '../util/fsx.js';
import { deleteOwn, getOwn, setOwn } from '../util/own.js';

export interface SecretStore {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
  /** Every stored value, for redaction. */
  values(): string[];
  readonly description: string;
}

interface SecretsFile {
  version: 1;
  /** Channel name → signing secret. */
  channels: Record<string, string>;
}

export class FileSecretStore implements SecretStore {
  readonly path: string;
  readonly warnings: string[] = [];

  constructor(dataDir: string) {
    this.path = join(dataDir, 'secrets.json');
  }

  get description(): string {
    return `${this.path} (mode 0600)`;
  }

  private read(): SecretsFile {
    if (!existsSync(this.path)) return { version: 1, channels: {} };
    this.tighten();
    try {
      const v = JSON.parse(readFileSync(this.path, 'utf8')) as SecretsFile;
      if (!v || typeof v !== 'object' || typeof v.channels !== 'object' || v.channels === null || Array.isArray(v.channels)) throw new Error('not a secrets file');
      const bad = Object.keys(v.channels).find((k) => typeof getOwn(v.channels, k) !== 'string');
      if (bad !== undefined) throw new Error(`the secret of channel "${bad}" is not a string`);
      return v;
    } catch (err) {
      const aside = `${this.path}.corrupt-${fileStamp()}`;
      renameSync(this.path, aside); // keep it for the user, never delete
      this.warnings.push(`secrets file ${this.path} could not be read (${(err as Error).message}); moved it to ${aside}`);
      return { version: 1, channels: {} };
    }
  }

  /** A file someone else can read is fixed on sight (POSIX); the secret may already be exposed, so say so. */
  private tighten(): void {
    if (process.platform === 'win32') return;
    try {
      const mode = statSync(this.path).mode & 0o777;
      if (mode & 0o077) {
        chmodSync(this.path, 0o600);
        this.warnings.push(`${this.path} was readable by others (mode ${mode.toString(8)}); set it to 0600`);
      }
    } catch {
      // vanished meanwhile
    }
  }

  private write(f: SecretsFile): void {
    writeFileAtomicSync(this.path, `${JSON.stringify(f, null, 2)}\n`, 0o600);
    if (process.platform !== 'win32') chmodSync(this.path, 0o600); // the umask may have narrowed the mode, never widened: make it exact
  }

  // Channel names are user-chosen: "toString" or "constructor" are names like any other (own keys only).
  get(name: string): string | undefined {
    return getOwn(this.read().channels, name);
  }

  set(name: string, value: string): void {
    if (typeof name !== 'string' || !name) throw new Error('a channel secret needs the channel name');
    if (typeof value !== 'string' || !value) throw new Error(`the secret of channel "${name}" must be a non-empty string`);
    const f = this.read();
    setOwn(f.channels, name, value);
    this.write(f);
  }

  delete(name: string): void {
    const f = this.read();
    if (!deleteOwn(f.channels, name)) return;
    this.write(f);
  }

  values(): string[] {
    return Object.values(this.read().channels);
  }
}

/** In memory, for tests and for the Electron layer to wrap. */
export class MemorySecretStore implements SecretStore {
  readonly description = 'memory';
  private readonly m = new Map<string, string>();
  constructor(init: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(init)) this.m.set(k, v);
  }
  get(name: string): string | undefined {
    return this.m.get(name);
  }
  set(name: string, value: string): void {
    this.m.set(name, value);
  }
  delete(name: string): void {
    this.m.delete(name);
  }
  values(): string[] {
    return [...this.m.values()];
  }
}
