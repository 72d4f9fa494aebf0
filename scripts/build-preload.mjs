#!/usr/bin/env node
// Bundles the preload into one CommonJS file: a sandboxed preload cannot `import` or `require` anything
// but `electron` (and a few Node built-ins), and it never runs as an ES module.
import { build } from 'esbuild';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
await build({
  entryPoints: [join(root, 'src', 'preload', 'preload.ts')],
  outfile: join(root, 'dist', 'preload', 'preload.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  external: ['electron'],
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
