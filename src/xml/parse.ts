// The strict-subset XML parser: one forward scan, explicit stack, no DTD, no entity expansion.
import { WxmpError } from '../errors.js';
import { fastRecord } from '../internal/engine.js';
import { isBlank, isXmlName, scanName } from './chars.js';
import { type Config, Scanner, isWs } from './scanner.js';
import { DEFAULT_XML_LIMITS, type XmlParseOptions, type XmlRecord, type XmlValue } from './types.js';

/** The records of {@link parseXml}: a real null prototype (what users see and log). */
const nullRecord = (): XmlRecord => Object.create(null) as XmlRecord;

// The SDK's own pipeline (messages, webhook, crypto) reads records and converts them at once, so it
// uses records in V8's fast mode, as free of inherited keys (engine.ts, 1).
const pushRecord = (): XmlRecord => fastRecord<XmlRecord>();

const DEFAULT_CONFIG: Config = { ...DEFAULT_XML_LIMITS, strip: false, root: undefined, record: nullRecord };
// The push path: a push's root is always <xml>, and illegal characters in text are dropped rather
// than losing the push (see XmlLimits.invalidChars).
const PUSH_CONFIG: Config = { ...DEFAULT_CONFIG, strip: true, root: 'xml', record: pushRecord };
const LIMIT_KEYS = ['maxLength', 'maxDepth', 'maxNodes', 'maxTextLength', 'maxNameLength'] as const;

function configure(options: XmlParseOptions, base: Config): Config {
  if (typeof options !== 'object' || options === null) throw new WxmpError('INVALID_ARGUMENT', 'parseXml options must be an object');
  const config: Config = { ...base };
  for (const key of LIMIT_KEYS) {
    const v: unknown = options[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v === Infinity || (Number.isInteger(v) && v >= 1))) {
      throw new WxmpError('INVALID_ARGUMENT', `${key} must be a positive integer or Infinity`);
    }
    config[key] = v;
  }
  const mode: unknown = options.invalidChars;
  if (mode !== undefined && mode !== 'reject' && mode !== 'strip') {
    throw new WxmpError('INVALID_ARGUMENT', "invalidChars must be 'reject' or 'strip'");
  }
  if (mode !== undefined) config.strip = mode === 'strip';
  const root: unknown = options.root;
  if (root !== undefined) {
    if (typeof root !== 'string' || !isXmlName(root)) throw new WxmpError('INVALID_ARGUMENT', 'root must be an XML element name');
    config.root = root;
  }
  return config;
}

// EncName of XML 1.0: [A-Za-z] ([A-Za-z0-9._] | '-')*; linear, anchored, no nested quantifier.
const ENC_NAME_RE = /^[A-Za-z][A-Za-z0-9._-]*$/;

class Parser extends Scanner {
  document(): XmlRecord {
    const s = this.s;
    let p = s.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (s.startsWith('<?xml', p) && (isWs(s.charCodeAt(p + 5)) || s.charCodeAt(p + 5) === 63)) p = this.declaration(p);
    p = this.misc(p, false);
    if (p >= s.length) this.fail('XML_SYNTAX', 'no root element', p);
    const [root, end] = this.element(p);
    this.misc(end, true);
    return root;
  }

  /**
   * `<?xml version="1.0" encoding="…" standalone="yes|no"?>`, in this order, `encoding` and
   * `standalone` optional; returns the index after `?>`. Only XML 1.0: WeChat sends nothing else,
   * and 1.1 changes which characters are legal. The encoding name is checked for syntax only (the
   * input is already a string).
   */
  private declaration(p: number): number {
    const values: Record<string, string> = Object.create(null) as Record<string, string>;
    const end = this.attributes(p + 5, values);
    if (values['version'] !== '1.0') this.fail('XML_SYNTAX', 'the XML declaration needs version="1.0"', p);
    const encoding = values['encoding'];
    if (encoding !== undefined && !ENC_NAME_RE.test(encoding)) this.fail('XML_SYNTAX', 'bad encoding name in the XML declaration', p);
    const standalone = values['standalone'];
    if (standalone !== undefined && standalone !== 'yes' && standalone !== 'no') this.fail('XML_SYNTAX', 'bad standalone value', p);
    // Keys keep insertion order: version first, then encoding before standalone, nothing else.
    const order = ['version', 'encoding', 'standalone'];
    let at = 0;
    for (const k of Object.keys(values)) {
      const i = order.indexOf(k, at);
      if (i === -1) this.fail('XML_SYNTAX', 'the XML declaration allows version, encoding, standalone — in this order', p);
      at = i + 1;
    }
    return end;
  }

