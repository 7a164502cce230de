// Bun: the webhook is a Web-standard `Request → Response` function, served by Bun.serve.
// Run (from the repository): bun examples/bun/server.ts
// In your project: import { createRouter, createWebhook } from 'wxmp';
import { createRouter, createWebhook } from '../../src/index.ts';

const { WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APP_ID, PORT = '3000' } = process.env;

const webhook = createWebhook({
  token: WECHAT_TOKEN || 'wxmpDevToken',
  ...(WECHAT_AES_KEY && WECHAT_APP_ID ? { encodingAESKey: WECHAT_AES_KEY, appId: WECHAT_APP_ID } : {}),
  handler: createRouter()
    .text((m) => ({ msgType: 'text', content: m.content }))
    .event('subscribe', () => ({ msgType: 'text', content: '感谢关注！' })),
});

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(PORT),
  fetch: (request) => (new URL(request.url).pathname === '/wechat' ? webhook(request) : new Response('Not Found', { status: 404 })),
});
console.log(`Bun: ${server.url}wechat`);
