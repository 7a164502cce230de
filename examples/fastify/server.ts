// Fastify: the webhook on /wechat, in its own plugin scope whose content-type parser leaves the
// body unread, so the webhook reads it with its own size cap and deadline.
// Run (from the repository): npm run example:fastify   — the same as: npx tsx examples/fastify/server.ts
// Environment: WECHAT_TOKEN (a dev default otherwise), WECHAT_AES_KEY + WECHAT_APP_ID for 安全模式, PORT (3000).
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
// In your app: import { createRouter, createWebhook, toNodeListener, type WebhookOptions } from 'wxmp';
import { createRouter, createWebhook, toNodeListener, type WebhookOptions } from '../../src/index.js';

export type WeChatConfig = Pick<WebhookOptions, 'token' | 'encodingAESKey' | 'appId' | 'onError'>;

export function createApp(config: WeChatConfig): FastifyInstance {
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

  const app = Fastify();
  app.register(async (scope) => {
    // Raw body: this scope's parser passes the stream through untouched (other routes keep JSON).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.all('/wechat', (request, reply) => {
      reply.hijack(); // the listener writes the response itself
      wechat(request.raw, reply.raw);
    });
  });
  app.get('/health', async () => 'ok');
  return app;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `||`, not `??`: an empty line in a .env file (WECHAT_AES_KEY=) means "not set"
  const { WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APP_ID, PORT } = process.env;
  const app = createApp({
    token: WECHAT_TOKEN || 'wxmpDevToken',
    ...(WECHAT_AES_KEY && WECHAT_APP_ID ? { encodingAESKey: WECHAT_AES_KEY, appId: WECHAT_APP_ID } : {}),
  });
  await app.listen({ port: Number(PORT || 3000), host: '127.0.0.1' });
  console.log(`Fastify: http://127.0.0.1:${(app.server.address() as AddressInfo).port}/wechat`);
}
