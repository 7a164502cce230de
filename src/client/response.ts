/**
 * Turns a `Response` into data or a typed error: redirect and status checks, a byte-capped body
 * read, lossless JSON, the top-level-object check, errcode → `API_ERROR`, binary-vs-JSON detection.
 * No I/O besides reading the given response, so it is testable with `new Response(...)`.
 */
import { WxmpError } from '../errors.js';
import { type ReadFailures, readStream } from '../internal/body.js';
import { parseJsonLossless } from './json.js';
import type { BinaryResponse } from './types.js';

/** Options of {@link interpretResponse}. */
export interface InterpretOptions {
  /** `'raw'`: the bytes whatever their type, after the errcode check of a JSON body. */
  responseType?: 'json' | 'binary' | 'raw';
  /** Byte cap of the body (default 10 MiB). */
  maxBytes?: number;
  /** Aborting it cancels the body read. */
  signal?: AbortSignal;
  /** Removes secrets (AppSecret, current token) from text copied into errors. */
  scrub?: (text: string) => string;
}

const DEFAULT_MAX = 10 * 1024 * 1024;
const MAX_ERRMSG = 512;

/**
 * Interprets a platform response.
 *
 * @throws {WxmpError} `HTTP_REDIRECT`, `HTTP_STATUS` (with `status`; `retryable` for 5xx),
 * `RESPONSE_TOO_LARGE`, `RESPONSE_PARSE`, `API_ERROR` (with `errcode`, `errmsg`, `rid`; `retryable`
 * for -1, not for the 45011 rate limit); errors of an aborted read are rethrown unchanged for the
 * caller to classify.
 * @example
 * ```ts
 * await interpretResponse(new Response('{"errcode":0,"errmsg":"ok","msgid":271781022721654784}'))
 * // { errcode: 0, errmsg: 'ok', msgid: '271781022721654784' }
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
export async function interpretResponse(response: Response, options: InterpretOptions = {}): Promise<unknown> {
  const status = response.status;
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    await cancelBody(response);
    throw new WxmpError('HTTP_REDIRECT', `unexpected redirect (HTTP ${status}); redirects are never followed`, { status });
  }
  if (status < 200 || status >= 300) {
    await cancelBody(response);
    throw new WxmpError('HTTP_STATUS', `HTTP ${status}`, { status });
  }
  const bytes = await readResponseBody(response, options.maxBytes ?? DEFAULT_MAX, options.signal);
  const contentType = response.headers.get('content-type') ?? '';
  const json = looksLikeJson(contentType, bytes);
  if (options.responseType === 'raw') {
    if (json) throwIfApiError(bytes, options.scrub);
    return binaryOf(response, contentType, bytes);
  }
  if (options.responseType === 'binary' && !json) return binaryOf(response, contentType, bytes);
  return interpretJson(bytes, options.scrub);
}

function binaryOf(response: Response, contentType: string, bytes: Uint8Array): BinaryResponse {
  const out: BinaryResponse = { contentType: contentType || 'application/octet-stream', data: bytes };
  const filename = filenameFrom(response.headers.get('content-disposition'));
  if (filename !== undefined) out.filename = filename;
  return out;
}

/** A raw body that is a JSON error object raises its `API_ERROR`; anything else (even malformed JSON) is left to the caller. */
function throwIfApiError(bytes: Uint8Array, scrub?: (text: string) => string): void {
  try {
    interpretJson(bytes, scrub);
  } catch (e) {
    if (e instanceof WxmpError && e.code === 'API_ERROR') throw e;
  }
}

