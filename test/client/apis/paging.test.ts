import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iteratePages, pageBody, type OpenIdPage } from '../../../src/client/apis/paging.js';
import { throwsCode } from '../../helpers.js';

test('iteratePages: stops on an empty cursor, an unchanged cursor, or data missing', async () => {
  const run = async (script: OpenIdPage[], start?: string): Promise<number> => {
    let i = 0;
    let n = 0;
    for await (const _ of iteratePages(async () => script[i++] ?? { count: 0, next_openid: '' }, start)) n++;
    return n;
  };
  assert.equal(await run([{ count: 1, data: { openid: ['a'] }, next_openid: '' }]), 1);
  assert.equal(await run([{ count: 1, data: { openid: ['a'] }, next_openid: 'x' }], 'x'), 1);
  assert.equal(await run([{ count: 5, next_openid: 'z' }]), 0);
  assert.equal(
    await run([
      { count: 1, data: { openid: ['a'] }, next_openid: 'a' },
      { count: 1, data: { openid: ['b'] }, next_openid: 'b' },
    ]),
    2,
  );
});

test('pageBody: offset ≥ 0 and count 1..20 (boundary pairs); no_content becomes 0/1', () => {
  assert.deepEqual(pageBody({ offset: 0, count: 1 }), { offset: 0, count: 1 });
  assert.deepEqual(pageBody({ offset: 2 ** 31, count: 20, no_content: 1 }), { offset: 2 ** 31, count: 20, no_content: 1 });
  assert.deepEqual(pageBody({ offset: 3, count: 5, no_content: 0 }), { offset: 3, count: 5, no_content: 0 });
  for (const bad of [
    { offset: -1, count: 1 },
    { offset: 0, count: 0 },
    { offset: 0, count: 21 },
    { offset: 2 ** 31 + 1, count: 1 },
    { offset: 0.5, count: 1 },
  ]) {
    throwsCode(() => pageBody(bad), 'INVALID_ARGUMENT');
  }
});
