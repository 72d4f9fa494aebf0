// Text ClawDoc stores (events, incidents, doctor records, state) passes one redactor first: the gateway's
// output, log lines and pasted text can carry tokens, and the data dir must never keep them. The runtime
// installs the redactor built from every secret it knows; until then the patterns alone apply.
import { Redactor } from '../redaction/redactor.js';

let redactor: () => Pick<Redactor, 'redactDeep'> = () => PATTERNS_ONLY;
const PATTERNS_ONLY = new Redactor();

export function setStoredTextRedactor(next: () => Pick<Redactor, 'redactDeep'>): void {
  redactor = next;
}

/** The value with every string redacted (keys kept). */
export function redactForStorage<T>(value: T): T {
  try {
    return redactor().redactDeep(value);
  } catch {
    return PATTERNS_ONLY.redactDeep(value);
  }
}
