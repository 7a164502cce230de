// De-duplication around the handler, following the protocol in DedupeStore's TSDoc: claim with a
// short in-flight TTL, wait for (or take over from) another copy, store the reply with the replay
// TTL. Every store call is time-boxed by the deadline.
import { WxmpError } from '../errors.js';
import { preview } from '../internal/bytes.js';
import type { Message } from '../messages/index.js';
import type { DedupeClaim, DedupeStore } from './dedupe.js';
import { isThenable, type HandlerRuntime } from './handler.js';
import type { Report } from './report.js';
import type { WebhookIncoming, WebhookOutgoing, WebhookContext } from './types.js';

/** How often a retry waiting for another copy polls the store. */
export const POLL_MS = 100;
/** Evictions of live keys are reported at most once per this many seconds. */
export const EVICTION_REPORT_SECONDS = 60;

/** The de-duplication settings of one webhook. */
export interface Dedupe {
  store: DedupeStore;
  /** TTL of a claim: the deadline rounded up plus time to store the reply. */
  claimTtl: number;
  /** TTL given to `putReply` for a push with this query `timestamp`. */
  replayTtl: (timestamp: string) => number;
  /** Runs after every claim: reports evictions of live keys. */
  watch: (incoming: WebhookIncoming, message: Message) => void;
  /** Copies running in this process, by key. */
  inflight: Map<string, Promise<WebhookOutgoing>>;
}

const TIMED_OUT = Symbol('timed out');
const FAILED = Symbol('failed');
type Outcome<T> = T | typeof TIMED_OUT | typeof FAILED;

const isClaim = (v: unknown): v is DedupeClaim => v === 'new' || v === 'duplicate';
const isReply = (v: unknown): v is string | null | undefined => v === null || v === undefined || typeof v === 'string';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A store call that failed (threw, rejected, or answered something malformed): reported, FAILED. */
function failed(rt: HandlerRuntime, incoming: WebhookIncoming, message: Message, e: unknown): typeof FAILED {
  rt.report(rt.fault('WEBHOOK_STORE_FAILED', 'dedupe store failed', e), 200, incoming, message);
  return FAILED;
}

/** A store's answer: itself when `valid` accepts it, else FAILED (reported). */
function checked<T>(rt: HandlerRuntime, incoming: WebhookIncoming, message: Message, what: string, v: unknown, valid: (v: unknown) => v is T): Outcome<T> {
  return valid(v) ? v : failed(rt, incoming, message, new Error(`${what} returned ${preview(v)}`));
}

/**
 * One store call, at most `ms`: its valid result, TIMED_OUT, or FAILED (already reported). A
 * synchronous answer (MemoryDedupeStore) is taken at once: nothing can make it late, so only a
 * promise gets the time box (a timer and a race).
 */
function call<T>(
  rt: HandlerRuntime,
  incoming: WebhookIncoming,
  message: Message,
  what: string,
  fn: () => unknown,
  ms: number,
  valid: (v: unknown) => v is T,
): Outcome<T> | Promise<Outcome<T>> {
  let v: unknown;
  try {
    v = fn();
  } catch (e) {
    return failed(rt, incoming, message, e);
  }
  if (!isThenable(v)) return checked(rt, incoming, message, what, v, valid);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms), TIMED_OUT);
  });
  return Promise.race([v, timeout]).then(
    (r) => {
      clearTimeout(timer);
      return r === TIMED_OUT ? TIMED_OUT : checked(rt, incoming, message, what, r, valid);
    },
    (e: unknown) => {
      clearTimeout(timer);
      return failed(rt, incoming, message, e);
    },
  );
}

/**
 * Answers a push at most once per key: an in-process copy shares the running promise; otherwise
 * the store is claimed and either `run` answers (and its body is stored for retries) or the answer
 * of another copy is awaited. Never rejects unless `run` does.
 *
 * @example
 * ```ts
 * return deliver(rt, dedupe, key, message, ctx, incoming, () => runHandler(rt, message, ctx, incoming))
 * ```
 */
export function deliver(
  rt: HandlerRuntime,
  d: Dedupe,
  key: string,
  message: Message,
  ctx: WebhookContext,
  incoming: WebhookIncoming,
  run: () => Promise<WebhookOutgoing>,
): Promise<WebhookOutgoing> {
  const running = d.inflight.get(key);
  if (running !== undefined) return running;
  const p = new Delivery(rt, d, key, message, ctx, incoming, run).start();
  d.inflight.set(key, p);
  const done = (): void => void d.inflight.delete(key);
  p.then(done, done);
  return p;
}

/** One push on its way through the store: claimed, then run (or the first copy awaited), then stored. */
class Delivery {
  constructor(
    readonly rt: HandlerRuntime,
    readonly d: Dedupe,
    readonly key: string,
    readonly message: Message,
    readonly ctx: WebhookContext,
    readonly incoming: WebhookIncoming,
    readonly run: () => Promise<WebhookOutgoing>,
  ) {}

