// Property-based tests of the settings schema: any input is either accepted and round-trips through the
// file (save → load gives the same settings), or refused with a message naming every bad key and
// nothing written. Inputs are derived from the JSON schema (itself derived from zod), valid and not.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import JSON5 from 'json5';
import { getKey, loadSettings, readLastGood, saveSettings, setRawKey, SettingsError, validateSettings } from '../../../../src/main/engine/settings/settings.js';
import { CHANNEL_TYPES, type ChannelType } from '../../../../src/main/engine/settings/alerts-schema.js';
import { parseSettingsText, SettingsParseError, settingsJsonSchema } from '../../../../src/main/engine/settings/settings-store.js';

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype);
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'clawdoc-settings-prop-'));
  dirs.push(d);
  return d;
}

type SchemaNode = {
  type?: string;
  enum?: unknown[];
  anyOf?: SchemaNode[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: SchemaNode | boolean;
};

const hex = (minLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength, maxLength: 40 });

/** Per-platform URLs of the right shape; the channel refinements (URL per type, chatId, signing) are zod's, not the JSON schema's. */
const URLS: Record<ChannelType, fc.Arbitrary<string>> = {
  feishu: fc.uuid().map((t) => `https://open.feishu.cn/open-apis/bot/v2/hook/${t}`),
  lark: fc.uuid().map((t) => `https://open.larksuite.com/open-apis/bot/v2/hook/${t}`),
  dingtalk: hex(8).map((t) => `https://oapi.dingtalk.com/robot/send?access_token=${t}x`),
  wecom: fc.uuid().map((t) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${t}`),
  discord: fc.tuple(fc.nat(), hex(1)).map(([id, t]) => `https://discord.com/api/webhooks/${id}/${t}`),
  telegram: hex(1).map((t) => `https://api.telegram.org/bot${t}/sendMessage`),
  slack: fc.webUrl(),
  webhook: fc.webUrl(),
};

/** What zod's channel refinements allow per platform (signing, message formats). */
const SIGNABLE: readonly ChannelType[] = ['feishu', 'lark', 'dingtalk'];
const FORMATS: Record<ChannelType, string[]> = {
  feishu: ['card', 'text'],
  lark: ['card', 'text'],
  dingtalk: ['markdown', 'actionCard', 'text'],
  wecom: ['markdown', 'text'],
  discord: ['markdown', 'text'],
  telegram: ['markdown', 'text'],
  slack: ['markdown', 'text'],
  webhook: ['markdown', 'text'],
};

const channel: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(...CHANNEL_TYPES).chain((type) =>
  fc.record(
    {
      name: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/),
      type: fc.constant(type),
      url: fc.oneof({ weight: 12, arbitrary: URLS[type] }, { weight: 1, arbitrary: fc.string() }),
      enabled: fc.boolean(),
      signed: SIGNABLE.includes(type) ? fc.boolean() : fc.constant(false),
      keywords: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
      format: fc.constantFrom(...FORMATS[type]),
      chatId: fc.string({ minLength: 1, maxLength: 12 }),
      mentionAll: fc.boolean(),
      timeoutSec: fc.double({ min: 1, max: 120, noNaN: true }),
    },
    { requiredKeys: ['name', 'type', 'url', ...(type === 'telegram' ? (['chatId'] as const) : [])] },
  ),
);

const isoTime = fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
const maintenance = fc
  .tuple(isoTime, isoTime, fc.string())
  .map(([a, b, reason]) => (a < b ? { start: a, end: b, reason } : { start: b, end: a, reason }));

/** Where the schema-derived generator is not enough (zod refinements). */
const OVERRIDES: Record<string, fc.Arbitrary<unknown>> = {
  'alerts.channels': fc.uniqueArray(channel, { maxLength: 3, selector: (c) => c.name }),
  'alerts.policy.maintenance': fc.array(maintenance, { maxLength: 2 }),
  'ai.baseUrl': fc.oneof(fc.constant(''), fc.webUrl()),
};

const junk: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(-1, 0, 1e9, '', 'bogus', null, [], {}));
const unknownKeys = fc.constantFrom('bogus', 'intervall', 'toString', 'constructor', '__proto__', '__internal__');

/**
 * Values for a schema node. `junkWeight` 0 stays in range and in shape; above it, any value can be
 * anything, any object can carry an unknown key, required keys can go missing.
 */
