/**
 * Types of the Redis adapters: the client shapes wxmp recognises and the options every adapter
 * takes. Type-only module: wxmp never imports a Redis library, it drives the user's own client.
 */

/** The part of a node-redis (v4+) client wxmp uses: `createClient()` after `await client.connect()`. */
export interface NodeRedisClientLike {
  readonly isReady: boolean;
  /** Sends one command (`['SET', key, value, …]`). */
  sendCommand(args: string[]): Promise<unknown>;
}

/** The part of a node-redis (v4+) cluster wxmp uses: `createCluster()` after `await cluster.connect()`. */
export interface NodeRedisClusterLike {
  /** node-redis 5+; version 4 clusters only have `isOpen`. */
  readonly isReady?: boolean;
  readonly isOpen: boolean;
  /** Its presence tells a cluster from a single client: their `sendCommand` signatures differ. */
  readonly masters: unknown;
  /** Sends one command to the node that holds `firstKey`. */
  sendCommand(firstKey: string, isReadonly: boolean, args: string[]): Promise<unknown>;
}

/** The part of an ioredis client (or `Redis.Cluster`) wxmp uses: `call` and `status`. */
export interface IoRedisClientLike {
  readonly status: string;
  /** Sends one command (`call('SET', key, value, …)`). */
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** A connected node-redis or ioredis client (single node or cluster), recognised by its shape. */
export type RedisClientLike = NodeRedisClientLike | NodeRedisClusterLike | IoRedisClientLike;

/** Options shared by {@link RedisTokenCache}, {@link RedisLock} and {@link RedisDedupeStore}. */
export interface RedisAdapterOptions {
  /**
   * Your connected client; wxmp neither connects nor closes it. Attach `client.on('error', …)`:
   * node-redis and ioredis emit `error` on every lost connection.
   */
  client: RedisClientLike;
  /** Prepended to every key (default `'wxmp:'`); must not contain `{` or `}` (hash tags). */
  prefix?: string;
  /**
   * Longest wait for one Redis command in milliseconds (default 1 000). After a timeout the
   * adapter fails fast (`REDIS_UNAVAILABLE`) and lets one probe command through per period until
   * Redis answers again, so a hung server cannot pile up queued commands.
   */
  commandTimeoutMs?: number;
}
