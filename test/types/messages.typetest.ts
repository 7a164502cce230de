// Compile-time proof that the Message union narrows. `tsc --noEmit` fails if a narrowing stops
// working (a plain access below errors) or starts accepting a wrong access (a `@ts-expect-error`
// becomes unused). The runtime part only checks that the narrowed code paths run on real data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventOfType, LenientMessage, Message, MessageOfType, Reply, ParsedReply, WebhookOptions, WxmpError, XmlLimits } from '../../src/index.js';
import { parseMessage, parseXml, toMessage, toMessageLenient } from '../../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

export function narrowing(m: Message): string {
  // @ts-expect-error — `content` exists only on text messages
  void m.content;

  if (m.msgType === 'text') {
    expectType<Equal<typeof m.content, string>>(true);
    expectType<Equal<typeof m.msgId, string>>(true);
    expectType<Equal<typeof m.createTime, number>>(true);
    return m.content;
  }
  if (m.msgType === 'image') {
    // @ts-expect-error — an image has no content
    void m.content;
    return m.picUrl;
  }
  if (m.msgType === 'location') {
    expectType<Equal<typeof m.locationX, number>>(true);
    return m.label;
  }
  if (m.msgType === 'event' && m.event === 'subscribe') {
    expectType<Equal<typeof m.scene, string | undefined>>(true);
    return m.scene ?? '';
  }
  if (m.msgType === 'event' && m.event === 'SCAN') {
    expectType<Equal<typeof m.scene, string>>(true);
    return m.scene;
  }
  if (m.msgType === 'event') {
    // @ts-expect-error — the remaining events have no `scene`
    void m.scene;
    // @ts-expect-error — event names are case-sensitive literals
    if (m.event === 'scan') return '';
    switch (m.event) {
      case 'LOCATION':
        expectType<Equal<typeof m.latitude, number>>(true);
        return String(m.precision);
      case 'pic_weixin':
        expectType<Equal<typeof m.sendPicsInfo.picList, { picMd5Sum: string }[]>>(true);
        return m.sendPicsInfo.picList[0]?.picMd5Sum ?? '';
      case 'subscribe_msg_popup_event':
        return m.subscribeMsgPopupEvent.list.map((x) => x.templateId).join();
      case 'TEMPLATESENDJOBFINISH':
        expectType<Equal<typeof m.msgID, string>>(true);
        return m.status;
      default:
        return m.event;
    }
  }
  if (m.msgType === 'unknown') {
    expectType<Equal<typeof m.rawMsgType, string>>(true);
    expectType<Equal<typeof m.event, string | undefined>>(true);
    return `${m.rawMsgType}/${String(m.anyOtherField)}`;
  }
  // Every variant is handled above or below: `m` is now a normal message other than text/image/location.
  expectType<Equal<typeof m.msgType, 'voice' | 'video' | 'shortvideo' | 'link' | 'file'>>(true);
  return m.msgId;
}

export function exhaustive(m: Message): number {
  switch (m.msgType) {
    case 'text':
    case 'image':
    case 'voice':
    case 'video':
    case 'shortvideo':
    case 'location':
    case 'link':
    case 'file':
      return 1;
    case 'event':
      return 2;
    case 'unknown':
      return 3;
    default: {
      const never: never = m;
      return never;
    }
  }
}

// Helper types pick the right variant.
expectType<Equal<MessageOfType<'voice'>['recognition'], string | undefined>>(true);
expectType<Equal<EventOfType<'VIEW'>['eventKey'], string>>(true);

// The lenient result: always a Message; a warning only of the drift code.
expectType<Equal<LenientMessage['message'], Message>>(true);
expectType<Equal<LenientMessage['warning'], WxmpError<'MESSAGE_SCHEMA_DRIFT'> | undefined>>(true);
// invalidChars is part of XmlLimits, so the webhook takes it without a cast.
expectType<Equal<XmlLimits['invalidChars'], 'reject' | 'strip' | undefined>>(true);
export const strictWebhookXml: WebhookOptions['xmlLimits'] = { invalidChars: 'reject', maxLength: 65_536 };
// @ts-expect-error — only the two policies
export const badPolicy: XmlLimits = { invalidChars: 'replace' };

export function replies(r: ParsedReply): Reply {
  if (r.msgType === 'news') {
    expectType<Equal<(typeof r.articles)[number]['title'], string>>(true);
    expectType<Equal<typeof r.createTime, number>>(true);
  }
  // @ts-expect-error — a reply needs its required fields
  const bad: Reply = { msgType: 'image' };
  void bad;
  return r;
}

test('narrowed code paths run on parsed messages', () => {
  const base = '<ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>';
  assert.equal(narrowing(parseMessage(`<xml>${base}<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>`)), 'hi');
  assert.equal(narrowing(parseMessage(`<xml>${base}<MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_7</EventKey></xml>`)), '7');
  assert.equal(narrowing(parseMessage(`<xml>${base}<MsgType>event</MsgType><Event>SCAN</Event><EventKey>9</EventKey></xml>`)), '9');
  const unknown = toMessage(
    Object.assign(Object.create(null) as Record<string, string>, {
      ToUserName: 'a',
      FromUserName: 'b',
      CreateTime: '1',
      MsgType: 'new_type',
      AnyOtherField: 'z',
    }),
  );
  assert.equal(narrowing(unknown), 'new_type/z');
  assert.equal(exhaustive(unknown), 3);
  const drift = toMessageLenient(parseXml(`<xml>${base}<MsgType>text</MsgType><Content>hi</Content></xml>`));
  assert.equal(drift.warning?.code, 'MESSAGE_SCHEMA_DRIFT');
  assert.equal(narrowing(drift.message), 'text/undefined');
});
