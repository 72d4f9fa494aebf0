// Every file ClawDoc keeps in its data dir, in one list: what it is, which module owns it, and for a
// JSON document or a JSON-lines log its declaration. Tests iterate over it (each document's damage
// policy, each log's bound) and it is the list the docs describe. Nothing at run time needs it: it
// imports every owner, so keep it out of the watcher's start-up path.
//
// Beside any document may appear `<name>.corrupt-<time>` (a damaged file moved aside, never deleted)
// and, after a crash mid-write, `<name>.<pid>.<random>.tmp` (the write that never happened).
import { ALERT_STATE_DOC, DELIVERIES_DOC, OUTBOX_DOC } from './alerts/outbox.js';
import { SEALED_SECRETS_DOC } from './alerts/encrypted-secrets.js';
import { SECRETS_DOC } from './alerts/secrets.js';
import { AI_CALLS_DOC } from './doctor/ai/call-log.js';
import { CASE_STATS_DOC, CASES_DOC } from './doctor/cases/case-store.js';
import { CHANGES_DOC } from './doctor/changes.js';
import { LOG_OFFSETS_DOC } from './doctor/log-follower.js';
import { PROPOSALS_DOC } from './doctor/proposals.js';
import { DOCTOR_RECORDS_LOG } from './doctor/records.js';
import { SNAPSHOT_INDEX_DOC } from './doctor/snapshots.js';
import type { Document } from './store/documents.js';
import { HISTORY_LOG, INCIDENTS_LOG } from './store/history-log.js';
import type { LogSpec } from './store/jsonl-log.js';
import { STATE_DOC } from './store/state-file.js';

export type DataFileKind =
  | 'document' // one JSON value, read and written whole
  | 'jsonl-log' // JSON lines, appended, rolled over by size
  | 'text-log' // a process's output
  | 'directory' // a folder of files the owner names
  | 'lock' // the pid of the running watcher
  | 'socket' // the control channel
  | 'generated'; // written for another program to read

export interface DataFile {
  /** Relative to the data dir, '/'-separated; a directory ends with '/'. */
  path: string;
  kind: DataFileKind;
  /** The module that reads and writes it, relative to src/main/engine. */
  owner: string;
  what: string;
  /** Documents that go through store/documents (all but settings.json, which has its own JSON5 reader). */
  document?: Document<unknown>;
  /** JSON-lines logs (store/jsonl-log). */
  log?: Readonly<LogSpec>;
  /** Rolled-over copies `<path>.1` … `<path>.<rotations>` may sit beside it. */
  rotations?: number;
}

function doc(document: Document<unknown>, owner: string, what: string): DataFile {
  return { path: document.file, kind: 'document', owner, what, document };
}

function log(spec: Readonly<LogSpec>, owner: string, what: string): DataFile {
  return { path: spec.file, kind: 'jsonl-log', owner, what, log: spec, rotations: spec.keep };
}

