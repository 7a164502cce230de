// Koa: the webhook on /wechat, answering through the raw Node objects (ctx.respond = false).
// Run (from the repository): npm run example:koa   — the same as: npx tsx examples/koa/server.ts
// Environment: WECHAT_TOKEN (a dev default otherwise), WECHAT_AES_KEY + WECHAT_APP_ID for 安全模式, PORT (3000).
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
// In your app: import { createRouter, createWebhook, toNodeListener, type WebhookOptions } from 'wxmp';
import { createRouter, createWebhook, toNodeListener, type WebhookOptions } from '../../src/index.js';

export type WeChatConfig = Pick<WebhookOptions, 'token' | 'encodingAESKey' | 'appId' | 'onError'>;

export function createApp(config: WeChatConfig): Koa {
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

  const app = new Koa();
  // Before koa-bodyparser, which would consume the body. (Behind it, pass the text on:
  // `ctx.req.rawBody = ctx.request.rawBody` — the webhook uses a string found there.)
  app.use(async (ctx, next) => {
    if (ctx.path !== '/wechat') return next();
    ctx.respond = false; // the listener writes the response itself
    wechat(ctx.req, ctx.res);
  });
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  return app;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `||`, not `??`: an empty line in a .env file (WECHAT_AES_KEY=) means "not set"
  const { WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APP_ID, PORT } = process.env;
  const app = createApp({
    token: WECHAT_TOKEN || 'wxmpDevToken',
    ...(WECHAT_AES_KEY && WECHAT_APP_ID ? { encodingAESKey: WECHAT_AES_KEY, appId: WECHAT_APP_ID } : {}),
  });
  const server = app.listen(Number(PORT || 3000), '127.0.0.1', () => console.log(`Koa: http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat`));
}
