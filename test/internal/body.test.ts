import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PassThrough, Readable } from 'node:stream';
import { ByteSink, type ReadFailures, readNodeStream, readStream } from '../../src/internal/body.js';

test('the cap is a boundary pair: exactly maxBytes fits, one byte more is refused and not kept', () => {
  const sink = new ByteSink(10);
  assert.equal(sink.push(new Uint8Array([1, 2, 3, 4, 5, 6])), true);
  assert.equal(sink.push(new Uint8Array([7, 8, 9, 10])), true);
  assert.equal(sink.length, 10);
  assert.equal(sink.push(new Uint8Array([11])), false);
  assert.equal(sink.length, 10);
  assert.deepEqual([...sink.bytes()], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(new ByteSink(10).push(new Uint8Array(11)), false, 'a single chunk over the cap');
});

test('a declared length is preallocated; without one the buffer grows, never past the cap', () => {
  const declared = new ByteSink(1000, 600);
  declared.push(new Uint8Array(600).fill(7));
  assert.equal(declared.bytes().buffer.byteLength, 600, 'one allocation of exactly the declared length');
  const capped = new ByteSink(5000);
  for (let i = 0; i < 5000; i++) assert.ok(capped.push(new Uint8Array([i & 0xff])));
  assert.equal(capped.bytes().buffer.byteLength, 5000, 'growth stops at the cap');
  assert.equal(capped.bytes()[4999], 4999 & 0xff);
  // a declared length above the cap, or malformed, is not trusted for the allocation
  assert.ok(new ByteSink(100, 1e9).push(new Uint8Array(100)));
  assert.ok(new ByteSink(100, Number.NaN).push(new Uint8Array(100)));
  assert.ok(new ByteSink(100, -1).push(new Uint8Array(100)));
  assert.equal(new ByteSink(8).bytes().length, 0);
});

test('pooled: a small body comes from the pool (never past what was written); unpooled bytes own their store', () => {
  const pooled = new ByteSink(1000, 300, true);
  assert.ok(pooled.push(new Uint8Array(200).fill(1)));
  assert.ok(pooled.push(new Uint8Array(100).fill(2)));
  const bytes = pooled.bytes();
  assert.equal(bytes.byteLength, 300);
  assert.deepEqual([...new Set(bytes.subarray(0, 200))], [1]);
  assert.deepEqual([...new Set(bytes.subarray(200))], [2]);
  assert.ok(bytes.buffer.byteLength > 300, "a view of Node's shared pool");
  const grown = new ByteSink(10_000, undefined, true);
  for (let i = 0; i < 5000; i++) grown.push(new Uint8Array([i & 0xff]));
  assert.equal(grown.bytes().byteLength, 5000);
  assert.equal(grown.bytes()[4999], 4999 & 0xff);
  const own = new ByteSink(1000, 300);
  own.push(new Uint8Array(300));
  assert.equal(own.bytes().buffer.byteLength, 300, 'the default: nothing else shares the store');
});

test('property: any chunking reassembles the same bytes, and the cap holds', () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 50 }),
      fc.integer({ min: 1, max: 2000 }),
      fc.option(fc.nat(3000), { nil: undefined }),
      fc.boolean(),
      (chunks, max, expected, pooled) => {
        const sink = new ByteSink(max, expected, pooled);
        const all: number[] = [];
        for (const c of chunks) {
          const fits = all.length + c.length <= max;
          assert.equal(sink.push(c), fits);
          if (!fits) break;
          all.push(...c);
        }
        assert.deepEqual([...sink.bytes()], all);
        if (!pooled) assert.ok(sink.bytes().buffer.byteLength <= max);
      },
    ),
  );
});

/** Failures that say which one happened. */
const failures: ReadFailures = {
  tooLarge: () => new Error('tooLarge'),
  tooSlow: () => new Error('tooSlow'),
  aborted: (reason) => new Error(`aborted: ${String(reason)}`),
  failed: (what, cause) => new Error(`failed: ${what}${cause === undefined ? '' : ` (${String(cause)})`}`),
};

function chunks(...parts: number[]): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (const n of parts) c.enqueue(new Uint8Array(n).fill(1));
      c.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

const stalled = (): ReadableStream<Uint8Array> => new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => {}) });

test('readStream: the cap is a boundary pair, also for a declared length (refused before reading, stream cancelled)', async () => {
  assert.equal((await readStream(chunks(4, 6).stream, { maxBytes: 10 }, failures)).length, 10);
  await assert.rejects(readStream(chunks(4, 7).stream, { maxBytes: 10 }, failures), /tooLarge/);
  assert.equal((await readStream(chunks(10).stream, { maxBytes: 10, expectedBytes: 10 }, failures)).length, 10);
  const declared = chunks(11);
  await assert.rejects(readStream(declared.stream, { maxBytes: 10, expectedBytes: 11 }, failures), /tooLarge/);
  assert.equal(declared.cancelled(), true);
  assert.equal((await readStream(null, { maxBytes: 10 }, failures)).length, 0);
});

test('readStream: the deadline, the signal and a failing or used stream each end the read with their own failure', async () => {
  await assert.rejects(readStream(stalled(), { maxBytes: 10, timeoutMs: 20 }, failures), /tooSlow/);
  const ctrl = new AbortController();
  const pending = readStream(stalled(), { maxBytes: 10, signal: ctrl.signal }, failures);
  ctrl.abort('stop');
  await assert.rejects(pending, /aborted: stop/);
  await assert.rejects(readStream(chunks(1).stream, { maxBytes: 10, signal: AbortSignal.abort('early') }, failures), /aborted: early/);
  const erroring = new ReadableStream<Uint8Array>({ pull: (c) => c.error(new Error('reset')) });
  await assert.rejects(readStream(erroring, { maxBytes: 10 }, failures), /failed: reading the body failed \(Error: reset\)/);
  const used = chunks(1).stream;
  used.getReader();
  await assert.rejects(readStream(used, { maxBytes: 10 }, failures), /failed: the body was already used/);
});

test('readNodeStream: cap boundary pair, string chunks, deadline, errors and an early close', async () => {
  const from = (parts: (string | Uint8Array)[]) => Readable.from(parts, { objectMode: false });
  assert.equal((await readNodeStream(from([new Uint8Array(4), '你好']), { maxBytes: 10, timeoutMs: 5000 }, failures)).length, 10);
  await assert.rejects(readNodeStream(from([new Uint8Array(4), '你好!']), { maxBytes: 10, timeoutMs: 5000 }, failures), /tooLarge/);
  await assert.rejects(readNodeStream(from([]), { maxBytes: 10, expectedBytes: 11, timeoutMs: 5000 }, failures), /tooLarge/);
  await assert.rejects(readNodeStream(new PassThrough(), { maxBytes: 10, timeoutMs: 20 }, failures), /tooSlow/);
  const erroring = new PassThrough();
  const e = readNodeStream(erroring, { maxBytes: 10, timeoutMs: 5000 }, failures);
  erroring.destroy(new Error('reset'));
  await assert.rejects(e, /failed: reading the body failed/);
  const closing = new PassThrough({ emitClose: true });
  const c = readNodeStream(closing, { maxBytes: 10, timeoutMs: 5000 }, failures);
  closing.destroy();
  await assert.rejects(c, /failed: the client closed the connection before sending the body/);
});
