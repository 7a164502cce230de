// Compile-time proof of the groups' typing: `tsc --noEmit` fails if a response type loosens (an
// Equal check breaks) or a wrong request starts compiling (a `@ts-expect-error` becomes unused).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApiGroups } from '../../../src/client/apis/groups.js';
import type { ApiGroups, BinaryResponse, CustomMessage, MediaVideoUrl, WeChatClient } from '../../../src/index.js';
import { recorder } from './recorder.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

export async function typing(client: WeChatClient): Promise<void> {
  expectType<Equal<Awaited<ReturnType<WeChatClient['template']['send']>>['msgid'], string>>(true);
  expectType<Equal<Awaited<ReturnType<ApiGroups['mass']['sendAll']>>['msg_data_id'], string | undefined>>(true);
  expectType<Equal<Awaited<ReturnType<ApiGroups['media']['get']>>, BinaryResponse | MediaVideoUrl>>(true);
  expectType<Equal<Awaited<ReturnType<ApiGroups['qrcode']['create']>>['ticket'], string>>(true);
  expectType<Equal<Awaited<ReturnType<ApiGroups['user']['info']>>['tagid_list'], number[] | undefined>>(true);

  // @ts-expect-error — a text message needs `text`, not `image`
  const wrong: CustomMessage = { touser: 'o', msgtype: 'text', image: { media_id: 'M' } };
  void wrong;
  // @ts-expect-error — unknown message type
  await client.customService.send({ touser: 'o', msgtype: 'markdown', markdown: {} });
  // @ts-expect-error — typing commands are literal
  await client.customService.typing('o', 'typing');
  // @ts-expect-error — the QR code type is required
  await client.qrcode.create({ sceneId: 1 });
  // @ts-expect-error — datacube ranges use WeChat's snake_case names
  await client.datacube.getUserSummary({ begin: '2024-01-01', end: '2024-01-02' });

  const got = await client.media.get('M');
  if ('data' in got) expectType<Equal<typeof got.data, Uint8Array>>(true);
  else expectType<Equal<typeof got.video_url, string>>(true);
}

test('createApiGroups returns exactly the documented groups, each a plain object of functions', () => {
  const groups = createApiGroups(recorder().requester);
  assert.deepEqual(Object.keys(groups), [
    'menu',
    'qrcode',
    'user',
    'tags',
    'customService',
    'template',
    'subscribeMessage',
    'media',
    'material',
    'mass',
    'draft',
    'freepublish',
    'comment',
    'datacube',
    'shortlink',
    'quota',
    'basic',
  ]);
  let methods = 0;
  for (const g of Object.values(groups))
    for (const f of Object.values(g)) {
      assert.equal(typeof f, 'function');
      methods++;
    }
  assert.equal(methods, 122);
});
