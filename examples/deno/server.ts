// Deno: the webhook is a Web-standard `Request → Response` function, served by Deno.serve.
// Run (from the repository): npm run example:deno
//   — the same as: deno run --sloppy-imports --allow-net --allow-env examples/deno/server.ts
// Environment: WECHAT_TOKEN (a dev default otherwise), WECHAT_AES_KEY + WECHAT_APP_ID for 安全模式, PORT (3000).
// In your project: import { createRouter, createWebhook } from 'npm:wxmp';
import { createRouter, createWebhook } from '../../src/index.ts';

// empty variables (WECHAT_AES_KEY= in a .env file) count as unset
const env = (name: string): string | undefined => Deno.env.get(name) || undefined;
const key = env('WECHAT_AES_KEY');
const appId = env('WECHAT_APP_ID');

const webhook = createWebhook({
  token: env('WECHAT_TOKEN') ?? 'wxmpDevToken',
  ...(key && appId ? { encodingAESKey: key, appId } : {}),
  handler: createRouter()
    .text((m) => ({ msgType: 'text', content: m.content }))
    .event('subscribe', () => ({ msgType: 'text', content: '感谢关注！' })),
  // refused pushes and failing handlers are reported here (messages are redacted: no token or key)
  onError: (error, ctx) => console.warn(`wechat: ${ctx.status} ${error.message}`),
});

Deno.serve(
  {
    hostname: '127.0.0.1',
    port: Number(env('PORT') ?? 3000),
    onListen: ({ port }) => console.log(`Deno: http://127.0.0.1:${port}/wechat`),
  },
  (request) => (new URL(request.url).pathname === '/wechat' ? webhook(request) : new Response('Not Found', { status: 404 })),
);
