/**
 * Cookie-less OAuth `state`: WeChat's in-app browser often loses cookies between the authorize
 * redirect and the callback, so the state carries its own proof: an HMAC-SHA256 (truncated to 128
 * bits) over a version byte, the issue time, a random nonce and an optional short payload.
 * Encoded as lowercase hex — WeChat documents `state` as `[a-zA-Z0-9]` only — and never longer than
 * WeChat's 128-byte limit.
 *
 * What it proves: this server issued the state recently and the payload is untouched. What it
 * cannot prove without a cookie or session: that the same browser started the flow.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { WxmpError } from '../errors.js';

/** Options of {@link createOAuthState}. */
export interface OAuthStateOptions {
  /** HMAC key, at least 16 characters (use a random server secret, not the AppSecret). */
  secret: string;
  /** Lifetime in seconds (default 600). */
  ttlSeconds?: number;
  /** Clock in Unix seconds. */
  now?: () => number;
  /** Random bytes source (default `crypto.randomBytes`). */
  randomBytes?: (n: number) => Uint8Array;
}

/** Issues and verifies signed states. */
export interface OAuthState {
  /** Returns a state string (≤ 128 bytes, lowercase hex). */
  issue(payload?: string): string;
  /** Returns the payload (`''` when none) of a valid, unexpired state. */
  verify(state: string): string;
}

const VERSION = 1;
const NONCE = 8;
const MAC = 16;
const HEADER = 1 + 4 + NONCE;
const MAX_STATE = 128;
/** Largest payload in UTF-8 bytes that keeps the state within 128 characters. */
export const OAUTH_STATE_MAX_PAYLOAD_BYTES = MAX_STATE / 2 - HEADER - MAC;

/**
 * Creates a signed, time-limited OAuth `state` helper.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a short secret or bad ttl; `issue` throws
 * `INVALID_ARGUMENT` for a payload over {@link OAUTH_STATE_MAX_PAYLOAD_BYTES} bytes; `verify` throws
 * `OAUTH_STATE_INVALID` (malformed, tampered, issued in the future) or `OAUTH_STATE_EXPIRED`.
 * @example
 * ```ts
 * const states = createOAuthState({ secret: process.env.STATE_SECRET! })
 * const url = client.oauth.authorizeUrl({ redirectUri, scope: 'snsapi_base', state: states.issue('/cart') })
 * // in the callback: const back = states.verify(query.state) // '/cart'
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export function createOAuthState(options: OAuthStateOptions): OAuthState {
  const { secret } = options ?? ({} as OAuthStateOptions);
  if (typeof secret !== 'string' || secret.length < 16) throw new WxmpError('INVALID_CONFIG', 'OAuth state secret must be a string of at least 16 characters');
  const ttl = options.ttlSeconds ?? 600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) throw new WxmpError('INVALID_CONFIG', 'ttlSeconds must be an integer in 1..86400');
  const now = options.now ?? (() => Date.now() / 1000);
  const rand = options.randomBytes ?? ((n: number) => randomBytes(n));
  const key = Buffer.from(secret, 'utf8');
  const mac = (data: Uint8Array): Buffer => createHmac('sha256', key).update('wxmp-oauth-state\0').update(data).digest().subarray(0, MAC);

  return {
    issue(payload = ''): string {
      if (typeof payload !== 'string') throw new WxmpError('INVALID_ARGUMENT', 'state payload must be a string');
      const p = Buffer.from(payload, 'utf8');
      if (p.length > OAUTH_STATE_MAX_PAYLOAD_BYTES) {
        throw new WxmpError('INVALID_ARGUMENT', `state payload is ${p.length} bytes; at most ${OAUTH_STATE_MAX_PAYLOAD_BYTES} fit in WeChat's 128-byte state`);
      }
      const nonce = rand(NONCE);
      if (nonce.length !== NONCE) throw new WxmpError('INVALID_CONFIG', 'randomBytes returned the wrong length');
      const body = Buffer.alloc(HEADER + p.length);
      body[0] = VERSION;
      body.writeUInt32BE(Math.floor(now()) >>> 0, 1);
      body.set(nonce, 5);
      body.set(p, HEADER);
      return Buffer.concat([body, mac(body)]).toString('hex');
    },

    verify(state: string): string {
      if (typeof state !== 'string' || state.length > MAX_STATE || state.length % 2 !== 0 || !/^[0-9a-f]+$/.test(state)) {
        throw new WxmpError('OAUTH_STATE_INVALID', 'state is malformed');
      }
      const raw = Buffer.from(state, 'hex');
      if (raw.length < HEADER + MAC || raw[0] !== VERSION || raw.toString('hex') !== state) {
        throw new WxmpError('OAUTH_STATE_INVALID', 'state is malformed');
      }
      const body = raw.subarray(0, raw.length - MAC);
      if (!timingSafeEqual(mac(body), raw.subarray(raw.length - MAC))) throw new WxmpError('OAUTH_STATE_INVALID', 'state signature mismatch');
      const issuedAt = body.readUInt32BE(1);
      const t = Math.floor(now());
      if (issuedAt > t + 60) throw new WxmpError('OAUTH_STATE_INVALID', 'state was issued in the future');
      if (t - issuedAt > ttl) throw new WxmpError('OAUTH_STATE_EXPIRED', `state expired (older than ${ttl} s)`);
      return new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(HEADER));
    },
  };
}
