// Stage 2 of the webhook: reading the body under a byte cap and a deadline (the readers are in
// internal/body.ts), with the webhook's error codes, and decoding it as strict UTF-8.
import { WxmpError } from '../errors.js';
import { type ReadFailures, readStream } from '../internal/body.js';

// The BOM is kept for the XML parser, which accepts one as the very first character only: a
// decoder that dropped it would let a second BOM pass as the first.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Limits of one body read. */
export interface BodyLimits {
  maxBytes: number;
  timeoutMs: number;
  /** The declared `Content-Length` (already checked against `maxBytes`): the buffer is preallocated. */
  expectedBytes?: number | undefined;
}

/** `413`: the body exceeds `maxBytes` (also when its `Content-Length` says so, before reading). */
export function tooLarge(maxBytes: number): WxmpError {
  return new WxmpError('WEBHOOK_BODY_TOO_LARGE', `request body exceeds ${maxBytes} bytes`);
}

/** The webhook's errors of a failed body read (a class: one object per read, not four closures). */
class BodyFailures implements ReadFailures {
  constructor(
    readonly maxBytes: number,
    readonly timeoutMs: number,
  ) {}

  tooLarge(): WxmpError {
    return tooLarge(this.maxBytes);
  }

  tooSlow(): WxmpError {
    return new WxmpError('WEBHOOK_BODY_TIMEOUT', `request body not received within ${Math.round(this.timeoutMs)} ms`);
  }

  aborted(reason: unknown): WxmpError {
    return new WxmpError('WEBHOOK_BODY_READ_FAILED', 'reading the request body was aborted', { cause: reason });
  }

  failed(what: string, cause?: unknown): WxmpError {
    return new WxmpError('WEBHOOK_BODY_READ_FAILED', what, cause === undefined ? {} : { cause });
  }
}

/**
 * The webhook's errors of a failed body read: `WEBHOOK_BODY_TOO_LARGE` (413),
 * `WEBHOOK_BODY_TIMEOUT` (408), `WEBHOOK_BODY_READ_FAILED` (400).
 *
 * @example
 * ```ts
 * readNodeStream(req, { maxBytes, timeoutMs }, bodyFailures(maxBytes, timeoutMs))
 * ```
 */
export function bodyFailures(maxBytes: number, timeoutMs: number): ReadFailures {
  return new BodyFailures(maxBytes, timeoutMs);
}

/**
 * Reads a request's Web `ReadableStream` body with a byte cap and a deadline; the stream is
 * cancelled on every exit, so an over-long or stalled upload is not read any further.
 *
 * @throws {WxmpError} `WEBHOOK_BODY_TOO_LARGE`, `WEBHOOK_BODY_TIMEOUT`, or `WEBHOOK_BODY_READ_FAILED`
 * when the stream errors (e.g. the client disconnected) or was already used.
 * @example
 * ```ts
 * const bytes = await readRequestBody(request.body, { maxBytes: 262144, timeoutMs: 3000 })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export function readRequestBody(body: ReadableStream<Uint8Array> | null, limits: BodyLimits): Promise<Uint8Array> {
  return readStream(body, { ...limits, pooled: true }, bodyFailures(limits.maxBytes, limits.timeoutMs));
}

/**
 * Decodes UTF-8 strictly; a leading BOM is kept (the XML parser skips exactly one).
 *
 * @throws {WxmpError} `WEBHOOK_INVALID_UTF8` for any malformed sequence.
 * @example
 * ```ts
 * decodeUtf8Body(bytes)
 * ```
 */
export function decodeUtf8Body(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new WxmpError('WEBHOOK_INVALID_UTF8', 'request body is not valid UTF-8');
  }
}
