// Headless Chromium for the window's tests (Debian's `chromium`, driven by playwright-core), and the
// real preload bundled for the browser with a fake `electron` (fake-electron-preload.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from '../helpers/gateway.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** src/preload/preload.ts as one script for `page.addInitScript`, its `electron` import played by the fake. */
export async function fakePreloadScript(): Promise<string> {
  const out = await build({
    entryPoints: [join(ROOT, 'src', 'preload', 'preload.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
    alias: { electron: join(ROOT, 'test', 'renderer', 'fake-electron-preload.ts') },
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}
