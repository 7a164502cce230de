import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_NEWS_ARTICLES, parseReply, renderReply, type NewsArticle, type Reply } from '../../src/replies/index.js';
import { buildXml, parseXml, type XmlBuildRecord } from '../../src/xml/index.js';
import { throwsCode } from '../helpers.js';

const TO = { toUserName: 'oUser_1', fromUserName: 'gh_123456789abc', createTime: 1700000000 };
const HEAD = (t: string) =>
  `<xml><ToUserName><![CDATA[oUser_1]]></ToUserName><FromUserName><![CDATA[gh_123456789abc]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[${t}]]></MsgType>`;

/** reply → the exact XML WeChat documents (element names and order from the 被动回复 page). */
const CASES: [string, Reply, string][] = [
  ['text', { msgType: 'text', content: '你好\n第二行' }, `${HEAD('text')}<Content><![CDATA[你好\n第二行]]></Content></xml>`],
  ['image', { msgType: 'image', mediaId: 'media_img' }, `${HEAD('image')}<Image><MediaId><![CDATA[media_img]]></MediaId></Image></xml>`],
  ['voice', { msgType: 'voice', mediaId: 'media_voice' }, `${HEAD('voice')}<Voice><MediaId><![CDATA[media_voice]]></MediaId></Voice></xml>`],
  [
    'video',
    { msgType: 'video', mediaId: 'media_video', title: '标题', description: '描述' },
    `${HEAD('video')}<Video><MediaId><![CDATA[media_video]]></MediaId><Title><![CDATA[标题]]></Title><Description><![CDATA[描述]]></Description></Video></xml>`,
  ],
  ['video, no optional fields', { msgType: 'video', mediaId: 'm' }, `${HEAD('video')}<Video><MediaId><![CDATA[m]]></MediaId></Video></xml>`],
  [
    'music',
    { msgType: 'music', title: 'T', description: 'D', musicUrl: 'https://e.com/a.mp3', hqMusicUrl: 'https://e.com/hq.mp3', thumbMediaId: 'thumb' },
    `${HEAD('music')}<Music><Title><![CDATA[T]]></Title><Description><![CDATA[D]]></Description><MusicUrl><![CDATA[https://e.com/a.mp3]]></MusicUrl>` +
      `<HQMusicUrl><![CDATA[https://e.com/hq.mp3]]></HQMusicUrl><ThumbMediaId><![CDATA[thumb]]></ThumbMediaId></Music></xml>`,
  ],
  [
    'music, only thumbMediaId',
    { msgType: 'music', thumbMediaId: 'thumb' },
    `${HEAD('music')}<Music><ThumbMediaId><![CDATA[thumb]]></ThumbMediaId></Music></xml>`,
  ],
  [
    'news, one article',
    { msgType: 'news', articles: [{ title: 'T1', description: 'D1', picUrl: 'https://e.com/1.jpg', url: 'https://e.com/1' }] },
    `${HEAD('news')}<ArticleCount>1</ArticleCount><Articles><item><Title><![CDATA[T1]]></Title><Description><![CDATA[D1]]></Description>` +
      `<PicUrl><![CDATA[https://e.com/1.jpg]]></PicUrl><Url><![CDATA[https://e.com/1]]></Url></item></Articles></xml>`,
  ],
  [
    'news, two articles',
    { msgType: 'news', articles: [{ title: 'A' }, { title: 'B', url: 'https://e.com/b' }] },
    `${HEAD('news')}<ArticleCount>2</ArticleCount><Articles><item><Title><![CDATA[A]]></Title></item>` +
      `<item><Title><![CDATA[B]]></Title><Url><![CDATA[https://e.com/b]]></Url></item></Articles></xml>`,
  ],
  ['transfer_customer_service', { msgType: 'transfer_customer_service' }, `${HEAD('transfer_customer_service')}</xml>`],
  [
    'transfer_customer_service to one account',
    { msgType: 'transfer_customer_service', kfAccount: 'test1@test' },
    `${HEAD('transfer_customer_service')}<TransInfo><KfAccount><![CDATA[test1@test]]></KfAccount></TransInfo></xml>`,
  ],
];

for (const [name, reply, xml] of CASES) {
  test(`renderReply: ${name} → WeChat's XML, and back`, () => {
    const out = renderReply(reply, TO);
    assert.equal(out, xml);
    assert.equal(parseXml(out).MsgType, reply.msgType);
    assert.deepStrictEqual(parseReply(out), { ...reply, ...TO });
  });
}

