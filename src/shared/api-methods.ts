// The contract's methods as data, for the transports: queries are read-only (HTTP GET), commands act
// (HTTP POST, and a same-origin check). `satisfies` keeps this list complete as the contract grows.
import type { ApiMethod } from './api.js';

export const API_METHODS = {
  status: 'query',
  history: 'query',
  incidents: 'query',
  cases: 'query',
  proposals: 'query',
  changes: 'query',
  snapshots: 'query',
  stats: 'query',
  settings: 'query',
  channels: 'query',
  records: 'query',
  checkCase: 'query',
  restart: 'command',
  pause: 'command',
  resume: 'command',
  diagnose: 'command',
  approve: 'command',
  reject: 'command',
  undo: 'command',
  addCase: 'command',
  editCase: 'command',
  removeCase: 'command',
  importCases: 'command',
  exportCases: 'query',
  updateSettings: 'command',
  notifyTest: 'command',
  aiTest: 'command',
  setSecret: 'command',
} as const satisfies Record<ApiMethod, 'query' | 'command'>;

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(API_METHODS, name);
}
