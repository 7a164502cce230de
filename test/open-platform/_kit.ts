// Shared setup of the Open Platform tests: a fake platform that also plays the component, a
// controllable clock, the component client, its two webhooks and a simulator with its keys.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WxmpError } from '../../src/errors.js';
import { ComponentClient } from '../../src/open-platform/client.js';
import { createComponentWebhook } from '../../src/open-platform/component-webhook.js';
import type { ComponentClientOptions, ComponentWebhookOptions } from '../../src/open-platform/types.js';
import { createFakeWeChatApi, type FakeWeChatApi } from '../../src/testing/fake-api/index.js';
import { createSimulator, type Simulator } from '../../src/testing/simulator.js';

export const token = 'componentToken01';
export const encodingAESKey = 'ComponentKey0123456789abcdefghijklmnopqrstu';
export const componentAppId = 'wxcomponent0000001';
export const componentAppSecret = 'fake_component_secret_0123456789';
/** The account that authorizes in most tests (the fake's own account, whose state it keeps). */
export const authorizerAppId = 'wx0123456789abcdef';

export interface OpenKit {
  clock: { t: number };
  api: FakeWeChatApi;
  component: ComponentClient;
  /** The 授权事件接收URL webhook. */
  events: ReturnType<typeof createComponentWebhook>;
  errors: WxmpError[];
  sim: Simulator;
  /** Pushes a fresh ticket through the events webhook. */
  pushTicket(): Promise<string>;
  /** preAuthUrl → the admin authorizes `appId` → queryAuth: the account is authorized. */
  authorize(appId?: string): Promise<void>;
}

export function openKit(options: Partial<ComponentClientOptions> = {}, webhook: Partial<ComponentWebhookOptions> = {}): OpenKit {
  const clock = { t: 1_700_000_000 };
  const now = (): number => clock.t;
  const api = createFakeWeChatApi({ now, component: { appId: componentAppId, appSecret: componentAppSecret } });
  const component = new ComponentClient({
    componentAppId,
    componentAppSecret,
    token,
    encodingAESKey,
    fetch: api.fetch,
    now,
    sleep: async () => {},
    ...options,
  });
  const errors: WxmpError[] = [];
  const events = createComponentWebhook({ component, now, onError: (e) => void errors.push(e), ...webhook });
  const sim = createSimulator({ token, encodingAESKey, appId: componentAppId, now, url: 'http://127.0.0.1/wechat/component' });
  return {
    clock,
    api,
    component,
    events,
    errors,
    sim,
    async pushTicket() {
      const ticket = api.component.issueTicket();
      const push = sim.componentVerifyTicket(ticket);
      const out = await sim.readReply(await events(push.request()), push);
      if (out.kind !== 'success') throw new Error(`ticket push answered ${JSON.stringify(out)}`);
      return ticket;
    },
    async authorize(appId = authorizerAppId) {
      const url = await component.preAuthUrl({ redirectUri: 'https://saas.example.com/authorized' });
      const { authorizationCode } = api.component.authorize(url, { authorizerAppId: appId });
      await component.queryAuth(authorizationCode);
    },
  };
}

/** Serves a fetch-like fake over real HTTP on 127.0.0.1 (for clients in other processes). */
export async function serveFetch(fetchImpl: (url: string, init: RequestInit) => Promise<Response>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      fetchImpl(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) })
        .then(async (r) => {
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
