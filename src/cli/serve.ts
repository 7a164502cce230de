// `wxmp token-server` and `wxmp proxy`: builds the handler from the configuration, serves it on
// node:http, prints where it listens (never a secret), logs through stderr, and stops on the
// signal (SIGINT/SIGTERM in the binary).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiProxy } from '../central/api-proxy.js';
import { remoteTokenProvider } from '../central/remote-provider.js';
import { createTokenServer } from '../central/token-server.js';
import { WeChatClient } from '../client/client.js';
import type { Logger } from '../client/types.js';
import { isWxmpError } from '../errors.js';
import { RedisLock, RedisRateLimiter, RedisTokenCache } from '../redis/index.js';
import { toNodeListener } from '../server/node.js';
import { UsageError } from './args.js';
import { connectRedis, maskUrl, type ConnectedRedis } from './redis-connect.js';
import type { ProxyConfig, ServeConfig, TokenServerConfig } from './serve-config.js';

/** Where the server command writes, and when it stops. */
export interface ServeIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Aborting it stops the server; the command then resolves. */
  signal?: AbortSignal;
}

interface Built {
  handler: ((request: Request) => Promise<Response>) & { close?: () => void };
  summary: string;
}

function built(fn: () => Built): Built {
  try {
    return fn();
  } catch (e) {
    // INVALID_CONFIG messages name the setting, never its value
    if (isWxmpError(e, 'INVALID_CONFIG')) throw new UsageError(`invalid configuration: ${e.message.replace(/^INVALID_CONFIG: /, '')}`);
    throw e;
  }
}

function tokenServer(c: TokenServerConfig, redis: ConnectedRedis | undefined, logger: Logger): Built {
  const shared = redis
    ? {
        tokenCache: new RedisTokenCache({ client: redis.client }),
        lock: new RedisLock({ client: redis.client }),
        rateLimiter: new RedisRateLimiter({ client: redis.client }),
      }
    : {};
  const handler = createTokenServer({
    accounts: c.accounts,
    clients: c.clients,
    logger,
    ...shared,
    ...(c.baseUrl !== undefined ? { baseUrl: c.baseUrl } : {}),
    ...(c.basePath !== undefined ? { basePath: c.basePath } : {}),
    ...(c.tokenMode !== undefined ? { tokenMode: c.tokenMode } : {}),
  });
  const ids = Array.isArray(c.accounts) ? c.accounts.map((a) => a?.appId).join(', ') : '';
  return { handler, summary: `accounts: ${ids}; ${c.clients.length} client key(s); GET /token, POST /token/invalidate, GET /ticket, GET /healthz` };
}

function proxy(c: ProxyConfig, redis: ConnectedRedis | undefined, logger: Logger): Built {
  if ((c.appSecret === undefined) === (c.tokenServer === undefined)) throw new UsageError('the proxy needs either appSecret or tokenServer { url, key }');
  const source =
    c.tokenServer !== undefined
      ? { tokenProvider: remoteTokenProvider({ url: c.tokenServer.url, key: c.tokenServer.key }) }
      : {
          appSecret: c.appSecret as string,
          ...(redis ? { tokenCache: new RedisTokenCache({ client: redis.client }), lock: new RedisLock({ client: redis.client }) } : {}),
        };
  const client = new WeChatClient({ appId: c.appId, logger, ...source, ...(c.baseUrl !== undefined ? { baseUrl: c.baseUrl } : {}) });
  const handler = createApiProxy({
    client,
    callers: c.callers,
    logger,
    ...(redis ? { rateLimiter: new RedisRateLimiter({ client: redis.client }) } : {}),
    ...(c.basePath !== undefined ? { basePath: c.basePath } : {}),
    ...(c.maxBodyBytes !== undefined ? { maxBodyBytes: c.maxBodyBytes } : {}),
  });
  const tokens = c.tokenServer !== undefined ? `tokens from ${[c.tokenServer.url].flat().map(maskUrl).join(', ')}` : 'tokens with its own AppSecret';
  return { handler, summary: `account: ${c.appId}; ${tokens}; ${c.callers.length} caller key(s)` };
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new UsageError(`cannot listen on ${host}:${port} (${e.code ?? 'error'})`)));
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/**
 * Runs the configured server until `io.signal` aborts; resolves with the exit status.
 *
 * @throws {UsageError} for a configuration the server refuses, a Redis it cannot reach, a port it cannot bind.
 */
export async function serve(config: ServeConfig, io: ServeIO): Promise<number> {
  const name = `wxmp ${config.kind}`;
  const logger: Logger = {
    warn: (m, meta) => io.stderr(`${name}: ${m}${meta ? ` ${JSON.stringify(meta)}` : ''}\n`),
    ...(config.verbose ? { debug: (m: string, meta?: Record<string, unknown>) => io.stderr(`${name}: ${m}${meta ? ` ${JSON.stringify(meta)}` : ''}\n`) } : {}),
  };
  const redis = config.redisUrl !== undefined ? await connectRedis(config.redisUrl, config.redisClient, (m) => logger.warn?.(m)) : undefined;
  let server: Server | undefined;
  let app: Built | undefined;
  try {
    app = built(() => (config.kind === 'token-server' ? tokenServer(config, redis, logger) : proxy(config, redis, logger)));
    server = createServer(toNodeListener(app.handler));
    server.headersTimeout = 10_000;
    server.requestTimeout = 120_000;
    const address = await listen(server, config.host, config.port);
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    io.stdout(
      `${name}: listening on http://${host}:${address.port}\n  ${app.summary}\n  Redis: ${redis ? `${maskUrl(config.redisUrl as string)} (${redis.library})` : 'none (this process only)'}\n`,
    );
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) return resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    io.stdout(`${name}: stopped\n`);
    return 0;
  } finally {
    app?.handler.close?.();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => (server as Server).close(() => resolve()));
    }
    await redis?.close();
  }
}