  /** Skips whitespace and comments before (or after) the root; returns the index of the root tag. */
  private misc(p: number, afterRoot: boolean): number {
    const s = this.s;
    const n = s.length;
    for (;;) {
      while (p < n && isWs(s.charCodeAt(p))) p++;
      if (p >= n) return p;
      if (s.charCodeAt(p) !== 60) this.unexpected(p, afterRoot ? 'text after the root element' : 'text before the root element');
      const c1 = s.charCodeAt(p + 1);
      if (c1 === 33) {
        if (s.startsWith('<!--', p)) {
          p = this.comment(p);
          continue;
        }
        if (s.startsWith('<![CDATA[', p)) this.fail('XML_SYNTAX', 'CDATA outside the root element', p);
        this.fail('XML_DOCTYPE_FORBIDDEN', 'DOCTYPE and other <! declarations are not allowed', p);
      }
      if (c1 === 63) this.fail('XML_PI_FORBIDDEN', 'processing instructions are not allowed', p);
      if (afterRoot) this.fail('XML_SYNTAX', 'content after the root element', p);
      return p;
    }
  }

  /** Parses the root element starting at `<`; returns the root's children and the index after it. */
  private element(start: number): [XmlRecord, number] {
    const s = this.s;
    const n = s.length;
    const { maxDepth, maxNodes, maxTextLength } = this.c;
    const names: string[] = [];
    const recs: (XmlRecord | null)[] = [];
    let p = this.startTag(start);
    const root = this.c.root;
    if (root !== undefined && this.tag !== root) this.fail('XML_INVALID_ROOT', `the root element must be <${root}>`, start);
    if (this.selfClosing) return [this.c.record(), p];
    names.push(this.tag);
    recs.push(null);
    let depth = 1;
    let nodes = 1;
    // The content of the innermost open element so far: all of its text decoded (`text`), its
    // CDATA sections alone (`cdata`, undefined until one is seen), and whether any character data
    // outside CDATA is more than whitespace in the source (`sig`). Whitespace-only character data
    // beside CDATA is layout (`<MsgType> <![CDATA[event]]> </MsgType>` in WeChat's card-event
    // samples), so such an element's value is its CDATA alone.
    let text = '';
    let cdata: string | undefined;
    let sig = false;
    for (;;) {
      if (s.charCodeAt(p) !== 60) {
        // Fast path: whitespace before a start tag, or before the end tag of an element with
        // children, is discarded; it needs no slice and no validation.
        let q = p;
        let c = s.charCodeAt(q);
        while (c === 32 || c === 10 || c === 9 || c === 13) c = s.charCodeAt(++q);
        const c1 = s.charCodeAt(q + 1);
        if (c === 60 && text === '' && q - p <= maxTextLength && (c1 === 47 ? recs[depth - 1] !== null : c1 !== 33)) p = q;
        else {
          const lt = s.indexOf('<', q);
          const end = lt === -1 ? n : lt;
          const run = this.text(p, end, false);
          text = text === '' ? run : text + run;
          if (q < end) sig = true; // q: the first non-whitespace character of the run
          if (text.length > maxTextLength) this.fail('XML_TEXT_TOO_LONG', `text longer than ${maxTextLength} chars`, p);
          if (lt === -1) this.fail('XML_SYNTAX', `unclosed element <${names[depth - 1]!}>`, n);
          p = lt;
        }
      }
      const c1 = s.charCodeAt(p + 1);
      if (c1 === 47) {
        // End tag: compare in place, without slicing.
        const name = names[depth - 1]!;
        let q = p + 2 + name.length;
        if (s.charCodeAt(q) !== 62 || !s.startsWith(name, p + 2)) {
          q = scanName(s, p + 2);
          if (q === p + 2) this.unexpected(q, 'expected a name');
          if (q - p - 2 !== name.length || !s.startsWith(name, p + 2)) this.fail('XML_MISMATCHED_TAG', `expected </${name}>`, p);
          while (isWs(s.charCodeAt(q))) q++;
          if (s.charCodeAt(q) !== 62) this.unexpected(q, "expected '>'");
        }
        p = q + 1;
        const rec = recs[depth - 1]!;
        let value: XmlValue;
        if (rec === null) {
          if (depth === 1 && this.stripped !== -1) this.fail('XML_INVALID_CHAR', 'character not allowed in XML', this.stripped);
          value = cdata !== undefined && !sig ? cdata : text;
        } else {
          this.onlyLayout(text, name, p);
          value = rec;
        }
        text = '';
        cdata = undefined;
        sig = false;
        this.stripped = -1;
        depth--;
        if (depth === 0) {
          if (typeof value === 'string') {
            if (!isBlank(value)) this.fail('XML_SYNTAX', 'the root element must contain elements, not text', start);
            return [this.c.record(), p];
          }
          return [value, p];
        }
        append(recs[depth - 1]!, name, value);
        names.pop();
        recs.pop();
        continue;
      }
      if (c1 === 33) {
        if (s.startsWith('[CDATA[', p + 2)) {
          const e = s.indexOf(']]>', p + 9);
          if (e === -1) this.fail('XML_SYNTAX', 'unterminated CDATA section', p);
          const run = this.text(p + 9, e, true);
          text = text === '' ? run : text + run;
          cdata = cdata === undefined ? run : cdata + run;
          if (text.length > maxTextLength) this.fail('XML_TEXT_TOO_LONG', `text longer than ${maxTextLength} chars`, p);
          p = e + 3;
          continue;
        }
        if (s.startsWith('--', p + 2)) {
          p = this.comment(p);
          continue;
        }
        this.fail('XML_DOCTYPE_FORBIDDEN', 'DOCTYPE and other <! declarations are not allowed', p);
      }
      if (c1 === 63) this.fail('XML_PI_FORBIDDEN', 'processing instructions are not allowed', p);
      // Start tag of a child element (a malformed tag is reported before mixed content).
      if (++nodes > maxNodes) this.fail('XML_TOO_MANY_NODES', `more than ${maxNodes} elements`, p);
      if (depth >= maxDepth) this.fail('XML_TOO_DEEP', `nesting deeper than ${maxDepth}`, p);
      const tagStart = p;
      p = this.startTag(p);
      if (text !== '' || this.stripped !== -1) {
        this.onlyLayout(text, names[depth - 1]!, tagStart);
        text = '';
        cdata = undefined;
        sig = false;
      }
      let parent = recs[depth - 1]!;
      if (parent === null) recs[depth - 1] = parent = this.c.record();
      if (this.selfClosing) append(parent, this.tag, '');
      else {
        names.push(this.tag);
        recs.push(null);
        depth++;
      }
    }
  }

