/**
 * Authorizer refresh tokens: the in-memory default store, and the guarded calls the component makes
 * on any store (a throwing or malformed store is `OPEN_STORE_FAILED`, never a crash or a bad token).
 */
import { isCredentialSyntax, scrubCause } from '../client/credential.js';
import { WxmpError } from '../errors.js';
import type { AuthorizerRecord, AuthorizerStore } from './types.js';

/**
 * A Map-backed {@link AuthorizerStore}: fine for tests and a single process that may lose its
 * authorizations on restart (every account must then authorize again). Use your database otherwise.
 *
 * @example
 * ```ts
 * const component = new ComponentClient({ …, authorizerStore: new MemoryAuthorizerStore() })
 * ```
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
export class MemoryAuthorizerStore implements AuthorizerStore {
  readonly #map = new Map<string, AuthorizerRecord>();

  get(appId: string): AuthorizerRecord | null {
    const r = this.#map.get(appId);
    return r ? { ...r } : null;
  }

  set(appId: string, record: AuthorizerRecord): void {
    this.#map.set(appId, { refreshToken: record.refreshToken, updatedAt: record.updatedAt });
  }

  delete(appId: string): void {
    this.#map.delete(appId);
  }

  /** AppIDs with a stored refresh token. */
  appIds(): string[] {
    return [...this.#map.keys()];
  }
}

/** True for an object with the three methods. */
export function isAuthorizerStore(v: unknown): v is AuthorizerStore {
  const o = v as Record<string, unknown> | null;
  return typeof o === 'object' && o !== null && ['get', 'set', 'delete'].every((m) => typeof o[m] === 'function');
}

/** Runs one store call; anything it throws becomes `OPEN_STORE_FAILED` with a scrubbed cause. */
async function guarded<T>(what: string, fn: () => T | Promise<T>, scrub: (t: string) => string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new WxmpError('OPEN_STORE_FAILED', `authorizerStore.${what} failed`, { cause: scrubCause(e, scrub) });
  }
}

/**
 * The stored record of `appId`, validated.
 *
 * @throws {WxmpError} `OPEN_NOT_AUTHORIZED` when none is stored, `OPEN_STORE_FAILED` when the store
 * throws or returns something that is not a record with a plausible refresh token.
 */
export async function readRecord(store: AuthorizerStore, appId: string, scrub: (t: string) => string): Promise<AuthorizerRecord> {
  const raw: unknown = await guarded('get', () => store.get(appId), scrub);
  if (raw === null || raw === undefined) {
    throw new WxmpError(
      'OPEN_NOT_AUTHORIZED',
      `no authorizer_refresh_token is stored for ${appId}: the account never authorized this platform, or revoked it (unauthorized)`,
    );
  }
  const { refreshToken, updatedAt } = raw as Partial<AuthorizerRecord>;
  if (!isCredentialSyntax(refreshToken) || typeof updatedAt !== 'number')
    throw new WxmpError('OPEN_STORE_FAILED', `authorizerStore.get returned a malformed record for ${appId}`);
  return { refreshToken, updatedAt };
}

/** Stores a record; `OPEN_STORE_FAILED` when the store throws. */
export function writeRecord(store: AuthorizerStore, appId: string, record: AuthorizerRecord, scrub: (t: string) => string): Promise<void> {
  return guarded('set', () => store.set(appId, record), scrub);
}

/** Deletes a record; `OPEN_STORE_FAILED` when the store throws. */
export function deleteRecord(store: AuthorizerStore, appId: string, scrub: (t: string) => string): Promise<void> {
  return guarded('delete', () => store.delete(appId), scrub);
}
