#!/usr/bin/env node
// Bundles the window (src/renderer, Preact + uPlot) into dist/renderer: index.html, app.js, app.css.
// The same files are served by `clawdoc watch --dashboard` and loaded by the Electron app.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const out = join(root, 'dist', 'renderer');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join(root, 'src', 'renderer', 'main.tsx') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome120', 'firefox120', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});
for (const f of ['index.html', 'favicon.svg']) copyFileSync(join(root, 'src', 'renderer', f), join(out, f));
if (process.argv.includes('--size')) {
  for (const f of ['app.js', 'app.css']) {
    const p = join(out, f);
    console.log(`${f}: ${statSync(p).size} bytes, ${gzipSync(readFileSync(p)).length} gzipped`);
  }
}
