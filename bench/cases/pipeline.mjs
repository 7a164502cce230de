// The whole safe-mode push in-process: verify msg_signature, decrypt, parse, handler, render, encrypt, sign.
import { createRequire } from 'node:module';
import { ACCOUNT, APP_ID, ENCODING_AES_KEY, TOKEN } from '../lib/fixtures.mjs';
import { assertEchoReply, makePush } from '../lib/push.mjs';
import { rawDecrypt, rawEncrypt, rawKey, rawSign } from '../floors/crypto.mjs';
import { scan } from '../floors/scanner.mjs';
import { renderEncrypted, renderText } from '../floors/render.mjs';

const require = createRequire(import.meta.url);

export default function pipelineCases({ wxmp, peers }) {
  const push = makePush(1);
  const { body, query: q, content } = push;
  const check = (xml) => assertEchoReply(xml, content);
  const now = () => Math.floor(Date.now() / 1000);
  const impls = [];

  const mc = new wxmp.MessageCrypto({ token: TOKEN, encodingAESKey: ENCODING_AES_KEY, appId: APP_ID });
  const sig = { msgSignature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce };
  impls.push({
    name: 'wxmp (MessageCrypto + parseMessage + renderReply)',
    kind: 'wxmp',
    main: true,
    check,
    fn: () => {
      const m = wxmp.parseMessage(mc.decryptMessage(body, sig));
      const reply = m.msgType === 'text' ? { msgType: 'text', content: m.content } : undefined;
      return mc.encryptMessage(wxmp.renderReply(reply, { toUserName: m.fromUserName, fromUserName: m.toUserName }));
    },
  });
  const webhook = wxmp.createWebhook({
    token: TOKEN,
    encodingAESKey: ENCODING_AES_KEY,
    appId: APP_ID,
    dedupe: false,
    handler: (m) => (m.msgType === 'text' ? { msgType: 'text', content: m.content } : 'success'),
  });
  const url = `http://127.0.0.1/wechat?${push.queryString}`;
  impls.push({
    name: 'wxmp createWebhook (Request → Response, no dedupe)',
    kind: 'wxmp',
    async: true,
    check,
    fn: async () => (await webhook(new Request(url, { method: 'POST', body, headers: { 'content-type': 'text/xml' } }))).text(),
  });

  const { coWechat, webot, easy, easyServer, easyEncryptor, tnwx, WechatCrypto, xml2js, wecom, fxp } = peers;
  if (coWechat) {
    const mw = coWechat({ token: TOKEN, appid: APP_ID, encodingAESKey: ENCODING_AES_KEY }).middleware(async (message) => message.Content);
    impls.push({
      name: 'co-wechat (middleware, fake Koa ctx)',
      kind: 'peer',
      async: true,
      check,
      fn: async () => {
        const ctx = { query: { ...q }, method: 'POST', request: { body }, req: null };
        await mw(ctx, async () => {});
        return ctx.body;
      },
    });
  }
  if (webot) {
    const mw = webot({ token: TOKEN, appid: APP_ID, encodingAESKey: ENCODING_AES_KEY }, (req, res) => res.reply(req.weixin.Content));
    impls.push({
      name: 'wechat (node-webot middleware, fake req/res)',
      kind: 'peer',
      async: true,
      check,
      fn: () =>
        new Promise((resolve, reject) => {
          const req = { query: { ...q }, method: 'POST', rawBody: body };
          const res = { writeHead() {}, end: resolve };
          mw(req, res, reject);
        }),
    });
  }
  if (easy && easyServer && easyEncryptor) {
    const ServerRequest = require('node-easywechat/dist/Core/Http/ServerRequest.js');
    const encryptor = new easyEncryptor(APP_ID, TOKEN, ENCODING_AES_KEY, APP_ID);
    const url = `/wechat?${push.queryString}`;
    impls.push({
      name: 'node-easywechat (Server.serve)',
      kind: 'peer',
      async: true,
      check,
      fn: async () => {
        const server = new easyServer(new ServerRequest('POST', url, { 'content-type': 'text/xml' }, body), encryptor);
        server.with(async (message) => message.Content);
        return (await server.serve()).getBody().toString();
      },
    });
  }
  if (tnwx) {
    tnwx.ApiConfigKit.putApiConfig(new tnwx.ApiConfig(APP_ID, 'secret', TOKEN, true, ENCODING_AES_KEY));
    tnwx.ApiConfigKit.setCurrentAppId(APP_ID);
    const adapter = { processInTextMsg: async (inMsg) => new tnwx.OutTextMsg(inMsg).setContent(inMsg.getContent) };
    impls.push({
      name: 'tnwx (WeChat.handleMsg)',
      kind: 'peer',
      async: true,
      check,
      fn: () => tnwx.WeChat.handleMsg(adapter, body, q.msg_signature, q.timestamp, q.nonce),
    });
  }
  const template = (m) => renderText(m.FromUserName, m.ToUserName, now(), m.Content);
  const nonce = () => String(Math.floor(Math.random() * 1e10));
  if (WechatCrypto && xml2js) {
    const wc = new WechatCrypto(TOKEN, ENCODING_AES_KEY, APP_ID);
    const parse = (xml) => {
      let out;
      xml2js.parseString(xml, { explicitArray: false }, (e, r) => {
        if (e) throw e;
        out = r.xml;
      });
      return out;
    };
    impls.push({
      name: 'wechat-crypto + xml2js + template',
      kind: 'peer',
      composed: true,
      check,
      fn: () => {
        const encrypt = parse(body).Encrypt;
        if (wc.getSignature(q.timestamp, q.nonce, encrypt) !== q.msg_signature) throw new Error('signature');
        const m = parse(wc.decrypt(encrypt).message);
        const out = wc.encrypt(template(m));
        const ts = String(now());
        const n = nonce();
        return renderEncrypted(out, wc.getSignature(ts, n, out), ts, n);
      },
    });
  }
  if (wecom && fxp) {
    const parser = new fxp.XMLParser({ parseTagValue: false });
    impls.push({
      name: '@wecom/crypto + fast-xml-parser + template',
      kind: 'peer',
      composed: true,
      check,
      fn: () => {
        const encrypt = parser.parse(body).xml.Encrypt;
        if (wecom.getSignature(TOKEN, q.timestamp, q.nonce, encrypt) !== q.msg_signature) throw new Error('signature');
        const m = parser.parse(wecom.decrypt(ENCODING_AES_KEY, encrypt).message).xml;
        const out = wecom.encrypt(ENCODING_AES_KEY, template(m), APP_ID);
        const ts = String(now());
        const n = nonce();
        return renderEncrypted(out, wecom.getSignature(TOKEN, ts, n, out), ts, n);
      },
    });
  }
  const k = rawKey(ENCODING_AES_KEY, APP_ID);
  impls.push({
    name: 'floor: node:crypto + hand scanner + template',
    kind: 'floor',
    main: true,
    check,
    fn: () => {
      const encrypt = scan(body).Encrypt;
      if (rawSign(TOKEN, q.timestamp, q.nonce, encrypt) !== q.msg_signature) throw new Error('signature');
      const m = scan(rawDecrypt(k, encrypt));
      const out = rawEncrypt(k, template(m));
      const ts = String(now());
      const n = nonce();
      return renderEncrypted(out, rawSign(TOKEN, ts, n, out), ts, n);
    },
  });
  void ACCOUNT;
  return [{ group: 'pipeline', id: 'pipeline', title: 'full safe-mode pipeline, in-process (verify, decrypt, parse, handle, render, encrypt, sign)', impls }];
}
