/**
 * The authorizing accounts of a component: one `WeChatClient` per AppID whose token is refreshed
 * through api_authorizer_token with the stored refresh token, the code exchange that stores both
 * tokens, and forgetting an account. Internal to `ComponentClient`.
 */
import type { WeChatClient } from '../client/client.js';
import { isCredentialSyntax, scrubCause, validEntry, type CredentialManager, type Fetched } from '../client/credential.js';
import type { Delegation } from '../client/delegate.js';
import { isNegativeCacheable } from '../client/token.js';
import type { TokenCache } from '../client/types.js';
import { WxmpError, isWxmpError } from '../errors.js';
import { fetchAuthorizerToken, isAppId, queryAuthCall, type Send } from './calls.js';
import { deleteRecord, readRecord, writeRecord } from './store.js';
import type { AuthorizationInfo, AuthorizerStore } from './types.js';

/** Authorizer clients kept per component (least recently used dropped first); their tokens live in the cache anyway. */
export const MAX_AUTHORIZER_CLIENTS = 1000;
/** How long an exchanged code's answer is reused in this process (a code lives 10 min), and how many. */
const CODE_MEMO_SECONDS = 600;
const CODE_MEMO_MAX = 256;

/** What the pool needs from its component. */
export interface PoolDeps {
  componentAppId: string;
  /** A call through the component's client (component_access_token). */
  send: Send;
  store: AuthorizerStore;
  cache: TokenCache;
  /** The client's cache key prefix. */
  prefix: string;
  now: () => number;
  scrub: (text: string) => string;
  /** Builds a `WeChatClient` with the component's shared options. */
  client: (appId: string, delegation: Delegation) => WeChatClient;
  componentToken: () => Promise<string>;
}

interface Entry {
  client: WeChatClient;
  tokens: CredentialManager;
}

/** The authorizers of one component. */
export class AuthorizerPool {
  readonly #d: PoolDeps;
  readonly #entries = new Map<string, Entry>();
  readonly #exchanges = new Map<string, { result: Promise<AuthorizationInfo>; until: number }>();

  constructor(deps: PoolDeps) {
    this.#d = deps;
  }

  /** The account's client and token manager (built once; `INVALID_ARGUMENT` for a malformed AppID). */
  get(appId: string): Entry {
    if (!isAppId(appId)) throw new WxmpError('INVALID_ARGUMENT', 'authorizer appId must be 1-64 characters of [A-Za-z0-9_-]');
    const hit = this.#entries.get(appId);
    if (hit) {
      this.#entries.delete(appId); // most recently used last
      this.#entries.set(appId, hit);
      return hit;
    }
    const d = this.#d;
    let tokens: CredentialManager | undefined;
    const client = d.client(appId, {
      key: this.#key(appId),
      label: 'authorizer_access_token',
      isNegative: (e) => isNegativeCacheable(e) || isWxmpError(e, 'OPEN_REFRESH_TOKEN_REJECTED'),
      fetch: () => this.#refresh(appId),
      oauth: { appId: d.componentAppId, accessToken: d.componentToken },
      attach: (m) => void (tokens = m),
    });
    const entry: Entry = { client, tokens: tokens as unknown as CredentialManager };
    if (this.#entries.size >= MAX_AUTHORIZER_CLIENTS) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(appId, entry);
    return entry;
  }

  /** api_query_auth for `code`, once per code and process (concurrent and repeated calls share it). */
  exchange(code: string): Promise<AuthorizationInfo> {
    const t = this.#d.now();
    for (const [c, memo] of this.#exchanges) if (memo.until <= t) this.#exchanges.delete(c);
    const memo = this.#exchanges.get(code);
    if (memo) return memo.result;
    const result = this.#exchange(code);
    if (this.#exchanges.size >= CODE_MEMO_MAX) this.#exchanges.delete(this.#exchanges.keys().next().value as string);
    this.#exchanges.set(code, { result, until: t + CODE_MEMO_SECONDS });
    result.catch(() => this.#exchanges.delete(code));
    return result;
  }

  /** Deletes the refresh token, then the cached access token (compare-and-delete). */
  async forget(appId: string): Promise<void> {
    const { tokens } = this.get(appId);
    const d = this.#d;
    await deleteRecord(d.store, appId, d.scrub);
    let raw: unknown;
    try {
      raw = await d.cache.get(`${d.prefix}${this.#key(appId)}`);
    } catch (e) {
      throw new WxmpError('TOKEN_CACHE_FAILED', 'authorizer_access_token cache read failed', { cause: scrubCause(e, d.scrub) });
    }
    const entry = validEntry(raw);
    if (entry) await tokens.invalidate(entry.accessToken);
  }

  #key(appId: string): string {
    return `authorizer_access_token:${this.#d.componentAppId}:${appId}`;
  }

  async #refresh(appId: string): Promise<Fetched> {
    const d = this.#d;
    const record = await readRecord(d.store, appId, d.scrub);
    const { fetched, refreshToken } = await fetchAuthorizerToken(d.send, { componentAppId: d.componentAppId, appId, refreshToken: record.refreshToken });
    // the platform may rotate the refresh token: losing the new one would force a re-authorization
    if (isCredentialSyntax(refreshToken) && refreshToken !== record.refreshToken) {
      await writeRecord(d.store, appId, { refreshToken, updatedAt: Math.floor(d.now()) }, d.scrub);
    }
    return fetched;
  }

  async #exchange(code: string): Promise<AuthorizationInfo> {
    const d = this.#d;
    const info = await queryAuthCall(d.send, d.componentAppId, code);
    const appId = info.authorizer_appid;
    const { tokens } = this.get(appId);
    if (isCredentialSyntax(info.authorizer_refresh_token)) {
      await writeRecord(d.store, appId, { refreshToken: info.authorizer_refresh_token, updatedAt: Math.floor(d.now()) }, d.scrub);
    }
    if (isCredentialSyntax(info.authorizer_access_token) && typeof info.expires_in === 'number' && info.expires_in > 0) {
      await tokens.store({ value: info.authorizer_access_token, expiresIn: info.expires_in });
    }
    return info;
  }
}
