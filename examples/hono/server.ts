// Hono: the webhook is a Web-standard `Request → Response` function, so a route simply forwards
// c.req.raw. The same app runs on Node (below), Bun, Deno and Workers (`export default app`).
// Run (from the repository): npm run example:hono   — the same as: npx tsx examples/hono/server.ts
// Environment: WECHAT_TOKEN (a dev default otherwise), WECHAT_AES_KEY + WECHAT_APP_ID for 安全模式, PORT (3000).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { pathToFileURL } from 'node:url';
// In your app: import { createRouter, createWebhook, type WebhookOptions } from 'wxmp';
import { createRouter, createWebhook, type WebhookOptions } from '../../src/index.js';

export type WeChatConfig = Pick<WebhookOptions, 'token' | 'encodingAESKey' | 'appId' | 'onError'>;

export function createApp(config: WeChatConfig): Hono {
  const webhook = createWebhook({
    // refused pushes and failing handlers are reported here (messages are redacted: no token or key)
    onError: (error, ctx) => console.warn(`wechat: ${ctx.status} ${error.message}`),
    ...config,
    handler: createRouter()
      .text((m) => ({ msgType: 'text', content: m.content }))
      .event('subscribe', () => ({ msgType: 'text', content: '感谢关注！' })),
  });

  const app = new Hono();
  // On Workers, pass the execution context so late work survives the response: webhook(c.req.raw, c.executionCtx)
  app.all('/wechat', (c) => webhook(c.req.raw));
  app.get('/health', (c) => c.text('ok'));
  return app;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `||`, not `??`: an empty line in a .env file (WECHAT_AES_KEY=) means "not set"
  const { WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APP_ID, PORT } = process.env;
  const app = createApp({
    token: WECHAT_TOKEN || 'wxmpDevToken',
    ...(WECHAT_AES_KEY && WECHAT_APP_ID ? { encodingAESKey: WECHAT_AES_KEY, appId: WECHAT_APP_ID } : {}),
  });
  serve({ fetch: app.fetch, port: Number(PORT || 3000), hostname: '127.0.0.1' }, (info) => console.log(`Hono: http://127.0.0.1:${info.port}/wechat`));
}
