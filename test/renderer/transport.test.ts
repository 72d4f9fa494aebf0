// The window's HTTP transport without a browser: the SSE parser (chunks cut anywhere), every call as
// POST /api/<method> with the bearer token, a refusal with its kind and keys, the event stream read
// with the token in a header that reconnects and says when it is down; and the built page's budget.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import type { ClawDocEvent } from '../../src/shared/api.js';
import { ApiError } from '../../src/shared/api-client.js';
import { API_METHODS } from '../../src/shared/api-methods.js';
import { httpBridge } from '../../src/renderer/http-bridge.js';
import { SseParser, type SseMessage } from '../../src/renderer/sse.js';
import { ROOT, sleep, waitUntil } from '../helpers/gateway.js';

describe('SSE parser', () => {
  it('events split across chunks at any point, CRLF or LF, comments skipped, multi-line data joined', () => {
    const text = ': connected\r\n\r\nid: 1\r\ndata: {"a":1}\r\n\r\n: ping\n\nevent: x\ndata: line1\ndata: line2\n\ndata:no-space\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const got: SseMessage[] = [];
      const p = new SseParser((m) => got.push(m));
      p.feed(text.slice(0, cut));
      p.feed(text.slice(cut));
      assert.deepEqual(got, [{ data: '{"a":1}', id: '1' }, { data: 'line1\nline2', event: 'x', id: '1' }, { data: 'no-space', id: '1' }], `cut at ${cut}`);
    }
  });
});

type Call = { url: string; init?: RequestInit };

function fakeFetch(handler: (url: string, init?: RequestInit) => Response | Promise<Response>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    return handler(url, init);
  }) as typeof fetch;
  return { fetch: f, calls };
}

describe('HTTP bridge', () => {
  it('every method is POST /api/<method> {args} with the bearer token', async () => {
    const { fetch, calls } = fakeFetch((_url, init) => new Response(JSON.stringify({ ok: true, result: JSON.parse(String(init?.body)).args }), { status: 200 }));
    const bridge = httpBridge('http://127.0.0.1:1', 'tok');
    const b = httpBridge('http://127.0.0.1:1', 'tok', { fetch });
    for (const method of Object.keys(API_METHODS)) {
      const result = await (b as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!('x', 2);
      assert.deepEqual(result, ['x', 2], method);
      const last = calls.at(-1)!;
      assert.equal(last.url, `http://127.0.0.1:1/api/${method}`);
      assert.equal(last.init?.method, 'POST');
      assert.equal((last.init?.headers as Record<string, string>).authorization, 'Bearer tok');
      assert.equal(typeof (bridge as unknown as Record<string, unknown>)[method], 'function');
    }
  });

  it('a refusal keeps its kind and the keys it names; a non-JSON answer says its status', async () => {
    const { fetch } = fakeFetch((url) =>
      url.endsWith('/updateSettings')
        ? new Response(JSON.stringify({ ok: false, error: 'settings: "watch.intervalSec": Too small', code: 'SettingsError', keys: ['watch.intervalSec'] }), { status: 400 })
        : new Response('nope', { status: 401 }),
    );
    const b = httpBridge('http://h', 't', { fetch });
    await assert.rejects(b.updateSettings({ 'watch.intervalSec': 0 }), (err: ApiError) => err instanceof ApiError && err.name === 'SettingsError' && err.keys?.[0] === 'watch.intervalSec');
    await assert.rejects(b.status(), (err: ApiError) => err.name === 'Unauthorized' && /401/.test(err.message));
  });

  it('events: read with the token in a header, reconnected after a drop, the connection state reported', async () => {
    const event: ClawDocEvent = { kind: 'settings-changed', target: 'default', at: 1, keys: ['language'] };
    let streams = 0;
    const { fetch, calls } = fakeFetch(async (url) => {
      assert.ok(url.endsWith('/api/events') && !url.includes('tok'), 'the token is not in the URL');
      streams++;
      if (streams === 2) return new Response('busy', { status: 503 });
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          const enc = new TextEncoder();
          controller.enqueue(enc.encode(': connected\n\n'));
          controller.enqueue(enc.encode(`data: ${JSON.stringify(event).slice(0, 10)}`));
          controller.enqueue(enc.encode(`${JSON.stringify(event).slice(10)}\n\ndata: not json\n\n`));
          controller.close(); // the stream drops: the bridge reconnects
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    });
    const b = httpBridge('http://h', 'tok', { fetch, retryMs: [10] });
    const states: boolean[] = [];
    const offConn = b.onConnection!((up) => states.push(up));
    const got: ClawDocEvent[] = [];
    const off = b.subscribe((e) => got.push(e));
    await waitUntil(() => got.length >= 2, 3000, 'two deliveries (before and after a reconnection)');
    off();
    offConn();
    assert.deepEqual(got.slice(0, 2), [event, event], 'a malformed event is dropped, the rest delivered');
    assert.ok(streams >= 3);
    assert.equal((calls[0]!.init?.headers as Record<string, string>).authorization, 'Bearer tok');
    assert.deepEqual(states.slice(0, 3), [true, false, true], 'up, down (dropped, refused), up again');
    const after = streams;
    await sleep(100);
    assert.equal(streams, after, 'no reconnection after unsubscribing');
  });
});

describe('the built window', () => {
  it('fits the budget (≤ 250 KB gzipped) and loads nothing but its own files', () => {
    const dir = join(ROOT, 'dist', 'renderer');
    const js = readFileSync(join(dir, 'app.js'));
    const css = readFileSync(join(dir, 'app.css'));
    const gz = gzipSync(js).length + gzipSync(css).length;
    assert.ok(gz <= 250 * 1024, `${gz} bytes gzipped`);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.match(html, /<meta charset="utf-8"/);
    assert.match(html, /Content-Security-Policy" content="default-src 'self'; script-src 'self'/);
    assert.doesNotMatch(html, /<script>(?!<\/script>)/, 'no inline script');
    assert.doesNotMatch(html, /https?:\/\//, 'nothing from elsewhere');
    assert.doesNotMatch(js.toString('utf8'), /\beval\(|new Function\(/);
  });
});
