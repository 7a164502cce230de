/**
 * Lossless JSON parsing for WeChat responses: integers beyond 2^53 stay exact as strings
 * (`msgid` 271781022721654784, co-wechat-api#89) and raw control characters inside strings are
 * accepted (nicknames, co-wechat-api#63). Hand-written, iterative over strings, recursion bounded.
 */
import { WxmpError } from '../errors.js';

const MAX_DEPTH = 256;

/**
 * Parses JSON text like `JSON.parse`, except that integer literals outside the safe range become
 * strings and raw U+0000–U+001F inside strings are kept.
 *
 * @throws {WxmpError} `RESPONSE_PARSE` on malformed JSON or nesting deeper than 256.
 * @example
 * ```ts
 * parseJsonLossless('{"msgid":271781022721654784}') // { msgid: '271781022721654784' }
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export function parseJsonLossless(text: string): unknown {
  // Fast path: without a 16-digit run no integer can exceed 2^53 (9007199254740991 has 16 digits).
  if (!/\d{16}/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // fall through: the hand parser tolerates raw control characters and reports the position
    }
  }
  return new Parser(text).parseTop();
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parseTop(): unknown {
    this.ws();
    const v = this.value(0);
    this.ws();
    if (this.i !== this.s.length) this.fail('unexpected trailing characters');
    return v;
  }

  private fail(what: string): never {
    throw new WxmpError('RESPONSE_PARSE', `invalid JSON at offset ${this.i}: ${what}`);
  }

  private ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++this.i);
  }

  private value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail(c === undefined ? 'unexpected end' : 'unexpected character');
    }
  }

  private literal<T>(word: string, v: T): T {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return v;
    }
    return this.fail('invalid literal');
  }

  private object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      if (this.s[this.i] !== '"') this.fail('expected a key');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.ws();
      const v = this.value(depth + 1);
      // defineProperty: a "__proto__" key must become data, never the prototype (as JSON.parse does).
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail("expected ',' or '}'");
      this.ws();
    }
  }

  private array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']'");
      this.ws();
    }
  }

  private string(): string {
    const s = this.s;
    let i = ++this.i;
    let out = '';
    let start = i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        out += s.slice(start, i);
        this.i = i + 1;
        return out;
      }
      if (c === 0x5c) {
        out += s.slice(start, i);
        const e = s[i + 1];
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = s.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
              this.i = i;
              this.fail('invalid \\u escape');
            }
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            this.i = i;
            this.fail('invalid escape');
        }
        i += 2;
        start = i;
        continue;
      }
      if (Number.isNaN(c)) {
        this.i = i;
        this.fail('unterminated string');
      }
      i++;
    }
  }

  private number(): number | string {
    const s = this.s;
    const start = this.i;
    let i = start;
    if (s[i] === '-') i++;
    if (s[i] === '0') i++;
    else if (isDigit(s, i)) while (isDigit(s, i)) i++;
    else {
      this.i = i;
      this.fail('invalid number');
    }
    let integer = true;
    if (s[i] === '.') {
      integer = false;
      i++;
      if (!isDigit(s, i)) {
        this.i = i;
        this.fail('invalid fraction');
      }
      while (isDigit(s, i)) i++;
    }
    if (s[i] === 'e' || s[i] === 'E') {
      integer = false;
      i++;
      if (s[i] === '+' || s[i] === '-') i++;
      if (!isDigit(s, i)) {
        this.i = i;
        this.fail('invalid exponent');
      }
      while (isDigit(s, i)) i++;
    }
    this.i = i;
    const literal = s.slice(start, i);
    const n = Number(literal);
    return integer && !Number.isSafeInteger(n) ? literal : n;
  }
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}
