// A Server-Sent Events parser (the text/event-stream format): feed it chunks of text as they arrive,
// it calls back with each event's data. Pure, so the HTTP transport and its tests share it.

export interface SseMessage {
  data: string;
  event?: string;
  id?: string;
}

export class SseParser {
  private buf = '';
  private data: string[] = [];
  private event?: string;
  private id?: string;

  constructor(private readonly onMessage: (m: SseMessage) => void) {}

  feed(chunk: string): void {
    this.buf += chunk;
    let i: number;
    while ((i = this.buf.search(/\r\n|\n|\r/)) >= 0) {
      const line = this.buf.slice(0, i);
      const sep = this.buf.startsWith('\r\n', i) ? 2 : 1;
      // A lone \r at the very end may be the first half of \r\n: wait for more.
      if (this.buf[i] === '\r' && i === this.buf.length - 1) break;
      this.buf = this.buf.slice(i + sep);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length) this.onMessage({ data: this.data.join('\n'), ...(this.event ? { event: this.event } : {}), ...(this.id ? { id: this.id } : {}) });
      this.data = [];
      this.event = undefined;
      return;
    }
    if (line.startsWith(':')) return; // a comment (heartbeat)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
  }
}
