// The one bounded body accumulator of the SDK, shared by the webhook's Web reader, the node:http
// adapter and the API client's response reader.

const INITIAL = 4096;

/**
 * Collects chunks into ONE growing buffer with a byte cap. Every chunk is copied and can be
 * collected at once, so memory per body is at most the cap plus a small constant whatever the
 * framing: 262 144 one-byte chunks cost one buffer, not 262 144 objects. The buffer is
 * preallocated when the length is announced (`Content-Length`), and otherwise doubles, never
 * past the cap.
 *
 * @example
 * const sink = new ByteSink(262144, Number(contentLength))
 * if (!sink.push(chunk)) throw tooLarge()
 * const body = sink.bytes()
 */
export class ByteSink {
  #buf: Uint8Array;
  #length = 0;
  readonly #max: number;

  /** `expectedBytes` (a declared length) is used as the initial capacity when it is at most the cap. */
  constructor(maxBytes: number, expectedBytes?: number) {
    this.#max = maxBytes;
    const expected = expectedBytes !== undefined && Number.isSafeInteger(expectedBytes) && expectedBytes >= 0 ? expectedBytes : undefined;
    this.#buf = new Uint8Array(Math.min(expected ?? INITIAL, maxBytes));
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
      const grown = new Uint8Array(Math.min(this.#max, Math.max(end, this.#buf.byteLength * 2, INITIAL)));
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
