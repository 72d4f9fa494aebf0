// ClawDoc's version, from its package.json (dist/src/main/engine → the package root).
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function clawdocVersion(): string {
  if (cached === undefined) {
    try {
      cached = (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
