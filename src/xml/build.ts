// The XML writer: deterministic, CDATA for text, depth-guarded recursion (depth ≤ maxDepth).
import { WxmpError } from '../errors.js';
import { isXmlName, stripIllegal } from './chars.js';
import { DEFAULT_XML_LIMITS, type XmlBuildRecord, type XmlBuildValue } from './types.js';

const { maxDepth, maxNameLength } = DEFAULT_XML_LIMITS;

function isPlainRecord(v: unknown): v is XmlBuildRecord {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function checkName(name: string): void {
  if (!isXmlName(name)) {
    throw new WxmpError('XML_INVALID_NAME', `not an XML element name: ${JSON.stringify(name.length > 20 ? `${name.slice(0, 20)}…` : name)}`);
  }
  if (name.length > maxNameLength) throw new WxmpError('XML_NAME_TOO_LONG', `element name longer than ${maxNameLength} chars`);
}

/**
 * `<name><![CDATA[legal]]></name>` for text already free of XML-illegal characters: a `]]>` inside
 * is split across two sections, so the text can never close the section and inject markup. The
 * one CDATA writer of the SDK (buildXml, renderReply, the encrypted envelope).
 *
 * @example
 * ```ts
 * cdataElement('Content', 'a]]>b') // '<Content><![CDATA[a]]]]><![CDATA[>b]]></Content>'
 * ```
 */
export function cdataElement(name: string, legal: string): string {
  const t = legal.indexOf(']]>') === -1 ? legal : legal.replaceAll(']]>', ']]]]><![CDATA[>');
  return `<${name}><![CDATA[${t}]]></${name}>`;
}

/**
 * {@link cdataElement} for any text: XML-illegal characters (controls, lone surrogates, U+FFFE/FFFF) are dropped first.
 *
 * @example
 * ```ts
 * textElement('Content', 'hi\u0000') // '<Content><![CDATA[hi]]></Content>'
 * ```
 */
export function textElement(name: string, text: string): string {
  return cdataElement(name, stripIllegal(text));
}

function element(name: string, value: XmlBuildValue, ancestors: object[], depth: number): string {
  if (depth > maxDepth) throw new WxmpError('XML_TOO_DEEP', `nesting deeper than ${maxDepth}`);
  if (typeof value === 'string') return textElement(name, value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new WxmpError('INVALID_ARGUMENT', `<${name}> must be a finite number, got ${String(value)}`);
    return `<${name}>${String(value)}</${name}>`;
  }
  if (isPlainRecord(value)) {
    if (ancestors.includes(value)) throw new WxmpError('INVALID_ARGUMENT', `<${name}> contains itself (cyclic record)`);
    ancestors.push(value);
    const inner = children(value, ancestors, depth + 1);
    ancestors.pop();
    return `<${name}>${inner}</${name}>`;
  }
  const kind = value === null ? 'null' : Array.isArray(value) ? 'a nested array' : typeof value === 'object' ? 'a non-plain object' : typeof value;
  throw new WxmpError('INVALID_ARGUMENT', `<${name}> must be a string, a finite number, a plain record or an array of those, got ${kind}`);
}

function children(record: XmlBuildRecord, ancestors: object[], depth: number): string {
  let out = '';
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (value === undefined) continue;
    checkName(name);
    if (Array.isArray(value)) {
      for (const item of value as readonly XmlBuildValue[]) out += element(name, item, ancestors, depth);
    } else out += element(name, value as XmlBuildValue, ancestors, depth);
  }
  return out;
}

/**
 * Writes a record as a WeChat-style XML document, deterministically and in key order:
 * `<xml><ToUserName><![CDATA[…]]></ToUserName><CreateTime>123</CreateTime>…</xml>`.
 *
 * Strings become CDATA sections with `]]>` split as `]]]]><![CDATA[>` (so text can never close
 * the section and inject markup); XML-illegal characters (controls, lone surrogates, U+FFFE/FFFF)
 * are silently dropped. Finite numbers are written as plain text; arrays as repeated elements (an
 * empty array writes nothing); nested plain records as nested elements (an empty record as an
 * empty element); `undefined` values are omitted. `parseXml(buildXml(r))` gives `r` back for
 * string-only records, except that a one-element array comes back as the single value and an
 * empty record as `''`. Nesting is limited to `DEFAULT_XML_LIMITS.maxDepth` (the root is depth 1)
 * so the output always parses with the default limits.
 *
 * @param record - element name → value (plain objects only)
 * @param root - the root element name, default `'xml'`
 * @throws {WxmpError} `XML_INVALID_NAME` (a key or `root` is not an XML name), `XML_NAME_TOO_LONG`,
 *   `XML_TOO_DEEP`, `INVALID_ARGUMENT` (non-finite number, `null`, boolean, nested array,
 *   non-plain object, cyclic record, `record` not a plain object)
 * @example
 * ```ts
 * buildXml({ ToUserName: 'oUser', CreateTime: 1348831860, Content: 'a]]>b' });
 * // '<xml><ToUserName><![CDATA[oUser]]></ToUserName><CreateTime>1348831860</CreateTime>'
 * //   + '<Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>'
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export function buildXml(record: XmlBuildRecord, root = 'xml'): string {
  if (!isPlainRecord(record)) throw new WxmpError('INVALID_ARGUMENT', 'buildXml expects a plain object');
  if (typeof root !== 'string') throw new WxmpError('INVALID_ARGUMENT', 'the root name must be a string');
  checkName(root);
  return `<${root}>${children(record, [record], 2)}</${root}>`;
}
