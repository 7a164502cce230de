// Schema drift: toMessageLenient delivers what toMessage refuses, as 'unknown' plus a warning.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WxmpError } from '../../src/errors.js';
import { parseMessage, toMessage, toMessageLenient, type Message } from '../../src/messages/index.js';
import { renderReply } from '../../src/replies/index.js';
import { buildXml, parseXml, type XmlRecord } from '../../src/xml/index.js';
import { parseWith, xmlConfig } from '../../src/xml/parse.js';
import { fixtureText, throwsCode } from '../helpers.js';

const record = (xml: string): XmlRecord => parseWith(xml, xmlConfig());
const ENVELOPE = '<ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1700000000</CreateTime>';

test('a push that fits its type: the typed message, no warning', () => {
  const r = record(`<xml>${ENVELOPE}<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>`);
  const out = toMessageLenient(r);
  assert.equal(out.warning, undefined);
  assert.deepEqual(out.message, toMessage(r));
  assert.ok(!('warning' in out));
});

test('a text without MsgId (wego sample: <MsgID>): unknown + MESSAGE_SCHEMA_DRIFT naming the field', () => {
  const xml = fixtureText('field/wego-text-msgid-variant.xml');
  throwsCode(() => parseMessage(xml), 'MESSAGE_INVALID');
  const { message, warning } = toMessageLenient(record(xml));
  assert.ok(warning instanceof WxmpError);
  assert.equal(warning.code, 'MESSAGE_SCHEMA_DRIFT');
  assert.match(warning.message, /msgId/);
  assert.match(warning.message, /rawMsgType "text"/);
  assert.equal((warning as { cause?: WxmpError }).cause?.code, 'MESSAGE_INVALID');
  assert.deepEqual(
    { ...message },
    {
      toUserName: 'toUser',
      fromUserName: 'fromUser',
      createTime: 1348831860,
      msgType: 'unknown',
      rawMsgType: 'text',
      content: 'thisisatest',
      msgID: '1234567890123456',
    },
  );
});

test('an image whose fields are case variants (wego sample): unknown, the variants kept, never the fields', () => {
  const { message, warning } = toMessageLenient(record(fixtureText('field/wego-image-case-variants.xml')));
  assert.equal(warning?.code, 'MESSAGE_SCHEMA_DRIFT');
  assert.ok(message.msgType === 'unknown');
  assert.equal(message.rawMsgType, 'image');
  assert.deepEqual([message.picURL, message.mediaID, message.picUrl, message.mediaId], ['thisisaurl', 'media_id', undefined, undefined]);
});

test('an image without MediaId, a bad number, an unexpected nesting: each delivered, fields as parsed', () => {
  const cases: [string, RegExp][] = [
    ['<MsgType>image</MsgType><PicUrl>http://p</PicUrl><MsgId>1</MsgId>', /mediaId/],
    ['<MsgType>location</MsgType><Location_X>north</Location_X><Location_Y>1</Location_Y><Scale>1</Scale><Label>l</Label><MsgId>1</MsgId>', /locationX/],
    ['<MsgType>event</MsgType><Event>scancode_push</Event><EventKey>6</EventKey><ScanCodeInfo>flat</ScanCodeInfo>', /scanCodeInfo/],
    [
      '<MsgType>event</MsgType><Event>pic_weixin</Event><EventKey>6</EventKey><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item><extra>x</extra></PicList></SendPicsInfo>',
      /picList/,
    ],
    ['<MsgType>event</MsgType><Event>CLICK</Event>', /eventKey/],
    ['<MsgType>event</MsgType>', /Event/],
  ];
  for (const [body, field] of cases) {
    const r = record(`<xml>${ENVELOPE}${body}</xml>`);
    throwsCode(() => toMessage(r), 'MESSAGE_INVALID');
    const { message, warning } = toMessageLenient(r);
    assert.equal(warning?.code, 'MESSAGE_SCHEMA_DRIFT', body);
    assert.match(warning?.message ?? '', field, body);
    assert.ok(message.msgType === 'unknown');
    assert.deepEqual([message.toUserName, message.fromUserName, message.createTime], ['gh_1', 'o1', 1700000000]);
  }
  const loc = toMessageLenient(record(`<xml>${ENVELOPE}${cases[1]![0]}</xml>`)).message as Record<string, unknown>;
  assert.deepEqual([loc.rawMsgType, loc.locationX, loc.locationY, loc.scale], ['location', 'north', '1', '1'], 'no half-converted fields');
});

