// Public types and default limits of the XML codec.

/** A parsed element: its text (text-only or empty element) or its children (element with children). */
export type XmlNode = string | XmlRecord;

/** A record value: one element, or an array when the same name repeats among siblings (document order). */
export type XmlValue = XmlNode | XmlNode[];

/**
 * The children of one element, keyed by element name. Records returned by {@link parseXml} have a
 * `null` prototype, so names such as `__proto__` or `constructor` are plain data keys.
 */
export interface XmlRecord {
  [name: string]: XmlValue;
}

/** A value {@link buildXml} can write: text (as CDATA), a finite number, a nested record, or repeated elements. */
export type XmlBuildValue = string | number | XmlBuildRecord | readonly (string | number | XmlBuildRecord)[];

/** Input of {@link buildXml}: element name → value; `undefined` values are omitted. */
export interface XmlBuildRecord {
  readonly [name: string]: XmlBuildValue | undefined;
}

/**
 * Resource limits of {@link parseXml}, plus its policy for XML-illegal characters. Every limit is a
 * positive integer (or `Infinity`); lengths are counted in UTF-16 code units (JavaScript string
 * length). The webhook's `xmlLimits` option takes this same type.
 */
export interface XmlLimits {
  /** Longest accepted input. Default 1 MiB (1 048 576 chars). Exceeded → `XML_TOO_LARGE`. */
  maxLength?: number;
  /** Deepest nesting, the root element being depth 1. Default 32. Exceeded → `XML_TOO_DEEP`. */
  maxDepth?: number;
  /** Most elements in the document, the root included. Default 10 000. Exceeded → `XML_TOO_MANY_NODES`. */
  maxNodes?: number;
  /**
   * Longest text run: the decoded character data and CDATA between two element tags (comments do
   * not split a run). Default 512 KiB (524 288 chars). Exceeded → `XML_TEXT_TOO_LONG`.
   */
  maxTextLength?: number;
  /** Longest element or attribute name. Default 128. Exceeded → `XML_NAME_TOO_LONG`. */
  maxNameLength?: number;
  /**
   * What to do with characters XML 1.0 forbids — controls other than TAB/LF/CR, lone surrogates,
   * U+FFFE, U+FFFF — and with U+FEFF anywhere but the very first character (a BOM belongs only
   * there). `'reject'` → `XML_INVALID_CHAR`. `'strip'` drops them from element text and CDATA:
   * WeChat really pushes them inside `Content` (e.g. `\x1d`, offu/WeRoBot#420), and they are
   * invisible, so dropping them keeps the visible text intact where a replacement character
   * would add a `�` that handlers would echo back. They are still refused in markup (names,
   * attributes, comments, between elements, outside the root) and as numeric references
   * (`&#1;` stays `XML_INVALID_ENTITY`).
   *
   * Default: `'reject'` for {@link parseXml}; `'strip'` on the push path (`parseMessage`,
   * `MessageCrypto.decryptMessage`, the webhook), so that a genuine push is never lost.
   */
  invalidChars?: 'reject' | 'strip';
}

/** Options of {@link parseXml}: limits, the illegal-character policy and the expected root. */
export interface XmlParseOptions extends XmlLimits {
  /**
   * The only accepted root element name (case-sensitive), e.g. `'xml'`; a different root →
   * `XML_INVALID_ROOT`. Default for {@link parseXml}: any root. The push path always expects `xml`.
   */
  root?: string;
}

/**
 * The default limits of {@link parseXml}: generous for any real WeChat push (a few KiB), small
 * enough that a hostile body cannot exhaust memory or time. It holds no `invalidChars`, so that
 * spreading it into the webhook's `xmlLimits` keeps the push path's tolerant default.
 *
 * @example
 * ```ts
 * parseXml(body, { ...DEFAULT_XML_LIMITS, maxLength: 64 * 1024 });
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export const DEFAULT_XML_LIMITS: Readonly<Required<Omit<XmlLimits, 'invalidChars'>>> = Object.freeze({
  maxLength: 1024 * 1024,
  maxDepth: 32,
  maxNodes: 10_000,
  maxTextLength: 512 * 1024,
  maxNameLength: 128,
});
