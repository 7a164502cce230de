// The parser rules for pushes as WeChat really sends them, each as a boundary pair: what a genuine push looks like passes,
// the nearest thing that is not one fails with a WxmpError.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../../src/messages/index.js';
import { parseXml, type XmlRecord } from '../../src/xml/index.js';
import { parseWith, xmlConfig } from '../../src/xml/parse.js';
import { fixtureText, throwsCode } from '../helpers.js';

/** parseXml's result as a plain object (deepEqual ignores prototypes, this makes intent clear). */
const parse = (xml: string, options?: Parameters<typeof parseXml>[1]): Record<string, unknown> => ({ ...parseXml(xml, options) });
/** The push path's parse (what parseMessage, decryptMessage and the webhook use). */
const push = (xml: string): Record<string, unknown> => ({ ...parseWith(xml, xmlConfig()) });

test('illegal characters: parseXml rejects by default, the push path strips them from values', () => {
  for (const c of ['\u0000', '\u0008', '\u000b', '\u001d', '\u001f', '\ufffe', '\uffff', '\ud800', '\udc00', '\ufeff']) {
    const xml = `<xml><a><![CDATA[x${c}y]]></a><b>x${c}y</b></xml>`;
    throwsCode(() => parseXml(xml), 'XML_INVALID_CHAR');
    throwsCode(() => parseXml(xml, { invalidChars: 'reject' }), 'XML_INVALID_CHAR');
    assert.deepEqual(parse(xml, { invalidChars: 'strip' }), { a: 'xy', b: 'xy' }, JSON.stringify(c));
    assert.deepEqual(push(xml), { a: 'xy', b: 'xy' }, JSON.stringify(c));
  }
  // the legal neighbours of each boundary pass untouched in every mode
  for (const c of ['\t', '\n', '\r', ' ', '\ud7ff', '\ue000', '\ufefe', '\uff00', '\ufffd', '\u{10000}', '\u{10ffff}', '\u007f', '\u0085']) {
    const xml = `<xml><a><![CDATA[x${c}y]]></a></xml>`;
    assert.deepEqual(parse(xml), { a: `x${c}y` }, JSON.stringify(c));
    assert.deepEqual(push(xml), { a: `x${c}y` }, JSON.stringify(c));
  }
});

test('illegal characters stay refused outside values, even when stripping', () => {
  for (const xml of [
    '<xml>\u001d<a>x</a></xml>', // between elements
    '<xml><a>x</a>\u001d</xml>',
    '<xml><a>x</a><![CDATA[\u001d]]><b>y</b></xml>',
    '<xml>\u001d</xml>', // root text
    '<xml><a\u001d>x</a\u001d></xml>', // name
    '<xml><a k="\u001d">x</a></xml>', // attribute
    '<xml><!--\u001d--><a>x</a></xml>', // comment
    '\u001d<xml/>',
    '<xml/>\u001d',
  ]) {
    throwsCode(() => push(xml), 'XML_INVALID_CHAR');
    throwsCode(() => parseXml(xml, { invalidChars: 'strip' }), 'XML_INVALID_CHAR');
  }
  throwsCode(() => push('<xml><a>&#29;</a></xml>'), 'XML_INVALID_ENTITY');
  throwsCode(() => push('<xml><a>&#xFEFF;</a></xml>'), 'XML_INVALID_ENTITY');
  assert.deepEqual(push('<xml><a>&#xFEFE;&#xFF00;</a></xml>'), { a: '\ufefe\uff00' });
});

test('WeRoBot#420: a text with U+001D in Content reaches the message, stripped', () => {
  const xml = fixtureText('field/werobot-420-control-char.xml');
  assert.ok(xml.includes('\u001d'));
  throwsCode(() => parseXml(xml), 'XML_INVALID_CHAR');
  const m = parseMessage(xml);
  assert.ok(m.msgType === 'text');
  assert.equal(m.content, ' c');
  assert.equal(m.msgId, '22211872600753510');
  throwsCode(() => parseMessage(xml, { invalidChars: 'reject' }), 'XML_INVALID_CHAR');
});

test('whitespace-only character data beside CDATA is layout; anything else is kept', () => {
  assert.deepEqual(parse('<xml><a> <![CDATA[event]]> </a></xml>'), { a: 'event' });
  assert.deepEqual(parse('<xml><a>\r\n\t<![CDATA[ e ]]>\n</a></xml>'), { a: ' e ' });
  assert.deepEqual(parse('<xml><a> <![CDATA[x]]> <![CDATA[y]]> </a></xml>'), { a: 'xy' });
  assert.deepEqual(parse('<xml><a> <!-- c --> <![CDATA[x]]> </a></xml>'), { a: 'x' });
  assert.deepEqual(parse('<xml><a> <![CDATA[]]> </a></xml>'), { a: '' });
  // the other side of each boundary: real character data, a reference, or no CDATA at all
  assert.deepEqual(parse('<xml><a> y<![CDATA[x]]> </a></xml>'), { a: ' yx ' });
  assert.deepEqual(parse('<xml><a>&#32;<![CDATA[x]]></a></xml>'), { a: ' x' });
  assert.deepEqual(parse('<xml><a> </a><b>  </b></xml>'), { a: ' ', b: '  ' });
  assert.deepEqual(parse('<xml><a><![CDATA[ x ]]></a></xml>'), { a: ' x ' });
});

