#!/usr/bin/env node
// The `clawdoc` command: runs the compiled engine CLI (built by `npm ci` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
// A watcher runs for months and does little: V8's lite mode (no optimising compiler) saves ~20 MB of
// resident memory. It must be set when the process starts, so `watch` re-executes itself in place
// (same pid, same stdio) where the runtime can (process.execve: Node ≥ 22.15 on POSIX).
if (args[0] === 'watch' && !process.execArgv.includes('--lite-mode') && typeof process.execve === 'function' && !process.env.CLAWDOC_NO_LITE_MODE) {
  process.execve(process.execPath, [process.execPath, '--lite-mode', ...process.execArgv, fileURLToPath(import.meta.url), ...args], process.env);
}

// `clawdoc history | head -2`: the reader went away. Stop quietly, as a shell tool does, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

const entry = fileURLToPath(new URL('../dist/src/main/cli/clawdoc-cli.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('clawdoc: not built yet. Run `npm run build` in the ClawDoc folder.');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(args);
