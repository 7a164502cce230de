// Bounded body reading: a byte cap and a deadline, and strict UTF-8 decoding.
import { WxmpError } from '../errors.js';
import { ByteSink } from '../internal/body.js';

// The BOM is kept for the XML parser, which accepts one as the very first character only: a
// decoder that dropped it would let a second BOM pass as the first.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `413`: the body exceeds `maxBytes`. */
export function tooLarge(maxBytes: number): WxmpError {
  return new WxmpError('WEBHOOK_BODY_TOO_LARGE', `request body exceeds ${maxBytes} bytes`);
}

/** `408`: the body did not arrive in time. */
export function tooSlow(timeoutMs: number): WxmpError {
  return new WxmpError('WEBHOOK_BODY_TIMEOUT', `request body not received within ${timeoutMs} ms`);
}

/** Limits of one body read. */
export interface BodyLimits {
  maxBytes: number;
  timeoutMs: number;
  /** The declared `Content-Length` (already checked against `maxBytes`): the buffer is preallocated. */
  expectedBytes?: number | undefined;
}

/**
 * Reads a Web `ReadableStream` body with a byte cap and a deadline, cancelling the stream on every
 * exit (so an over-long or stalled upload is not read any further). Chunks are copied into one
 * {@link ByteSink}: memory is bounded by the cap whatever the chunk framing.
 *
 * @throws WxmpError `WEBHOOK_BODY_TOO_LARGE`, `WEBHOOK_BODY_TIMEOUT`, or `WEBHOOK_BODY_READ_FAILED`
 * when the stream errors (e.g. the client disconnected).
 * @example
 * const bytes = await readBody(request.body, { maxBytes: 262144, timeoutMs: 3000 })
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export async function readBody(body: ReadableStream<Uint8Array> | null, limits: BodyLimits): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const { maxBytes, timeoutMs } = limits;
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = body.getReader();
  } catch (e) {
    throw new WxmpError('WEBHOOK_BODY_READ_FAILED', 'request body was already used', { cause: e });
  }
  // The deadline cancels the reader (which ends a pending read) rather than racing every read
  // against a timer promise: a race per chunk would leave one reaction per chunk on that promise.
  let late = false;
  const timer = setTimeout(
    () => {
      late = true;
      reader.cancel().catch(() => {});
    },
    Math.max(0, timeoutMs),
  );
  const sink = new ByteSink(maxBytes, limits.expectedBytes);
  try {
    for (;;) {
      let step: Awaited<ReturnType<typeof reader.read>>;
      try {
        step = await reader.read();
      } catch (e) {
        if (late) throw tooSlow(timeoutMs);
        throw new WxmpError('WEBHOOK_BODY_READ_FAILED', 'reading the request body failed', { cause: e });
      }
      if (late) throw tooSlow(timeoutMs);
      if (step.done) break;
      if (!sink.push(step.value)) throw tooLarge(maxBytes);
    }
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
  }
  return sink.bytes();
}

/**
 * Decodes UTF-8 strictly; a leading BOM is kept (the XML parser skips exactly one).
 *
 * @throws WxmpError `WEBHOOK_INVALID_UTF8` for any malformed sequence.
 * @example
 * decodeUtf8Body(bytes)
 */
export function decodeUtf8Body(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new WxmpError('WEBHOOK_INVALID_UTF8', 'request body is not valid UTF-8');
  }
}