  /**
   * Checks the text of an element that has children: whitespace only. A character that the strip
   * policy removed still counts — it was not layout, and stripping applies to values only.
   */
  private onlyLayout(text: string, name: string, at: number): void {
    if (this.stripped !== -1) this.fail('XML_INVALID_CHAR', 'character not allowed in XML', this.stripped);
    if (text !== '' && !isBlank(text)) this.fail('XML_MIXED_CONTENT', `<${name}> mixes text and elements`, at);
  }
}

/** Adds `value` under `name`; a repeated name turns the entry into an array in document order. */
function append(rec: XmlRecord, name: string, value: XmlValue): void {
  const prev = rec[name];
  if (prev === undefined) rec[name] = value;
  else if (Array.isArray(prev)) prev.push(value as string | XmlRecord);
  else rec[name] = [prev, value as string | XmlRecord];
}

/**
 * Parses a WeChat push (a strict subset of XML 1.0) and returns the children of its root element.
 *
 * Accepted: an optional BOM and `<?xml version="1.0" …?>` declaration at the very start, one root
 * element (any name, or exactly `options.root`), elements, text, CDATA, comments (ignored), the
 * five predefined entities and numeric character references. Attributes are checked for
 * well-formedness and ignored. Rejected: any DTD or other `<!` declaration (no entity expansion
 * at all, hence no XXE and no billion laughs), processing instructions, other XML versions,
 * XML-illegal characters and a U+FEFF after the first character (unless `invalidChars: 'strip'`,
 * which drops them from element text). An element with only text (or nothing) becomes a string,
 * an element with children a null-prototype record, repeated siblings an array; whitespace
 * between elements is ignored, and so is whitespace-only character data beside a CDATA section
 * (`<A> <![CDATA[x]]> </A>` is `'x'`); other text is kept exactly (neither trimmed nor line-end
 * normalised). Names are case-sensitive and follow XML 1.0: in ASCII `[A-Za-z_:][A-Za-z0-9_.:-]*`,
 * plus non-ASCII letters. Runs in linear time with an explicit stack (no recursion).
 *
 * @param xml - the body, already decoded to a string
 * @param options - limits ({@link DEFAULT_XML_LIMITS}), the illegal-character policy, the root name
 * @returns the root element's children (an empty record for `<xml/>`)
 * @throws {WxmpError} `INVALID_ARGUMENT` (not a string, bad options), `XML_TOO_LARGE`,
 *   `XML_SYNTAX`, `XML_DOCTYPE_FORBIDDEN`, `XML_PI_FORBIDDEN`, `XML_INVALID_ENTITY`,
 *   `XML_INVALID_CHAR`, `XML_INVALID_ROOT`, `XML_MISMATCHED_TAG`, `XML_MIXED_CONTENT`,
 *   `XML_TOO_DEEP`, `XML_TOO_MANY_NODES`, `XML_TEXT_TOO_LONG`, `XML_NAME_TOO_LONG`; each XML error
 *   has `position` `{ offset, line, column }` (1-based line and column)
 * @example
 * ```ts
 * const r = parseXml('<xml><MsgType><![CDATA[text]]></MsgType><CreateTime>1348831860</CreateTime></xml>');
 * r.MsgType; // 'text'
 * r.CreateTime; // '1348831860'
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export function parseXml(xml: string, options?: XmlParseOptions): XmlRecord {
  if (typeof xml !== 'string') {
    throw new WxmpError('INVALID_ARGUMENT', `parseXml expects a string, got ${xml === null ? 'null' : typeof xml}`);
  }
  return parseWith(xml, options === undefined ? DEFAULT_CONFIG : configure(options, DEFAULT_CONFIG));
}

/**
 * @internal The SDK's own entry for pushes: checks `options` once, then parses many documents
 * with it ({@link parseWith}), into fast records (same keys and values as {@link parseXml}; their
 * prototype is an empty null-prototype object rather than `null`). Defaults differ from
 * parseXml's where a push is concerned: the root must be `<xml>`, and `invalidChars` is `'strip'`.
 */
export function xmlConfig(options?: XmlParseOptions): Config {
  return options === undefined ? PUSH_CONFIG : configure(options, PUSH_CONFIG);
}

/** @internal Parses `xml` (a string, checked by the caller) with a config from {@link xmlConfig}. */
export function parseWith(xml: string, config: Config): XmlRecord {
  const parser = new Parser(xml, config);
  if (xml.length > config.maxLength) parser.fail('XML_TOO_LARGE', `input longer than ${config.maxLength} chars`, config.maxLength);
  return parser.document();
}
