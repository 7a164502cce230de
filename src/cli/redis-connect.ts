// Connects the user's own Redis library for `wxmp token-server` / `wxmp proxy --config` with a
// `redisUrl`: node-redis (`redis`) or ioredis, whichever is installed, imported lazily so that
// wxmp itself depends on neither.
import type { RedisClientLike } from '../redis/types.js';
import { UsageError } from './args.js';

/** A connected client and how to close it. */
export interface ConnectedRedis {
  client: RedisClientLike;
  library: 'redis' | 'ioredis';
  close(): Promise<void>;
}

interface NodeRedisModule {
  createClient(o: { url: string }): {
    on(event: 'error', fn: (e: unknown) => void): unknown;
    connect(): Promise<unknown>;
    quit?(): Promise<unknown>;
    close?(): Promise<unknown>;
    destroy?(): void;
  };
}

type IoRedisConstructor = new (
  url: string,
  options: object,
) => {
  on(event: string, fn: (e?: unknown) => void): unknown;
  once(event: string, fn: (e?: unknown) => void): unknown;
  readonly status: string;
  quit(): Promise<unknown>;
  disconnect(): void;
};

/** `specifier` through a variable: bundlers and the type checker leave the import alone. */
async function load(specifier: string): Promise<unknown> {
  try {
    return await import(specifier);
  } catch {
    return undefined;
  }
}

/** Resolves with `p`, or rejects after `ms` (a first connection that never comes must not hang the command). */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Credentials of a URL are never printed. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1***@');
}

/**
 * Imports `redis` (or `ioredis`) and connects to `url`, reporting connection errors through `warn`.
 *
 * @throws {UsageError} when neither library is installed, or the first connection fails or takes
 * longer than `timeoutMs`.
 */
export async function connectRedis(
  url: string,
  prefer: 'redis' | 'ioredis' | undefined,
  warn: (message: string) => void,
  timeoutMs = 10_000,
): Promise<ConnectedRedis> {
  const order = prefer === undefined ? (['redis', 'ioredis'] as const) : [prefer];
  const onError = (e: unknown): void => warn(`redis: ${maskUrl(e instanceof Error ? e.message.slice(0, 200) : 'connection error')}`);
  for (const library of order) {
    const mod = (await load(library)) as Record<string, unknown> | undefined;
    if (!mod) continue;
    try {
      return library === 'redis' ? await nodeRedis(mod as unknown as NodeRedisModule, url, onError, timeoutMs) : await ioRedis(mod, url, onError, timeoutMs);
    } catch {
      throw new UsageError(`cannot connect to Redis at ${maskUrl(url)} with ${library}`);
    }
  }
  throw new UsageError(`redisUrl is set but neither ${order.join(' nor ')} is installed: npm install ${order[0]}`);
}

async function nodeRedis(mod: NodeRedisModule, url: string, onError: (e: unknown) => void, timeoutMs: number): Promise<ConnectedRedis> {
  const c = mod.createClient({ url });
  c.on('error', onError);
  try {
    await within(c.connect(), timeoutMs);
  } catch (e) {
    c.destroy?.();
    throw e;
  }
  const close = async (): Promise<void> => {
    try {
      await (c.close ?? c.quit)?.call(c);
    } catch {
      c.destroy?.();
    }
  };
  return { client: c as unknown as RedisClientLike, library: 'redis', close };
}

async function ioRedis(mod: Record<string, unknown>, url: string, onError: (e: unknown) => void, timeoutMs: number): Promise<ConnectedRedis> {
  const Redis = (mod['default'] ?? mod) as IoRedisConstructor;
  const c = new Redis(url, { maxRetriesPerRequest: 1 });
  c.on('error', onError);
  try {
    if (c.status !== 'ready') await within(new Promise<void>((resolve) => c.once('ready', () => resolve())), timeoutMs);
  } catch (e) {
    c.disconnect();
    throw e;
  }
  const close = async (): Promise<void> => {
    try {
      await c.quit();
    } catch {
      c.disconnect();
    }
  };
  return { client: c as unknown as RedisClientLike, library: 'ioredis', close };
}
