// Shared setup of the Redis tests: a real redis-server (scripts/redis-server.mjs, started on a free
// port on 127.0.0.1 with no persistence) and real clients of every supported kind.
import { createRequire } from 'node:module';
import type { RedisClientLike } from '../../src/redis/types.js';

/** The redis-server handle returned by scripts/redis-server.mjs. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
  restart(): Promise<void>;
  pause(): void;
  resume(): void;
}

/** A throw-away Redis Cluster (3 masters, no replicas). */
export interface RedisClusterServer {
  readonly ports: number[];
  stop(): Promise<void>;
}

interface ServerScript {
  startRedis(options?: { port?: number }): Promise<RedisServer>;
  startRedisCluster(options?: { masters?: number }): Promise<RedisClusterServer>;
  ping(port: number, timeoutMs?: number): Promise<boolean>;
}

// Compiled to .build-test/test/redis/: the repository root is three levels up.
const script = (): Promise<ServerScript> => import(new URL('../../../scripts/redis-server.mjs', import.meta.url).href) as Promise<ServerScript>;

/** Starts a throw-away redis-server; stop it in `after()` (it also stops when this process exits). */
export async function startRedis(options: { port?: number } = {}): Promise<RedisServer> {
  return (await script()).startRedis(options);
}

/** Starts a throw-away 3-node Redis Cluster on 127.0.0.1; stop it in `after()`. */
export async function startRedisCluster(): Promise<RedisClusterServer> {
  return (await script()).startRedisCluster();
}

/** True once redis-server answers PING on `port`. */
export async function ping(port: number): Promise<boolean> {
  return (await script()).ping(port);
}

/** node-redis (current), node-redis 4 and ioredis: every adapter test runs against each. */
export const CLIENT_KINDS = ['node-redis', 'node-redis@4', 'ioredis'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** A connected client and how to close it. */
export interface Connected {
  kind: ClientKind;
  client: RedisClientLike;
  /** Raw command on the same client (for assertions: TTLs, INFO, SCRIPT FLUSH…). */
  raw(...args: string[]): Promise<unknown>;
  /** True while the client reports itself ready. */
  ready(): boolean;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

interface NodeRedisModule {
  createClient(o: { url: string; socket?: { reconnectStrategy?: (n: number) => number } }): {
    on(e: 'error', f: (e: unknown) => void): unknown;
    connect(): Promise<unknown>;
    readonly isReady: boolean;
    sendCommand(args: string[]): Promise<unknown>;
    quit(): Promise<unknown>;
    disconnect(): Promise<unknown>;
  };
}
interface IoRedisInstance {
  readonly status: string;
  call(command: string, ...args: string[]): Promise<unknown>;
  on(e: string, f: (e: unknown) => void): unknown;
  once(e: string, f: () => void): unknown;
  disconnect(): void;
}

/** Connects a client of `kind` to 127.0.0.1:port (reconnecting every 50-100 ms after a loss). */
export async function connect(kind: ClientKind, port: number): Promise<Connected> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${kind} could not connect to 127.0.0.1:${port} within 10 s`)), 10_000);
  });
  try {
    return await Promise.race([open(kind, port), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function open(kind: ClientKind, port: number): Promise<Connected> {
  const url = `redis://127.0.0.1:${port}`;
  if (kind === 'ioredis') {
    const Redis = require('ioredis') as new (o: object) => IoRedisInstance;
    const c = new Redis({ host: '127.0.0.1', port, retryStrategy: () => 100, maxRetriesPerRequest: 1 });
    c.on('error', () => {});
    if (c.status !== 'ready') await new Promise<void>((resolve) => c.once('ready', resolve));
    return {
      kind,
      client: c,
      raw: (...args) => c.call(args[0] as string, ...args.slice(1)),
      ready: () => c.status === 'ready',
      close: async () => c.disconnect(),
    };
  }
  const mod = require(kind === 'node-redis' ? 'redis' : 'redis4') as NodeRedisModule;
  const c = mod.createClient({ url, socket: { reconnectStrategy: () => 50 } });
  c.on('error', () => {});
  await c.connect();
  return {
    kind,
    client: c,
    raw: (...args) => c.sendCommand(args),
    ready: () => c.isReady,
    close: async () => {
      await (c.isReady ? c.quit() : c.disconnect()).catch(() => {});
    },
  };
}

/** Polls `cond` every 20 ms until true or `ms` elapsed; returns the final value. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface ClusterModule {
  createCluster(o: { rootNodes: { url: string }[] }): {
    on(e: 'error', f: (e: unknown) => void): unknown;
    connect(): Promise<unknown>;
    close?(): Promise<unknown>;
    quit?(): Promise<unknown>;
    disconnect(): Promise<unknown>;
  };
}

/** A cluster client of `kind` (node-redis createCluster or ioredis Cluster) and how to close it. */
export async function connectCluster(kind: ClientKind, ports: number[]): Promise<{ client: RedisClientLike; close(): Promise<void> }> {
  if (kind === 'ioredis') {
    const { Cluster } = require('ioredis') as { Cluster: new (nodes: object[]) => IoRedisInstance };
    const c = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
    c.on('error', () => {});
    if (c.status !== 'ready') await new Promise<void>((resolve) => c.once('ready', resolve));
    return { client: c, close: async () => c.disconnect() };
  }
  const mod = require(kind === 'node-redis' ? 'redis' : 'redis4') as ClusterModule;
  const c = mod.createCluster({ rootNodes: ports.map((port) => ({ url: `redis://127.0.0.1:${port}` })) });
  c.on('error', () => {});
  await c.connect();
  return { client: c as unknown as RedisClientLike, close: async () => void (await c.disconnect()) };
}
