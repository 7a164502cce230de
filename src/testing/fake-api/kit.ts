// Shared pieces of the fake platform's endpoint modules: the call and reply types, the platform
// context every module receives (clock, ids, followers, credentials), and small answer builders.
import { WxmpError } from '../../errors.js';

/** A request as the fake saw it. The log keeps raw values (tokens, secrets): never print it. */
export interface FakeCall {
  method: string;
  /** Path without query, e.g. `/cgi-bin/user/info`. */
  path: string;
  url: string;
  query: Record<string, string>;
  /** Parsed JSON, raw text when not JSON, a `FormData`, or `undefined`. */
  body: unknown;
  /** Raw text of a string body. */
  bodyText?: string;
  headers: Record<string, string>;
  /** Fake clock (seconds) when the request arrived. */
  at: number;
  /** Set when the caller aborted (e.g. timed out) before the fake answered. */
  aborted?: boolean;
}

/** What a responder may return: a `Response`, a JSON object, or a bare errcode. */
export type FakeReply = Response | Record<string, unknown> | number;

/** Scripted behaviour for one call. */
export type FakeResponder = (call: FakeCall) => FakeReply | Promise<FakeReply>;

/** Built-in behaviour of some endpoints, by path. */
export type Routes = Record<string, (call: FakeCall) => FakeReply>;

/** A follower's profile as the fake keeps it (`user/info` fields). */
export interface Follower {
  openid: string;
  subscribe_time: number;
  remark: string;
  tagid_list: number[];
  language: string;
}

/** What every endpoint module shares. */
export interface Platform {
  readonly appId: string;
  /** The fake clock, whole seconds. */
  now(): number;
  /** A fresh integer id, increasing over the fake's life (msg ids, publish ids, menu ids…). */
  nextId(): number;
  /** `n` random base62 characters (media ids, tickets, short keys…). */
  key(n: number): string;
  /** Current followers by OpenID, in follow order. */
  readonly followers: Map<string, Follower>;
  /** Adds a follower (no-op when already following). */
  follow(openid: string): Follower;
  /** The errcode answer for a wrong appid/secret pair, `undefined` when both are right. */
  credentialError(appid: unknown, secret: unknown): Record<string, unknown> | undefined;
}

/** An error answer, as WeChat spells it (the fake adds a `rid` when it sends it). */
export function err(errcode: number, errmsg: string): Record<string, unknown> {
  return { errcode, errmsg };
}

/** A success answer with the given fields. */
export function ok(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { errcode: 0, errmsg: 'ok', ...fields };
}

/** The JSON body of a call as an object (`{}` when absent or not an object). */
export function bodyOf(c: FakeCall): Record<string, unknown> {
  const b = c.body;
  return typeof b === 'object' && b !== null && !Array.isArray(b) && !(b instanceof FormData) ? (b as Record<string, unknown>) : {};
}

/** A non-empty string field, else `undefined`. */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
}

/** An integer field (numbers or decimal strings), else `undefined`. */
export function int(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,15}$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The first `count` items after `offset`, as the `batchget` endpoints page. */
export function page<T>(items: readonly T[], offset: unknown, count: unknown): T[] {
  const from = Math.max(0, int(offset) ?? 0);
  return items.slice(from, from + Math.max(0, int(count) ?? 20));
}

/** A binary answer (image bytes, voice…), with the headers WeChat sends for a download. */
export function binary(bytes: Uint8Array, contentType: string, filename?: string): Response {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (filename !== undefined) headers['content-disposition'] = `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`;
  return new Response(bytes.slice(), { headers });
}

/** The first bytes of a JPEG: what image downloads answer when no upload gave real bytes. */
export const SAMPLE_JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `n` random base62 characters. */
export function randomKey(n: number): string {
  let s = '';
  for (const b of crypto.getRandomValues(new Uint8Array(n))) s += BASE62[b % 62];
  return s;
}

/** `YYYY-MM-DD` of a Unix time in China (UTC+8), as WeChat dates its reports. */
export function chinaDate(seconds: number): string {
  return new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 10);
}

/** `text` as a URL, or `INVALID_ARGUMENT` saying which URL was expected. */
export function urlOf(text: string, expected: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new WxmpError('INVALID_ARGUMENT', `authorize() needs the URL built by ${expected}`);
  }
}

/** The log entry of a request. */
export function toCall(url: URL, init: RequestInit, at: number): FakeCall {
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((v, k) => {
    headers[k] = v;
  });
  const call: FakeCall = {
    method: (init.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    url: url.href,
    query: Object.fromEntries(url.searchParams),
    body: undefined,
    headers,
    at,
  };
  const b = init.body;
  if (typeof b === 'string') {
    call.bodyText = b;
    try {
      call.body = JSON.parse(b);
    } catch {
      call.body = b;
    }
  } else if (b !== undefined && b !== null) {
    call.body = b;
  }
  return call;
}

/** The default latency timer: rejects with `signal.reason` on abort. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason ?? new DOMException('aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
