import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WxmpError } from '../../src/errors.js';
import { DEFAULT_XML_LIMITS, buildXml, parseXml, type XmlBuildRecord, type XmlRecord } from '../../src/xml/index.js';
import { parseWith, xmlConfig } from '../../src/xml/parse.js';
import { fixtureText, throwsCode } from '../helpers.js';

/** Deep copy into plain objects, so that deepEqual can compare with literals. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object' && v !== null) {
    assert.equal(Object.getPrototypeOf(v), null, 'records have a null prototype');
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = plain((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

const parse = (xml: string, o?: Parameters<typeof parseXml>[1]): unknown => plain(parseXml(xml, o));

test('official text message sample', () => {
  assert.deepEqual(parse(fixtureText('xml/text.xml')), {
    ToUserName: 'toUser',
    FromUserName: 'fromUser',
    CreateTime: '1348831860',
    MsgType: 'text',
    Content: 'this is a test',
    MsgId: '1234567890123456',
  });
});

test('scancode_push event with nested ScanCodeInfo', () => {
  const r = parse(fixtureText('xml/scancode-push.xml')) as Record<string, unknown>;
  assert.equal(r.Event, 'scancode_push');
  assert.deepEqual(r.ScanCodeInfo, { ScanType: 'qrcode', ScanResult: '1' });
});

test('pic_sysphoto event: SendPicsInfo.PicList.item becomes an array in document order', () => {
  const r = parse(fixtureText('xml/pic-sysphoto.xml')) as Record<string, unknown>;
  assert.deepEqual(r.SendPicsInfo, {
    Count: '2',
    PicList: { item: [{ PicMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' }, { PicMd5Sum: '7fa2ec2bb1fd7fa3ae61bf4ea0e4a86e' }] },
  });
});

test('BOM, declaration, CRLF, comments, entities, numeric references, CDATA inside text', () => {
  assert.deepEqual(parse(fixtureText('xml/declaration-bom.xml')), {
    Content: `a < b && c > d "q" 's' 你好 \u{1F600}`,
    Mixed: 'x<y>zw',
  });
});

test('element shapes: empty, text-only, children, repeated siblings', () => {
  assert.deepEqual(parse('<xml><a/><b></b><c>t</c><d><e>1</e></d><f>1</f><f><g>2</g></f><f/></xml>'), {
    a: '',
    b: '',
    c: 't',
    d: { e: '1' },
    f: ['1', { g: '2' }, ''],
  });
  assert.deepEqual(parse('<xml/>'), {});
  assert.deepEqual(parse('<xml>  \n\t </xml>'), {});
  assert.deepEqual(parse('<xml></xml >'), {});
});

test('text is kept exactly: not trimmed, CR kept, whitespace-only text of a leaf kept', () => {
  assert.deepEqual(parse('<xml>\n <a>  two  spaces \r\n</a>\n <b> </b>\n</xml>'), { a: '  two  spaces \r\n', b: ' ' });
  assert.deepEqual(parse('<xml><a> <![CDATA[ x ]]> </a></xml>'), { a: ' x ' }, 'whitespace beside CDATA is layout; CDATA content is kept');
  assert.deepEqual(parse('<xml><a>]]</a><b>]</b><c>a]>b</c></xml>'), { a: ']]', b: ']', c: 'a]>b' });
  assert.deepEqual(parse('<xml><a><![CDATA[a]]]></a><b><![CDATA[]]></b><c><![CDATA[&amp;<x>]]></c></xml>'), { a: 'a]', b: '', c: '&amp;<x>' });
});

test('CDATA split as the writer emits it is joined back', () => {
  assert.deepEqual(parse('<xml><a><![CDATA[a]]]]><![CDATA[>b]]></a></xml>'), { a: 'a]]>b' });
});

test('references: predefined entities, decimal, hex (both cases), leading zeros, astral', () => {
  assert.deepEqual(parse('<xml><a>&lt;&gt;&amp;&quot;&apos;&#65;&#x41;&#x4a;&#x4A;&#0000065;&#x1F600;&#9;&#x10FFFF;</a></xml>'), {
    a: `<>&"'AAJJA\u{1F600}\t\u{10FFFF}`,
  });
});

test('long text runs (native prefilter) decode references, pairs and illegal characters exactly', () => {
  const long = 'x'.repeat(60);
  assert.deepEqual(parse(`<xml><a>${long}&amp;\u{1F600}]]${long}</a><b><![CDATA[${long}\u{1F600}]]></b></xml>`), {
    a: `${long}&\u{1F600}]]${long}`,
    b: `${long}\u{1F600}`,
  });
  assert.deepEqual(parse(`<xml><a>${long}\u0001${long}</a></xml>`, { invalidChars: 'strip' }), { a: long + long });
  throwsCode(() => parseXml(`<xml><a>${long}\uD800${long}</a></xml>`), 'XML_INVALID_CHAR');
  throwsCode(() => parseXml(`<xml><a>${long}]]>${long}</a></xml>`), 'XML_SYNTAX');
  throwsCode(() => parseXml(`<xml><!--${long}\u0001--></xml>`), 'XML_INVALID_CHAR');
  assert.deepEqual(parse(`<xml><!--${long}\u{1F600}--><a>1</a></xml>`), { a: '1' });
});

test('whitespace between elements is discarded, whitespace of a leaf kept, also around comments', () => {
  assert.deepEqual(parse('<xml> <!--c--> <a> </a> <b>\n<c/>\n</b>\n</xml>'), { a: ' ', b: { c: '' } });
  assert.deepEqual(parse('<xml><a>  <!--c-->  </a></xml>'), { a: '    ' });
  throwsCode(() => parseXml('<xml>      <a/></xml>', { maxTextLength: 5 }), 'XML_TEXT_TOO_LONG');
  parseXml('<xml>     <a/></xml>', { maxTextLength: 5 });
});

test('comments are ignored everywhere and do not split text runs', () => {
  assert.deepEqual(parse('<!--a--><!----><xml><!-- x --><a>1<!-- - -->2</a><!--y--></xml><!--z-->'), { a: '12' });
});

test('attributes: well-formed ones are accepted and ignored', () => {
  assert.deepEqual(parse(`<xml a="1" b='2' c = "x&amp;y" d="'" e='"'><x k="&#65;" _:v-1.2="">t</x><y z="1"/></xml>`), { x: 't', y: '' });
  assert.deepEqual(parse('<xml a="1"  ></xml>'), {});
  assert.deepEqual(parse('<xml\n\ta="1"\n/>'), {});
});

test('names: ASCII set, colons, non-ASCII letters and supplementary-plane letters', () => {
  assert.deepEqual(parse('<xml><_a.b-c:d>1</_a.b-c:d><消息>2</消息><é·x>3</é·x><\u{10000}>4</\u{10000}></xml>'), {
    '_a.b-c:d': '1',
    消息: '2',
    é·x: '3',
    '\u{10000}': '4',
  });
  assert.deepEqual(parse('<xml></xml\t\n>'), {});
});

test('declaration variants', () => {
  assert.deepEqual(parse('<?xml version="1.0"?><xml/>'), {});
  assert.deepEqual(parse("<?xml version='1.0' encoding='GBK' standalone='no' ?>\n<xml/>"), {});
  assert.deepEqual(parse('<?xml version = "1.0"  standalone="yes"?><xml/>'), {});
  assert.deepEqual(parse('\uFEFF<?xml version="1.0"?><xml/>'), {});
  assert.deepEqual(parse('\uFEFF<xml/>'), {});
  for (const bad of [
    '<?xml?><xml/>',
    '<?xml version="2.0"?><xml/>',
    '<?xml version="1."?><xml/>',
    '<?xml version="1.x"?><xml/>',
    '<?xml version="1.0" foo="1"?><xml/>',
    '<?xml version="1.0" standalone="maybe"?><xml/>',
    '<?xml version="1.0"><xml/>',
    '<?xml version="1.0"/><xml/>',
    '<?xml version="1.1"?><xml/>',
    '<?xml version="1.00"?><xml/>',
    '<?xml version=" 1.0"?><xml/>',
    '<?xml encoding="UTF-8" version="1.0"?><xml/>',
    '<?xml version="1.0" standalone="yes" encoding="UTF-8"?><xml/>',
    '<?xml version="1.0" encoding="?"?><xml/>',
    '<?xml version="1.0" encoding=""?><xml/>',
  ]) {
    throwsCode(() => parseXml(bad), 'XML_SYNTAX');
  }
});

test('__proto__, constructor and prototype are plain data keys and pollute nothing', () => {
  const r = parseXml('<xml><__proto__><polluted>1</polluted></__proto__><constructor>c</constructor><prototype>p</prototype><__proto__>2</__proto__></xml>');
  assert.equal(Object.getPrototypeOf(r), null);
  assert.deepEqual(Object.keys(r), ['__proto__', 'constructor', 'prototype']);
  // biome-ignore lint/suspicious/noProto: the parsed key named __proto__ is what this test reads
  const proto = r['__proto__'] as XmlRecord[];
  assert.ok(Array.isArray(proto));
  assert.equal(proto[1], '2');
  assert.equal((proto[0] as XmlRecord)['polluted'], '1');
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false);
  // The key round-trips through the writer as data.
  const again = parseXml(buildXml(r));
  // biome-ignore lint/suspicious/noProto: as above, a data key
  assert.equal((again['__proto__'] as XmlRecord[]).length, 2);
  assert.equal(again['constructor'], 'c');
  assert.equal(Object.getPrototypeOf(again), null);
});

test('invalidChars: reject by default, strip drops them from text and CDATA only', () => {
  const xml = '<xml><a>x\u0001y\uFFFEz</a><b><![CDATA[\u0000c\uD800d\uDC00]]></b><c>\u0008</c><d>\uD83D\uDE00</d></xml>';
  throwsCode(() => parseXml(xml), 'XML_INVALID_CHAR');
  throwsCode(() => parseXml(xml, { invalidChars: 'reject' }), 'XML_INVALID_CHAR');
  assert.deepEqual(parse(xml, { invalidChars: 'strip' }), { a: 'xyz', b: 'cd', c: '', d: '\u{1F600}' });
  assert.deepEqual(parse('<xml><a>\u0001&amp;\u0002</a></xml>', { invalidChars: 'strip' }), { a: '&' });
  for (const markup of ['<xml><a\u0001/></xml>', '<xml a="\u0001"/>', '<xml><!--\u0001--></xml>', '\u0001<xml/>', '<xml/>\u0001']) {
    throwsCode(() => parseXml(markup, { invalidChars: 'strip' }), 'XML_INVALID_CHAR');
  }
  throwsCode(() => parseXml('<xml><a>&#1;</a></xml>', { invalidChars: 'strip' }), 'XML_INVALID_ENTITY');
});

test('errors carry a 1-based position and quote at most 20 chars of input', () => {
  const e = throwsCode(() => parseXml(`<xml>\n  <a>1</a>\n  <b>&bogus;${'x'.repeat(100)}</b>\n</xml>`), 'XML_INVALID_ENTITY');
  assert.deepEqual(e.position, { offset: 22, line: 3, column: 6 });
  assert.ok(e.message.includes('line 3, column 6'));
  assert.ok(e.message.includes(JSON.stringify(`&bogus;${'x'.repeat(13)}…`)));
  assert.ok(!e.message.includes('x'.repeat(14)));
  const end = throwsCode(() => parseXml('<xml><a>'), 'XML_SYNTAX');
  assert.deepEqual(end.position, { offset: 8, line: 1, column: 9 });
  assert.ok(end.message.includes('end of input'));
  assert.ok(end instanceof WxmpError);
});

test('options are validated', () => {
  for (const bad of [{ maxDepth: 0 }, { maxNodes: -1 }, { maxLength: 1.5 }, { maxTextLength: Number.NaN }, { maxNameLength: '8' }, { invalidChars: 'keep' }]) {
    throwsCode(() => parseXml('<xml/>', bad as never), 'INVALID_ARGUMENT');
  }
  throwsCode(() => parseXml('<xml/>', null as never), 'INVALID_ARGUMENT');
  assert.deepEqual(parse('<xml/>', { maxDepth: Infinity, maxLength: 6 }), {});
  for (const bad of [undefined, null, 42, {}, Buffer.from('<xml/>')]) throwsCode(() => parseXml(bad as never), 'INVALID_ARGUMENT');
});

test('DEFAULT_XML_LIMITS are the documented values and frozen', () => {
  assert.deepEqual({ ...DEFAULT_XML_LIMITS }, { maxLength: 1_048_576, maxDepth: 32, maxNodes: 10_000, maxTextLength: 524_288, maxNameLength: 128 });
  assert.ok(Object.isFrozen(DEFAULT_XML_LIMITS));
});

// ---- boundary pairs: the limit passes, limit + 1 fails with exactly the limit's code

const nest = (depth: number): string => '<a>'.repeat(depth) + '</a>'.repeat(depth);

test('maxLength boundary (default 1 MiB and custom)', () => {
  const doc = (n: number): string => `<xml><!--${'c'.repeat(n - 18)}--></xml>`;
  assert.equal(doc(1_048_576).length, 1_048_576);
  assert.deepEqual(parse(doc(1_048_576)), {});
  throwsCode(() => parseXml(doc(1_048_577)), 'XML_TOO_LARGE');
  assert.deepEqual(parse(doc(100), { maxLength: 100 }), {});
  const e = throwsCode(() => parseXml(doc(101), { maxLength: 100 }), 'XML_TOO_LARGE');
  assert.equal(e.position?.offset, 100);
});

test('maxDepth boundary (root is depth 1; self-closing elements count)', () => {
  assert.ok(parseXml(nest(32))['a']);
  throwsCode(() => parseXml(nest(33)), 'XML_TOO_DEEP');
  parseXml(`${'<a>'.repeat(31)}<b/>${'</a>'.repeat(31)}`);
  throwsCode(() => parseXml(`${'<a>'.repeat(32)}<b/>${'</a>'.repeat(32)}`), 'XML_TOO_DEEP');
  parseXml(nest(3), { maxDepth: 3 });
  throwsCode(() => parseXml(nest(4), { maxDepth: 3 }), 'XML_TOO_DEEP');
  assert.deepEqual(parse('<xml/>', { maxDepth: 1 }), {});
  throwsCode(() => parseXml('<xml><a/></xml>', { maxDepth: 1 }), 'XML_TOO_DEEP');
});

test('maxNodes boundary (root included)', () => {
  const doc = (n: number): string => `<xml>${'<i/>'.repeat(n - 1)}</xml>`;
  assert.equal((parseXml(doc(10_000))['i'] as string[]).length, 9_999);
  throwsCode(() => parseXml(doc(10_001)), 'XML_TOO_MANY_NODES');
  parseXml(doc(3), { maxNodes: 3 });
  throwsCode(() => parseXml(doc(4), { maxNodes: 3 }), 'XML_TOO_MANY_NODES');
});

test('maxTextLength boundary (decoded length of one text run)', () => {
  const doc = (n: number): string => `<xml><a>${'t'.repeat(n)}</a></xml>`;
  assert.equal((parseXml(doc(524_288))['a'] as string).length, 524_288);
  throwsCode(() => parseXml(doc(524_289)), 'XML_TEXT_TOO_LONG');
  const cdata = (n: number): string => `<xml><a><![CDATA[${'t'.repeat(n)}]]></a></xml>`;
  parseXml(cdata(524_288));
  throwsCode(() => parseXml(cdata(524_289)), 'XML_TEXT_TOO_LONG');
  // A run made of text, a reference, CDATA and a comment counts its decoded characters.
  assert.deepEqual(parse('<xml><a>a&amp;<![CDATA[b]]><!--xx-->c</a></xml>', { maxTextLength: 4 }), { a: 'a&bc' });
  throwsCode(() => parseXml('<xml><a>a&amp;<![CDATA[b]]><!--xx-->cd</a></xml>', { maxTextLength: 4 }), 'XML_TEXT_TOO_LONG');
  throwsCode(() => parseXml('<xml><a>ab<![CDATA[cde]]></a></xml>', { maxTextLength: 4 }), 'XML_TEXT_TOO_LONG');
  // Runs are separate: whitespace between elements does not add up across tags.
  parseXml(`<xml>${'<a>1234</a>    '.repeat(5)}</xml>`, { maxTextLength: 4 });
});

test('maxNameLength boundary (element, end tag and attribute names)', () => {
  const n128 = 'n'.repeat(128);
  const n129 = 'n'.repeat(129);
  assert.equal(parseXml(`<xml><${n128}>1</${n128}></xml>`)[n128], '1');
  throwsCode(() => parseXml(`<xml><${n129}>1</${n129}></xml>`), 'XML_NAME_TOO_LONG');
  parseXml(`<xml ${n128}="1"/>`);
  throwsCode(() => parseXml(`<xml ${n129}="1"/>`), 'XML_NAME_TOO_LONG');
  parseXml('<abc/>', { maxNameLength: 3 });
  throwsCode(() => parseXml('<abcd/>', { maxNameLength: 3 }), 'XML_NAME_TOO_LONG');
});

// ---- writer

test('element names remembered from earlier documents never change a result', () => {
  // The parser compares each start tag with the name at the same position in earlier pushes
  // (scanner.ts); a near miss must still be scanned, validated and limited like any name.
  const first = '<xml><ToUserName>a</ToUserName><Content>b</Content><LongElementNameHere>c</LongElementNameHere></xml>';
  for (let i = 0; i < 3; i++) assert.deepEqual(parse(first), { ToUserName: 'a', Content: 'b', LongElementNameHere: 'c' });
  // a prefix and an extension of the remembered names, and a name followed by an attribute
  assert.deepEqual(parse('<xml><ToUser>a</ToUser><ContentX>b</ContentX><LongElementNameHere x="1">c</LongElementNameHere></xml>'), {
    ToUser: 'a',
    ContentX: 'b',
    LongElementNameHere: 'c',
  });
  parse(first);
  // remembered but now over a stricter limit, or malformed after the remembered part
  throwsCode(() => parseXml(first, { maxNameLength: 12 }), 'XML_NAME_TOO_LONG');
  throwsCode(() => parseXml('<xml><ToUserName>a</ToUserNam></xml>'), 'XML_MISMATCHED_TAG');
  throwsCode(() => parseXml('<xml><ToUserName\u0001>a</ToUserName></xml>'), 'XML_INVALID_CHAR');
  // a remembered name in another position, and many names (more than are remembered)
  assert.deepEqual(parse('<xml><Content>b</Content><ToUserName>a</ToUserName></xml>'), { Content: 'b', ToUserName: 'a' });
  // a name longer than any remembered one (allowed by the caller's limit) parses every time
  const long = `L${'x'.repeat(300)}`;
  for (let i = 0; i < 2; i++) assert.deepEqual(parse(`<xml><${long}>v</${long}></xml>`, { maxNameLength: 1000 }), { [long]: 'v' });
  const many = Array.from({ length: 100 }, (_, i) => `<N${i}>${i}</N${i}>`).join('');
  for (let i = 0; i < 2; i++) assert.equal(Object.keys(parse(`<xml>${many}</xml>`) as object).length, 100);
});

test('the SDK pipeline parses into the same records (fast records, limits checked once)', () => {
  const xml = '<xml><__proto__>p</__proto__><constructor><toString>t</toString></constructor><A>1</A><A>2</A></xml>';
  const fast = parseWith(xml, xmlConfig());
  assert.deepEqual(JSON.parse(JSON.stringify(fast)), JSON.parse(JSON.stringify(parseXml(xml))));
  assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(fast)), null, 'no Object.prototype on the chain');
  assert.equal('hasOwnProperty' in fast, false);
  throwsCode(() => parseWith(xml, xmlConfig({ maxNodes: 3 })), 'XML_TOO_MANY_NODES');
  throwsCode(() => xmlConfig({ maxNodes: -1 }), 'INVALID_ARGUMENT');
});

test('buildXml: deterministic WeChat layout', () => {
  assert.equal(
    buildXml({ ToUserName: 'oUser', FromUserName: 'gh_1', CreateTime: 1348831860, MsgType: 'text', Content: '你好' }),
    '<xml><ToUserName><![CDATA[oUser]]></ToUserName><FromUserName><![CDATA[gh_1]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>',
  );
});

test('buildXml: arrays, nested records, undefined, numbers, empty values, custom root', () => {
  const r: XmlBuildRecord = {
    Articles: { item: [{ Title: 't1', Url: 'u' }, { Title: 't2' }] },
    Skip: undefined,
    N: [1, -2.5, 0],
    E: '',
    Empty: {},
    None: [],
    Big: 1e21,
  };
  assert.equal(
    buildXml(r, 'root'),
    '<root><Articles><item><Title><![CDATA[t1]]></Title><Url><![CDATA[u]]></Url></item><item><Title><![CDATA[t2]]></Title></item></Articles>' +
      '<N>1</N><N>-2.5</N><N>0</N><E><![CDATA[]]></E><Empty></Empty><Big>1e+21</Big></root>',
  );
  assert.deepEqual(plain(parseXml(buildXml(r))), {
    Articles: { item: [{ Title: 't1', Url: 'u' }, { Title: 't2' }] },
    N: ['1', '-2.5', '0'],
    E: '',
    Empty: '',
    Big: '1e+21',
  });
  assert.equal(buildXml({}), '<xml></xml>');
  assert.equal(buildXml(Object.assign(Object.create(null) as object, { a: 'x' }) as XmlBuildRecord), '<xml><a><![CDATA[x]]></a></xml>');
});

test('buildXml: "]]>" is split so text can never close the CDATA section', () => {
  const evil = ']]></Content><MsgType><![CDATA[news]]></MsgType><Content><![CDATA[';
  const xml = buildXml({ MsgType: 'text', Content: evil });
  assert.ok(xml.includes('<Content><![CDATA[]]]]><![CDATA[></Content><MsgType>'));
  assert.deepEqual(plain(parseXml(xml)), { MsgType: 'text', Content: evil });
  assert.equal(buildXml({ a: ']]>]]>' }), '<xml><a><![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]></a></xml>');
});

test('buildXml: XML-illegal characters are stripped (documented policy)', () => {
  assert.equal(buildXml({ a: 'a\u0000b\u0008c\uD800d\uDFFFe\uFFFEf\uFFFF\t\n\r\u{1F600}' }), '<xml><a><![CDATA[abcdef\t\n\r\u{1F600}]]></a></xml>');
  assert.equal(buildXml({ a: '\u0001' }), '<xml><a><![CDATA[]]></a></xml>');
});

test('buildXml: invalid names, values and roots', () => {
  for (const name of ['', '1a', 'a b', 'a<b', '-a', 'a&b', '\uD800', `1${'a'.repeat(30)}`]) throwsCode(() => buildXml({ [name]: 'x' }), 'XML_INVALID_NAME');
  throwsCode(() => buildXml({}, 'bad root'), 'XML_INVALID_NAME');
  throwsCode(() => buildXml({}, 1 as never), 'INVALID_ARGUMENT');
  throwsCode(() => buildXml({ ['n'.repeat(129)]: 'x' }), 'XML_NAME_TOO_LONG');
  buildXml({ ['n'.repeat(128)]: 'x' });
  for (const v of [Number.NaN, Infinity, -Infinity, null, true, 10n, () => 1, Symbol('s'), [['nested']], new Date(0), new Map(), [undefined]]) {
    throwsCode(() => buildXml({ a: v as never }), 'INVALID_ARGUMENT');
  }
  for (const r of [null, undefined, 'x', 1, ['a'], new Date(0)]) throwsCode(() => buildXml(r as never), 'INVALID_ARGUMENT');
});

test('buildXml: cyclic records and excessive depth raise WxmpError, never RangeError', () => {
  const cyclic: Record<string, unknown> = { a: 'x' };
  cyclic['self'] = cyclic;
  throwsCode(() => buildXml(cyclic as XmlBuildRecord), 'INVALID_ARGUMENT');
  const viaArray: Record<string, unknown> = {};
  viaArray['list'] = [{ b: '1' }, viaArray];
  throwsCode(() => buildXml(viaArray as XmlBuildRecord), 'INVALID_ARGUMENT');
  // Shared (non-cyclic) sub-records are fine.
  const shared = { v: '1' };
  assert.equal(buildXml({ a: shared, b: shared }), '<xml><a><v><![CDATA[1]]></v></a><b><v><![CDATA[1]]></v></b></xml>');
  const deep = (levels: number): XmlBuildRecord => {
    let r: XmlBuildRecord = { leaf: 'x' };
    for (let i = 0; i < levels; i++) r = { a: r };
    return r;
  };
  // Root (1) + 30 `a` + leaf = depth 32: the output parses with the default limits.
  assert.ok(parseXml(buildXml(deep(30))));
  throwsCode(() => buildXml(deep(31)), 'XML_TOO_DEEP');
  throwsCode(() => buildXml(deep(100_000)), 'XML_TOO_DEEP');
});

test('a parsed record can be written back (XmlRecord is assignable to XmlBuildRecord)', () => {
  const r: XmlRecord = parseXml(fixtureText('xml/pic-sysphoto.xml'));
  assert.deepEqual(plain(parseXml(buildXml(r))), plain(r));
});
