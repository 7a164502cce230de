/**
 * What every API group needs from the client (`request` and, when known, the `appId`), plus the
 * small argument checks the groups share. Every failed check is an `INVALID_ARGUMENT` raised before
 * any network traffic.
 */
import { WxmpError } from '../../errors.js';
import { preview } from '../../internal/bytes.js';
import type { ApiRequestInit } from '../types.js';

/**
 * The slice of {@link WeChatClient} the API groups use; any object with a compatible `request`
 * works (a test double, a proxy to a central service…).
 *
 * @example
 * ```ts
 * const requester: Requester = { request: (path, init) => client.request(path, init), appId: 'wx…' }
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Overview.html
 */
export interface Requester {
  /** Calls an API path (see {@link WeChatClient.request}). */
  request<T>(path: string, init?: ApiRequestInit): Promise<T>;
  /** The account's AppID, used by calls that repeat it in the body (e.g. `clear_quota`). */
  readonly appId?: string;
}

/**
 * Fields WeChat adds to JSON answers. The client throws `API_ERROR` on a non-zero `errcode`, so
 * a resolved promise always means success; the fields may be present (`0`, `'ok'`) or absent.
 */
export interface WeChatResult {
  errcode?: number;
  errmsg?: string;
}

/** A 64-bit identifier (`msgid`, `msg_id`, `msg_data_id`, `publish_id`…) normalised to a decimal string. */
export type WeChatId = string;

/** Throws `INVALID_ARGUMENT` with a bounded message. */
export function invalid(message: string): never {
  throw new WxmpError('INVALID_ARGUMENT', message);
}

/** A non-empty string of at most `max` UTF-16 code units. */
export function checkString(value: unknown, name: string, max = Infinity): string {
  if (typeof value !== 'string' || value.length === 0) invalid(`${name} must be a non-empty string, got ${preview(value)}`);
  if (value.length > max) invalid(`${name} must be at most ${max} characters, got ${value.length}`);
  return value;
}

/** An integer in `[min, max]`. */
export function checkInt(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(`${name} must be an integer in [${min}, ${max}], got ${preview(value)}`);
  }
  return value;
}

/** An array of non-empty strings with `min..max` entries. */
export function checkList(value: unknown, name: string, min: number, max: number): string[] {
  if (!Array.isArray(value)) invalid(`${name} must be an array, got ${preview(value)}`);
  if (value.length < min || value.length > max) invalid(`${name} must have ${min}..${max} entries, got ${value.length}`);
  for (let i = 0; i < value.length; i++) checkString(value[i], `${name}[${i}]`);
  return value as string[];
}

/**
 * Normalises a 64-bit id to a decimal string: the client's lossless JSON keeps ids above 2^53 as
 * strings but returns smaller ones as numbers, and callers should not have to handle both.
 */
export function idString(value: unknown): WeChatId {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
}

/**
 * An id for a request body: a number when it is a safe integer (the form WeChat documents), else
 * the decimal string (a JSON number above 2^53 would lose digits).
 */
export function numericId(value: string | number, name: string): number | string {
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string' || !/^\d{1,20}$/.test(s)) invalid(`${name} must be a decimal id, got ${preview(value)}`);
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
}
