// The request listeners of the HTTP case: wxmp's toNodeListener (de-duplication in memory, off, or
// on Redis), the node-webot middleware and the node:http floor, each doing the same safe-mode echo.
// Used by webhook-server.mjs (one worker per server) and by profile-http.mjs.
import { createRequire } from 'node:module';
import { APP_ID, ENCODING_AES_KEY, TOKEN } from './fixtures.mjs';

const require = createRequire(import.meta.url);

/** A RedisDedupeStore on a node-redis or ioredis client connected to 127.0.0.1:redisPort. */
async function redisDedupe(impl, wxmpUrl, redisPort) {
  const { RedisDedupeStore } = await import(new URL('./redis/index.js', wxmpUrl).href);
  let client;
  if (impl === 'wxmp-redis-io') {
    const Redis = require('ioredis');
    client = new Redis({ host: '127.0.0.1', port: redisPort });
    await new Promise((resolve) => client.once('ready', resolve));
  } else {
    client = await require('redis')
      .createClient({ url: `redis://127.0.0.1:${redisPort}` })
      .connect();
  }
  client.on('error', () => {});
  return new RedisDedupeStore({ client });
}

export async function makeListener(impl, wxmpUrl, { redisPort } = {}) {
  if (impl.startsWith('wxmp')) {
    const { createWebhook, toNodeListener } = await import(wxmpUrl);
    // Defaults otherwise: safe mode, de-duplication on (in-memory store), ±300 s timestamp window.
    const dedupe = impl === 'wxmp-nodedupe' ? false : impl.startsWith('wxmp-redis') ? await redisDedupe(impl, wxmpUrl, redisPort) : undefined;
    const webhook = createWebhook({
      token: TOKEN,
      encodingAESKey: ENCODING_AES_KEY,
      appId: APP_ID,
      ...(dedupe !== undefined ? { dedupe } : {}),
      handler: (m) => (m.msgType === 'text' ? { msgType: 'text', content: m.content } : 'success'),
    });
    return toNodeListener(webhook);
  }
  if (impl === 'floor') {
    // The HTTP floor: node:http plus the raw in-process floor (sha1, node:crypto, indexOf scanner, templates).
    const { rawDecrypt, rawEncrypt, rawKey, rawSign } = await import('../floors/crypto.mjs');
    const { scan } = await import('../floors/scanner.mjs');
    const { renderEncrypted, renderText } = await import('../floors/render.mjs');
    const k = rawKey(ENCODING_AES_KEY, APP_ID);
    return (req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const q = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1));
        const encrypt = scan(Buffer.concat(chunks).toString()).Encrypt;
        if (rawSign(TOKEN, q.get('timestamp'), q.get('nonce'), encrypt) !== q.get('msg_signature')) {
          res.statusCode = 403;
          res.end();
          return;
        }
        const m = scan(rawDecrypt(k, encrypt));
        const ts = String(Math.floor(Date.now() / 1000));
        const nonce = String(Math.floor(Math.random() * 1e10));
        const out = rawEncrypt(k, renderText(m.FromUserName, m.ToUserName, ts, m.Content));
        res.setHeader('content-type', 'application/xml');
        res.end(renderEncrypted(out, rawSign(TOKEN, ts, nonce, out), ts, nonce));
      });
    };
  }
  const wechat = require('wechat');
  const mw = wechat({ token: TOKEN, appid: APP_ID, encodingAESKey: ENCODING_AES_KEY }, (req, res) => res.reply(req.weixin.Content));
  // Express/connect provide req.query; here the cheapest equivalent, so the peer is not slowed by a framework.
  return (req, res) => {
    const q = req.url.indexOf('?');
    req.query = q < 0 ? {} : Object.fromEntries(new URLSearchParams(req.url.slice(q + 1)));
    mw(req, res, () => {
      res.statusCode = 500;
      res.end();
    });
  };
}
