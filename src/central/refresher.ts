/**
 * Active refresh (主动刷新) of the token server: per account, a timer that asks the client for its
 * token when the token enters its refresh window (expiry minus the skew, plus a little jitter), so
 * the refresh happens in the background instead of in a caller's request. Several token servers
 * on one Redis all wake up, and the client's lock with double-check lets one of them fetch. A
 * failed refresh is retried with backoff while the current token, still valid during the
 * platform's 5-minute overlap, goes on being served.
 */
import type { WeChatClient } from '../client/client.js';
import { WxmpError } from '../errors.js';
import type { SafeLog } from './http.js';

/** Runs `task` after `delayMs`; returns a function that cancels it. */
export type Schedule = (task: () => void, delayMs: number) => () => void;

/** The default {@link Schedule}: an unreferenced `setTimeout` (it never keeps a process alive). */
export const defaultSchedule: Schedule = (task, delayMs) => {
  const t = setTimeout(task, delayMs);
  (t as { unref?: () => void }).unref?.();
  return () => clearTimeout(t);
};

/** What the refresher needs. */
export interface RefresherDeps {
  clients: ReadonlyMap<string, WeChatClient>;
  now: () => number;
  random: () => number;
  skewSeconds: number;
  schedule: Schedule;
  log: SafeLog;
  /** Called with every token obtained, so the server can fall back to it while it is valid. */
  onToken: (appId: string, accessToken: string, expiresAt: number) => void;
}

const MIN_DELAY_MS = 5_000;
const MAX_RETRY_MS = 300_000;

/** One timer per account; `stop()` cancels them all. */
export class Refresher {
  readonly #d: RefresherDeps;
  readonly #cancel = new Map<string, () => void>();
  readonly #failures = new Map<string, number>();
  #stopped = false;

  constructor(deps: RefresherDeps) {
    this.#d = deps;
  }

  /** Fetches (or reads) every account's token now, then keeps each one refreshed. */
  start(): void {
    for (const appId of this.#d.clients.keys()) this.#at(appId, 0);
  }

  stop(): void {
    this.#stopped = true;
    for (const cancel of this.#cancel.values()) cancel();
    this.#cancel.clear();
  }

  #at(appId: string, delayMs: number): void {
    if (this.#stopped) return;
    this.#cancel.get(appId)?.();
    this.#cancel.set(
      appId,
      this.#d.schedule(() => void this.#run(appId), Math.max(0, Math.round(delayMs))),
    );
  }

  async #run(appId: string): Promise<void> {
    const client = this.#d.clients.get(appId) as WeChatClient;
    try {
      const { accessToken, expiresAt } = await client.getAccessTokenEntry();
      this.#failures.delete(appId);
      if (expiresAt === undefined) return this.#at(appId, MAX_RETRY_MS);
      this.#d.onToken(appId, accessToken, expiresAt);
      // Wake up just inside the refresh window: the cached token is stale for the client from
      // expiresAt - skew on, so this call refreshes it (or reads the one another instance stored).
      const due = (expiresAt - this.#d.skewSeconds - this.#d.now()) * 1000 + 500 + this.#d.random() * 2000;
      this.#at(appId, Math.max(MIN_DELAY_MS, due));
    } catch (e) {
      const n = (this.#failures.get(appId) ?? 0) + 1;
      this.#failures.set(appId, n);
      const delay = Math.min(MAX_RETRY_MS, MIN_DELAY_MS * 2 ** (n - 1));
      this.#d.log.warn(`active refresh of ${appId} failed (${e instanceof WxmpError ? e.code : 'error'}); retrying in ${Math.round(delay / 1000)} s`, {
        appId,
        attempt: n,
      });
      this.#at(appId, delay);
    }
  }
}