  start(): Promise<WebhookOutgoing> {
    const { rt, d, key, incoming, message } = this;
    // Half the time left at most, so that the handler still has time when the store hangs.
    const budget = (this.ctx.deadline - Date.now()) / 2;
    const claim = call(rt, incoming, message, 'claim()', () => d.store.claim(key, d.claimTtl), budget, isClaim);
    return isThenable(claim) ? claim.then((c) => this.claimed(c, budget)) : this.claimed(claim, budget);
  }

  claimed(claim: Outcome<DedupeClaim>, budget: number): Promise<WebhookOutgoing> {
    const { rt, d, incoming, message } = this;
    d.watch(incoming, message);
    if (claim === TIMED_OUT) {
      rt.report(
        new WxmpError(
          'WEBHOOK_STORE_FAILED',
          `dedupe store: claim() did not answer within ${Math.max(0, Math.round(budget))} ms; the handler runs (fail open)`,
        ),
        200,
        incoming,
        message,
      );
    }
    if (claim === 'duplicate') return this.firstCopy().then((answer) => answer ?? this.answer());
    return this.answer(); // 'new', or a failed store (fail open)
  }

  /** Runs the handler ('new', a vanished first claim, or a failed store) and stores its answer for retries. */
  answer(): Promise<WebhookOutgoing> {
    return this.run().then((out) => {
      const { rt, d, incoming, message } = this;
      const stored = (e: unknown): void => void failed(rt, incoming, message, e);
      try {
        const p = d.store.putReply(this.key, out.body, d.replayTtl(this.ctx.timestamp));
        if (isThenable(p)) p.then(undefined, stored);
      } catch (e) {
        stored(e);
      }
      return out;
    });
  }

  /** The reply of the copy that claimed first; `undefined` when its claim vanished and this copy now owns the push. */
  async firstCopy(): Promise<WebhookOutgoing | undefined> {
    const { rt, d, key, incoming, message } = this;
    const left = (): number => this.ctx.deadline - Date.now();
    for (;;) {
      const reply = await call(rt, incoming, message, 'getReply()', () => d.store.getReply(key), left(), isReply);
      if (reply === FAILED) return rt.fallback;
      if (typeof reply === 'string') return { status: 200, body: reply, xml: reply !== 'success' && reply !== '' };
      if (reply !== TIMED_OUT && left() >= POLL_MS) {
        await sleep(POLL_MS);
        const again = await call(rt, incoming, message, 'claim()', () => d.store.claim(key, d.claimTtl), left(), isClaim);
        d.watch(incoming, message);
        if (again === FAILED) return rt.fallback;
        if (again === 'new') return undefined;
        if (again === 'duplicate') continue;
      }
      rt.report(
        new WxmpError(
          'WEBHOOK_DUPLICATE_UNANSWERED',
          `a retry waited until its deadline for the copy that claimed the push first; answered ${rt.fallback.body || 'an empty body'}`,
        ),
        200,
        incoming,
        message,
      );
      return rt.fallback;
    }
  }
}

/**
 * Reports, at most once per {@link EVICTION_REPORT_SECONDS}, that a store exposing a
 * `liveEvictions` counter (as {@link MemoryDedupeStore} does) evicted keys before they expired.
 *
 * @example
 * ```ts
 * const watch = evictionWatch(store, report, now, 'about 300 s')
 * ```
 */
export function evictionWatch(store: DedupeStore, report: Report, now: () => number, life: string): Dedupe['watch'] {
  const counter = (): number | undefined => {
    const v = (store as { liveEvictions?: unknown }).liveEvictions;
    return typeof v === 'number' ? v : undefined;
  };
  let seen = counter();
  if (seen === undefined) return () => {};
  let reportedAt = Number.NEGATIVE_INFINITY;
  return (incoming, message) => {
    const n = counter() ?? 0;
    if (n <= (seen as number) || now() - reportedAt < EVICTION_REPORT_SECONDS) return;
    const max = (store as { maxEntries?: unknown }).maxEntries;
    report(
      new WxmpError(
        'WEBHOOK_DEDUPE_EVICTED',
        `the in-memory de-duplication store evicted ${n - (seen as number)} keys before they expired${typeof max === 'number' ? ` (maxEntries ${max})` : ''}: ` +
          `a retry or replay of those pushes runs the handler again. Keys live ${life}: size MemoryDedupeStore({ maxEntries }) ` +
          'to at least that many seconds × the peak pushes per second, or use a shared store (e.g. Redis)',
      ),
      200,
      incoming,
      message,
      'warn',
    );
    seen = n;
    reportedAt = now();
  };
}
