// Secrets (webhook signing secrets, API keys), kept out of settings.json: secrets.json in the data dir,
// readable only by the user (mode 0600). In the tray app, encrypted-secrets.ts seals them with the OS.
import { chmodSync, statSync } from 'node:fs';
import { z } from 'zod';
import { defineDocument, DocumentStore, ownRecord, type ProblemListener } from '../store/documents.js';
import { deleteOwn, getOwn, setOwn } from '../util/own.js';

export interface SecretStore {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
  /** The names that hold a secret (never the values): what the faces show as "stored". */
  names(): string[];
  /** Every stored value, for redaction. */
  values(): string[];
  readonly description: string;
}

interface SecretsFile {
  version: 1;
  /** Channel name → signing secret. */
  channels: Record<string, string>;
}

/** A file written by hand may leave out `version`. */
export const SECRETS_DOC = defineDocument<SecretsFile>({
  file: 'secrets.json',
  version: 1,
  schema: z.looseObject({ version: z.literal(1).default(1), channels: ownRecord(z.string(), (k) => `the secret of channel "${k}" is not a string`) }),
  empty: () => ({ version: 1, channels: {} }),
  indent: 2,
});

export class FileSecretStore implements SecretStore {
  readonly path: string;
  readonly warnings: string[] = [];
  private readonly docs: DocumentStore;

  constructor(dataDir: string, onProblem?: ProblemListener) {
    this.docs = new DocumentStore(dataDir, {
      onProblem: (p) => {
        this.warnings.push(p.message);
        onProblem?.(p);
      },
    });
    this.path = this.docs.pathOf(SECRETS_DOC);
  }

  get description(): string {
    return `${this.path} (mode 0600)`;
  }

  private read(): SecretsFile {
    this.tighten();
    return this.docs.read(SECRETS_DOC);
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
    this.docs.write(SECRETS_DOC, f); // 0600, exact
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

  names(): string[] {
    return Object.keys(this.read().channels).sort();
  }

  values(): string[] {
    return Object.values(this.read().channels);
  }
}

/** In memory, for tests and for the Electron layer to wrap. */
export class MemorySecretStore implements SecretStore {
  readonly description = 'memory';
  private readonly byName = new Map<string, string>();
  constructor(init: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(init)) this.byName.set(k, v);
  }
  get(name: string): string | undefined {
    return this.byName.get(name);
  }
  set(name: string, value: string): void {
    this.byName.set(name, value);
  }
  delete(name: string): void {
    this.byName.delete(name);
  }
  names(): string[] {
    return [...this.byName.keys()].sort();
  }
  values(): string[] {
    return [...this.byName.values()];
  }
}
