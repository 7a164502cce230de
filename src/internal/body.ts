// The one home of body reading: a bounded accumulator (ByteSink) and the two stream readers built
// on it — Web streams (the webhook's Web path, the API client's responses) and Node's readable
// request (the node:http adapter). Callers give the errors of a failed read (their own codes).
import { Buffer } from 'node:buffer';
import type { Readable } from 'node:stream';

const INITIAL = 4096;
const allocOwn = (size: number): Uint8Array => new Uint8Array(size);
const allocPooled = (size: number): Uint8Array => Buffer.allocUnsafe(size);

/**
 * Collects chunks into ONE growing buffer with a byte cap. Every chunk is copied and can be
 * collected at once, so memory per body is at most the cap plus a small constant whatever the
 * framing: 262 144 one-byte chunks cost one buffer, not 262 144 objects. The buffer is
 * preallocated when the length is announced (`Content-Length`), and otherwise doubles, never
 * past the cap.
 *
 * @example
 * ```ts
 * const sink = new ByteSink(262144, Number(contentLength))
 * if (!sink.push(chunk)) throw tooLarge()
 * const body = sink.bytes()
 * ```
 */
export class ByteSink {
  #buf: Uint8Array;
  #length = 0;
  readonly #max: number;
  readonly #alloc: (size: number) => Uint8Array;

  /**
   * `expectedBytes` (a declared length) is used as the initial capacity when it is at most the cap.
   * `pooled`: for bytes that never leave the SDK (the webhook's body), a small buffer is carved
   * from Node's pool (`Buffer.allocUnsafe`) instead of a typed array with an off-heap store of its
   * own (about 0.8 µs for a push). Only written bytes are handed out, but a pooled view's `.buffer`
   * is the shared pool, so bytes that reach users (the API client's) get their own store.
   */
  constructor(maxBytes: number, expectedBytes?: number, pooled = false) {
    this.#max = maxBytes;
    this.#alloc = pooled ? allocPooled : allocOwn;
    const expected = expectedBytes !== undefined && Number.isSafeInteger(expectedBytes) && expectedBytes >= 0 ? expectedBytes : undefined;
    this.#buf = this.#alloc(Math.min(expected ?? INITIAL, maxBytes));
  }

  /** Bytes received so far. */
  get length(): number {
    return this.#length;
  }