test('renderReply does not swap the envelope', () => {
  const x = parseXml(renderReply({ msgType: 'text', content: 'x' }, { toUserName: 'A', fromUserName: 'B', createTime: 1 }));
  assert.equal(x.ToUserName, 'A');
  assert.equal(x.FromUserName, 'B');
  assert.equal(x.CreateTime, '1');
});

test('createTime defaults to the current second (an integer)', () => {
  const before = Math.floor(Date.now() / 1000);
  const r = parseReply(renderReply({ msgType: 'text', content: 'x' }, { toUserName: 'A', fromUserName: 'B' }));
  const after = Math.floor(Date.now() / 1000);
  assert.ok(Number.isInteger(r.createTime) && r.createTime >= before && r.createTime <= after);
  assert.equal(
    renderReply({ msgType: 'text', content: 'x' }, { toUserName: 'A', fromUserName: 'B', createTime: 0 }).includes('<CreateTime>0</CreateTime>'),
    true,
  );
});

test('`]]>` in user text is split, cannot inject elements, and round-trips', () => {
  const evil = 'a]]></Content><MsgType><![CDATA[news]]></MsgType><Content><![CDATA[b';
  const xml = renderReply({ msgType: 'text', content: evil }, TO);
  assert.ok(!xml.includes(`<Content><![CDATA[${evil}]]>`));
  assert.ok(xml.includes(']]]]><![CDATA[>'));
  const back = parseXml(xml);
  assert.equal(back.MsgType, 'text');
  assert.equal(back.Content, evil);
  const news = parseReply(renderReply({ msgType: 'news', articles: [{ title: ']]>', url: 'x]]>y' }] }, TO));
  assert.deepStrictEqual(news, { msgType: 'news', articles: [{ title: ']]>', url: 'x]]>y' }], ...TO });
});

test('news: 8 articles pass, 9 fail (boundary pair)', () => {
  const arts = (n: number): NewsArticle[] => Array.from({ length: n }, (_, i) => ({ title: `t${i}` }));
  assert.equal(MAX_NEWS_ARTICLES, 8);
  const r = parseReply(renderReply({ msgType: 'news', articles: arts(8) }, TO));
  assert.ok(r.msgType === 'news' && r.articles.length === 8);
  throwsCode(() => renderReply({ msgType: 'news', articles: arts(9) }, TO), 'REPLY_TOO_MANY_ARTICLES');
});

test('text: a single visible character passes, whitespace-only fails (boundary pair)', () => {
  assert.ok(renderReply({ msgType: 'text', content: ' . ' }, TO).includes('<![CDATA[ . ]]>'));
  throwsCode(() => renderReply({ msgType: 'text', content: ' \r\n ' }, TO), 'REPLY_EMPTY_CONTENT');
});

test('optional fields set to undefined are omitted (JS callers)', () => {
  const reply = { msgType: 'video', mediaId: 'm', title: undefined } as unknown as Reply;
  assert.equal(renderReply(reply, TO), `${HEAD('video')}<Video><MediaId><![CDATA[m]]></MediaId></Video></xml>`);
});

test('parseReply rejects malformed replies', () => {
  const wrap = (body: string, head = HEAD('text')) => `${head}${body}</xml>`;
  throwsCode(() => parseReply(1 as unknown as string), 'INVALID_ARGUMENT');
  throwsCode(() => parseReply('<xml><MsgType>text</MsgType><Content>x</Content></xml>'), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('<Content>x</Content>').replace('1700000000', 'soon')), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('')), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('<Content>a</Content><Content>b</Content>')), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('<Content> </Content>')), 'REPLY_EMPTY_CONTENT');
  throwsCode(() => parseReply(wrap('<Image>flat</Image>', HEAD('image'))), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('<Voice><Foo>x</Foo></Voice>', HEAD('voice'))), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('<Music><Title>t</Title></Music>', HEAD('music'))), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('<ArticleCount>2</ArticleCount><Articles><item><Title>a</Title></item></Articles>', HEAD('news'))), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('<ArticleCount>1</ArticleCount><Articles>flat</Articles>', HEAD('news'))), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('<ArticleCount>1</ArticleCount><Articles><item>flat</item></Articles>', HEAD('news'))), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('<ArticleCount>0</ArticleCount><Articles></Articles>', HEAD('news'))), 'REPLY_NO_ARTICLES');
  throwsCode(() => parseReply(wrap('<ArticleCount>0</ArticleCount>', HEAD('news'))), 'REPLY_NO_ARTICLES');
  throwsCode(() => parseReply(wrap('<TransInfo>x</TransInfo>', HEAD('transfer_customer_service'))), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('<TransInfo><Other>x</Other></TransInfo>', HEAD('transfer_customer_service'))), 'REPLY_INVALID');
  throwsCode(() => parseReply(wrap('<Location>x</Location>', HEAD('location'))), 'REPLY_INVALID');
});

