// Element names are case-sensitive: only the documented spelling fills a field, and unknown names
// keep a spelling that can never collide with one (src/messages/names.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage, toMessage } from '../../src/messages/index.js';
import { Vocabulary, camelCase } from '../../src/messages/names.js';
import type { XmlRecord } from '../../src/xml/index.js';
import { throwsCode } from '../helpers.js';

const ENVELOPE = '<ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>';
const xml = (body: string): string => `<xml>${ENVELOPE}${body}</xml>`;

test('a case variant of a known field is never read as that field', () => {
  const ok = parseMessage(xml('<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId>'));
  assert.ok(ok.msgType === 'text');
  assert.equal(ok.content, 'hi');
  for (const variant of ['content', 'CONTENT', 'ConTent', 'Con_tent', 'content_']) {
    const e = throwsCode(() => parseMessage(xml(`<MsgType>text</MsgType><${variant}>hi</${variant}><MsgId>1</MsgId>`)), 'MESSAGE_INVALID');
    assert.match(e.message, /content/);
  }
  // the envelope too: <msgtype>, <fromusername>, <createtime> are not the envelope
  throwsCode(
    () => parseMessage('<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><msgtype>text</msgtype></xml>'),
    'MESSAGE_INVALID',
  );
  throwsCode(
    () => parseMessage('<xml><ToUserName>gh_1</ToUserName><fromUserName>o1</fromUserName><CreateTime>1</CreateTime><MsgType>x</MsgType></xml>'),
    'MESSAGE_INVALID',
  );
  throwsCode(
    () => parseMessage('<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><Createtime>1</Createtime><MsgType>x</MsgType></xml>'),
    'MESSAGE_INVALID',
  );
});

test('a variant is kept as $ + its exact name, beside the real field', () => {
  const m = toMessage(
    Object.assign(Object.create(null) as XmlRecord, {
      ToUserName: 'gh_1',
      FromUserName: 'o1',
      CreateTime: '1',
      MsgType: 'text',
      content: 'fake',
      Content: 'real',
      MsgId: '1',
      msgId: '2',
      Msg_Id: '3',
    }),
  ) as unknown as Record<string, unknown>;
  assert.deepEqual(
    { ...m },
    { toUserName: 'gh_1', fromUserName: 'o1', createTime: 1, msgType: 'text', $content: 'fake', content: 'real', msgId: '1', $msgId: '2', $Msg_Id: '3' },
  );
});

test('unknown names that own no field stay camelCased', () => {
  const m = parseMessage(xml('<MsgType>miniprogrampage</MsgType><AppId>wx1</AppId><PagePath>p</PagePath><Foo_Bar>x</Foo_Bar><openid>o</openid>'));
  assert.ok(m.msgType === 'unknown');
  assert.deepEqual([m.appId, m.pagePath, m.fooBar, m.openid], ['wx1', 'p', 'x', 'o']);
});

test('nested parts keep their own documented names: <count> is not Count, <Count> is not count', () => {
  const pics = (count: string) =>
    xml(
      `<MsgType>event</MsgType><Event>pic_weixin</Event><EventKey>6</EventKey><SendPicsInfo>${count}<PicList><item><PicMd5Sum>m</PicMd5Sum></item></PicList></SendPicsInfo>`,
    );
  const ok = parseMessage(pics('<Count>1</Count>'));
  assert.ok(ok.msgType === 'event' && ok.event === 'pic_weixin');
  assert.equal(ok.sendPicsInfo.count, 1);
  throwsCode(() => parseMessage(pics('<count>1</count>')), 'MESSAGE_INVALID');
  // PublishEventInfo speaks snake_case: its `count` is documented, `Count` is not
  const publish = (count: string) =>
    xml(
      `<MsgType>event</MsgType><Event>PUBLISHJOBFINISH</Event><PublishEventInfo><publish_id>7</publish_id><publish_status>0</publish_status><article_detail>${count}</article_detail></PublishEventInfo>`,
    );
  const p = parseMessage(publish('<count>0</count>'));
  assert.ok(p.msgType === 'event' && p.event === 'PUBLISHJOBFINISH');
  assert.deepEqual(p.publishEventInfo.articleDetail, { count: 0, item: [] });
  throwsCode(() => parseMessage(publish('<Count>0</Count>')), 'MESSAGE_INVALID');
  throwsCode(() => parseMessage(publish('<count>0</count>').replace(/publish_id/g, 'Publish_Id')), 'MESSAGE_INVALID');
});

test('<item> is always an array, also under elements wxmp has no type for', () => {
  const one = parseMessage(xml('<MsgType>event</MsgType><Event>new_event</Event><Wrapper><Count>1</Count><item><A>1</A></item></Wrapper><item>t</item>'));
  assert.ok(one.msgType === 'unknown');
  assert.deepEqual(one.wrapper, { count: '1', item: [{ a: '1' }] });
  assert.deepEqual(one.item, ['t']);
  const two = parseMessage(xml('<MsgType>event</MsgType><Event>new_event</Event><Wrapper><item><A>1</A></item><item><A>2</A></item></Wrapper>'));
  assert.ok(two.msgType === 'unknown');
  assert.deepEqual(two.wrapper, { item: [{ a: '1' }, { a: '2' }] });
  const deep = parseMessage(xml('<MsgType>event</MsgType><Event>new_event</Event><A><B><item/></B></A>'));
  assert.ok(deep.msgType === 'unknown');
  assert.deepEqual(deep.a, { b: { item: [''] } });
  // <Item> is not <item>: it keeps its own spelling and is not wrapped
  const other = parseMessage(xml('<MsgType>event</MsgType><Event>new_event</Event><W><Item>x</Item></W>'));
  assert.ok(other.msgType === 'unknown');
  assert.deepEqual(other.w, { $Item: 'x' });
});

test('camelCase is mechanical', () => {
  assert.equal(camelCase('Location_X'), 'locationX');
  assert.equal(camelCase('publish_id'), 'publishId');
  assert.equal(camelCase('article_url'), 'articleUrl');
  assert.equal(camelCase('MsgID'), 'msgID');
  assert.equal(camelCase('MediaId16K'), 'mediaId16K');
  assert.equal(camelCase('a__b_'), 'a_B_');
  assert.equal(camelCase('_x'), '_x');
  assert.equal(camelCase(''), '');
});

test('Vocabulary: documented names own their keys; two names for one key are a programming error', () => {
  const v = new Vocabulary();
  assert.equal(v.define('MsgId'), 'msgId');
  assert.equal(v.define('MsgId'), 'msgId');
  assert.equal(v.keyOf('MsgId'), 'msgId');
  assert.equal(v.keyOf('msgId'), '$msgId');
  assert.equal(v.keyOf('Other'), 'other');
  assert.throws(() => v.define('Msg_Id'), /two documented names/);
  assert.equal(v.reserve('scene'), 'scene');
  assert.equal(v.keyOf('Scene'), '$Scene');
  const inner = new Vocabulary();
  v.scope('Box', inner);
  assert.equal(v.inner('Box'), inner);
  assert.equal(v.inner('Other'), v);
  // unknown names are cached up to a bound; beyond it they are still converted, just not stored
  for (let i = 0; i < 1100; i++) assert.equal(v.keyOf(`N${i}`), `n${i}`);
  assert.equal(v.keyOf('N1099'), 'n1099');
});
