// Open Platform (第三方平台): one server for many Official Accounts — the 授权事件接收URL, the
// 消息与事件接收URL, an authorization page, and replies that differ per authorizing account.
// Run (from the repository): npm run example:open-platform   — the same as: npx tsx examples/open-platform/server.ts
// Environment: WECHAT_COMPONENT_APPID, WECHAT_COMPONENT_SECRET, WECHAT_COMPONENT_TOKEN, WECHAT_COMPONENT_AES_KEY,
// PUBLIC_URL (the https origin WeChat reaches), PORT (3000). Without them it runs in demo mode against an in-process fake WeChat.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
// In your app: import { ComponentClient, createComponentWebhook, createWebhook, toNodeListener, … } from 'wxmp';
import {
  ComponentClient,
  createComponentWebhook,
  createRouter,
  createWebhook,
  toNodeListener,
  type AuthorizerWebhookContext,
  type ComponentClientOptions,
} from '../../src/index.js';
import { createFakeWeChatApi, createSimulator, type FakeWeChatApi } from '../../src/testing/index.js';

export interface AppConfig
  extends Pick<
    ComponentClientOptions,
    'componentAppId' | 'componentAppSecret' | 'token' | 'encodingAESKey' | 'fetch' | 'tokenCache' | 'lock' | 'authorizerStore'
  > {
  /** Where the admin returns after authorizing (the origin of /authorized). */
  publicUrl: string;
  /** Demo mode: the fake WeChat that also plays the account admin on /demo/consent. */
  demo?: FakeWeChatApi;
}

/** One tenant of the SaaS per authorizing account: here just how its replies start. */
interface Tenant {
  greeting: string;
}

export function createApp(config: AppConfig): { listener: RequestListener; component: ComponentClient; tenants: Map<string, Tenant> } {
  const { publicUrl, demo, ...options } = config;
  const component = new ComponentClient(options);
  const tenants = new Map<string, Tenant>();
  const log = (what: string) => (error: { message: string }, ctx: { status: number }) => console.warn(`${what}: ${ctx.status} ${error.message}`);

  // 授权事件接收URL: tickets are stored and codes exchanged by wxmp; the app keeps its tenant list
  const events = toNodeListener(
    createComponentWebhook({
      component,
      onError: log('component'),
      onEvent: (e) => {
        if (e.infoType === 'authorized') tenants.set(e.authorizerAppid, { greeting: `[${e.authorizerAppid.slice(-4)}]` });
        if (e.infoType === 'unauthorized') tenants.delete(e.authorizerAppid);
      },
    }),
  );
  // 消息与事件接收URL (/wechat/$APPID$/callback): every account's pushes; the 全网发布 checks answered
  const messages = toNodeListener(
    createWebhook({
      component,
      releaseTest: true,
      onError: log('messages'),
      handler: createRouter<AuthorizerWebhookContext>()
        .text((m, ctx) => ({ msgType: 'text', content: `${greetingOf(tenants, ctx)} ${m.content}` }))
        .event('subscribe', (_m, ctx) => ({ msgType: 'text', content: `${greetingOf(tenants, ctx)} 感谢关注！` })),
    }),
  );

  const listener: RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/wechat/component') return events(req, res);
    if (/^\/wechat\/[^/]+\/callback$/.test(url.pathname)) return messages(req, res);
    if (url.pathname === '/') return html(res, 200, '<h1>My SaaS</h1><p><a href="/authorize">授权公众号 (authorize your Official Account)</a></p>');
    void pages(url, req, res).catch((e: unknown) => html(res, 500, `<p>${escapeHtml(e instanceof Error ? e.message : String(e))}</p>`));
  };

  // The authorization page: /authorize → WeChat's page (a QR code for the admin) → /authorized?auth_code=…
  const pages = async (url: URL, _req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (url.pathname === '/authorize') {
      const page = await component.preAuthUrl({ redirectUri: `${publicUrl}/authorized`, authType: 1 });
      // demo mode: the fake WeChat plays the admin who scans and agrees
      return redirect(res, demo ? `/demo/consent?page=${encodeURIComponent(page)}` : page);
    }
    if (url.pathname === '/authorized') {
      const info = await component.queryAuth(url.searchParams.get('auth_code') ?? '');
      if (!tenants.has(info.authorizer_appid)) tenants.set(info.authorizer_appid, { greeting: `[${info.authorizer_appid.slice(-4)}]` });
      return html(res, 200, `<p>Authorized: ${escapeHtml(info.authorizer_appid)}</p>`);
    }
    if (demo && url.pathname === '/demo/consent') return redirect(res, demo.component.authorize(url.searchParams.get('page') ?? '').redirectUrl);
    html(res, 404, '<p>Not found</p>');
  };
  return { listener, component, tenants };
}

function greetingOf(tenants: Map<string, Tenant>, ctx: AuthorizerWebhookContext): string {
  return tenants.get(ctx.authorizerAppId)?.greeting ?? '[new]';
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The demo configuration: dev keys and an in-process fake WeChat. */
export function demoConfig(publicUrl: string): AppConfig {
  const demo = createFakeWeChatApi({ component: { appId: 'wxcomponent0000001', appSecret: 'fake_component_secret_0123456789' } });
  return {
    componentAppId: demo.component.appId,
    componentAppSecret: demo.component.appSecret,
    token: 'wxmpDevToken',
    encodingAESKey: 'wxmpDevEncodingAESKey0123456789abcdefghijkl',
    fetch: demo.fetch,
    publicUrl,
    demo,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `||`, not `??`: an empty line in a .env file means "not set"
  const env = process.env;
  const live = env.WECHAT_COMPONENT_APPID && env.WECHAT_COMPONENT_SECRET && env.WECHAT_COMPONENT_TOKEN && env.WECHAT_COMPONENT_AES_KEY;
  const server = createServer();
  server.listen(Number(env.PORT || 3000), '127.0.0.1', () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config: AppConfig = live
      ? {
          componentAppId: env.WECHAT_COMPONENT_APPID!,
          componentAppSecret: env.WECHAT_COMPONENT_SECRET!,
          token: env.WECHAT_COMPONENT_TOKEN!,
          encodingAESKey: env.WECHAT_COMPONENT_AES_KEY!,
          publicUrl: env.PUBLIC_URL || base,
        }
      : demoConfig(base);
    server.on('request', createApp(config).listener);
    console.log(`Open Platform${live ? '' : ' (demo mode: fake WeChat in-process)'}: authorization page ${base}/`);
    console.log(`  授权事件接收URL     ${base}/wechat/component`);
    console.log(`  消息与事件接收URL   ${base}/wechat/$APPID$/callback`);
    // demo mode: WeChat's first component_verify_ticket push (it sends one every 10 minutes)
    if (config.demo) {
      const push = createSimulator({
        token: config.token,
        encodingAESKey: config.encodingAESKey,
        appId: config.componentAppId,
        url: `${base}/wechat/component`,
      }).componentVerifyTicket(config.demo.component.issueTicket());
      void fetch(push.request()).then(async (r) => console.log(`  demo: ticket pushed, answered ${await r.text()}`));
    }
  });
}
