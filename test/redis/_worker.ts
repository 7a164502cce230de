// One "instance" of an application for the multi-process tests, forked by processes.test.ts with
// an IPC channel: a WeChatClient per appId on RedisTokenCache + RedisLock, and on request a
// webhook server (node:http on 127.0.0.1:0) on RedisDedupeStore. It answers the parent's
// requests ({ id, op, … } → { id, … }) and reports events ({ event: 'handled' | 'error' | … }).
// node --test also runs this file as a test file: without an IPC channel it does nothing.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WeChatClient } from '../../src/client/client.js';
import { ComponentClient } from '../../src/open-platform/client.js';
import { WxmpError } from '../../src/errors.js';
import { RedisDedupeStore, RedisLock, RedisTokenCache } from '../../src/redis/index.js';
import { toNodeListener } from '../../src/server/node.js';
import { createWebhook } from '../../src/server/webhook.js';
import { connect, type ClientKind } from './_redis.js';
import { appId as accountAppId, encodingAESKey, token } from '../server/_kit.js';
import { open, redisAuthorizerStore } from './_open.js';

export interface WorkerRequest {
  id: number;
  op: 'tokens' | 'api' | 'webhook' | 'ready' | 'component-token' | 'authorizer-api';
  appId?: string;
  n?: number;
  lockTtlMs?: number;
  deadlineMs?: number;
}

const send = process.send?.bind(process);
if (send) {
  const kind = process.env.WXMP_REDIS_KIND as ClientKind;
  const port = Number(process.env.WXMP_REDIS_PORT);
  const platform = process.env.WXMP_PLATFORM_URL ?? 'http://127.0.0.1:9';
  const redis = await connect(kind, port);
  const clients = new Map<string, WeChatClient>();
  const code = (e: unknown): string => (e instanceof WxmpError ? e.code : String(e));
  const causeCode = (e: unknown): string | undefined => {
    const c = (e as { cause?: unknown }).cause;
    return c instanceof WxmpError ? c.code : undefined;
  };
  process.on('unhandledRejection', (e) => send({ event: 'unhandled', error: String(e) }));
  process.on('disconnect', () => process.exit(0)); // the parent is gone: never outlive it

  const clientFor = (r: WorkerRequest): WeChatClient => {
    const appId = r.appId ?? 'wx_default';
    let c = clients.get(appId);
    if (!c) {
      c = new WeChatClient({
        appId,
        appSecret: 'fake_app_secret_0123456789abcdef',
        baseUrl: platform,
        tokenCache: new RedisTokenCache({ client: redis.client }),
        lock: new RedisLock({ client: redis.client }),
        ...(r.lockTtlMs !== undefined ? { lockTtlMs: r.lockTtlMs } : {}),
        lockWaitMs: 8000,
      });
      clients.set(appId, c);
    }
    return c;
  };

  const settle = async <T>(n: number, fn: () => Promise<T>): Promise<{ values: T[]; errors: string[] }> => {
    const all = await Promise.allSettled(Array.from({ length: n }, fn));
    return {
      values: all.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
      errors: all.flatMap((s) => (s.status === 'rejected' ? [`${code(s.reason)}${causeCode(s.reason) ? `/${causeCode(s.reason)}` : ''}`] : [])),
    };
  };

  let component: ComponentClient | undefined;
  // An Open Platform instance: tokens in Redis (RedisTokenCache + RedisLock), refresh tokens in a shared store.
  const componentClient = (): ComponentClient =>
    (component ??= new ComponentClient({
      ...open,
      baseUrl: platform,
      tokenCache: new RedisTokenCache({ client: redis.client }),
      lock: new RedisLock({ client: redis.client }),
      authorizerStore: redisAuthorizerStore(redis.raw),
      lockWaitMs: 8000,
    }));

  const startWebhook = async (r: WorkerRequest): Promise<number> => {
    const webhook = createWebhook({
      token,
      encodingAESKey,
      appId: accountAppId,
      dedupe: new RedisDedupeStore({ client: redis.client }),
      ...(r.deadlineMs !== undefined ? { deadlineMs: r.deadlineMs } : {}),
      onError: (e) => send({ event: 'error', code: e.code, cause: causeCode(e) }),
      handler: async (m) => {
        if (m.msgType !== 'text') return 'success';
        send({ event: 'handled', msgId: m.msgId, pid: process.pid });
        if (m.content === 'hang' && process.env.WXMP_VICTIM) await new Promise(() => {}); // killed while running
        const slow = /^slow:(\d+)$/.exec(m.content);
        if (slow) await new Promise((resolve) => setTimeout(resolve, Number(slow[1])));
        return { msgType: 'text', content: `${m.content} answered by ${process.pid} ${Math.random().toString(36).slice(2)}` };
      },
    });
    const server = createServer(toNodeListener(webhook));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };

  process.on('message', (r: WorkerRequest) => {
    const reply = (body: object): void => void send({ id: r.id, ...body });
    const run = async (): Promise<void> => {
      if (r.op === 'tokens') return reply(await settle(r.n ?? 1, () => clientFor(r).getAccessToken()));
      if (r.op === 'api') return reply(await settle(r.n ?? 1, () => clientFor(r).request('/cgi-bin/get_api_domain_ip')));
      if (r.op === 'webhook') return reply({ port: await startWebhook(r) });
      if (r.op === 'component-token') return reply(await settle(r.n ?? 1, () => componentClient().getComponentAccessToken()));
      if (r.op === 'authorizer-api')
        return reply(
          await settle(r.n ?? 1, () =>
            componentClient()
              .authorizer(r.appId ?? open.authorizerAppId)
              .request('/cgi-bin/get_api_domain_ip'),
          ),
        );
      return reply({ ready: redis.ready() });
    };
    run().catch((e: unknown) => reply({ failed: String(e) }));
  });
  send({ event: 'started', pid: process.pid });
}
