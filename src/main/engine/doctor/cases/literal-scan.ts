// A one-pass multi-literal scanner (Aho-Corasick over a small character alphabet), used as the
// matcher's prefilter: every case pattern is reduced to literals that any match must contain; the text
// is scanned once, and only the lines where a literal occurs are tested with the real regexes.
// False positives are fine (the regex decides); false negatives are not, so anything unsure is kept.

/** Lowercase literals such that every match of `source` (case-insensitive) contains one of them, or
 * undefined when no such literal of at least `min` characters can be derived. */
export function requiredLiterals(source: string, min = 3): string[] | undefined {
  const branches = splitTopLevel(source);
  const out: string[] = [];
  for (const b of branches) {
    const lits = branchLiterals(b, min);
    if (!lits) return undefined;
    out.push(...lits);
  }
  return [...new Set(out.map((l) => l.toLowerCase()))];
}

/** For one branch: its longest mandatory literal run, else the alternatives of a mandatory group
 * (`(?:token|password)` → either), each at least `min` long. */
function branchLiterals(branch: string, min: number): string[] | undefined {
  const lit = longestLiteral(branch);
  if (lit.length >= min) return [lit];
  let best: string[] | undefined;
  for (const inner of mandatoryGroups(branch)) {
    const lits = requiredLiterals(inner, min);
    if (lits && (!best || lits.length < best.length)) best = lits;
  }
  return best;
}

/** The contents of the top-level groups of a branch that every match goes through (not optional,
 * not lookaround), with `?:` / `?<name>` stripped. */
function mandatoryGroups(branch: string): string[] {
  const out: string[] = [];
  let inClass = false;
  for (let i = 0; i < branch.length; i++) {
    const c = branch[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c !== '(') continue;
    const end = groupEnd(branch, i);
    if (end < 0) return out;
    let inner = branch.slice(i + 1, end);
    const after = branch.slice(end + 1);
    i = end;
    if (/^(?:\?|\*|\{0[,}])/.test(after)) continue; // optional
    if (inner.startsWith('?')) {
      const prefix = /^\?(?::|<[A-Za-z][A-Za-z0-9_]*>)/.exec(inner);
      if (!prefix) continue; // lookaround or flags: not a consumed, mandatory literal
      inner = inner.slice(prefix[0].length);
    }
    out.push(inner);
  }
  return out;
}