export const DATA_FILES: readonly DataFile[] = Object.freeze([
  { path: 'settings.json', kind: 'document', owner: 'settings/settings.ts', what: 'the user settings (JSON5, validated by the settings schema, own reader)' },
  doc(SECRETS_DOC, 'alerts/secrets.ts', 'secrets (webhook signing secrets per channel), owner-only'),
  doc(SEALED_SECRETS_DOC, 'alerts/encrypted-secrets.ts', 'the same secrets encrypted by the OS (the tray app\'s safeStorage)'),
  doc(STATE_DOC, 'store/state-file.ts', 'the watcher state across restarts and the status snapshot'),
  log(HISTORY_LOG, 'store/history-log.ts', 'every watch event'),
  log(INCIDENTS_LOG, 'store/history-log.ts', 'closed incidents'),
  { path: 'logs/gateway.log', kind: 'text-log', owner: 'manage/gateway-log.ts', what: 'the gateway output in child mode', rotations: 3 },
  { path: 'logs/gateway.out.log', kind: 'text-log', owner: 'keepalive/unit-files.ts', what: 'the gateway stdout under ClawDoc KeepAlive (macOS launchd)' },
  { path: 'logs/gateway.err.log', kind: 'text-log', owner: 'keepalive/unit-files.ts', what: 'the gateway stderr under ClawDoc KeepAlive (macOS launchd)' },
  doc(CASES_DOC, 'doctor/cases/case-store.ts', "the user's own cases and edits of built-in ones"),
  doc(CASE_STATS_DOC, 'doctor/cases/case-store.ts', 'attempts and verified successes per case'),
  doc(CHANGES_DOC, 'doctor/changes.ts', 'every change to a user file, with its backup (the undo index)'),
  { path: 'backups/', kind: 'directory', owner: 'doctor/changes.ts', what: 'copies of user files taken before each change' },
  doc(PROPOSALS_DOC, 'doctor/proposals.ts', 'fixes waiting for approval'),
  doc(AI_CALLS_DOC, 'doctor/ai/call-log.ts', 'when the AI was called in the last hour (the calls-per-hour cap)'),
  doc(SNAPSHOT_INDEX_DOC, 'doctor/snapshots.ts', 'the index of known-good config snapshots'),
  { path: 'snapshots/', kind: 'directory', owner: 'doctor/snapshots.ts', what: 'known-good copies of the OpenClaw config' },
  log(DOCTOR_RECORDS_LOG, 'doctor/records.ts', 'every diagnosis and fix (clawdoc stats)'),
  doc(LOG_OFFSETS_DOC, 'doctor/log-follower.ts', 'how far each followed log was read'),
  doc(OUTBOX_DOC, 'alerts/outbox.ts', 'undelivered alerts'),
  doc(ALERT_STATE_DOC, 'alerts/outbox.ts', 'alert dedup, reminders and rate-limit state'),
  doc(DELIVERIES_DOC, 'alerts/outbox.ts', 'the last delivery result per channel'),
  { path: 'watch.lock', kind: 'lock', owner: 'runtime/watch-lock.ts', what: 'the running watcher (pid and start time; one per data dir)' },
  { path: 'clawdoc.sock', kind: 'socket', owner: 'control/control-channel.ts', what: 'the control channel (POSIX; in a private runtime dir when the path is too long)' },
  { path: 'probe.json', kind: 'generated', owner: 'store/state-file.ts', what: 'the latest probe, between state changes' },
  { path: 'dashboard-token', kind: 'generated', owner: '../dashboard/dashboard-token.ts', what: "the window's bearer token (0600)" },
  { path: 'dashboard.json', kind: 'generated', owner: '../dashboard/dashboard-server.ts', what: 'where the dashboard listens' },
  { path: 'installer-choices.json', kind: 'generated', owner: '../electron/installer-choices.ts', what: 'Windows: what the installer asked for (launch at login), taken and removed at the app\'s first start' },
  { path: 'tray.json', kind: 'document', owner: '../electron/prefs.ts', what: "the tray app's own preferences (first run shown, menu choices)" },
  { path: 'logs/app.log', kind: 'text-log', owner: '../electron/main.ts', what: "the tray app's log (emptied past 2 MB)" },
  { path: 'keepalive/clawdoc-gateway-task.xml', kind: 'generated', owner: 'keepalive/keepalive.ts', what: 'the Windows scheduled-task definition for KeepAlive' },
]);

/** The documents that go through the store, one per file. */
export function storedDocuments(): Document<unknown>[] {
  return DATA_FILES.flatMap((f) => (f.document ? [f.document] : []));
}

/** The JSON-lines logs. */
export function storedLogs(): Readonly<LogSpec>[] {
  return DATA_FILES.flatMap((f) => (f.log ? [f.log] : []));
}

/** The entry a path in the data dir belongs to ('/'-separated), counting rolled-over and kept copies. */
export function findDataFile(relPath: string): DataFile | undefined {
  return DATA_FILES.find((f) => {
    if (f.path.endsWith('/')) return relPath.startsWith(f.path);
    if (relPath === f.path) return true;
    if (!relPath.startsWith(`${f.path}.`)) return false;
    const rest = relPath.slice(f.path.length + 1);
    if (f.rotations && /^\d+$/.test(rest) && Number(rest) <= f.rotations) return true;
    return f.kind === 'document' && (/^corrupt-[\dT-]+Z(?:-\d+)?$/.test(rest) || /^\d+\.[0-9a-f]+\.tmp$/.test(rest));
  });
}
