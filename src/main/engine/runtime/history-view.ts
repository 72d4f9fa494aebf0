// The `history` query over history.jsonl, for a face that asks often (the window's History page):
// the parsed events are kept while the files are unchanged (size and time of both the log and its
// rolled-over part) and dropped after a minute without a question, so an idle watcher keeps no copy.
// Newest first; filtered with the shared filter (src/shared/history-filter.ts); paged without copying.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryQuery, Page } from '../../../shared/api.js';
import type { HistoryEvent } from '../../../shared/history.js';
import { historyFilter } from '../../../shared/history-filter.js';
import { History } from '../store/history-log.js';

const IDLE_MS = 60_000;

function fileKey(path: string): string {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '-';
  }
}

export class HistoryView {
  private key = '';
  /** Oldest first. */
  private events: HistoryEvent[] = [];
  private idle?: NodeJS.Timeout;

  constructor(private readonly dataDir: string) {}

  private load(): HistoryEvent[] {
    const main = join(this.dataDir, 'history.jsonl');
    const key = `${fileKey(`${main}.1`)}|${fileKey(main)}`;
    if (key !== this.key) {
      this.events = new History(this.dataDir).events.readAll();
      this.key = key;
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.drop(), IDLE_MS);
    this.idle.unref?.();
    return this.events;
  }

  drop(): void {
    clearTimeout(this.idle);
    this.events = [];
    this.key = '';
  }

  query(q: HistoryQuery = {}): Page<HistoryEvent> {
    const events = this.load();
    const match = historyFilter(q);
    const from = Math.max(0, Math.floor(Number(q.offset) || 0));
    const count = Math.max(0, Math.floor(Number(q.limit ?? 100) || 0));
    const items: HistoryEvent[] = [];
    let total = 0;
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      if (!match(e)) continue;
      if (total >= from && items.length < count) items.push(e);
      total++;
    }
    return { items, total, offset: from };
  }
}
