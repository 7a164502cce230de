// Express: the webhook on /wechat. Mount it BEFORE body parsers: it verifies and decrypts the raw body.
// Run (from the repository): npm run example:express   — the same as: npx tsx examples/express/server.ts
// Environment: WECHAT_TOKEN (a dev default otherwise), WECHAT_AES_KEY + WECHAT_APP_ID for 安全模式, PORT (3000).
import express, { type Express } from 'express';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
// In your app: import { createRouter, createWebhook, toNodeListener, type WebhookOptions } from 'wxmp';
import { createRouter, createWebhook, toNodeListener, type WebhookOptions } from '../../src/index.js';

export type WeChatConfig = Pick<WebhookOptions, 'token' | 'encodingAESKey' | 'appId' | 'onError'>;

export function createApp(config: WeChatConfig): Express {
  const wechat = toNodeListener(
    createWebhook({
      // refused pushes and failing handlers are reported here (messages are redacted: no token or key)
      onError: (error, ctx) => console.warn(`wechat: ${ctx.status} ${error.message}`),
      ...config,
      handler: createRouter()
        .text((m) => ({ msgType: 'text', content: m.content }))
        .event('subscribe', () => ({ msgType: 'text', content: '感谢关注！' })),
    }),
  );

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
  // `||`, not `??`: an empty line in a .env file (WECHAT_AES_KEY=) means "not set"
  const { WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APP_ID, PORT } = process.env;
  const app = createApp({
    token: WECHAT_TOKEN || 'wxmpDevToken',
    ...(WECHAT_AES_KEY && WECHAT_APP_ID ? { encodingAESKey: WECHAT_AES_KEY, appId: WECHAT_APP_ID } : {}),
  });
  const server = app.listen(Number(PORT || 3000), '127.0.0.1', () => console.log(`Express: http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat`));
}
