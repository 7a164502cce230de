/**
 * @internal How a `WeChatClient` acts for someone else (Open Platform, 第三方平台): where its
 * token comes from, which query parameter carries it and how OAuth is signed. The token still goes
 * through the client's own `CredentialManager` (cache with skew, single-flight, optional lock with
 * double-check, compare-and-invalidate, negative cache): only the fetch differs. Not part of the
 * public options; `wxmp/open-platform` builds its clients with it.
 */
import type { CredentialDeps, CredentialManager } from './credential.js';
import type { OAuthComponent } from './oauth.js';

/** The delegation a client is built with, under {@link kDelegate}. */
export interface Delegation {
  /** Cache key of the token without the client's `keyPrefix` (the lock key is derived from it). */
  key: string;
  /** Name in messages, e.g. 'authorizer_access_token'. */
  label: string;
  /** Fetches a fresh token; runs inside the client's single-flight and lock. */
  fetch: CredentialDeps['fetch'];
  /** Failures to remember for `negativeCacheSeconds` (configuration errors, a rejected refresh token…). */
  isNegative: (e: unknown) => boolean;
  /** Query parameters carrying the token on every call (default `['access_token']`). */
  tokenParams?: readonly string[];
  /** OAuth on behalf of the account: the component's AppID and token in the code exchange. */
  oauth?: OAuthComponent;
  /** Receives the client's token manager once built (to store a token handed out elsewhere). */
  attach?: (tokens: CredentialManager) => void;
}

/** @internal Option key of a {@link Delegation}; a symbol, so no JSON or spread config can set it by accident. */
export const kDelegate = Symbol.for('wxmp.client.delegate');

/** @internal Client options carrying a delegation. */
export type DelegatedOptions = { [kDelegate]?: Delegation };