test('a broken envelope is still delivered: empty strings, 0, the originals under $Name', () => {
  const nested = '<ToUserName><a>x</a></ToUserName><CreateTime>soon</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId>';
  const { message, warning } = toMessageLenient(record(`<xml>${nested}</xml>`));
  assert.equal(warning?.code, 'MESSAGE_SCHEMA_DRIFT');
  const m = message as unknown as Record<string, unknown>;
  assert.deepEqual([m.msgType, m.rawMsgType, m.toUserName, m.fromUserName, m.createTime], ['unknown', 'text', '', '', 0]);
  assert.deepEqual([m.$ToUserName, m.$CreateTime, m.content], [{ a: 'x' }, 'soon', 'hi']);
  assert.ok(!('$FromUserName' in m), 'nothing to keep when the element is absent');
  const typeless = toMessageLenient(record('<xml><MsgType><a/></MsgType><Event><b/></Event></xml>')).message as unknown as Record<string, unknown>;
  assert.deepEqual(
    [typeless.msgType, typeless.rawMsgType, typeless.$MsgType, typeless.$Event, typeless.event],
    ['unknown', '', { a: '' }, { b: '' }, undefined],
  );
  const empty = toMessageLenient(record('<xml/>'));
  assert.deepEqual({ ...empty.message }, { toUserName: '', fromUserName: '', createTime: 0, msgType: 'unknown', rawMsgType: '' });
});

test('not schema: bad arguments and records no parser produces still throw', () => {
  throwsCode(() => toMessageLenient(null as unknown as XmlRecord), 'INVALID_ARGUMENT');
  throwsCode(() => toMessageLenient(Object.assign(Object.create(null) as XmlRecord, { MsgType: 'x', Weird: 5 as unknown as string })), 'MESSAGE_INVALID');
});

const nameArb = fc.oneof(
  fc.constantFrom(
    'ToUserName',
    'FromUserName',
    'CreateTime',
    'MsgType',
    'Event',
    'EventKey',
    'MsgId',
    'Content',
    'SendPicsInfo',
    'PicList',
    'item',
    'Count',
    'PublishEventInfo',
    'publish_id',
    'List',
    'ScanCodeInfo',
    'content',
    'msgType',
  ),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
);
const textArb = fc.oneof(
  fc.constantFrom('text', 'event', 'image', 'CLICK', 'pic_weixin', 'PUBLISHJOBFINISH', 'subscribe_msg_popup_event', '1', '-3', '1.5', ''),
  fc.string({ maxLength: 8 }),
);
const { node } = fc.letrec<{ node: string; element: string }>((tie) => ({
  element: fc.tuple(nameArb, fc.array(tie('node'), { maxLength: 3 })).map(([n, kids]) => `<${n}>${kids.join('')}</${n}>`),
  node: fc.oneof(
    { depthSize: 'small' },
    textArb.map((t) => `<![CDATA[${t.replaceAll(']]>', '')}]]>`),
    tie('element'),
  ),
}));

test('property: for any record parseXml produces, toMessageLenient returns a message and never throws', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(nameArb, node), { maxLength: 8 }), fc.constantFrom('text', 'event', 'location', 'zzz'), (kids, type) => {
      const xml = `<xml>${ENVELOPE}<MsgType>${type}</MsgType>${kids.map(([n, k]) => `<${n}>${k}</${n}>`).join('')}</xml>`;
      let r: XmlRecord;
      try {
        r = record(xml);
      } catch (e) {
        assert.ok(e instanceof WxmpError && e.code.startsWith('XML_'), String(e));
        return;
      }
      const { message, warning } = toMessageLenient(r);
      assert.equal(typeof message.msgType, 'string');
      assert.equal(typeof message.toUserName, 'string');
      assert.equal(typeof message.fromUserName, 'string');
      assert.ok(Number.isSafeInteger(message.createTime));
      if (warning !== undefined) {
        assert.equal(warning.code, 'MESSAGE_SCHEMA_DRIFT');
        assert.equal(message.msgType, 'unknown');
      } else {
        assert.deepEqual(message, toMessage(r)); // the strict result whenever there is no warning
      }
    }),
    { numRuns: 1500 },
  );
});

// XML 1.0 Char minus U+FEFF, written independently of src/xml/chars.ts.
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const anyChar = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), weight: 2 },
  { arbitrary: fc.constantFrom('\ufffe', '\uffff', '\ufeff', '\ud800', '\udfff', ']]>', '&', '<'), weight: 1 },
);

test('property: the tolerant policy round-trips — a push with illegal characters reads as its legal text, and a reply of it reads back the same', () => {
  fc.assert(
    fc.property(fc.string({ unit: anyChar, maxLength: 60 }), (raw) => {
      const content = raw.replaceAll(']]>', '');
      const legal = content.replace(ILLEGAL, '');
      const m: Message = parseMessage(`<xml>${ENVELOPE}<MsgType>text</MsgType><Content><![CDATA[${content}]]></Content><MsgId>9</MsgId></xml>`);
      assert.ok(m.msgType === 'text');
      assert.equal(m.content, legal);
      // what the handler echoes back survives rendering and a strict re-parse unchanged
      if (legal.trim() !== '') {
        const reply = renderReply({ msgType: 'text', content: m.content }, { toUserName: m.fromUserName, fromUserName: m.toUserName, createTime: 1 });
        assert.equal(parseXml(reply, { invalidChars: 'reject', root: 'xml' })['Content'], legal);
      }
      // and the same text, written by buildXml with the illegal characters in, parses to it again
      const again = parseMessage(buildXml({ ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: 1, MsgType: 'text', Content: content, MsgId: '9' }));
      assert.ok(again.msgType === 'text');
      assert.equal(again.content, legal);
    }),
    { numRuns: 800 },
  );
});
