import { toByteString } from './byte-string';

/**
 * Redis's glob matcher (`stringmatchlen` in util.c, case-sensitive), as used by PSUBSCRIBE,
 * PUBSUB CHANNELS and KEYS. It works on bytes (the UTF-8 encoding of both strings) and keeps
 * Redis's edge cases, checked against redis-server 7.0.15:
 *
 * - `*` any run of bytes, `?` one byte, `[set]`, `[^set]`, ranges `[a-z]` (a reversed range
 *   `[z-a]` is swapped), `\x` a literal `x`, also inside brackets;
 * - a trailing `\` is a literal backslash; a `\` at the end of a set is a literal backslash too;
 * - `[]` and `[]...` never match (the set closes at once, empty); `[^]` matches any one byte;
 * - an unterminated `[` makes the rest of the pattern one set (`[ab` = `[ab]`, `[^` = any byte);
 * - a `-` after a set member always makes a range when another byte follows, even `]`: `[a-]x`
 *   is the still-open set of bytes `]`..`a` and `x`;
 * - range bounds compare as signed C `char`s (x86-64), so bytes ≥ 0x80 sort below 0x00;
 * - the empty string matches only the empty pattern (`*` does not match `""`);
 * - a pattern with more than 1000 stars before its last token never matches (Redis's guard
 *   against abusive patterns, recursion deeper than 1000).
 */
export class GlobPattern {
  private readonly tokens: readonly Token[];
  /** The bytes to equal when the pattern has no wildcard (escapes resolved). */
  private readonly literal: string | undefined;
  private readonly tooDeep: boolean;

  constructor(readonly pattern: string) {
    const bytes = toByteString(pattern);
    this.tokens = parse(bytes);
    this.literal = this.tokens.every(isLiteral)
      ? this.tokens.map((t) => String.fromCharCode(t as number)).join('')
      : undefined;
    const stars = this.tokens.filter((t) => t === STAR).length;
    const trailing = this.tokens[this.tokens.length - 1] === STAR ? 1 : 0;
    this.tooDeep = stars - trailing > MAX_NESTING;
  }

  /** Whether `text` (a channel or key name) matches. */
  matches(text: string): boolean {
    return this.matchesBytes(toByteString(text));
  }

  /** Same as {@link matches} for text already turned into bytes by {@link toByteString}. */
  matchesBytes(subject: string): boolean {
    if (this.literal !== undefined) return subject === this.literal;
    if (subject.length === 0) return this.pattern.length === 0;
    if (this.tooDeep) return false;
    return matchTokens(this.tokens, subject);
  }
}

/** `*`; every other token matches exactly one byte. */
const STAR = -1;
/** A literal byte, `STAR`, or the set of accepted bytes (`?` and `[...]`). */
type Token = number | Uint8Array;

const isLiteral = (t: Token) => typeof t === 'number' && t !== STAR;
const MAX_NESTING = 1000;
const ANY_BYTE = new Uint8Array(256).fill(1);
const code = (c: string) => c.charCodeAt(0);
const [ASTERISK, QUESTION, OPEN, CLOSE, CARET, DASH, BACKSLASH] = [
  '*',
  '?',
  '[',
  ']',
  '^',
  '-',
  '\\',
].map(code);
/** A byte as C's signed `char`: 0x80..0xff become -128..-1. */
const signed = (byte: number) => (byte << 24) >> 24;

function parse(p: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p.charCodeAt(i);
    if (c === ASTERISK) {
      while (p.charCodeAt(i + 1) === ASTERISK) i++;
      tokens.push(STAR);
      i++;
    } else if (c === QUESTION) {
      tokens.push(ANY_BYTE);
      i++;
    } else if (c === OPEN) {
      i = parseSet(p, i + 1, tokens);
    } else if (c === BACKSLASH && i + 1 < p.length) {
      tokens.push(p.charCodeAt(i + 1));
      i += 2;
    } else {
      tokens.push(c);
      i++;
    }
  }
  return tokens;
}

/** Parses a set starting after its `[`; pushes it and returns the index after it. */
function parseSet(p: string, start: number, tokens: Token[]): number {
  const set = new Uint8Array(256);
  let i = start;
  const negate = p.charCodeAt(i) === CARET;
  if (negate) i++;
  for (;;) {
    const c = p.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < p.length) {
      set[p.charCodeAt(i + 1)] = 1;
      i += 2;
    } else if (i >= p.length) {
      break; // unterminated: the set ran to the end of the pattern
    } else if (c === CLOSE) {
      i++;
      break;
    } else if (i + 2 < p.length && p.charCodeAt(i + 1) === DASH) {
      addRange(set, signed(c), signed(p.charCodeAt(i + 2)));
      i += 3;
    } else {
      set[c] = 1;
      i++;
    }
  }
  if (negate) for (let b = 0; b < 256; b++) set[b] ^= 1;
  tokens.push(set);
  return i;
}

function addRange(set: Uint8Array, from: number, to: number): void {
  const low = Math.min(from, to);
  const high = Math.max(from, to);
  for (let b = 0; b < 256; b++) if (signed(b) >= low && signed(b) <= high) set[b] = 1;
}

/**
 * Glob matching with backtracking to the last star: every token but `*` takes one byte, so a
 * failure after a star only needs that star to take one more byte. O(pattern × subject) at worst.
 */
function matchTokens(tokens: readonly Token[], s: string): boolean {
  let t = 0;
  let i = 0;
  let starToken = -1;
  let starByte = 0;
  while (i < s.length) {
    const token = tokens[t];
    if (token === STAR) {
      if (t === tokens.length - 1) return true;
      starToken = t++;
      starByte = i;
    } else if (t < tokens.length && matchesByte(token, s.charCodeAt(i))) {
      t++;
      i++;
    } else if (starToken >= 0) {
      t = starToken + 1;
      i = ++starByte;
    } else {
      return false;
    }
  }
  while (tokens[t] === STAR) t++;
  return t === tokens.length;
}

function matchesByte(token: Token, byte: number): boolean {
  return typeof token === 'number' ? token === byte : token[byte] === 1;
}
