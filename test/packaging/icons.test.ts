// The committed icons are exactly what scripts/make-icons.mjs makes from the SVG sources: re-run into a
// temp folder, every file byte for byte, and no committed icon that the script does not make.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { ROOT } from '../helpers/gateway.js';

function filesUnder(dir: string, skip = new Set<string>()): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (skip.has(name)) return [];
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

it('scripts/make-icons.mjs reproduces the committed icons byte for byte', () => {
  const out = mkdtempSync(join(tmpdir(), 'clawdoc-icons-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'make-icons.mjs'), '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const made = filesUnder(out).map((f) => relative(out, f)).sort();
  const committed = filesUnder(join(ROOT, 'assets'), new Set(['icon-src'])).map((f) => relative(join(ROOT, 'assets'), f)).sort();
  assert.deepEqual(made, committed);
  assert.ok(made.length >= 30, `${made.length} icons`);
  for (const f of made) assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(ROOT, 'assets', f))), `${f} differs from the committed file`);
});