test('property: text and news replies round-trip through renderReply → parseReply', () => {
  // XML-legal text without CR (XML parsers normalise line endings), not whitespace-only.
  const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !s.includes('\r'));
  const article = fc.record({ title: text, description: text, url: text }, { requiredKeys: ['title'] });
  fc.assert(
    fc.property(
      fc.oneof(
        text.map((content): Reply => ({ msgType: 'text', content })),
        fc.array(article, { minLength: 1, maxLength: 8 }).map((articles): Reply => ({ msgType: 'news', articles })),
      ),
      (reply) => {
        // fc.record may build null-prototype objects; compare against plain copies
        assert.deepStrictEqual(parseReply(renderReply(reply, TO)), { ...(JSON.parse(JSON.stringify(reply)) as Reply), ...TO });
      },
    ),
    { numRuns: 500 },
  );
});

/** The record buildXml would need to write `reply` (the reference renderReply must match byte for byte). */
function asRecord(reply: Reply): XmlBuildRecord {
  const head = { ToUserName: TO.toUserName, FromUserName: TO.fromUserName, CreateTime: TO.createTime, MsgType: reply.msgType };
  switch (reply.msgType) {
    case 'text':
      return { ...head, Content: reply.content };
    case 'image':
      return { ...head, Image: { MediaId: reply.mediaId } };
    case 'voice':
      return { ...head, Voice: { MediaId: reply.mediaId } };
    case 'video':
      return { ...head, Video: { MediaId: reply.mediaId, Title: reply.title, Description: reply.description } };
    case 'music':
      return {
        ...head,
        Music: { Title: reply.title, Description: reply.description, MusicUrl: reply.musicUrl, HQMusicUrl: reply.hqMusicUrl, ThumbMediaId: reply.thumbMediaId },
      };
    case 'news':
      return {
        ...head,
        ArticleCount: reply.articles.length,
        Articles: { item: reply.articles.map((a) => ({ Title: a.title, Description: a.description, PicUrl: a.picUrl, Url: a.url })) },
      };
    case 'transfer_customer_service':
      return { ...head, TransInfo: reply.kfAccount === undefined ? undefined : { KfAccount: reply.kfAccount } };
  }
}

test('renderReply writes exactly what buildXml writes for every documented case', () => {
  for (const [, reply] of CASES) assert.equal(renderReply(reply, TO), buildXml(asRecord(reply)));
});

test('property: renderReply = buildXml byte for byte, including illegal characters and ]]>', () => {
  // Any UTF-16 (lone surrogates, controls, U+FFFE…) plus a visible character so text is never blank.
  const raw = fc.string({ unit: 'binary', maxLength: 30 }).map((s) => `${s}]]>x`);
  const article = fc.record({ title: raw, description: raw, picUrl: raw, url: raw }, { requiredKeys: ['title'] });
  const reply = fc.oneof(
    raw.map((content): Reply => ({ msgType: 'text', content })),
    raw.map((mediaId): Reply => ({ msgType: 'voice', mediaId })),
    fc.record({ mediaId: raw, title: raw, description: raw }, { requiredKeys: ['mediaId'] }).map((v): Reply => ({ msgType: 'video', ...v })),
    fc
      .record({ title: raw, musicUrl: raw, hqMusicUrl: raw, thumbMediaId: raw }, { requiredKeys: ['thumbMediaId'] })
      .map((v): Reply => ({ msgType: 'music', ...v })),
    fc.array(article, { minLength: 1, maxLength: 8 }).map((articles): Reply => ({ msgType: 'news', articles })),
    raw.map((kfAccount): Reply => ({ msgType: 'transfer_customer_service', kfAccount })),
  );
  fc.assert(
    fc.property(reply, (r) => {
      const plain = JSON.parse(JSON.stringify(r)) as Reply;
      assert.equal(renderReply(plain, TO), buildXml(asRecord(plain)));
    }),
    { numRuns: 1000 },
  );
});
