// Secrets encrypted by the OS (the tray app's Electron `safeStorage`: Keychain, DPAPI, libsecret/kwallet),
// kept in secrets.safe.json beside the owner-only secrets.json. The engine never imports electron: the app
// hands in a cipher. A headless watcher has no cipher, so it cannot read these; it says which ones.
import { z } from 'zod';
import { defineDocument, DocumentStore, ownRecord, type ProblemListener } from '../store/documents.js';
import { deleteOwn, getOwn, setOwn } from '../util/own.js';
import { FileSecretStore, type SecretStore } from './secrets.js';

/** What the OS offers to encrypt with; `available` is false where it would only obscure (Linux `basic_text`). */
export interface SecretCipher {
  readonly available: boolean;
  /** Shown to the user: where the key lives. */
  readonly name: string;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

interface SealedFile {
  version: 1;
  /** Secret name → base64 of the OS-encrypted bytes. */
  sealed: Record<string, string>;
}

export const SEALED_SECRETS_DOC = defineDocument<SealedFile>({
  file: 'secrets.safe.json',
  version: 1,
  schema: z.looseObject({ version: z.literal(1).default(1), sealed: ownRecord(z.string(), (k) => `the sealed secret "${k}" is not a string`) }),
  empty: () => ({ version: 1, sealed: {} }),
  indent: 2,
});

function sealedNames(docs: DocumentStore): string[] {
  return Object.keys(docs.read(SEALED_SECRETS_DOC).sealed);
}

/**
 * Reads the OS-encrypted secrets first, then the plain file (secrets set from the command line).
 * Setting a secret seals it and removes any plain copy, so the clear text leaves the disk.
 */
export class SealedSecretStore implements SecretStore {
  readonly plain: FileSecretStore;
  private readonly docs: DocumentStore;
  /** Secrets this cipher could not open (sealed on another machine or user): reported once each. */
  readonly unreadable = new Set<string>();

  constructor(
    dataDir: string,
    private readonly cipher: SecretCipher,
    private readonly onProblem?: ProblemListener,
  ) {
    this.docs = new DocumentStore(dataDir, onProblem ? { onProblem } : {});
    this.plain = new FileSecretStore(dataDir, onProblem);
  }

  get description(): string {
    return `${this.docs.pathOf(SEALED_SECRETS_DOC)} (encrypted by ${this.cipher.name}), else ${this.plain.description}`;
  }

  private open(name: string, base64: string): string | undefined {
    try {
      return this.cipher.decrypt(Buffer.from(base64, 'base64'));
    } catch {
      if (!this.unreadable.has(name)) {
        this.unreadable.add(name);
        this.onProblem?.({ file: this.docs.pathOf(SEALED_SECRETS_DOC), message: `the secret "${name}" cannot be decrypted by ${this.cipher.name} on this account; set it again` });
      }
      return undefined;
    }
  }

  get(name: string): string | undefined {
    const sealed = getOwn(this.docs.read(SEALED_SECRETS_DOC).sealed, name);
    return (sealed !== undefined ? this.open(name, sealed) : undefined) ?? this.plain.get(name);
  }

  set(name: string, value: string): void {
    if (typeof name !== 'string' || !name) throw new Error('a secret needs a name');
    if (typeof value !== 'string' || !value) throw new Error(`the secret "${name}" must be a non-empty string`);
    const f = this.docs.read(SEALED_SECRETS_DOC);
    setOwn(f.sealed, name, this.cipher.encrypt(value).toString('base64'));
    this.docs.write(SEALED_SECRETS_DOC, f); // 0600 as well: sealed bytes are still nobody else's business
    this.unreadable.delete(name);
    this.plain.delete(name);
  }

  delete(name: string): void {
    const f = this.docs.read(SEALED_SECRETS_DOC);
    if (deleteOwn(f.sealed, name)) this.docs.write(SEALED_SECRETS_DOC, f);
    this.plain.delete(name);
  }

  names(): string[] {
    return [...new Set([...sealedNames(this.docs), ...this.plain.names()])].sort();
  }

  values(): string[] {
    const out = this.plain.values();
    for (const [name, base64] of Object.entries(this.docs.read(SEALED_SECRETS_DOC).sealed)) {
      const v = this.open(name, base64);
      if (v !== undefined) out.push(v);
    }
    return out;
  }
}

/** The store a runtime uses: sealed by the OS where the app offers a working cipher, else the owner-only file. */
export function secretStoreFor(dataDir: string, cipher?: SecretCipher, onProblem?: ProblemListener): SecretStore {
  return cipher?.available ? new SealedSecretStore(dataDir, cipher, onProblem) : new FileSecretStore(dataDir, onProblem);
}

/** Secrets only the app can open (sealed, no plain copy): what a headless watcher must tell the user it lacks. */
export function sealedOnly(dataDir: string): string[] {
  const docs = new DocumentStore(dataDir, {});
  const plain = new Set(new FileSecretStore(dataDir).names());
  return sealedNames(docs).filter((n) => !plain.has(n));
}
