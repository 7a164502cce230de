// Where the webhook's failures and warnings go: onError (every one) and a logger (redacted lines,
// rate-limited so that a flood of hostile requests cannot fill a disk).
import { WxmpError, type WxmpErrorCode } from '../errors.js';
import { redact, redactTokenShaped, redactValues, scrubError } from '../internal/redact.js';
import type { Message } from '../messages/index.js';
import type { WebhookIncoming, WebhookErrorContext, WebhookLogger, WebhookOptions } from './types.js';

/** `warn` for refusals and warnings, `error` for failures of the handler, the reply, the store or wxmp. */
export type Level = 'warn' | 'error';

/** Reports one failure; never throws. */
export type Report = (error: WxmpError, status: number, incoming: WebhookIncoming, message?: Message, level?: Level) => void;

/** Lines per minute the logger receives at most; the rest are counted in one line. */
export const LOG_LINES_PER_MINUTE = 10;

const consoleLogger: WebhookLogger = {
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

/**
 * Builds the reporter of one webhook: every report reaches `onError`; a line reaches `logger`
 * (default: the console when there is no `onError`), at most {@link LOG_LINES_PER_MINUTE} a minute.
 *
 * @example
 * ```ts
 * const report = createReport({ onError, logger, now })
 * report(new WxmpError('WEBHOOK_SIGNATURE_INVALID', 'signature does not match'), 403, incoming)
 * ```
 */
export function createReport(options: {
  onError: WebhookOptions['onError'] | undefined;
  logger: WebhookOptions['logger'] | undefined;
  now: () => number;
}): Report {
  const { onError, now } = options;
  const logger = options.logger ?? (onError ? undefined : consoleLogger);
  let windowStart = Number.NEGATIVE_INFINITY;
  let used = 0;
  let dropped = 0;

  const write = (level: Level, line: string, meta: Record<string, unknown>): void => {
    const sink = level === 'error' ? (logger?.error ?? logger?.warn) : logger?.warn;
    try {
      sink?.call(logger, redact(line), meta);
    } catch {
      // a failing logger must not change the answer
    }
  };

  const admit = (): boolean => {
    const t = now();
    if (!(t - windowStart < 60)) {
      if (dropped > 0) {
        write(
          'warn',
          `wxmp webhook: ${dropped} more lines were dropped in the last minute (at most ${LOG_LINES_PER_MINUTE} a minute; onError receives every failure)`,
          { dropped },
        );
      }
      windowStart = t;
      used = 0;
      dropped = 0;
    }
    if (used >= LOG_LINES_PER_MINUTE) {
      dropped++;
      return false;
    }
    used++;
    return true;
  };

  return (error, status, incoming, message, level = status >= 400 && status < 500 ? 'warn' : 'error') => {
    if (onError) {
      const ctx: WebhookErrorContext =
        message === undefined
          ? {
              status,
              get request() {
                return incoming.request();
              },
            }
          : {
              status,
              message,
              get request() {
                return incoming.request();
              },
            };
      try {
        onError(error, ctx);
      } catch {
        // a failing onError must not change the answer
      }
    }
    if (!logger) return;
    try {
      if (admit()) write(level, `wxmp webhook: ${error.message} (answered HTTP ${status})`, { code: error.code, status });
    } catch {
      // an injected clock that throws must not turn a report into a crash
    }
  };
}

function describe(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return '(an unprintable value)';
  }
}

/**
 * Wraps an error raised by code wxmp does not control (the handler, `onLate`, a store) in a
 * WxmpError with `code`. Its text is copied (first 200 characters) after removing the configured
 * `secrets`, credential-named fields and every token-shaped run (see `redactTokenShaped`); the
 * cause kept is a copy scrubbed the same way (a WxmpError cause, already redacted, is kept as is).
 *
 * @example
 * ```ts
 * report(foreign('WEBHOOK_HANDLER_FAILED', 'handler threw', e, [token, encodingAESKey]), 200, incoming, message)
 * ```
 */
export function foreign(code: WxmpErrorCode, what: string, e: unknown, secrets: readonly (string | undefined)[]): WxmpError {
  const scrub = (text: string): string => redactTokenShaped(redact(redactValues(text, secrets)));
  const text = scrub(describe(e)).slice(0, 200);
  let cause: unknown;
  try {
    cause = e instanceof WxmpError ? e : e instanceof Error ? scrubError(e, scrub) : undefined;
  } catch {
    cause = undefined; // a hostile getter on message or stack
  }
  return new WxmpError(code, `${what}: ${text}`, cause === undefined ? {} : { cause });
}
