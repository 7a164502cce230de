// Render: a reply object → reply XML (text and 3-article news).
import assert from 'node:assert/strict';
import { ACCOUNT, NEWS_ARTICLES, NEWS_REPLY, OPENID, REPLY_TO, TEXT_REPLY } from '../lib/fixtures.mjs';
import { renderNews, renderText } from '../floors/render.mjs';

export default function renderCases({ wxmp, peers }) {
  const { webot, tnwx, easyUtils } = peers;
  const inMsg = { getFromUserName: OPENID, getToUserName: ACCOUNT }; // tnwx reads these getters from the incoming message
  const has = (needle) => (xml) => assert.ok(typeof xml === 'string' && xml.includes(needle), `output lacks ${needle}`);
  const text = {
    group: 'render',
    id: 'render-text',
    title: 'render: text reply',
    impls: [{ name: 'wxmp renderReply', kind: 'wxmp', main: true, fn: () => wxmp.renderReply(TEXT_REPLY, REPLY_TO), check: has(TEXT_REPLY.content) }],
  };
  const news = {
    group: 'render',
    id: 'render-news',
    title: 'render: news reply, 3 articles',
    impls: [{ name: 'wxmp renderReply', kind: 'wxmp', main: true, fn: () => wxmp.renderReply(NEWS_REPLY, REPLY_TO), check: has(NEWS_ARTICLES[2].url) }],
  };
  if (webot) {
    // node-webot `wechat`: reply(content, fromUsername, toUsername) through its compiled ejs template
    text.impls.push({
      name: 'wechat (node-webot, ejs)',
      kind: 'peer',
      fn: () => webot.reply(TEXT_REPLY.content, ACCOUNT, OPENID),
      check: has(TEXT_REPLY.content),
    });
    news.impls.push({
      name: 'wechat (node-webot, ejs)',
      kind: 'peer',
      fn: () => webot.reply(NEWS_ARTICLES, ACCOUNT, OPENID),
      check: has(NEWS_ARTICLES[2].url),
    });
  }
  if (tnwx) {
    text.impls.push({
      name: 'tnwx OutTextMsg',
      kind: 'peer',
      fn: () => new tnwx.OutTextMsg(inMsg).setContent(TEXT_REPLY.content).toXml(),
      check: has(TEXT_REPLY.content),
    });
    news.impls.push({
      name: 'tnwx OutNewsMsg',
      kind: 'peer',
      fn: () => {
        const out = new tnwx.OutNewsMsg(inMsg);
        for (const a of NEWS_ARTICLES) out.addArticle(a.title, a.description, a.picUrl, a.url);
        return out.toXml();
      },
      check: has(NEWS_ARTICLES[2].url),
    });
  }
  if (easyUtils) {
    // node-easywechat: transformToReply builds the reply with xml2js' Builder (Utils.buildXml)
    const envelope = () => ({ ToUserName: OPENID, FromUserName: ACCOUNT, CreateTime: REPLY_TO.createTime });
    text.impls.push({
      name: 'node-easywechat (xml2js Builder)',
      kind: 'peer',
      fn: () => easyUtils.buildXml({ ...envelope(), MsgType: 'text', Content: TEXT_REPLY.content }),
      check: has(TEXT_REPLY.content),
    });
    news.impls.push({
      name: 'node-easywechat (xml2js Builder)',
      kind: 'peer',
      fn: () =>
        easyUtils.buildXml({
          ...envelope(),
          MsgType: 'news',
          ArticleCount: NEWS_ARTICLES.length,
          Articles: { item: NEWS_ARTICLES.map((a) => ({ Title: a.title, Description: a.description, PicUrl: a.picUrl, Url: a.url })) },
        }),
      check: has(NEWS_ARTICLES[2].url),
    });
  }
  text.impls.push({
    name: 'floor: template string',
    kind: 'floor',
    main: true,
    fn: () => renderText(OPENID, ACCOUNT, REPLY_TO.createTime, TEXT_REPLY.content),
    check: has(TEXT_REPLY.content),
  });
  news.impls.push({
    name: 'floor: template string',
    kind: 'floor',
    main: true,
    fn: () => renderNews(OPENID, ACCOUNT, REPLY_TO.createTime, NEWS_ARTICLES),
    check: has(NEWS_ARTICLES[2].url),
  });
  return [text, news];
}
