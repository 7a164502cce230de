// Runs a suite once per client kind against one real redis-server started for the file.
import { after, before, beforeEach, describe } from 'node:test';
import { CLIENT_KINDS, connect, startRedis, type Connected, type RedisServer } from './_redis.js';

export interface EachContext {
  redis: RedisServer;
  /** The connected client of the suite's kind. */
  conn: Connected;
}

/** `suite(ctx)` is declared once per kind (node-redis, node-redis@4, ioredis); the database is flushed before each test. */
export function forEachClient(title: string, suite: (ctx: EachContext) => void): void {
  const ctx = {} as EachContext;
  const conns: Connected[] = [];
  before(async () => {
    ctx.redis = await startRedis();
  });
  after(async () => {
    await Promise.all(conns.map((c) => c.close()));
    await ctx.redis?.stop();
  });
  for (const kind of CLIENT_KINDS) {
    describe(`${title} (${kind})`, () => {
      const own = {} as EachContext;
      before(async () => {
        own.redis = ctx.redis;
        own.conn = await connect(kind, ctx.redis.port);
        conns.push(own.conn);
      });
      beforeEach(async () => {
        await own.conn.raw('FLUSHALL');
      });
      suite(own);
    });
  }
}
