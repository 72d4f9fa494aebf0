// Lookups by a name that comes from users (case ids, channel names): only the object's own keys count,
// so "toString", "constructor" or "__proto__" are ordinary names, never Object.prototype members.

/** The value stored under `key` itself, or undefined (never an inherited member). */
export function getOwn<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Stores `value` under `key` as an own, enumerable property ("__proto__" included: no prototype change). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Removes an own key; returns whether it was there. */
export function deleteOwn(record: Record<string, unknown>, key: string): boolean {
  if (!Object.hasOwn(record, key)) return false;
  delete record[key];
  return true;
}

/** A plain object → a Map of its own keys whose values pass `check` (anything else is dropped). */
export function ownEntries<T>(value: unknown, check: (v: unknown) => v is T): Map<string, T> {
  const out = new Map<string, T>();
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (check(v)) out.set(key, v);
  }
  return out;
}

/** A Map → a plain object for JSON (every key an own property). */
export function fromEntries<T>(map: ReadonlyMap<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of map) setOwn(out, k, v);
  return out;
}
