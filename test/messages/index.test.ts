import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WxmpError } from '../../src/errors.js';
import { parseMessage, toMessage, type Message } from '../../src/messages/index.js';
import { parseNumber } from '../../src/messages/convert.js';
import type { XmlRecord } from '../../src/xml/index.js';
import { fixtureText, throwsCode } from '../helpers.js';

const ENV = { toUserName: 'gh_123456789abc', fromUserName: 'oUser_1', createTime: 1348831860 };
const EV = { ...ENV, msgType: 'event' };

/** fixture file → the complete expected object (deepStrictEqual: nothing more, nothing less). */
const SAMPLES: Record<string, Record<string, unknown>> = {
  'text.xml': { ...ENV, msgType: 'text', content: 'this is a test', msgId: '24518394038279127401', msgDataId: '2247483652', idx: '1' },
  'image.xml': { ...ENV, msgType: 'image', picUrl: 'http://mmbiz.qpic.cn/a.jpg', mediaId: 'media_id_img', msgId: '1234567890123456' },
  'voice.xml': {
    ...ENV,
    createTime: 1357290913,
    msgType: 'voice',
    mediaId: 'media_id_voice',
    format: 'amr',
    recognition: '腾讯微信团队',
    mediaId16K: 'media_id_16k',
    msgId: '1234567890123457',
  },
  'video.xml': { ...ENV, createTime: 1357290913, msgType: 'video', mediaId: 'media_id_video', thumbMediaId: 'thumb_media_id', msgId: '1234567890123458' },
  'shortvideo.xml': {
    ...ENV,
    createTime: 1357290913,
    msgType: 'shortvideo',
    mediaId: 'media_id_short',
    thumbMediaId: 'thumb_media_id_short',
    msgId: '1234567890123459',
  },
  'location.xml': {
    ...ENV,
    createTime: 1351776360,
    msgType: 'location',
    locationX: 23.134521,
    locationY: 113.358803,
    scale: 20,
    label: '位置信息',
    msgId: '1234567890123460',
  },
  'link.xml': {
    ...ENV,
    createTime: 1351776360,
    msgType: 'link',
    title: '公众平台官网链接',
    description: '公众平台官网链接',
    url: 'https://mp.weixin.qq.com',
    msgId: '1234567890123461',
  },
  'file.xml': {
    ...ENV,
    createTime: 1351776360,
    msgType: 'file',
    title: 'report.pdf',
    description: '12.3 KB',
    fileKey: 'f0a1b2c3',
    fileMd5: '5a4b6c7d8e9f00112233445566778899',
    fileTotalLen: 12345,
    msgId: '1234567890123462',
  },
  'event-subscribe.xml': { ...EV, event: 'subscribe' },
  'event-subscribe-qrscene.xml': { ...EV, event: 'subscribe', eventKey: 'qrscene_123123', ticket: 'TICKET', scene: '123123' },
  'event-unsubscribe.xml': { ...EV, event: 'unsubscribe', eventKey: '' },
  'event-scan.xml': { ...EV, event: 'SCAN', eventKey: 'SCENE_VALUE', ticket: 'TICKET', scene: 'SCENE_VALUE' },
  'event-location.xml': { ...EV, event: 'LOCATION', latitude: 23.137466, longitude: 113.352425, precision: 119.38504 },
  'event-click.xml': { ...EV, event: 'CLICK', eventKey: 'V1001_TODAY_MUSIC' },
  'event-view.xml': { ...EV, event: 'VIEW', eventKey: 'http://www.example.com/', menuId: '208396938' },
  'event-scancode_push.xml': { ...EV, event: 'scancode_push', eventKey: '6', scanCodeInfo: { scanType: 'qrcode', scanResult: '1' } },
  'event-scancode_waitmsg.xml': {
    ...EV,
    event: 'scancode_waitmsg',
    eventKey: '6',
    scanCodeInfo: { scanType: 'barcode', scanResult: 'EAN_13,6901234567892' },
  },
  'event-pic_sysphoto.xml': {
    ...EV,
    event: 'pic_sysphoto',
    eventKey: '6',
    sendPicsInfo: { count: 1, picList: [{ picMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' }] },
  },
  'event-pic_photo_or_album.xml': {
    ...EV,
    event: 'pic_photo_or_album',
    eventKey: '6',
    sendPicsInfo: { count: 2, picList: [{ picMd5Sum: '5a75aaca956d97be686719218f275c6b' }, { picMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' }] },
  },
  'event-pic_weixin.xml': {
    ...EV,
    event: 'pic_weixin',
    eventKey: '6',
    sendPicsInfo: { count: 1, picList: [{ picMd5Sum: '5a75aaca956d97be686719218f275c6b' }] },
  },
  'event-location_select.xml': {
    ...EV,
    event: 'location_select',
    eventKey: '6',
    sendLocationInfo: { locationX: 23, locationY: 113, scale: 15, label: ' 广州市海珠区客村艺苑路 106号', poiname: '' },
  },
  'event-view_miniprogram.xml': { ...EV, event: 'view_miniprogram', eventKey: 'pages/index/index', menuId: 'MENUID' },
  'event-templatesendjobfinish.xml': { ...EV, event: 'TEMPLATESENDJOBFINISH', msgID: '200163836', status: 'success' },
  'event-masssendjobfinish.xml': {
    ...EV,
    event: 'MASSSENDJOBFINISH',
    msgID: '1000001625',
    status: 'err(30003)',
    totalCount: 0,
    filterCount: 0,
    sentCount: 0,
    errorCount: 0,
    copyrightCheckResult: {
      count: 2,
      resultList: [1, 2].map((n) => ({
        articleIdx: n,
        userDeclareState: 0,
        auditState: 2,
        originalArticleUrl: `Url_${n}`,
        originalArticleType: 1,
        canReprint: 1,
        needReplaceContent: 1,
        needShowReprintSource: 1,
      })),
      checkState: 2,
    },
    articleUrlResult: { count: 1, resultList: [{ articleIdx: 1, articleUrl: 'http://mp.weixin.qq.com/s/abc' }] },
  },
  'event-publishjobfinish.xml': {
    ...EV,
    event: 'PUBLISHJOBFINISH',
    publishEventInfo: {
      publishId: '2247503051',
      publishStatus: 2,
      articleId: 'b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvy',
      articleDetail: { count: 1, item: [{ idx: '1', articleUrl: 'ArticleURL' }] },
      failIdx: ['1', '2'],
    },
  },
  'event-subscribe_msg_popup_event.xml': {
    ...EV,
    event: 'subscribe_msg_popup_event',
    subscribeMsgPopupEvent: {
      list: [
        { templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', subscribeStatusString: 'accept', popupScene: '2' },
        { templateId: '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI', subscribeStatusString: 'reject', popupScene: '2' },
      ],
    },
  },
  'event-subscribe_msg_popup_event-single.xml': {
    ...EV,
    event: 'subscribe_msg_popup_event',
    subscribeMsgPopupEvent: { list: [{ templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', subscribeStatusString: 'accept', popupScene: '1' }] },
  },
  'event-subscribe_msg_change_event.xml': {
    ...EV,
    event: 'subscribe_msg_change_event',
    subscribeMsgChangeEvent: { list: [{ templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', subscribeStatusString: 'reject' }] },
  },
  'event-subscribe_msg_sent_event.xml': {
    ...EV,
    event: 'subscribe_msg_sent_event',
    subscribeMsgSentEvent: {
      list: [{ templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', msgID: '1700827132819554304', errorCode: 0, errorStatus: 'success' }],
    },
  },
  'event-kf_create_session.xml': { ...EV, event: 'kf_create_session', kfAccount: 'test1@test' },
  'event-kf_close_session.xml': { ...EV, event: 'kf_close_session', kfAccount: 'test1@test' },
  'event-kf_switch_session.xml': { ...EV, event: 'kf_switch_session', fromKfAccount: 'test1@test', toKfAccount: 'test2@test' },
  'event-qualification_verify_success.xml': { ...EV, event: 'qualification_verify_success', expiredTime: 1442401156 },
  'event-qualification_verify_fail.xml': { ...EV, event: 'qualification_verify_fail', failTime: 1442401122, failReason: 'by time' },
  'event-naming_verify_success.xml': { ...EV, event: 'naming_verify_success', expiredTime: 1442401093 },
  'event-naming_verify_fail.xml': { ...EV, event: 'naming_verify_fail', failTime: 1442401061, failReason: 'by time' },
  'event-annual_renew.xml': { ...EV, event: 'annual_renew', expiredTime: 1442401004 },
  'event-verify_expired.xml': { ...EV, event: 'verify_expired', expiredTime: 1442400900 },
  'unknown-miniprogrampage.xml': {
    ...ENV,
    msgType: 'unknown',
    rawMsgType: 'miniprogrampage',
    msgId: '1234567890123463',
    title: '小程序卡片',
    appId: 'wx1234567890abcdef',
    pagePath: 'pages/index/index',
    thumbUrl: 'http://mmbiz.qpic.cn/t.jpg',
    thumbMediaId: 'thumb_1',
  },
  'unknown-event.xml': {
    ...ENV,
    msgType: 'unknown',
    rawMsgType: 'event',
    event: 'user_info_modified',
    openID: 'oUser_1',
    appID: 'wx1234567890abcdef',
    revokeInfo: '301',
  },
};

for (const [file, expected] of Object.entries(SAMPLES)) {
  test(`parseMessage: ${file} → every field`, () => {
    assert.deepStrictEqual({ ...parseMessage(fixtureText(`messages/${file}`)) }, expected);
  });
}

/** A push as parseXml would return it (null-prototype record). */
function rec(fields: Record<string, XmlRecord[string]>): XmlRecord {
  return Object.assign(Object.create(null) as XmlRecord, { ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: '1700000000' }, fields);
}

test('a 20-digit MsgId stays the exact string', () => {
  const m = toMessage(rec({ MsgType: 'text', Content: 'x', MsgId: '24518394038279127401' }));
  assert.equal(m.msgType, 'text');
  assert.equal(m.msgType === 'text' && m.msgId, '24518394038279127401');
  const sent = toMessage(rec({ MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: '9223372036854775807', Status: 'success' }));
  assert.equal(sent.msgType === 'event' && sent.event === 'TEMPLATESENDJOBFINISH' && sent.msgID, '9223372036854775807');
});

test('subscribe: qrscene_ exposes the scene, a plain follow has none, an empty key has none', () => {
  const qr = toMessage(rec({ MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_abc_1', Ticket: 't' }));
  assert.ok(qr.msgType === 'event' && qr.event === 'subscribe');
  assert.equal(qr.scene, 'abc_1');
  assert.equal(qr.eventKey, 'qrscene_abc_1');
  const plain = toMessage(rec({ MsgType: 'event', Event: 'subscribe' }));
  assert.ok(plain.msgType === 'event' && plain.event === 'subscribe');
  assert.ok(!('scene' in plain));
  const empty = toMessage(rec({ MsgType: 'event', Event: 'subscribe', EventKey: '' }));
  assert.ok(!('scene' in empty));
  const bare = toMessage(rec({ MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_' }));
  assert.equal((bare as { scene?: string }).scene, '');
});

test('a pushed <Scene> element is kept as $Scene: scene is the derived field', () => {
  const m = toMessage(rec({ MsgType: 'event', Event: 'SCAN', EventKey: '42', Scene: 'pushed' }));
  assert.deepStrictEqual(
    { ...m },
    { toUserName: 'gh_1', fromUserName: 'o1', createTime: 1700000000, msgType: 'event', event: 'SCAN', eventKey: '42', $Scene: 'pushed', scene: '42' },
  );
});

test('subscribe popup List: one object and an array both give an array; empty gives []', () => {
  const item = (id: string) => Object.assign(Object.create(null) as XmlRecord, { TemplateId: id, SubscribeStatusString: 'accept', PopupScene: '0' });
  const box = (list: XmlRecord[string]) => Object.assign(Object.create(null) as XmlRecord, { List: list });
  const one = toMessage(rec({ MsgType: 'event', Event: 'subscribe_msg_popup_event', SubscribeMsgPopupEvent: box(item('a')) }));
  const many = toMessage(rec({ MsgType: 'event', Event: 'subscribe_msg_popup_event', SubscribeMsgPopupEvent: box([item('a'), item('b')]) }));
  assert.ok(one.msgType === 'event' && one.event === 'subscribe_msg_popup_event');
  assert.ok(many.msgType === 'event' && many.event === 'subscribe_msg_popup_event');
  assert.deepStrictEqual(one.subscribeMsgPopupEvent.list, [{ templateId: 'a', subscribeStatusString: 'accept', popupScene: '0' }]);
  assert.deepStrictEqual(
    many.subscribeMsgPopupEvent.list.map((x) => x.templateId),
    ['a', 'b'],
  );
  const none = toMessage(rec({ MsgType: 'event', Event: 'subscribe_msg_change_event', SubscribeMsgChangeEvent: '' }));
  assert.ok(none.msgType === 'event' && none.event === 'subscribe_msg_change_event');
  assert.deepStrictEqual(none.subscribeMsgChangeEvent, { list: [] });
});

test('empty list wrappers and missing optional lists normalise to []', () => {
  const info = Object.assign(Object.create(null) as XmlRecord, { Count: '0', PicList: '' });
  const m = toMessage(rec({ MsgType: 'event', Event: 'pic_weixin', EventKey: 'k', SendPicsInfo: info }));
  assert.ok(m.msgType === 'event' && m.event === 'pic_weixin');
  assert.deepStrictEqual(m.sendPicsInfo, { count: 0, picList: [] });
  const mass = parseMessage(
    '<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>MASSSENDJOBFINISH</Event>' +
      '<MsgID>1</MsgID><Status>send success</Status><TotalCount>4</TotalCount><FilterCount>4</FilterCount><SentCount>4</SentCount><ErrorCount>0</ErrorCount>' +
      '<CopyrightCheckResult><Count>0</Count><ResultList></ResultList><CheckState>0</CheckState></CopyrightCheckResult></xml>',
  );
  assert.ok(mass.msgType === 'event' && mass.event === 'MASSSENDJOBFINISH');
  assert.deepStrictEqual(mass.copyrightCheckResult, { count: 0, resultList: [], checkState: 0 });
  assert.equal(mass.articleUrlResult, undefined);
  const pub = parseMessage(
    '<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>PUBLISHJOBFINISH</Event>' +
      '<PublishEventInfo><publish_id>7</publish_id><publish_status>1</publish_status><article_detail><count>0</count></article_detail><fail_idx></fail_idx></PublishEventInfo></xml>',
  );
  assert.ok(pub.msgType === 'event' && pub.event === 'PUBLISHJOBFINISH');
  assert.deepStrictEqual(pub.publishEventInfo, { publishId: '7', publishStatus: 1, articleDetail: { count: 0, item: [] }, failIdx: [] });
  const single = toMessage(
    rec({
      MsgType: 'event',
      Event: 'PUBLISHJOBFINISH',
      PublishEventInfo: Object.assign(Object.create(null) as XmlRecord, { publish_id: '7', publish_status: '0', fail_idx: '3' }),
    }),
  );
  assert.deepStrictEqual((single as { publishEventInfo: unknown }).publishEventInfo, { publishId: '7', publishStatus: 0, failIdx: ['3'] });
});

test('case variants of event and msgType are accepted and normalised', () => {
  for (const [raw, canonical] of [
    ['scan', 'SCAN'],
    ['Location', 'LOCATION'],
    ['click', 'CLICK'],
    ['view', 'VIEW'],
    ['SUBSCRIBE', 'subscribe'],
    ['templatesendjobfinish', 'TEMPLATESENDJOBFINISH'],
  ] as const) {
    const m = toMessage(rec({ MsgType: 'EVENT', Event: raw, EventKey: 'k', Latitude: '1', Longitude: '2', Precision: '3', MsgID: '1', Status: 's' }));
    assert.equal(m.msgType, 'event', raw);
    assert.equal((m as { event: string }).event, canonical, raw);
  }
  const t = toMessage(rec({ MsgType: 'Text', Content: 'x', MsgId: '1' }));
  assert.equal(t.msgType, 'text');
});

test('unknown fields are kept, camelCased, with nested structure', () => {
  const nestedRec = Object.assign(Object.create(null) as XmlRecord, { Inner_Value: 'v', Items: ['1', '2'] });
  const m = toMessage(rec({ MsgType: 'text', Content: 'x', MsgId: '1', Extra_Field: 'e', Nested: nestedRec, Repeated: ['a', 'b'] }));
  assert.deepStrictEqual(
    { ...m },
    {
      toUserName: 'gh_1',
      fromUserName: 'o1',
      createTime: 1700000000,
      msgType: 'text',
      content: 'x',
      msgId: '1',
      extraField: 'e',
      nested: { innerValue: 'v', items: ['1', '2'] },
      repeated: ['a', 'b'],
    },
  );
});

test('unknown variant: keeps rawMsgType, event and every field; a pushed RawMsgType is not lost', () => {
  const m = toMessage(rec({ MsgType: 'miniprogrampage', RawMsgType: 'pushed', Title: 't' }));
  assert.equal(m.msgType, 'unknown');
  assert.ok(m.msgType === 'unknown');
  assert.equal(m.rawMsgType, 'miniprogrampage');
  assert.equal(m.$RawMsgType, 'pushed');
  assert.equal(m.title, 't');
});

test('a name whose camelCase is a known field key is kept as $ + its name, in either order', () => {
  for (const fields of [
    { Location_X: '1', LocationX: '2' },
    { LocationX: '2', Location_X: '1' },
  ]) {
    const m = toMessage(rec({ MsgType: 'x', ...fields })) as Record<string, unknown>;
    assert.equal(m.locationX, '1');
    assert.equal(m.$LocationX, '2');
  }
});

test('two unknown names meeting on one key: the later one is kept as $ + its name', () => {
  const m = toMessage(rec({ MsgType: 'x', Foo_Bar: '1', FooBar: '2', fooBar: '3' })) as Record<string, unknown>;
  assert.deepStrictEqual([m.fooBar, m.$FooBar, m.$fooBar], ['1', '2', '3']);
});

test('__proto__ elements become own data, never the prototype', () => {
  const r = rec({ MsgType: 'x', _Proto__: 'first' });
  Object.defineProperty(r, '__proto__', { value: 'evil', enumerable: true });
  const m = toMessage(r) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(m), Object.prototype);
  assert.equal(m._Proto__, 'first');
  assert.equal(m.$__proto__, 'evil');
  const own = Object.assign(Object.create(null) as XmlRecord, { ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: '1', MsgType: 'x', Constructor: 'c' });
  Object.defineProperty(own, '$x', { value: 'v', enumerable: true });
  Object.defineProperty(own, 'x', { value: 'w', enumerable: true });
  const n = toMessage(own) as Record<string, unknown>;
  assert.ok(Object.hasOwn(n, 'constructor'));
  assert.equal(n.constructor, 'c');
  assert.deepStrictEqual([n.$x, n.x], ['v', 'w']);
});

test('parseNumber accepts documented number forms only', () => {
  assert.equal(parseNumber(' 12 ', true), 12);
  assert.equal(parseNumber('-3', true), -3);
  assert.equal(parseNumber('1.5', true), undefined);
  assert.equal(parseNumber('1.5', false), 1.5);
  assert.equal(parseNumber('1e3', false), undefined);
  assert.equal(parseNumber('', false), undefined);
  assert.equal(parseNumber('0x10', true), undefined);
  assert.equal(parseNumber('9007199254740993', true), undefined);
  assert.equal(parseNumber('9'.repeat(41), false), undefined);
});

test('MESSAGE_INVALID: envelope missing, empty or nested', () => {
  const base = { ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: '1', MsgType: 'text', Content: 'x', MsgId: '1' };
  const kids = Object.assign(Object.create(null) as XmlRecord, { a: 'b' });
  for (const key of ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType'] as const) {
    const without: Record<string, XmlRecord[string]> = { ...base };
    delete without[key];
    throwsCode(() => toMessage(Object.assign(Object.create(null) as XmlRecord, without)), 'MESSAGE_INVALID');
    throwsCode(() => toMessage(Object.assign(Object.create(null) as XmlRecord, { ...base, [key]: kids })), 'MESSAGE_INVALID');
    throwsCode(() => toMessage(Object.assign(Object.create(null) as XmlRecord, { ...base, [key]: [base[key], base[key]] })), 'MESSAGE_INVALID');
  }
  for (const key of ['ToUserName', 'FromUserName', 'MsgType'] as const) {
    throwsCode(() => toMessage(Object.assign(Object.create(null) as XmlRecord, { ...base, [key]: ' ' })), 'MESSAGE_INVALID');
  }
  throwsCode(() => toMessage(Object.assign(Object.create(null) as XmlRecord, { ...base, CreateTime: '' })), 'MESSAGE_INVALID');
});

test('MESSAGE_INVALID names the field that is not a number', () => {
  const e = throwsCode(
    () => toMessage(rec({ MsgType: 'location', Location_X: 'north', Location_Y: '1', Scale: '1', Label: 'l', MsgId: '1' })),
    'MESSAGE_INVALID',
  );
  assert.match(e.message, /locationX/);
  const c = throwsCode(() => toMessage(rec({ CreateTime: '17e8', MsgType: 'text', Content: 'x', MsgId: '1' })), 'MESSAGE_INVALID');
  assert.match(c.message, /createTime/);
  const n = throwsCode(
    () =>
      toMessage(rec({ MsgType: 'event', Event: 'pic_weixin', EventKey: 'k', SendPicsInfo: Object.assign(Object.create(null) as XmlRecord, { Count: 'one' }) })),
    'MESSAGE_INVALID',
  );
  assert.match(n.message, /sendPicsInfo\.count/);
  const l = throwsCode(() => parseMessage(fixtureText('messages/event-location.xml').replace('23.137466', '23,1')), 'MESSAGE_INVALID');
  assert.match(l.message, /latitude/);
});

test('MESSAGE_INVALID: required fields and structures', () => {
  const cases: Record<string, XmlRecord[string]>[] = [
    { MsgType: 'text', MsgId: '1' }, // no Content
    { MsgType: 'text', Content: 'x' }, // no MsgId
    { MsgType: 'text', Content: ['a', 'b'], MsgId: '1' }, // repeated
    { MsgType: 'event' }, // no Event
    { MsgType: 'event', Event: Object.assign(Object.create(null) as XmlRecord, { a: 'b' }) },
    { MsgType: 'event', Event: 'CLICK' }, // no EventKey
    { MsgType: 'event', Event: 'scancode_push', EventKey: 'k' }, // no ScanCodeInfo
    { MsgType: 'event', Event: 'scancode_push', EventKey: 'k', ScanCodeInfo: 'flat' },
    { MsgType: 'event', Event: 'pic_weixin', EventKey: 'k', SendPicsInfo: Object.assign(Object.create(null) as XmlRecord, { Count: '1', PicList: 'x' }) },
    {
      MsgType: 'event',
      Event: 'pic_weixin',
      EventKey: 'k',
      SendPicsInfo: Object.assign(Object.create(null) as XmlRecord, { Count: '1', PicList: Object.assign(Object.create(null) as XmlRecord, { item: 'x' }) }),
    },
    {
      MsgType: 'event',
      Event: 'pic_weixin',
      EventKey: 'k',
      SendPicsInfo: Object.assign(Object.create(null) as XmlRecord, { Count: '1', PicList: Object.assign(Object.create(null) as XmlRecord, { other: 'x' }) }),
    },
    { MsgType: 'event', Event: 'PUBLISHJOBFINISH' },
    {
      MsgType: 'event',
      Event: 'PUBLISHJOBFINISH',
      PublishEventInfo: Object.assign(Object.create(null) as XmlRecord, {
        publish_id: '1',
        publish_status: '0',
        fail_idx: [Object.assign(Object.create(null) as XmlRecord, { a: 'b' })],
      }),
    },
    { MsgType: 'event', Event: 'subscribe_msg_sent_event', SubscribeMsgSentEvent: Object.assign(Object.create(null) as XmlRecord, { List: 'x' }) },
    { MsgType: 'event', Event: 'qualification_verify_fail', FailTime: 'yesterday', FailReason: 'r' },
    { MsgType: 'file', Title: 't', FileKey: 'k', FileMd5: 'm', FileTotalLen: '1.5', MsgId: '1' },
  ];
  for (const fields of cases) throwsCode(() => toMessage(rec(fields)), 'MESSAGE_INVALID');
});

test('an encrypted push hints that it must be decrypted first', () => {
  const e = throwsCode(() => toMessage(Object.assign(Object.create(null) as XmlRecord, { ToUserName: 'gh_1', Encrypt: 'abc' })), 'MESSAGE_INVALID');
  assert.match(e.message, /ToUserName|FromUserName|decrypt/);
  const e2 = throwsCode(
    () => toMessage(Object.assign(Object.create(null) as XmlRecord, { ToUserName: 'gh_1', FromUserName: 'o', CreateTime: '1', Encrypt: 'abc' })),
    'MESSAGE_INVALID',
  );
  assert.match(e2.message, /decrypt it first/);
});

test('error messages echo at most 32 characters of input', () => {
  const long = 'A'.repeat(500);
  const e = throwsCode(() => toMessage(rec({ CreateTime: long, MsgType: 'x' })), 'MESSAGE_INVALID');
  assert.ok(e.message.length < 200, e.message);
});

test('non-XML values and over-deep or cyclic records are MESSAGE_INVALID, not a crash', () => {
  throwsCode(() => toMessage(rec({ MsgType: 'x', Weird: 5 as unknown as string })), 'MESSAGE_INVALID');
  throwsCode(() => toMessage(rec({ MsgType: 'x', Weird: [5 as unknown as string] })), 'MESSAGE_INVALID');
  const cyclic = Object.create(null) as XmlRecord;
  cyclic.self = cyclic;
  throwsCode(() => toMessage(rec({ MsgType: 'x', Loop: cyclic })), 'MESSAGE_INVALID');
});

test('INVALID_ARGUMENT for non-object records and non-string XML', () => {
  for (const bad of [null, undefined, 'x', 1, []]) throwsCode(() => toMessage(bad as unknown as XmlRecord), 'INVALID_ARGUMENT');
  throwsCode(() => parseMessage(1 as unknown as string), 'INVALID_ARGUMENT');
});

test('parser errors surface with their XML_* code', () => {
  let caught: unknown;
  try {
    parseMessage('<xml><a></b></xml>');
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof WxmpError);
  assert.match(caught.code, /^XML_/);
});

const xmlValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), tie('record'), fc.array(fc.oneof(fc.string(), tie('record')), { maxLength: 3 })),
  record: fc.dictionary(
    fc.oneof(fc.constantFrom('MsgType', 'Event', 'List', 'item', 'Count', 'EventKey', 'SendPicsInfo', 'PicList'), fc.string()),
    tie('value'),
    {
      maxKeys: 5,
    },
  ),
})).value;

const ENVELOPE_KEYS = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event'];

test('property: toMessage never raises anything but WxmpError', () => {
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.oneof(fc.constantFrom(...ENVELOPE_KEYS, 'EventKey', 'SendPicsInfo', 'ScanCodeInfo', 'PublishEventInfo', 'SubscribeMsgPopupEvent'), fc.string()),
        fc.oneof(xmlValue, fc.anything()),
      ),
      fc.constantFrom('text', 'event', 'location', 'file', 'weird'),
      fc.constantFrom('subscribe', 'SCAN', 'pic_weixin', 'PUBLISHJOBFINISH', 'MASSSENDJOBFINISH', 'subscribe_msg_popup_event', 'LOCATION', 'zzz'),
      (fields, msgType, event) => {
        const r = Object.assign(
          Object.create(null) as XmlRecord,
          { ToUserName: 'a', FromUserName: 'b', CreateTime: '1', MsgType: msgType, Event: event },
          fields,
        );
        try {
          const m = toMessage(r);
          assert.equal(typeof m.msgType, 'string');
        } catch (e) {
          if (!(e instanceof WxmpError)) throw e;
        }
      },
    ),
    { numRuns: 2000 },
  );
});

test('property: parseMessage never raises anything but WxmpError', () => {
  const element = fc
    .tuple(fc.constantFrom('MsgType', 'Event', 'Content', 'CreateTime', 'List', 'item', 'x_y'), fc.string())
    .map(([n, t]) => `<${n}>${t}</${n}>`);
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.array(element, { maxLength: 8 }).map((els) => `<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName>${els.join('')}</xml>`),
      ),
      (xml) => {
        try {
          parseMessage(xml);
        } catch (e) {
          if (!(e instanceof WxmpError)) throw e;
        }
      },
    ),
    { numRuns: 1000 },
  );
});

test('every Message returned has a literal discriminant', () => {
  const seen = new Set<string>();
  for (const file of Object.keys(SAMPLES)) {
    const m: Message = parseMessage(fixtureText(`messages/${file}`));
    seen.add(m.msgType === 'event' ? `event:${m.event}` : m.msgType);
  }
  // 8 user messages + 28 events + unknown; subscribe-qrscene, popup-single and the 2nd unknown repeat a variant
  assert.equal(seen.size, 37);
});
