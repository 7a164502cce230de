// Character classes of XML 1.0 (fifth edition) shared by the parser and the writer. Internal.

/** U+FEFF: legal only as the very first character of a document (a byte-order mark), see charWidth. */
export const BOM = 0xfeff;

// ASCII name table: bit 1 = NameStartChar, bit 2 = NameChar. The practical ASCII set is
// [A-Za-z_:] to start and [A-Za-z0-9_.:-] after; non-ASCII names follow the XML 1.0 productions.
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58;
  const other = (c >= 48 && c <= 57) || c === 45 || c === 46;
  ASCII[c] = letter ? 3 : other ? 2 : 0;
}

function nonAsciiNameStart(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd && c !== BOM)
  );
}

function nonAsciiNameChar(c: number): boolean {
  return nonAsciiNameStart(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/**
 * Scans an XML name starting at `i`; returns the index just after it, or `i` when no name starts
 * there. Supplementary-plane name characters (U+10000..U+EFFFF) are accepted as surrogate pairs.
 */
export function scanName(s: string, i: number): number {
  let j = i;
  const n = s.length;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c < 128) {
      const k = ASCII[c]!;
      if (k === 3 || (k === 2 && j > i)) {
        j++;
        continue;
      }
      return j;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      // U+10000..U+EFFFF: high surrogates D800..DB7F followed by a low surrogate.
      const d = s.charCodeAt(j + 1);
      if (c <= 0xdb7f && d >= 0xdc00 && d <= 0xdfff) {
        j += 2;
        continue;
      }
      return j;
    }
    if (j === i ? nonAsciiNameStart(c) : nonAsciiNameChar(c)) {
      j++;
      continue;
    }
    return j;
  }
  return j;
}

/** True when `s` is exactly one XML name. */
export function isXmlName(s: string): boolean {
  return s.length > 0 && scanName(s, 0) === s.length;
}

/**
 * Number of UTF-16 units of the XML `Char` at `i`: 1, 2 for a valid surrogate pair, 0 when the
 * character is illegal (or `i` is past the end).
 *
 * Stricter than XML 1.0 in one point: U+FEFF counts as illegal. A WeChat push carries it only as
 * a byte-order mark at the very start (skipped before any check); anywhere else it is a second
 * BOM, which is how a concatenated or re-encoded body looks.
 */
export function charWidth(s: string, i: number): 0 | 1 | 2 {
  const c = s.charCodeAt(i);
  if (c < 0xd800) return c >= 0x20 || c === 9 || c === 10 || c === 13 ? 1 : 0;
  if (c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff ? 2 : 0;
  }
  if (c < 0xe000) return 0;
  return c <= 0xfffd && c !== BOM ? 1 : 0; // NaN (past the end) also ends here as 0
}

/** True for a code point allowed by the XML 1.0 `Char` production (U+FEFF excepted, as in charWidth). */
export function isCharCode(cp: number): boolean {
  return cp < 0xd800 ? cp >= 0x20 || cp === 9 || cp === 10 || cp === 13 : (cp >= 0xe000 && cp <= 0xfffd && cp !== BOM) || (cp >= 0x10000 && cp <= 0x10ffff);
}

// Single-character-class regexes (no quantifier, so no backtracking: a linear search) used as a
// native prefilter: no match proves the text clean, far faster than a charCodeAt loop; a match
// sends the scan to the exact loop. Non-`u` mode, so every surrogate (even a valid pair) matches.
/** Anything not certainly a legal BMP XML `Char` (U+FEFF included, see charWidth). */
export const MAYBE_ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]/;
/** As MAYBE_ILLEGAL, plus `&` and `]` (character data needs references decoded and `]]>` refused). */
export const TEXT_SPECIAL = /[^\t\n\r\x20-\x25\x27-\x5C\x5E-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]/;

/** Index of the first XML-illegal character in s[start, end), or -1. */
export function firstIllegal(s: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 ? c >= 0x20 : c >= 0xe000 && c <= 0xfffd && c !== BOM) continue;
    const w = charWidth(s, i);
    if (w === 0) return i;
    i += w - 1;
  }
  return -1;
}

/** `s` without its XML-illegal characters (the same string when it has none). */
export function stripIllegal(s: string): string {
  const k = s.search(MAYBE_ILLEGAL);
  if (k === -1) return s;
  let i = firstIllegal(s, k, s.length);
  if (i === -1) return s;
  let out = '';
  let last = 0;
  while (i !== -1) {
    out += s.slice(last, i);
    last = i + 1;
    i = firstIllegal(s, last, s.length);
  }
  return out + s.slice(last);
}

/** True when every character of `s` is XML whitespace (space, TAB, LF, CR). */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13) return false;
  }
  return true;
}
