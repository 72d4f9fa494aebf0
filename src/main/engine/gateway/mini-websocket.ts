// A minimal WebSocket client (RFC 6455) over node:http, for the gateway's RPC: text frames, ping/pong,
// close, fragmentation. Node's global WebSocket (undici) needs WebAssembly, which the watcher's V8 lite
// mode (bin/clawdoc.js, to save resident memory) does not have; this has no dependency and no WebAssembly.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** Frames larger than this are refused (the gateway's own limit is 25 MiB). */
const MAX_MESSAGE = 32 * 1024 * 1024;

export class MiniWebSocket {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null = null;
  private socket?: Socket;
  private buf: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closed = false;
  private readonly req: http.ClientRequest;

  constructor(url: string) {
    const u = new URL(url);
    if (u.protocol !== 'ws:') throw new Error(`only ws:// is supported (${u.protocol})`);
    const key = randomBytes(16).toString('base64');
    this.req = http.request({
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: Number(u.port || 80),
      path: `${u.pathname || '/'}${u.search}`,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': key },
    });
    this.req.on('upgrade', (res, socket, head) => {
      const accept = createHash('sha1').update(key + GUID).digest('base64');
      if (res.headers['sec-websocket-accept'] !== accept) {
        socket.destroy();
        return this.fail('bad Sec-WebSocket-Accept from the server');
      }
      this.socket = socket;
      socket.setNoDelay(true);
      socket.on('data', (d: Buffer) => this.onData(d));
      socket.on('error', (err) => this.fail(err.message));
      socket.on('close', () => this.end(1006, 'connection lost'));
      this.onopen?.({});
      if (head.length) this.onData(head);
    });
    this.req.on('response', (res) => {
      res.resume();
      this.fail(`the server answered HTTP ${res.statusCode} instead of upgrading`);
    });
    this.req.on('error', (err) => this.fail((err as NodeJS.ErrnoException).code ?? err.message));
    this.req.end();
  }

  send(text: string): void {
    if (!this.socket || this.closed) throw new Error('not connected');
    this.socket.write(frame(0x1, Buffer.from(text, 'utf8')));
  }

  close(code = 1000): void {
    if (this.closed) return;
    if (this.socket) {
      const body = Buffer.alloc(2);
      body.writeUInt16BE(code);
      try {
        this.socket.write(frame(0x8, body));
      } catch {
        // gone
      }
      this.socket.end();
      setTimeout(() => this.socket?.destroy(), 1000).unref();
    } else {
      this.req.destroy();
    }
    this.end(code, '');
  }

  private fail(message: string): void {
    if (this.closed) return;
    this.onerror?.({ message });
    this.socket?.destroy();
    this.req.destroy();
    this.end(1006, message);
  }

  private end(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.({ code, reason });
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    for (;;) {
      if (this.buf.length < 2) return;
      const b0 = this.buf[0]!;
      const b1 = this.buf[1]!;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        const big = this.buf.readBigUInt64BE(2);
        if (big > BigInt(MAX_MESSAGE)) return this.fail('message too large');
        len = Number(big);
        off = 10;
      }
      if (len > MAX_MESSAGE) return this.fail('message too large');
      const maskKey = masked ? this.buf.subarray(off, off + 4) : undefined;
      if (masked) off += 4;
      if (this.buf.length < off + len) return;
      let payload = this.buf.subarray(off, off + len);
      this.buf = this.buf.subarray(off + len);
      if (maskKey) payload = Buffer.from(payload.map((b, i) => b ^ maskKey[i % 4]!));
      if (opcode === 0x8) {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        this.socket?.end();
        return this.end(code, payload.subarray(2).toString('utf8'));
      }
      if (opcode === 0x9) {
        this.socket?.write(frame(0xa, payload));
        continue;
      }
      if (opcode === 0xa) continue;
      if (opcode === 0x1 || opcode === 0x2 || opcode === 0x0) {
        this.fragments.push(Buffer.from(payload));
        if (this.fragments.reduce((n, f) => n + f.length, 0) > MAX_MESSAGE) return this.fail('message too large');
        if (!fin) continue;
        const data = Buffer.concat(this.fragments).toString('utf8');
        this.fragments = [];
        this.onmessage?.({ data });
      }
    }
  }
}

/** One client frame (always masked, as RFC 6455 requires of clients). */
function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  if (len < 126) head[1] = 0x80 | len;
  else if (len < 65536) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(len, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  const mask = randomBytes(4);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([head, mask, body]);
}
