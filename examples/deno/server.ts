// Deno: the webhook is a Web-standard `Request → Response` function, served by Deno.serve.
// Run (from the repository): deno run --sloppy-imports --allow-net --allow-env examples/deno/server.ts
// In your project: import { createRouter, createWebhook } from 'npm:wxmp';
import { createRouter, createWebhook } from '../../src/index.ts';

const env = (name: string): string | undefined => Deno.env.get(name) || undefined;
const key = env('WECHAT_AES_KEY');
const appId = env('WECHAT_APP_ID');

const webhook = createWebhook({
  token: env('WECHAT_TOKEN') ?? 'wxmpDevToken',
  ...(key && appId ? { encodingAESKey: key, appId } : {}),
  handler: createRouter()
    .text((m) => ({ msgType: 'text', content: m.content }))
    .event('subscribe', () => ({ msgType: 'text', content: '感谢关注！' })),
});

Deno.serve({ hostname: '127.0.0.1', port: Number(env('PORT') ?? 3000) }, (request) =>
  new URL(request.url).pathname === '/wechat' ? webhook(request) : new Response('Not Found', { status: 404 }));
