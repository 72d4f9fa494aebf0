#!/usr/bin/env node
// Generates every icon ClawDoc ships from the SVG sources in assets/icon-src, offline and reproducibly
// (the same bytes on every run: resvg renders without system fonts, png-to-ico writes no timestamp).
// The generated files are committed; test/packaging/icons.test.ts re-runs this into a temp dir and
// compares byte for byte.
//
//   node scripts/make-icons.mjs [--out DIR]      (default: assets/)
//
// Tray icons, one per state, told apart by shape as well as colour:
//   tray/<state>Template.png, @2x   macOS menu bar (templates: black + alpha, the OS tints them)
//   tray/<state>.png, @2x           Linux (AppIndicator) — colour
//   tray/<state>.ico                Windows notification area — colour, 16…48 px
// Application icon: icon.png (1024, macOS builds its .icns from it), icon.ico, icons/NxN.png (Linux).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import pngToIco from 'png-to-ico';

const root = join(import.meta.dirname, '..');
const src = join(root, 'assets', 'icon-src');
const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 ? process.argv[outFlag + 1] : join(root, 'assets');

/** The tray states and their colours (the shapes live in the SVGs). */
export const TRAY_STATES = {
  healthy: '#1a9f4b',
  working: '#2b7de9',
  degraded: '#d98a00',
  down: '#d93025',
  paused: '#80868b',
};

function render(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

function ico(svg, sizes) {
  return pngToIco(sizes.map((s) => render(svg, s)));
}

function write(rel, bytes) {
  const path = join(out, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
}

const written = [];
function put(rel, bytes) {
  write(rel, bytes);
  written.push(rel);
}

for (const [state, colour] of Object.entries(TRAY_STATES)) {
  const svg = readFileSync(join(src, `${state}.svg`), 'utf8');
  const template = svg.replaceAll('currentColor', '#000000');
  const coloured = svg.replaceAll('currentColor', colour);
  put(`tray/${state}Template.png`, render(template, 16));
  put(`tray/${state}Template@2x.png`, render(template, 32));
  put(`tray/${state}.png`, render(coloured, 24));
  put(`tray/${state}@2x.png`, render(coloured, 48));
  put(`tray/${state}.ico`, await ico(coloured, [16, 20, 24, 32, 40, 48]));
}

const app = readFileSync(join(src, 'app.svg'), 'utf8');
put('icon.png', render(app, 1024));
put('icon.ico', await ico(app, [16, 24, 32, 48, 64, 128, 256]));
for (const size of [16, 32, 48, 64, 128, 256, 512]) put(`icons/${size}x${size}.png`, render(app, size));

console.log(`[clawdoc] ${written.length} icons written to ${out}`);
