// A controllable clock for tests: one `now` that the simulator, the webhook, the fake platform and
// the client all accept, so that their timestamps agree.

/** A clock in Unix seconds that only moves when told to. */
export interface TestClock {
  /** The current time in seconds; a bound function, pass it as `now` anywhere. */
  readonly now: () => number;
  /** Moves the clock by `seconds` (may be negative); returns the new time. */
  advance(seconds: number): number;
  /** Sets the clock to `seconds`. */
  set(seconds: number): void;
}

/**
 * Creates a test clock starting at `start` seconds (default: the system clock, whole seconds).
 * Pass `clock.now` to `createSimulator`, `createWebhook`, `createFakeWeChatApi` and `WeChatClient`:
 * a simulator stamped with another clock than the webhook's is refused (403, timestamp window).
 *
 * @throws never: a non-finite value given to `advance`/`set` is ignored (the clock keeps its time).
 * @example
 * ```ts
 * const clock = createTestClock(1_700_000_000)
 * const sim = createSimulator({ token, now: clock.now })
 * const webhook = createWebhook({ token, now: clock.now, handler })
 * clock.advance(301) // the next push of an old request would now be stale
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function createTestClock(start: number = Math.floor(Date.now() / 1000)): TestClock {
  let t = start;
  return {
    now: () => t,
    advance(seconds) {
      if (Number.isFinite(seconds)) t += seconds;
      return t;
    },
    set(seconds) {
      if (Number.isFinite(seconds)) t = seconds;
    },
  };
}
