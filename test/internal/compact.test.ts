import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compact } from '../../src/internal/compact.js';

test('compact drops undefined values only', () => {
  assert.deepEqual(compact({ a: 1, b: undefined, c: null, d: '', e: 0 }), { a: 1, c: null, d: '', e: 0 });
  assert.deepEqual(Object.keys(compact({ x: undefined })), []);
});
