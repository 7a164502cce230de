import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ByteSink } from '../../src/internal/body.js';

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

test('property: any chunking reassembles the same bytes, and the cap holds', () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 50 }),
      fc.integer({ min: 1, max: 2000 }),
      fc.option(fc.nat(3000), { nil: undefined }),
      (chunks, max, expected) => {
        const sink = new ByteSink(max, expected);
        const all: number[] = [];
        for (const c of chunks) {
          const fits = all.length + c.length <= max;
          assert.equal(sink.push(c), fits);
          if (!fits) break;
          all.push(...c);
        }
        assert.deepEqual([...sink.bytes()], all);
        assert.ok(sink.bytes().buffer.byteLength <= max);
      },
    ),
  );
});