/** Index of the `)` closing the group opened at `open`, or -1. */
function groupEnd(src: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < src.length; i++) {
    const d = src[i];
    if (d === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (d === ']') inClass = false;
      continue;
    }
    if (d === '[') inClass = true;
    else if (d === '(') depth++;
    else if (d === ')' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(src: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(src.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(src.slice(start));
  return parts;
}

/** The longest run of mandatory literal characters outside groups and classes. */
function longestLiteral(branch: string): string {
  let best = '';
  let run = '';
  const flush = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < branch.length; i++) {
    const c = branch[i]!;
    const next = branch[i + 1];
    const quantified = (j: number) => {
      const q = branch[j];
      return q === '?' || q === '*' || (q === '{' && /^\{0[,}]/.test(branch.slice(j)));
    };
    if (c === '\\') {
      const e = branch[i + 1];
      i++;
      if (e !== undefined && /[.\\/\-^$*+?()[\]{}|:"'#@!%&=<>,;~` ]/.test(e)) {
        if (quantified(i + 1)) flush();
        else run += e;
      } else flush(); // \d \w \s \b \n …
      continue;
    }
    if (c === '(' || c === '[') {
      flush();
      // skip the whole group/class (its content is not mandatory as a literal run)
      let depth = 0;
      let inClass = false;
      for (; i < branch.length; i++) {
        const d = branch[i];
        if (d === '\\') {
          i++;
          continue;
        }
        if (inClass) {
          if (d === ']') {
            inClass = false;
            if (depth === 0) break;
          }
          continue;
        }
        if (d === '[') inClass = true;
        else if (d === '(') depth++;
        else if (d === ')') {
          depth--;
          if (depth === 0) break;
        }
      }
      if (branch[i + 1] === '{') i = branch.indexOf('}', i + 1) >= 0 ? branch.indexOf('}', i + 1) : i;
      else if (branch[i + 1] && '?*+'.includes(branch[i + 1]!)) i++;
      continue;
    }
    if ('.^$'.includes(c)) {
      flush();
      continue;
    }
    if ('?*+{'.includes(c)) {
      if (c === '{') i = branch.indexOf('}', i) >= 0 ? branch.indexOf('}', i) : i;
      flush();
      continue;
    }
    if (next !== undefined && quantified(i + 1)) {
      flush();
      continue;
    }
    if (next === '+') {
      run += c; // at least one
      flush();
      continue;
    }
    run += c;
  }
  flush();
  return best;
}

const ALPHA = 64;

function charClass(code: number): number {
  if (code >= 97 && code <= 122) return code - 97 + 1; // a-z → 1..26
  if (code >= 48 && code <= 57) return code - 48 + 27; // 0-9 → 27..36
  switch (code) {
    case 32: return 37; // space
    case 46: return 38; // .
    case 45: return 39; // -
    case 95: return 40; // _
    case 58: return 41; // :
    case 47: return 42; // /
    case 34: return 43; // "
    case 40: return 44; // (
    case 41: return 45; // )
    case 61: return 46; // =
    case 44: return 47; // ,
    case 59: return 48; // ;
    case 39: return 49; // '
    case 91: return 50; // [
    case 93: return 51; // ]
    case 43: return 52; // +
    case 60: return 53; // <
    case 62: return 54; // >
    case 35: return 55; // #
    case 64: return 56; // @
    case 96: return 57; // `
    case 9: return 37; // tab ~ space
    default: return 63; // everything else (newline handled by the scanner)
  }
}

const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) CLASS[c] = charClass(c);

export class LiteralScanner {
  private readonly next: Int32Array;
  /** For each state, the ids of literals ending here (including via failure links). */
  private readonly outputs: number[][];
  private readonly hasOutput: Uint8Array;
  readonly count: number;

  constructor(literals: string[]) {
    this.count = literals.length;
    const goto: Int32Array[] = [new Int32Array(ALPHA).fill(-1)];
    const out: number[][] = [[]];
    literals.forEach((lit, id) => {
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const code = lit.charCodeAt(i);
        const cls = code < 128 ? CLASS[code]! : 63;
        let t = goto[s]![cls]!;
        if (t < 0) {
          t = goto.length;
          goto.push(new Int32Array(ALPHA).fill(-1));
          out.push([]);
          goto[s]![cls] = t;
        }
        s = t;
      }
      out[s]!.push(id);
    });
    const n = goto.length;
    const fail = new Int32Array(n);
    this.next = new Int32Array(n * ALPHA);
    const queue: number[] = [];
    for (let c = 0; c < ALPHA; c++) {
      const t = goto[0]![c]!;
      if (t > 0) {
        fail[t] = 0;
        queue.push(t);
        this.next[c] = t;
      } else this.next[c] = 0;
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      out[s]!.push(...out[fail[s]!]!);
      for (let c = 0; c < ALPHA; c++) {
        const t = goto[s]![c]!;
        if (t > 0) {
          fail[t] = this.next[fail[s]! * ALPHA + c]!;
          queue.push(t);
          this.next[s * ALPHA + c] = t;
        } else this.next[s * ALPHA + c] = this.next[fail[s]! * ALPHA + c]!;
      }
    }
    this.outputs = out.map((o) => [...new Set(o)]);
    this.hasOutput = new Uint8Array(n);
    for (let s = 0; s < n; s++) if (this.outputs[s]!.length) this.hasOutput[s] = 1;
  }

  /** Calls `hit(literalId, lineIndex)` for every literal occurrence (lines are split on \n). */
  scan(lowerText: string, hit: (id: number, line: number) => void): void {
    const next = this.next;
    const has = this.hasOutput;
    let s = 0;
    let line = 0;
    for (let i = 0, n = lowerText.length; i < n; i++) {
      const code = lowerText.charCodeAt(i);
      if (code === 10) {
        line++;
        s = 0;
        continue;
      }
      s = next[s * ALPHA + (code < 128 ? CLASS[code]! : 63)]!;
      if (has[s] === 1) for (const id of this.outputs[s]!) hit(id, line);
    }
  }
}
