// The business server of the central-token example (业务服务器): answers pushes on /wechat and calls
// the WeChat API only through the API proxy — it holds no AppSecret and never sees an access_token —
// and signs JS-SDK pages (GET /jssdk?url=…) with the jsapi ticket of the token server.
// Run (see README.md): npx tsx examples/central-token/business.ts
// Environment: PROXY_URL (http://127.0.0.1:8701), BUSINESS_PROXY_KEY, TOKEN_SERVER_URL
// (http://127.0.0.1:8700), BUSINESS_TOKEN_KEY, WECHAT_APP_ID, WECHAT_TOKEN (a dev default), PORT (3000).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
// In your app: import { createRouter, createWebhook, jssdkSignature, toNodeListener } from 'wxmp';
import { createRouter, createWebhook, jssdkSignature, toNodeListener } from '../../src/index.js';

export interface BusinessConfig {
  proxyUrl: string;
  proxyKey: string;
  tokenServerUrl: string;
  tokenKey: string;
  appId: string;
  /** The Token (令牌) of the server configuration. */
  token: string;
}

/** Any WeChat API call, through the proxy: the path and query as documented, minus access_token. */
async function viaProxy<T>(c: BusinessConfig, path: string, init: RequestInit = {}): Promise<T> {
  const r = await fetch(`${c.proxyUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${c.proxyKey}` } });
  if (!r.ok) throw new Error(`proxy answered HTTP ${r.status} for ${path}`);
  return (await r.json()) as T;
}

export function createBusiness(c: BusinessConfig): (req: IncomingMessage, res: ServerResponse) => void {
  const wechat = toNodeListener(
    createWebhook({
      token: c.token,
      onError: (error, ctx) => console.warn(`business: wechat ${ctx.status} ${error.code}`),
      handler: createRouter().text(async (m) => {
        const user = await viaProxy<{ openid: string; subscribe: number; subscribe_time?: number }>(
          c,
          `/cgi-bin/user/info?openid=${encodeURIComponent(m.fromUserName)}&lang=zh_CN`,
        );
        const since = user.subscribe_time ? new Date(user.subscribe_time * 1000).toISOString().slice(0, 10) : 'not following';
        return { msgType: 'text', content: `${m.content} — ${user.openid} (${since})` };
      }),
    }),
  );
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/wechat') return wechat(req, res);
    if (url.pathname === '/jssdk' && req.method === 'GET') {
      void (async () => {
        const r = await fetch(`${c.tokenServerUrl}/ticket?appid=${c.appId}&type=jsapi`, { headers: { authorization: `Bearer ${c.tokenKey}` } });
        const { ticket } = (await r.json()) as { ticket: string };
        const page = url.searchParams.get('url') ?? 'https://example.com/';
        const timestamp = Math.floor(Date.now() / 1000);
        const nonceStr = randomBytes(8).toString('hex');
        // what the page passes to wx.config(); the ticket itself stays on the server
        const config = { appId: c.appId, timestamp, nonceStr, signature: jssdkSignature({ jsapiTicket: ticket, nonceStr, timestamp, url: page }) };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
      })().catch(() => res.writeHead(502).end());
      return;
    }
    res.writeHead(404).end();
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const e = process.env;
  const need = (name: string): string => {
    const v = e[name];
    if (!v) throw new Error(`business: set ${name}`);
    return v;
  };
  const handler = createBusiness({
    proxyUrl: e.PROXY_URL || 'http://127.0.0.1:8701',
    proxyKey: need('BUSINESS_PROXY_KEY'),
    tokenServerUrl: e.TOKEN_SERVER_URL || 'http://127.0.0.1:8700',
    tokenKey: need('BUSINESS_TOKEN_KEY'),
    appId: need('WECHAT_APP_ID'),
    token: e.WECHAT_TOKEN || 'wxmpDevToken',
  });
  const server = createServer(handler).listen(Number(e.PORT || 3000), '127.0.0.1', () => {
    console.log(`business: http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat`);
  });
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => server.close());
}
