// Express: the webhook on /wechat. Mount it BEFORE body parsers: it verifies and decrypts the raw body.
// Run: WECHAT_TOKEN=… npx tsx examples/express/server.ts   (WECHAT_AES_KEY + WECHAT_APP_ID for 安全模式)
import express, { type Express } from 'express';
import { pathToFileURL } from 'node:url';
// In your app: import { createRouter, createWebhook, toNodeListener, type WebhookOptions } from 'wxmp';
import { createRouter, createWebhook, toNodeListener, type WebhookOptions } from '../../src/index.js';

export type WeChatConfig = Pick<WebhookOptions, 'token' | 'encodingAESKey' | 'appId'>;

export function createApp(config: WeChatConfig): Express {
  const wechat = toNodeListener(createWebhook({
    ...config,
    handler: createRouter()
      .text((m) => ({ msgType: 'text', content: m.content }))
      .event('subscribe', () => ({ msgType: 'text', content: '感谢关注！' })),
  }));

  const app = express();
  app.all('/wechat', wechat); // 1. the webhook first…
  app.use(express.json()); // 2. …then your body parsers and routes
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  // Already behind a text parser (say a global `express.text({ type: '*/*' })`)? That works too: the
  // webhook uses the string in req.body. Only a body parsed into an OBJECT cannot be verified (400).
  app.all('/wechat-after-text-parser', express.text({ type: '*/*' }), wechat);
  return app;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APP_ID, PORT = '3000' } = process.env;
  const app = createApp({
    token: WECHAT_TOKEN ?? 'wxmpDevToken',
    ...(WECHAT_AES_KEY && WECHAT_APP_ID ? { encodingAESKey: WECHAT_AES_KEY, appId: WECHAT_APP_ID } : {}),
  });
  app.listen(Number(PORT), '127.0.0.1', () => console.log(`Express: http://127.0.0.1:${PORT}/wechat`));
}
