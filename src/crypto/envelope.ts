// The encrypted envelope of a push (`<xml><ToUserName/><Encrypt/></xml>`): its <Encrypt> value,
// found without parsing the (still unauthenticated) rest.
import { WxmpError } from '../errors.js';

const CDATA = '<![CDATA[';
const END_TAG = '</Encrypt>';

function missing(why: string): never {
  throw new WxmpError('CRYPTO_MISSING_ENCRYPT', `the body has no single non-empty <Encrypt> element (${why})`, { errcode: -40002 });
}

/** The text of an `<Encrypt>` element: one CDATA section (whitespace around it ignored) or plain text. */
function contentOf(raw: string): string {
  const t = raw.trim();
  if (t.startsWith(CDATA) && t.indexOf(']]>') === t.length - 3) return t.slice(CDATA.length, -3);
  if (raw.indexOf('<') !== -1 || raw.indexOf('&') !== -1) missing('<Encrypt> holds markup');
  return raw;
}

/**
 * The value of the single `<Encrypt>` child of the root element, found WITHOUT parsing the
 * envelope: until `msg_signature` verifies, the body is unauthenticated input, and this value is
 * the only part of it that gets authenticated (the plaintext fields beside it in compatible mode
 * are ignored). A linear scan that skips CDATA sections and comments — a user's text beside
 * `<Encrypt>` in compatible mode may itself contain `<Encrypt>` — and counts element depth.
 *
 * @throws {WxmpError} `CRYPTO_MISSING_ENCRYPT` (errcode -40002) when the root has no `<Encrypt>`
 * child, more than one, an empty one or one holding markup, or when the envelope has a DOCTYPE or
 * an unterminated tag, CDATA section or comment.
 * @example
 * ```ts
 * extractEncrypt('<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[k5Qe…]]></Encrypt></xml>') // 'k5Qe…'
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
export function extractEncrypt(text: string): string {
  let depth = 0;
  let found: string | undefined;
  let count = 0;
  const past = (token: string, from: number): number => {
    const at = text.indexOf(token, from);
    return at === -1
      ? missing(`unterminated ${token === '>' ? 'tag' : token === END_TAG ? '<Encrypt>' : 'CDATA section, comment or declaration'}`)
      : at + token.length;
  };
  for (let i = text.indexOf('<'); i !== -1; ) {
    let next: number;
    if (text.startsWith(CDATA, i)) next = past(']]>', i + CDATA.length);
    else if (text.startsWith('<!--', i)) next = past('-->', i + 4);
    else if (text.startsWith('<!', i)) return missing('the envelope has a DOCTYPE or declaration');
    else if (text.startsWith('<?', i)) next = past('?>', i + 2);
    else {
      next = past('>', i);
      if (text.charCodeAt(i + 1) === 47)
        depth--; // '</…>'
      else if (text.charCodeAt(next - 2) !== 47) depth++; // not '<…/>'
      if (depth === 2 && next === i + 9 && text.startsWith('Encrypt', i + 1)) {
        const end = past(END_TAG, next);
        count++;
        found = contentOf(text.slice(next, end - END_TAG.length));
        depth--;
        next = end;
      }
    }
    i = text.indexOf('<', next);
  }
  if (count !== 1) return missing(count === 0 ? 'none found' : 'more than one');
  if (found === undefined || found === '') return missing('it is empty');
  return found;
}
