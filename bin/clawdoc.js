#!/usr/bin/env node
// The `clawdoc` command: runs the compiled engine CLI (built by `npm ci` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/src/main/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('clawdoc: not built yet. Run `npm run build` in the ClawDoc folder.');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