test("the card-event samples of WeChat's docs (CDATA with whitespace) parse to clean values", () => {
  const got = parseMessage(fixtureText('field/card-user_get_card-cdata-whitespace.xml'));
  assert.equal(got.msgType, 'unknown');
  assert.ok(got.msgType === 'unknown');
  assert.deepEqual(
    { ...got },
    {
      toUserName: 'gh_fc0a06a20993',
      fromUserName: 'oZI8Fj040-be6rlDohc6gkoPOQTQ',
      createTime: 1472551036,
      msgType: 'unknown',
      event: 'user_get_card',
      cardId: 'pZI8Fjwsy5fVPRBeD78J4RmqVvBc',
      isGiveByFriend: '0',
      userCardCode: '226009850808',
      friendUserName: '',
      outerId: '0',
      oldUserCardCode: '',
      outerStr: '12b',
      isRestoreMemberCard: '0',
      isRecommendByFriend: '0',
      rawMsgType: 'event',
    },
  );
  const consume = parseMessage(fixtureText('field/card-user_consume_card-cdata-whitespace.xml'));
  assert.ok(consume.msgType === 'unknown');
  assert.deepEqual([consume.rawMsgType, consume.event, consume.consumeSource, consume.locationName], ['event', 'user_consume_card', 'FROM_API', '']);
  // a recognised event written the same way is typed
  const click = parseMessage(
    '<xml><ToUserName> <![CDATA[gh_1]]> </ToUserName><FromUserName> <![CDATA[o1]]> </FromUserName><CreateTime>1</CreateTime>' +
      '<MsgType> <![CDATA[event]]> </MsgType><Event> <![CDATA[CLICK]]> </Event><EventKey> <![CDATA[K1]]> </EventKey></xml>',
  );
  assert.deepEqual([click.msgType, click.msgType === 'event' && click.event, click.fromUserName], ['event', 'CLICK', 'o1']);
});

test('the root: any for parseXml, exactly <xml> on the push path or with { root }', () => {
  assert.deepEqual(parse('<XML><a>1</a></XML>'), { a: '1' });
  assert.deepEqual(parse('<xml><a>1</a></xml>', { root: 'xml' }), { a: '1' });
  assert.deepEqual(push('<xml><a>1</a></xml>'), { a: '1' });
  assert.deepEqual(push('<xml/>'), {});
  for (const bad of ['<XML><a>1</a></XML>', '<Xml/>', '<xmlx><a>1</a></xmlx>', '<xm><a>1</a></xm>', '<root><a>1</a></root>', '<x:xml/>']) {
    throwsCode(() => push(bad), 'XML_INVALID_ROOT');
    throwsCode(() => parseXml(bad, { root: 'xml' }), 'XML_INVALID_ROOT');
    throwsCode(() => parseMessage(bad), 'XML_INVALID_ROOT');
  }
  assert.deepEqual(parse('<a><b>1</b></a>', { root: 'a' }), { b: '1' });
  throwsCode(() => parseXml('<xml/>', { root: 'not a name' }), 'INVALID_ARGUMENT');
  throwsCode(() => parseXml('<xml/>', { root: 5 as unknown as string }), 'INVALID_ARGUMENT');
});

test('declaration: version="1.0" only', () => {
  assert.deepEqual(push('<?xml version="1.0" encoding="utf-8"?><xml><a>1</a></xml>'), { a: '1' });
  assert.deepEqual(push("<?xml version='1.0'?>\n<xml/>"), {});
  for (const v of ['1.1', '1.01', '1.00', '1', '2.0', '1.0 ', '']) {
    throwsCode(() => push(`<?xml version="${v}"?><xml/>`), 'XML_SYNTAX');
    throwsCode(() => parseXml(`<?xml version="${v}"?><xml/>`), 'XML_SYNTAX');
  }
  throwsCode(() => push('<?XML version="1.0"?><xml/>'), 'XML_PI_FORBIDDEN');
  throwsCode(() => push(' <?xml version="1.0"?><xml/>'), 'XML_PI_FORBIDDEN');
});

test('U+FEFF: accepted as the very first character only', () => {
  assert.deepEqual(push('\ufeff<xml><a>1</a></xml>'), { a: '1' });
  assert.deepEqual(push('\ufeff<?xml version="1.0"?><xml><a>1</a></xml>'), { a: '1' });
  for (const bad of [
    '\ufeff\ufeff<xml/>',
    ' \ufeff<xml/>',
    '<?xml version="1.0"?>\ufeff<xml/>',
    '<xml/>\ufeff',
    '<xml>\ufeff<a>1</a></xml>',
    '<xml><a\ufeff>1</a\ufeff></xml>',
    '<xml><\ufeffa>1</\ufeffa></xml>',
  ]) {
    throwsCode(() => push(bad), 'XML_INVALID_CHAR');
    throwsCode(() => parseXml(bad), 'XML_INVALID_CHAR');
  }
  // inside a value: malformed for parseXml, stripped like any illegal character on the push path
  throwsCode(() => parseXml('<xml><a>1\ufeff2</a></xml>'), 'XML_INVALID_CHAR');
  assert.deepEqual(push('<xml><a>1\ufeff2</a></xml>'), { a: '12' });
});

test('element names are case-sensitive in the record', () => {
  const r: XmlRecord = parseXml('<xml><Content>a</Content><content>b</content><CONTENT>c</CONTENT></xml>');
  assert.deepEqual({ ...r }, { Content: 'a', content: 'b', CONTENT: 'c' });
  throwsCode(() => parseXml('<xml><Content>a</content></xml>'), 'XML_MISMATCHED_TAG');
});

test('XmlLimits carries invalidChars (typed), and a bad value is INVALID_ARGUMENT', () => {
  const limits: import('../../src/xml/index.js').XmlLimits = { maxLength: 1024, invalidChars: 'reject' };
  throwsCode(() => parseWith('<xml><a>\u0001</a></xml>', xmlConfig(limits)), 'XML_INVALID_CHAR');
  throwsCode(() => xmlConfig({ invalidChars: 'replace' as 'strip' }), 'INVALID_ARGUMENT');
});