/**
 * Decodes and checks a JSON body: must be an object; a non-zero `errcode` becomes `API_ERROR`.
 *
 * @throws {WxmpError} `RESPONSE_PARSE`, `API_ERROR`.
 * @example
 * ```ts
 * interpretJson(new TextEncoder().encode('{"errcode":45009,"errmsg":"reach max api daily quota limit"}')) // throws API_ERROR
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
export function interpretJson(bytes: Uint8Array, scrub: (text: string) => string = identity): Record<string, unknown> {
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = parseJsonLossless(text);
  } catch (e) {
    throw new WxmpError('RESPONSE_PARSE', `response is not JSON (${(e as Error).message.replace(/^RESPONSE_PARSE: /, '')})`, { cause: e });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WxmpError('RESPONSE_PARSE', `response is not a JSON object (got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`);
  }
  const obj = value as Record<string, unknown>;
  const err = apiErrorOf(obj, scrub);
  if (err) throw err;
  return obj;
}

/**
 * Returns the `API_ERROR` a body describes, or `null` when `errcode` is absent or 0.
 *
 * @example
 * ```ts
 * apiErrorOf({ errcode: -1, errmsg: 'system error rid: 64a0-1' })?.rid // '64a0-1'
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
export function apiErrorOf(obj: Record<string, unknown>, scrub: (text: string) => string = identity): WxmpError | null {
  const raw = obj['errcode'];
  const errcode = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d{1,9}$/.test(raw) ? Number(raw) : undefined;
  if (errcode === undefined || errcode === 0) return null;
  const errmsg = scrub(typeof obj['errmsg'] === 'string' ? (obj['errmsg'] as string).slice(0, MAX_ERRMSG) : '');
  const rid = ridOf(errmsg);
  return new WxmpError('API_ERROR', `errcode ${errcode}: ${errmsg}`, {
    errcode,
    errmsg,
    ...(rid !== undefined ? { rid } : {}),
  });
}

/** Extracts the request id from an errmsg such as `"invalid credential rid: 6523-abc"`. */
export function ridOf(errmsg: string): string | undefined {
  const m = /rid:\s*([0-9A-Za-z-]{1,64})/.exec(errmsg);
  return m?.[1];
}

/** The client's errors of a failed body read; a failed stream or an abort surface unchanged for the caller to classify. */
function failures(maxBytes: number): ReadFailures {
  return {
    tooLarge: () => new WxmpError('RESPONSE_TOO_LARGE', `response body exceeds ${maxBytes} bytes`),
    tooSlow: () => new WxmpError('HTTP_TIMEOUT', 'the response body did not arrive in time'),
    aborted: (reason) => reason ?? new Error('aborted'),
    failed: (_what, cause) => cause,
  };
}

/**
 * Reads a response body into bytes, enforcing `maxBytes` (also against `Content-Length`) and
 * honouring `signal`.
 *
 * @throws {WxmpError} `RESPONSE_TOO_LARGE`; abort reasons and stream errors are rethrown as-is.
 * @example
 * ```ts
 * await readResponseBody(new Response('abc'), 2) // throws RESPONSE_TOO_LARGE
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
export function readResponseBody(response: Response, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  return readStream(response.body, { maxBytes, expectedBytes: Number.isSafeInteger(declared) ? declared : undefined, signal }, failures(maxBytes));
}

/** Cancels an unread body so the connection is released; never throws. */
export async function cancelBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // already consumed or errored: nothing to release
  }
}

function looksLikeJson(contentType: string, bytes: Uint8Array): boolean {
  const ct = contentType.toLowerCase();
  if (ct !== '' && !ct.includes('json') && !ct.startsWith('text/plain') && !ct.startsWith('text/html')) return false;
  let i = 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)
  )
    i++;
  return bytes[i] === 0x7b; // '{'
}

function filenameFrom(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]{1,512})/.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // malformed percent-encoding: fall back to the plain parameter
    }
  }
  const plain = /filename\s*=\s*("([^"]{0,512})"|[^;\s]{1,512})/.exec(disposition);
  const v = plain?.[2] ?? plain?.[1];
  return v === undefined || v === '' ? undefined : v;
}

function identity(s: string): string {
  return s;
}
