// The OS encryption for ClawDoc's secrets (webhook signing secrets, API keys): Electron's safeStorage,
// i.e. the macOS Keychain, Windows DPAPI, or libsecret / kwallet on Linux. On Linux without a keyring
// safeStorage falls back to `basic_text`, a key baked into Chromium: that is obscuring, not encrypting,
// so ClawDoc keeps the owner-only file there instead, which says plainly what it is.
import type { SecretCipher } from '../engine/alerts/encrypted-secrets.js';
import type { SafeStorageLike } from './electron-deps.js';

const NOT_REAL_ENCRYPTION = new Set(['basic_text', 'unknown']);

export function safeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretCipher {
  return {
    // Read when the runtime starts (after app ready), not when this object is made.
    get available(): boolean {
      try {
        if (!safeStorage.isEncryptionAvailable()) return false;
        if (platform === 'linux' && NOT_REAL_ENCRYPTION.has(safeStorage.getSelectedStorageBackend?.() ?? 'unknown')) return false;
        return true;
      } catch {
        return false; // before app ready, or no keyring service
      }
    },
    name: platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'Windows (DPAPI)' : 'the desktop keyring',
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
