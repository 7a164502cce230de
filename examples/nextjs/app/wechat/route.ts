// Next.js (App Router) route handler: app/wechat/route.ts → https://your.domain/wechat
// The webhook is a Web-standard `Request → Response` function, so GET (URL verification) and POST
// (pushes) are the same function. Environment: WECHAT_TOKEN (required), and WECHAT_AES_KEY +
// WECHAT_APP_ID for 安全模式. Instructions: ../../README.md (examples/nextjs/README.md).
import { createRouter, createWebhook, type Webhook } from 'wxmp';

export const runtime = 'nodejs'; // wxmp's crypto uses node:crypto
export const dynamic = 'force-dynamic'; // never cache: every push is signed differently

// Created on the first request, not at import: `next build` loads route modules without the secrets.
let webhook: Webhook | undefined;
function wechat(): Webhook | undefined {
  // `||`: an empty line in a .env file (WECHAT_AES_KEY=) means "not set"
  const { WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APP_ID } = process.env;
  if (!WECHAT_TOKEN) return undefined;
  return (webhook ??= createWebhook({
    token: WECHAT_TOKEN,
    ...(WECHAT_AES_KEY && WECHAT_APP_ID ? { encodingAESKey: WECHAT_AES_KEY, appId: WECHAT_APP_ID } : {}),
    handler: createRouter()
      .text((m) => ({ msgType: 'text', content: m.content }))
      .event('subscribe', () => ({ msgType: 'text', content: '感谢关注！' })),
    // refused pushes and failing handlers are reported here (messages are redacted: no token or key)
    onError: (error, ctx) => console.warn(`wechat: ${ctx.status} ${error.message}`),
    // Serverless: a handler that misses the deadline keeps running only while the function lives;
    // send its late result with the customer-service API (客服消息) from here.
    onLate: (result, message) => console.warn('late reply for', message.fromUserName, result),
  }));
}

function handle(request: Request): Promise<Response> | Response {
  const w = wechat();
  if (!w) {
    console.error('wechat: WECHAT_TOKEN is not set');
    return new Response('WECHAT_TOKEN is not set', { status: 500 });
  }
  return w(request);
}

export const GET = handle;
export const POST = handle;
