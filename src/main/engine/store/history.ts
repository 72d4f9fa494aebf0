// History that survives a restart of ClawDoc: every event as a JSON line, closed incidents likewise.
// Files are bounded: past maxBytes the file rolls over to `<name>.1` (one old file is kept).
import { appendFileSync, existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Incident, WatchEvent } from '../../../shared/status.js';
import { JSONL_MAX_BYTES } from './retention.js';

export class JsonLinesLog<T> {
  constructor(
    readonly path: string,
    private readonly maxBytes = JSONL_MAX_BYTES,
  ) {}

  append(record: T): void {
    mkdirSync(join(this.path, '..'), { recursive: true });
    if (existsSync(this.path) && statSync(this.path).size > this.maxBytes) renameSync(this.path, `${this.path}.1`);
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }

  /** All records, oldest first; a damaged line is skipped rather than losing the rest. */
  readAll(): T[] {
    const out: T[] = [];
    for (const file of [`${this.path}.1`, this.path]) {
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          out.push(JSON.parse(line) as T);
        } catch {
          // a torn last line after a crash: skip it
        }
      }
    }
    return out;
  }
}

export class History {
  readonly events: JsonLinesLog<WatchEvent>;
  readonly incidents: JsonLinesLog<Incident>;

  constructor(dataDir: string) {
    this.events = new JsonLinesLog<WatchEvent>(join(dataDir, 'history.jsonl'));
    this.incidents = new JsonLinesLog<Incident>(join(dataDir, 'incidents.jsonl'));
  }

  /** Events newest first. */
  recentEvents(limit = 100): WatchEvent[] {
    return this.events.readAll().reverse().slice(0, limit);
  }

  /** Closed incidents newest first. */
  recentIncidents(limit = 50): Incident[] {
    return this.incidents.readAll().reverse().slice(0, limit);
  }
}
