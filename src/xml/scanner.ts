// Lexical layer of the parser: names, attributes, comments, text runs, references, errors. Internal.
import { WxmpError, type WxmpErrorCode } from '../errors.js';
import { knownName, rememberName } from '../internal/engine.js';
import type { XmlRecord } from './types.js';
import { BOM, MAYBE_ILLEGAL, TEXT_SPECIAL, charWidth, firstIllegal, isCharCode, scanName } from './chars.js';

/** Resolved options of one parse. */
export interface Config {
  maxLength: number;
  maxDepth: number;
  maxNodes: number;
  maxTextLength: number;
  maxNameLength: number;
  strip: boolean;
  /** The only accepted root element name, or undefined for any. */
  root: string | undefined;
  /** Makes an empty record (see `newRecord` in parse.ts). */
  record: () => XmlRecord;
}

/** 1-based line and column (in UTF-16 units, lines split at LF) of `offset`. */
function position(s: string, offset: number): { offset: number; line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = s.indexOf('\n'); i !== -1 && i < offset; i = s.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** XML whitespace: space, TAB, LF, CR. */
export const isWs = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;

const DIGIT = 1;
const HEX = 2;

/** Shared state and the token-level scans; Parser (parse.ts) adds the document structure. */
export class Scanner {
  protected readonly s: string;
  protected readonly c: Config;
  /** Name of the tag scanned last by startTag(). */
  protected tag = '';
  protected selfClosing = false;
  /** Text of the reference decoded last by reference(). */
  protected ref = '';
  protected attrs: Set<string> | undefined;
  /** Offset of the first character text() stripped since the parser last reset it, or -1. */
  protected stripped = -1;
  /** Start tags scanned so far (the position in engine.ts's name cache). */
  private ordinal = 0;

  constructor(s: string, c: Config) {
    this.s = s;
    this.c = c;
  }

  fail(code: WxmpErrorCode, what: string, offset: number): never {
    const s = this.s;
    const near =
      offset >= s.length ? 'at end of input' : `near ${JSON.stringify(s.length - offset > 20 ? `${s.slice(offset, offset + 20)}…` : s.slice(offset))}`;
    const pos = position(s, offset);
    throw new WxmpError(code, `${what} (line ${pos.line}, column ${pos.column}) ${near}`, { position: pos });
  }

  /** Fails at `i` with XML_INVALID_CHAR when the character there is illegal, else XML_SYNTAX. */
  unexpected(i: number, what: string): never {
    if (i < this.s.length && charWidth(this.s, i) === 0) this.fail('XML_INVALID_CHAR', 'character not allowed in XML', i);
    this.fail('XML_SYNTAX', i >= this.s.length ? 'unexpected end of input' : what, i);
  }

  /** Scans `<name attr="v" …>` or `…/>` at `p`; sets `tag`/`selfClosing`; returns the index after it. */
  protected startTag(p: number): number {
    const s = this.s;
    const ordinal = this.ordinal++;
    // engine.ts, 3: a name seen at this position before is recognised in place.
    const known = knownName(s, p + 1, ordinal, this.c.maxNameLength);
    if (known !== undefined) {
      this.tag = known;
      this.selfClosing = false;
      return p + 2 + known.length;
    }
    const e = this.name(p + 1);
    this.tag = rememberName(ordinal, s.slice(p + 1, e));
    if (s.charCodeAt(e) === 62) {
      this.selfClosing = false;
      return e + 1;
    }
    return this.attributes(e, undefined);
  }

  /** Scans a name at `i` (validated, length-limited); returns the index after it. */
  protected name(i: number): number {
    const e = scanName(this.s, i);
    if (e === i) this.unexpected(i, 'expected a name');
    if (e - i > this.c.maxNameLength) this.fail('XML_NAME_TOO_LONG', `name longer than ${this.c.maxNameLength} chars`, i);
    return e;
  }

  /**
   * Scans attributes up to `>` / `/>` (or `?>` for the declaration, whose values go into `decl`).
   * Attribute values are validated and then ignored: WeChat never sends attributes.
   */
  protected attributes(i: number, decl: Record<string, string> | undefined): number {
    const s = this.s;
    let first = true;
    for (;;) {
      const c = s.charCodeAt(i);
      if (decl === undefined) {
        if (c === 62) {
          this.selfClosing = false;
          return i + 1;
        }
        if (c === 47 && s.charCodeAt(i + 1) === 62) {
          this.selfClosing = true;
          return i + 2;
        }
      } else if (c === 63 && s.charCodeAt(i + 1) === 62) return i + 2;
      if (!isWs(c)) this.unexpected(i, 'malformed tag');
      while (isWs(s.charCodeAt(i))) i++;
      const d = s.charCodeAt(i);
      if (d === 62 || d === 47 || d === 63) continue;
      const ns = i;
      i = this.name(i);
      const name = s.slice(ns, i);
      if (first) {
        first = false;
        if (this.attrs === undefined) this.attrs = new Set();
        else this.attrs.clear();
      }
      if (this.attrs!.has(name)) this.fail('XML_SYNTAX', `duplicate attribute ${name}`, ns);
      this.attrs!.add(name);
      while (isWs(s.charCodeAt(i))) i++;
      if (s.charCodeAt(i) !== 61) this.unexpected(i, "expected '=' after an attribute name");
      i++;
      while (isWs(s.charCodeAt(i))) i++;
      const q = s.charCodeAt(i);
      if (q !== 34 && q !== 39) this.unexpected(i, 'attribute values must be quoted');
      const e = s.indexOf(q === 34 ? '"' : "'", i + 1);
      if (e === -1) this.fail('XML_SYNTAX', 'unterminated attribute value', i);
      this.attributeValue(i + 1, e);
      if (decl !== undefined) decl[name] = s.slice(i + 1, e);
      i = e + 1;
    }
  }

  /** Validates an attribute value: no `<`, references well-formed, every character legal. */
  protected attributeValue(start: number, end: number): void {
    const s = this.s;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === 60) this.fail('XML_SYNTAX', "'<' in an attribute value", i);
      else if (c === 38) i = this.reference(i, end);
      else {
        const w = charWidth(s, i);
        if (w === 0) this.fail('XML_INVALID_CHAR', 'character not allowed in XML', i);
        i += w - 1;
      }
    }
  }

  /** Skips the comment at `p` (`<!--`); returns the index after `-->`. */
  protected comment(p: number): number {
    const s = this.s;
    const e = s.indexOf('-->', p + 4);
    if (e === -1) this.fail('XML_SYNTAX', 'unterminated comment', p);
    if (s.indexOf('--', p + 4) !== e) this.fail('XML_SYNTAX', "'--' inside a comment", p);
    const k = s.slice(p + 4, e).search(MAYBE_ILLEGAL);
    const bad = k === -1 ? -1 : firstIllegal(s, p + 4 + k, e);
    if (bad !== -1) this.fail('XML_INVALID_CHAR', 'character not allowed in XML', bad);
    return e + 3;
  }

  /**
   * Validates and decodes the character data (or CDATA content when `cdata`) in s[start, end).
   * The common case — no reference, no `]`, no surrogate, no illegal character — is a slice and
   * one native search; otherwise an exact loop takes over from the first special character.
   */
  protected text(start: number, end: number, cdata: boolean): string {
    const s = this.s;
    // Short runs (most WeChat fields) are cheaper to check in JS than to hand to the regex engine.
    let i = start;
    let v: string | undefined;
    if (end - start > 48) {
      v = s.slice(start, end);
      const k = v.search(cdata ? MAYBE_ILLEGAL : TEXT_SPECIAL);
      if (k === -1) return v;
      i += k;
    }
    let out = '';
    let last = start;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < 0xd800) {
        if (c >= 0x20) {
          if ((c !== 38 && c !== 93) || cdata) continue;
          if (c === 93) {
            if (i + 2 < end && s.charCodeAt(i + 1) === 93 && s.charCodeAt(i + 2) === 62) this.fail('XML_SYNTAX', "']]>' in text", i);
            continue;
          }
          out += s.slice(last, i);
          i = this.reference(i, end);
          out += this.ref;
          last = i + 1;
          continue;
        }
        if (c === 10 || c === 9 || c === 13) continue;
      } else if (c < 0xdc00) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff && i + 1 < end) {
          i++;
          continue;
        }
      } else if (c >= 0xe000 && c <= 0xfffd && c !== BOM) continue;
      if (!this.c.strip) this.fail('XML_INVALID_CHAR', 'character not allowed in XML', i);
      if (this.stripped === -1) this.stripped = i;
      out += s.slice(last, i);
      last = i + 1;
    }
    return last === start ? (v ?? s.slice(start, end)) : out + s.slice(last, end);
  }

  /** Decodes the reference at `i` (`&`) into `ref`; returns the index of its `;`. */
  protected reference(i: number, end: number): number {
    const s = this.s;
    let j = i + 1;
    if (s.charCodeAt(j) === 35) {
      j++;
      const hex = s.charCodeAt(j) === 120;
      if (hex) j++;
      const digits = j;
      let v = 0;
      for (; j < end; j++) {
        const c = s.charCodeAt(j);
        const kind = c >= 48 && c <= 57 ? DIGIT : hex && ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) ? HEX : 0;
        if (kind === 0) break;
        v = v * (hex ? 16 : 10) + (kind === DIGIT ? c - 48 : (c | 32) - 87);
        if (v > 0x10ffff) this.fail('XML_INVALID_ENTITY', 'character reference out of range', i);
      }
      if (j === digits || j >= end || s.charCodeAt(j) !== 59) this.fail('XML_INVALID_ENTITY', 'malformed character reference', i);
      if (!isCharCode(v)) this.fail('XML_INVALID_ENTITY', 'character reference to a character not allowed in XML', i);
      this.ref = String.fromCodePoint(v);
      return j;
    }
    const c = s.charCodeAt(j);
    if (c === 108 && s.startsWith('t;', j + 1)) this.ref = '<';
    else if (c === 103 && s.startsWith('t;', j + 1)) this.ref = '>';
    else if (c === 97 && s.startsWith('mp;', j + 1)) {
      this.ref = '&';
      return j + 3;
    } else if (c === 97 && s.startsWith('pos;', j + 1)) {
      this.ref = "'";
      return j + 4;
    } else if (c === 113 && s.startsWith('uot;', j + 1)) {
      this.ref = '"';
      return j + 4;
    } else this.fail('XML_INVALID_ENTITY', 'unknown entity (only &lt; &gt; &amp; &quot; &apos; and &#…; are allowed)', i);
    return j + 2;
  }
}
