// `wxmp/redis`: re-exports only, no logic.
export { RedisTokenCache } from './token-cache.js';
export { RedisLock } from './lock.js';
export { RedisDedupeStore } from './dedupe.js';
export { RedisRateLimiter } from './rate-limiter.js';
export type { RedisAdapterOptions, RedisClientLike, NodeRedisClientLike, NodeRedisClusterLike, IoRedisClientLike } from './types.js';
