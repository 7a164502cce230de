/**
 * One HTTP attempt against the platform: per-attempt timeout that also covers the body, the
 * caller's `AbortSignal`, `redirect: 'manual'`, and classification of fetch failures into
 * `HTTP_TIMEOUT` / `HTTP_ABORTED` / `HTTP_NETWORK`. Retries live in the client, not here.
 */
import { WxmpError } from '../errors.js';
import { cancelBody, interpretResponse, type InterpretOptions } from './response.js';
import type { FetchLike } from './types.js';

/** Input of {@link sendOnce}. */
export interface AttemptInput {
  fetch: FetchLike;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: NonNullable<RequestInit['body']>;
  timeoutMs: number;
  signal?: AbortSignal;
  interpret: Omit<InterpretOptions, 'signal'>;
  /** Removes secrets from text copied into errors. */
  scrub: (text: string) => string;
}

/**
 * Sends one request and interprets the response. The per-attempt timeout (and the caller's
 * signal) also bounds a `fetch` that ignores its `AbortSignal`: the attempt is raced against the
 * abort, so it settles in time whatever the injected fetch does, and nothing of it is reused.
 *
 * @throws {WxmpError} `HTTP_TIMEOUT` (retryable), `HTTP_ABORTED`, `HTTP_NETWORK` (retryable), and
 * everything {@link interpretResponse} throws.
 * @example
 * ```ts
 * await sendOnce({ fetch, url, method: 'GET', timeoutMs: 10_000, interpret: {}, scrub: (s) => s })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Interface_field_description.html
 */
export async function sendOnce(input: AttemptInput): Promise<unknown> {
  const caller = input.signal;
  if (caller?.aborted) throw new WxmpError('HTTP_ABORTED', 'request aborted by the caller before it was sent');
  // One controller per attempt: it aborts on our timeout or on the caller's signal, which is what
  // AbortSignal.any([AbortSignal.timeout(ms), signal]) does, but also works on runtimes without
  // AbortSignal.any and lets us tell the two reasons apart and clear the timer.
  const ctrl = new AbortController();
  const aborted = new Promise<never>((_, reject) => {
    ctrl.signal.addEventListener('abort', () => reject(ctrl.signal.reason), { once: true });
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctrl.abort(new DOMException('request timed out', 'TimeoutError'));
  }, input.timeoutMs);
  const onCallerAbort = (): void => ctrl.abort(caller?.reason);
  caller?.addEventListener('abort', onCallerAbort, { once: true });

  const classify = (e: unknown): WxmpError => {
    if (e instanceof WxmpError) return e;
    const what = `${input.method} ${pathOf(input.url)}`;
    if (timedOut) return new WxmpError('HTTP_TIMEOUT', `${what} timed out after ${input.timeoutMs} ms`);
    if (caller?.aborted) return new WxmpError('HTTP_ABORTED', `${what} aborted by the caller`);
    const msg = input.scrub(e instanceof Error ? e.message : String(e));
    const cause = e instanceof Error ? Object.assign(new Error(msg), { name: e.name }) : undefined;
    return new WxmpError('HTTP_NETWORK', `${what} failed: ${msg.slice(0, 200)}`, cause ? { cause } : {});
  };

  const attempt = async (): Promise<unknown> => {
    let response: Response;
    try {
      const init: RequestInit = { method: input.method, redirect: 'manual', signal: ctrl.signal };
      if (input.headers) init.headers = input.headers;
      if (input.body !== undefined) init.body = input.body;
      response = await input.fetch(input.url, init);
    } catch (e) {
      throw classify(e);
    }
    try {
      return await interpretResponse(response, { ...input.interpret, signal: ctrl.signal });
    } catch (e) {
      void cancelBody(response); // not awaited: a body whose cancel() never settles must not hold the attempt
      throw classify(e);
    }
  };

  try {
    const run = attempt();
    run.catch(() => {}); // when the abort wins the race, the attempt's own late failure is dropped
    return await Promise.race([run, aborted.catch((e: unknown) => Promise.reject(classify(e)))]);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onCallerAbort);
  }
}

/** The path of a URL without its query (which may carry credentials). */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  const noQuery = q === -1 ? url : url.slice(0, q);
  const scheme = noQuery.indexOf('://');
  const slash = scheme === -1 ? 0 : noQuery.indexOf('/', scheme + 3);
  return slash === -1 ? '/' : noQuery.slice(slash);
}

/**
 * Whether the client retries a failure (on idempotent calls): exactly `WxmpError.retryable`,
 * which is derived from one rule (`-1`, HTTP 5xx, network errors, timeouts).
 */
export function isTransient(e: unknown): e is WxmpError {
  return e instanceof WxmpError && e.retryable;
}

/** Jittered exponential backoff: base · 2^attempt · [0.5, 1), capped at 10 s. */
export function backoffMs(attempt: number, baseMs: number, random: () => number): number {
  return Math.min(10_000, Math.round(baseMs * 2 ** attempt * (0.5 + random() / 2)));
}
