// Bun: the webhook is a Web-standard `Request → Response` function, served by Bun.serve.
// Run (from the repository): npm run example:bun   — the same as: bun examples/bun/server.ts
// Environment: WECHAT_TOKEN (a dev default otherwise), WECHAT_AES_KEY + WECHAT_APP_ID for 安全模式, PORT (3000).
// In your project: import { createRouter, createWebhook } from 'wxmp';
import { createRouter, createWebhook } from '../../src/index.ts';

const { WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APP_ID, PORT } = process.env;

const webhook = createWebhook({
  // `||`, not `??`: an empty line in a .env file (WECHAT_AES_KEY=) means "not set"
  token: WECHAT_TOKEN || 'wxmpDevToken',
  ...(WECHAT_AES_KEY && WECHAT_APP_ID ? { encodingAESKey: WECHAT_AES_KEY, appId: WECHAT_APP_ID } : {}),
  handler: createRouter()
    .text((m) => ({ msgType: 'text', content: m.content }))
    .event('subscribe', () => ({ msgType: 'text', content: '感谢关注！' })),
  // refused pushes and failing handlers are reported here (messages are redacted: no token or key)
  onError: (error, ctx) => console.warn(`wechat: ${ctx.status} ${error.message}`),
});

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(PORT || 3000),
  fetch: (request) => (new URL(request.url).pathname === '/wechat' ? webhook(request) : new Response('Not Found', { status: 404 })),
});
console.log(`Bun: ${server.url}wechat`);
