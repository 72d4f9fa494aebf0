// The part of jju 1.4 (JSON5 documents edited in place) that ClawDoc uses; the package ships no types.
declare module 'jju' {
  export interface Token {
    raw: string;
    type: 'whitespace' | 'newline' | 'comment' | 'key' | 'literal' | 'separator';
    /** Path of the value this token belongs to (object keys, array indexes). */
    stack: (string | number)[];
    value?: unknown;
  }
  export interface Options {
    reserved_keys?: 'ignore' | 'throw' | 'replace';
    mode?: 'json' | 'json5';
  }
  export function update(text: string, value: unknown, options?: Options): string;
  export function tokenize(text: string, options?: Options): Token[];
  const jju: { update: typeof update; tokenize: typeof tokenize };
  export default jju;
}
