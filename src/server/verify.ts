// A request check for middleware in any framework (Flask `before_request` style): is this request
// signed by WeChat with our Token and fresh? Never throws; the body is left untouched for the handler.
import { checkSignature, isTimestampFresh } from '../signature.js';
import { parseWebhookQuery } from './query.js';

/** What {@link verifyRequest} found. */
export type VerifyResult =
  /** A genuine, fresh request: let it through (a push: hand the body to the webhook or MessageCrypto). */
  | { kind: 'valid'; timestamp: string; nonce: string; openId?: string; encrypted: boolean }
  /** The URL verification `GET` (接入验证): answer `echostr` as `text/plain`. */
  | { kind: 'echo'; echostr: string }
  /** Refuse it (403): no signature, a malformed query, a wrong signature or a stale timestamp. */
  | { kind: 'invalid'; reason: 'missing' | 'malformed' | 'signature' | 'timestamp' };

/** Options of {@link verifyRequest}. */
export interface VerifyRequestOptions {
  /** Clock in seconds (default the system clock). */
  now?: () => number;
  /** Accepted distance of `timestamp` from `now` (default 300 s); `false` disables the check. */
  timestampWindowSeconds?: number | false;
  /** The HTTP method when `input` is not a `Request` (default `GET`: an `echostr` is then echoed). */
  method?: string;
}

/** What the check accepts: a `Request`, a URL (`req.originalUrl`, `ctx.url`…), a query string, or a parsed query object. */
export type VerifyInput = Request | URL | string | URLSearchParams | Readonly<Record<string, string | readonly string[] | undefined>>;

function queryOf(input: VerifyInput): string {
  if (typeof Request !== 'undefined' && input instanceof Request) return queryOf(input.url);
  if (input instanceof URL) return input.search.slice(1);
  if (input instanceof URLSearchParams) return input.toString();
  if (typeof input === 'string') {
    const q = input.indexOf('?');
    const s = q === -1 ? (input.includes('=') ? input : '') : input.slice(q + 1);
    const hash = s.indexOf('#');
    return hash === -1 ? s : s.slice(0, hash);
  }
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(input)) for (const one of typeof v === 'string' ? [v] : (v ?? [])) params.append(k, one);
  return params.toString();
}

/**
 * Checks that a request to your server URL comes from WeChat: the `signature` over your Token, the
 * timestamp and the nonce (constant time), and a fresh timestamp. Use it as middleware in any
 * framework — refuse `invalid` with 403, answer `echo` with its `echostr`, let `valid` through.
 * Only the query is read: `msg_signature` and decryption of an encrypted body stay with
 * `createWebhook` / `MessageCrypto` (the WeCom-style encrypted `echostr` too).
 *
 * @throws never: malformed input, a non-string token, a broken `now` or window gives `{ kind: 'invalid' }`.
 * @example
 * ```ts
 * app.use('/wechat', (req, res, next) => {   // Express; Koa: verifyRequest(ctx.url, token)
 *   const v = verifyRequest(req.originalUrl, process.env.WECHAT_TOKEN!, { method: req.method })
 *   if (v.kind === 'invalid') return res.status(403).end()
 *   if (v.kind === 'echo') return res.type('text/plain').send(v.echostr)
 *   next()
 * })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function verifyRequest(input: VerifyInput, token: string, options: VerifyRequestOptions = {}): VerifyResult {
  let q: ReturnType<typeof parseWebhookQuery>;
  try {
    q = parseWebhookQuery(queryOf(input));
  } catch {
    return { kind: 'invalid', reason: hasSigningParams(input) ? 'malformed' : 'missing' };
  }
  if (q.signature === undefined) return { kind: 'invalid', reason: 'missing' };
  if (typeof token !== 'string' || !checkSignature(token, { signature: q.signature, timestamp: q.timestamp, nonce: q.nonce }))
    return { kind: 'invalid', reason: 'signature' };
  const window = options.timestampWindowSeconds ?? 300;
  let fresh: boolean;
  try {
    fresh = window === false || isTimestampFresh(q.timestamp, { windowSeconds: window, ...(options.now ? { now: options.now } : {}) });
  } catch {
    fresh = false; // a broken clock or window option fails closed
  }
  if (!fresh) return { kind: 'invalid', reason: 'timestamp' };
  const method = (typeof Request !== 'undefined' && input instanceof Request ? input.method : (options.method ?? 'GET')).toUpperCase();
  if (method === 'GET' && q.echostr !== undefined) return { kind: 'echo', echostr: q.echostr };
  const out: VerifyResult = { kind: 'valid', timestamp: q.timestamp, nonce: q.nonce, encrypted: q.encryptType === 'aes' };
  if (q.openId !== undefined) out.openId = q.openId;
  return out;
}

/** True when the input carries any of WeChat's signing parameters (a bad one is "malformed", none is "missing"). */
function hasSigningParams(input: VerifyInput): boolean {
  try {
    return /(?:^|&)(?:signature|msg_signature|timestamp|nonce)=/.test(queryOf(input));
  } catch {
    return false;
  }
}