function fromSchema(node: SchemaNode, path: string, junkWeight: number): fc.Arbitrary<unknown> {
  const valid = inShape(node, path, junkWeight);
  return junkWeight ? fc.oneof({ weight: 12, arbitrary: valid }, { weight: junkWeight, arbitrary: junk }) : valid;
}

function inShape(node: SchemaNode, path: string, junkWeight: number): fc.Arbitrary<unknown> {
  const override = OVERRIDES[path];
  if (override) return override;
  const slack = junkWeight ? 1 : 0; // out of range by a little, where the bugs are
  if (node.anyOf) return fc.oneof(...node.anyOf.map((n) => fromSchema(n, path, junkWeight)));
  if (node.enum) return junkWeight ? fc.constantFrom(...node.enum, 'bogus') : fc.constantFrom(...node.enum);
  switch (node.type) {
    case 'integer':
      return fc.integer({ min: (node.minimum ?? -1e6) - slack, max: (node.maximum ?? 1e6) + slack });
    case 'number':
      return fc.double({ min: (node.minimum ?? -1e6) - slack, max: (node.maximum ?? 1e6) + slack, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'string':
      if (node.pattern) return fc.stringMatching(new RegExp(node.pattern));
      return fc.string({ minLength: junkWeight ? 0 : (node.minLength ?? 0), maxLength: 16 });
    case 'array': {
      const min = junkWeight ? 0 : (node.minItems ?? 0);
      const max = Math.min((node.maxItems ?? 3) + slack, 6);
      return fc.array(fromSchema(node.items ?? {}, `${path}.*`, junkWeight), { minLength: Math.min(min, max), maxLength: max });
    }
    case 'object': {
      if (!node.properties) {
        const values = typeof node.additionalProperties === 'object' ? node.additionalProperties : {};
        // Inherited names are fair keys of a record (env vars, case ids); __proto__ cannot round-trip.
        const key = fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: fc.constantFrom('constructor', 'toString', 'hasOwnProperty', '__proto__') });
        return fc.dictionary(key, fromSchema(values, `${path}.*`, junkWeight), { maxKeys: 3 });
      }
      const keys = Object.entries(node.properties).map(([k, v]) => [k, fromSchema(v, path ? `${path}.${k}` : k, junkWeight)] as const);
      const required = junkWeight ? [] : (node.required ?? []);
      const record = fc.record(Object.fromEntries(keys), { requiredKeys: required });
      if (!junkWeight) return record;
      return fc.tuple(record, fc.option(fc.tuple(unknownKeys, junk), { freq: 6 })).map(([r, extra]) => {
        if (!extra) return r;
        return Object.defineProperty({ ...r }, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
      });
    }
    default:
      return junk;
  }
}

const ROOT: SchemaNode = { type: 'object', properties: settingsJsonSchema().properties as Record<string, SchemaNode> };
const validInput = fromSchema(ROOT, '', 0) as fc.Arbitrary<Record<string, unknown>>;
const anyInput = fromSchema(ROOT, '', 1) as fc.Arbitrary<Record<string, unknown>>;

/** JSON has one zero and no undefined: what a file can hold. */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

/** What the user set: the input less conf's bookkeeping key, which is never a setting. */
function userKeys(input: Record<string, unknown>): unknown {
  const { __internal__: _bookkeeping, ...rest } = asJson(input) as Record<string, unknown>;
  return rest;
}

/** Every leaf of a JSON value with its path: what accepted settings must all carry over. */
function leaves(value: unknown, path: string[] = []): Array<[string[], unknown]> {
  if (value === null || typeof value !== 'object') return [[path, value]];
  const entries = Object.entries(value);
  if (!entries.length) return [[path, value]];
  return entries.flatMap(([k, v]) => leaves(v, [...path, k]));
}

function ownAt(value: unknown, path: string[]): unknown {
  let node = value;
  for (const p of path) {
    assert.ok(node !== null && typeof node === 'object' && Object.hasOwn(node, p), `"${path.join('.')}" was lost`);
    node = (node as Record<string, unknown>)[p];
  }
  return node;
}

function assertNamesItsKeys(err: unknown): SettingsError {
  assert.ok(err instanceof SettingsError, `not a SettingsError: ${String(err)}`);
  assert.ok(err.keys.length > 0, err.message);
  for (const k of err.keys) assert.ok(err.message.includes(`"${k}"`), `${k} is named in: ${err.message}`);
  return err;
}

function files(d: string): Record<string, string> {
  return Object.fromEntries(readdirSync(d).sort().map((f) => [f, readFileSync(join(d, f), 'utf8')]));
}

describe('settings schema properties', () => {
  it('validation is idempotent: accepted settings are themselves a valid input giving the same settings', () => {
    fc.assert(
      fc.property(fc.oneof(validInput, anyInput), (input) => {
        let settings;
        try {
          settings = validateSettings(input);
        } catch (err) {
          assertNamesItsKeys(err);
          return;
        }
        assert.deepEqual(asJson(validateSettings(asJson(settings))), asJson(settings));
      }),
      { numRuns: 400 },
    );
  });

  it('any input is either saved and loaded back unchanged, or refused naming every bad key with nothing written', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(validInput, anyInput), async (input) => {
        const d = dir();
        writeFileSync(join(d, 'settings.json'), '{"watch":{"intervalSec":7},"__internal__":{"migrations":{"version":"1.0.0"}}}\n');
        const before = files(d);
        let saved;
        try {
          saved = await saveSettings(d, input);
        } catch (err) {
          assertNamesItsKeys(err);
          assert.deepEqual(files(d), before, 'a refused save writes nothing');
          refused++;
          return;
        }
        accepted++;
        const loaded = loadSettings(d, { readOnly: false });
        assert.equal(loaded.problem, undefined);
        assert.deepEqual(asJson(loaded.settings), asJson(saved), 'save → load gives the same settings');
        assert.deepEqual(loaded.raw, userKeys(input), 'the file holds what the user set, nothing more');
        const settings = asJson(loaded.settings);
        for (const [path, value] of leaves(userKeys(input))) {
          const at = ownAt(settings, path);
          if (path.length && !(value !== null && typeof value === 'object')) assert.deepEqual(at, value, path.join('.'));
        }
        assert.deepEqual(asJson(readLastGood(d)?.settings), asJson(saved));
      }),
      { numRuns: 80 },
    );
    assert.ok(accepted >= 20 && refused >= 10, `both outcomes exercised (accepted ${accepted}, refused ${refused})`);
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), PROTO_NAMES, 'Object.prototype untouched');
  });

  it('any dotted key and value: set is refused naming the key, or the value lands at that key and nowhere else', () => {
    const part = fc.oneof(fc.constantFrom('watch', 'intervalSec', 'gateway', 'env', 'alerts', 'channels', '0', '1', 'length', 'toString', 'constructor', '__proto__', 'prototype', '__internal__', ''), fc.string({ maxLength: 6 }));
    const key = fc.array(part, { minLength: 1, maxLength: 4 }).map((p) => p.join('.'));
    const raw = fc.constantFrom<Record<string, unknown>>({}, { watch: { intervalSec: 3 } }, { alerts: { channels: [{ name: 'a' }] } }, { gateway: 5 });
    fc.assert(
      fc.property(raw, key, fc.oneof(fc.string(), fc.json()), (base, k, value) => {
        const snapshot = JSON.stringify(base);
        let next;
        try {
          next = setRawKey(base, k, value);
        } catch (err) {
          assert.ok(err instanceof SettingsError, String(err));
          assert.deepEqual(err.keys, [k]);
          assert.ok(err.message.includes(`"${k}"`), err.message);
          return;
        }
        assert.equal(JSON.stringify(base), snapshot, 'the input is left alone');
        let expected: unknown = value;
        try {
          expected = JSON5.parse(value);
        } catch {
          // not JSON5: set as the string it is
        }
        assert.deepEqual(getKey(next as unknown as Parameters<typeof getKey>[0], k), expected);
        assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), PROTO_NAMES, 'Object.prototype untouched');
      }),
      { numRuns: 500 },
    );
  });

  it('any text either parses to an object or is refused with a line and column inside the text', () => {
    const text = fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v, null, 2)), fc.json().map((j) => j.slice(0, Math.floor(j.length / 2))));
    fc.assert(
      fc.property(text, (t) => {
        let parsed;
        try {
          parsed = parseSettingsText(t);
        } catch (err) {
          assert.ok(err instanceof SettingsParseError, String(err));
          const lines = t.replace(/^\uFEFF/, '').split('\n');
          assert.ok(err.line! >= 1 && err.line! <= Math.max(1, lines.length), `line ${err.line} of ${lines.length}`);
          assert.ok(err.column! >= 1 && err.column! <= (lines[err.line! - 1] ?? '').length + 1, `column ${err.column}`);
          assert.match(err.message, new RegExp(`line ${err.line}, column ${err.column}|is empty`));
          return;
        }
        assert.ok(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed));
      }),
      { numRuns: 500 },
    );
  });
});