  /** Appends a copy of `chunk`; returns `false` (keeping nothing of it) when the cap would be exceeded. */
  push(chunk: Uint8Array): boolean {
    const end = this.#length + chunk.byteLength;
    if (end > this.#max) return false;
    if (end > this.#buf.byteLength) {
      const grown = this.#alloc(Math.min(this.#max, Math.max(end, this.#buf.byteLength * 2, INITIAL)));
      grown.set(this.#buf.subarray(0, this.#length));
      this.#buf = grown;
    }
    this.#buf.set(chunk, this.#length);
    this.#length = end;
    return true;
  }

  /** The bytes received (a view of the buffer, not a copy). */
  bytes(): Uint8Array {
    return this.#length === this.#buf.byteLength ? this.#buf : this.#buf.subarray(0, this.#length);
  }
}

/** The errors a reader throws, so that every caller keeps its own codes. */
export interface ReadFailures {
  /** The body exceeds `maxBytes` (or its declared length does). */
  tooLarge(): unknown;
  /** The deadline passed first. */
  tooSlow(): unknown;
  /** The caller's signal fired. */
  aborted(reason: unknown): unknown;
  /** The stream could not be read: `what` says why. */
  failed(what: string, cause?: unknown): unknown;
}

/** Limits of one read. */
export interface ReadLimits {
  maxBytes: number;
  /** The declared length (`Content-Length`): more than `maxBytes` fails before reading, else the buffer is preallocated. */
  expectedBytes?: number | undefined;
  /** Deadline in ms from now: the read is cancelled then. */
  timeoutMs?: number | undefined;
  /** Cancels the read when it fires. */
  signal?: AbortSignal | undefined;
  /** The bytes never leave the SDK: see {@link ByteSink}. */
  pooled?: boolean | undefined;
}

const ignore = (): void => {};
const utf8 = new TextEncoder();

/**
 * Reads a Web `ReadableStream` into one buffer under `maxBytes`, until `timeoutMs` and while
 * `signal` has not fired. The stream is cancelled on every exit, so an over-long or stalled body
 * is not read any further; the deadline and the signal cancel the reader (which ends a pending
 * read) rather than racing every read against a promise, which would leave one reaction per chunk.
 *
 * @throws what `fail` builds: `tooLarge`, `tooSlow`, `aborted`, or `failed` when the stream errors
 * or is already in use.
 * @example
 * ```ts
 * const bytes = await readStream(request.body, { maxBytes: 262144, timeoutMs: 3000 }, failures)
 * ```
 */
export async function readStream(body: ReadableStream<Uint8Array> | null, limits: ReadLimits, fail: ReadFailures): Promise<Uint8Array> {
  const { maxBytes, expectedBytes, timeoutMs, signal, pooled } = limits;
  if (expectedBytes !== undefined && expectedBytes > maxBytes) {
    body?.cancel().catch(ignore);
    throw fail.tooLarge();
  }
  if (signal?.aborted) {
    body?.cancel().catch(ignore);
    throw fail.aborted(signal.reason);
  }
  if (body === null) return new Uint8Array(0);
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = body.getReader();
  } catch (e) {
    throw fail.failed('the body was already used', e);
  }
  let late = false;
  const cancel = (): void => void reader.cancel().catch(ignore);
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => {
            late = true;
            cancel();
          },
          Math.max(0, timeoutMs),
        );
  signal?.addEventListener('abort', cancel, { once: true });
  const sink = new ByteSink(maxBytes, expectedBytes, pooled);
  try {
    for (;;) {
      let step: Awaited<ReturnType<typeof reader.read>>;
      try {
        step = await reader.read();
      } catch (e) {
        if (late) throw fail.tooSlow();
        if (signal?.aborted) throw fail.aborted(signal.reason);
        throw fail.failed('reading the body failed', e);
      }
      // A cancelled reader ends its pending read as `done`: look at why before taking it as the end.
      if (late) throw fail.tooSlow();
      if (signal?.aborted) throw fail.aborted(signal.reason);
      if (step.done) break;
      if (!sink.push(step.value)) throw fail.tooLarge();
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
    cancel();
  }
  return sink.bytes();
}

/** The part of Node's `IncomingMessage` (a readable stream) that {@link readNodeStream} uses. */
export type NodeReadable = Pick<Readable, 'on' | 'off' | 'pause'>;

/**
 * Reads a Node readable stream (a request) into one buffer under `maxBytes` and until `timeoutMs`;
 * each chunk is copied and released at once. On any failure it stops listening and pauses the
 * stream, so nothing more is read.
 *
 * @throws (rejects with) what `fail` builds: `tooLarge`, `tooSlow`, or `failed` when the stream
 * errors or the client closes the connection first.
 * @example
 * ```ts
 * const bytes = await readNodeStream(req, { maxBytes: 262144, timeoutMs: 3000 }, failures)
 * ```
 */
export function readNodeStream(stream: NodeReadable, limits: ReadLimits & { timeoutMs: number }, fail: ReadFailures): Promise<Uint8Array> {
  const { maxBytes, expectedBytes, timeoutMs, pooled } = limits;
  if (expectedBytes !== undefined && expectedBytes > maxBytes) {
    stream.pause();
    return Promise.reject(fail.tooLarge());
  }
  return new Promise((resolve, reject) => {
    const sink = new ByteSink(maxBytes, expectedBytes, pooled);
    const finish = (error: unknown): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error === undefined) {
        resolve(sink.bytes());
        return;
      }
      stream.pause();
      reject(error);
    };
    const onData = (chunk: Uint8Array | string): void => {
      if (!sink.push(typeof chunk === 'string' ? utf8.encode(chunk) : chunk)) finish(fail.tooLarge());
    };
    const onEnd = (): void => finish(undefined);
    const onError = (e: unknown): void => finish(fail.failed('reading the body failed', e));
    const onClose = (): void => finish(fail.failed('the client closed the connection before sending the body'));
    const timer = setTimeout(() => finish(fail.tooSlow()), Math.max(0, timeoutMs));
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
