// Next.js (App Router) route handler: app/wechat/route.ts → https://your.domain/wechat
// The webhook is a Web-standard `Request → Response` function, so GET (URL verification) and POST
// (pushes) are the same function. Environment: WECHAT_TOKEN, and WECHAT_AES_KEY + WECHAT_APP_ID for 安全模式.
import { createRouter, createWebhook, type Webhook } from 'wxmp';

export const runtime = 'nodejs'; // wxmp's crypto uses node:crypto
export const dynamic = 'force-dynamic'; // never cache: every push is signed differently

// Created on the first request, not at import: `next build` loads route modules without the secrets.
let webhook: Webhook | undefined;
function wechat(): Webhook {
  const { WECHAT_TOKEN = '', WECHAT_AES_KEY, WECHAT_APP_ID } = process.env;
  return (webhook ??= createWebhook({
    token: WECHAT_TOKEN, // missing → WxmpError INVALID_CONFIG on the first request
    ...(WECHAT_AES_KEY && WECHAT_APP_ID ? { encodingAESKey: WECHAT_AES_KEY, appId: WECHAT_APP_ID } : {}),
    handler: createRouter()
      .text((m) => ({ msgType: 'text', content: m.content }))
      .event('subscribe', () => ({ msgType: 'text', content: '感谢关注！' })),
    // Serverless: a handler that misses the deadline keeps running only while the function lives;
    // send its late result with the customer-service API (客服消息) from here.
    onLate: (result, message) => console.warn('late reply for', message.fromUserName, result),
  }));
}

export function GET(request: Request): Promise<Response> {
  return wechat()(request);
}

export function POST(request: Request): Promise<Response> {
  return wechat()(request);
}
