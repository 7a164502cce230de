/**
 * The one place that talks to the user's Redis client: recognises node-redis (client or cluster)
 * and ioredis by shape, and runs `cmd(args)` with a readiness check, a per-command timeout, a
 * fail-fast period after a timeout (shared by every adapter on the same client), EVALSHA with an
 * EVAL fallback on NOSCRIPT, and error messages scrubbed of the command's values (tokens,
 * replies) and of credentials in URLs.
 */
import { WxmpError } from '../errors.js';
import { hashText } from '../internal/hash.js';
import { redact, redactValues, scrubError } from '../internal/redact.js';
import type { IoRedisClientLike, NodeRedisClientLike, NodeRedisClusterLike, RedisAdapterOptions } from './types.js';

type Send = (args: string[], key: string) => Promise<unknown>;

/** A Lua script that touches exactly one key (`KEYS[1]`), so it runs on one Redis Cluster slot. */
export class Script {
  #sha: string | undefined;

  constructor(readonly source: string) {}

  /** The SHA-1 Redis caches the script under, computed on first use. */
  get sha(): string {
    this.#sha ??= hashText('sha1', this.source, 'hex');
    return this.#sha;
  }
}

const URL_CREDENTIALS_RE = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi;

function has(o: object, name: string, type: string): boolean {
  return typeof (o as Record<string, unknown>)[name] === type;
}

// ioredis is tested first: it also has a `sendCommand`, which takes a Command object.
function adapt(client: unknown): { send: Send; ready: () => boolean } {
  if (typeof client === 'object' && client !== null) {
    if (has(client, 'call', 'function') && has(client, 'status', 'string')) {
      const c = client as IoRedisClientLike;
      return { send: (args) => c.call(args[0] as string, ...args.slice(1)), ready: () => c.status === 'ready' };
    }
    if (has(client, 'sendCommand', 'function')) {
      if ('masters' in client && has(client, 'isOpen', 'boolean')) {
        const c = client as NodeRedisClusterLike;
        return { send: (args, key) => c.sendCommand(key, false, args), ready: () => c.isReady ?? c.isOpen };
      }
      if (has(client, 'isReady', 'boolean')) {
        const c = client as NodeRedisClientLike;
        return { send: (args) => c.sendCommand(args), ready: () => c.isReady };
      }
    }
  }
  throw new WxmpError('INVALID_CONFIG', 'client must be a node-redis (v4+) client or cluster, or an ioredis client or cluster');
}

/** What the runners of one client know about it: shared, since a hung client is hung for all of them. */
interface Health {
  /** 0 while healthy; after a timeout, the time until which commands fail fast. */
  stalledUntil: number;
  probing: boolean;
  /** The client was ready once: not being ready now means it lost its connection. */
  seenReady: boolean;
}

const HEALTH = new WeakMap<object, Health>();

/** Runs commands on one client; see the module comment for the failure behaviour. */
export class CommandRunner {
  readonly #send: Send;
  readonly #ready: () => boolean;
  readonly #timeoutMs: number;
  readonly #h: Health;

  constructor(client: unknown, timeoutMs: number) {
    const { send, ready } = adapt(client);
    this.#send = send;
    this.#ready = ready;
    this.#timeoutMs = timeoutMs;
    let h = HEALTH.get(client as object);
    if (!h) HEALTH.set(client as object, (h = { stalledUntil: 0, probing: false, seenReady: false }));
    this.#h = h;
    if (ready()) h.seenReady = true;
  }

  /** Sends one command whose only key is `key`; resolves to the client's reply. */
  async run(args: string[], key: string): Promise<unknown> {
    try {
      return await this.#guarded(args, key);
    } catch (e) {
      throw e instanceof WxmpError ? e : commandFailed(e, args);
    }
  }

  /** EVALSHA, or EVAL when the server does not have the script cached (restart, SCRIPT FLUSH, new node). */
  async script(script: Script, key: string, args: string[]): Promise<unknown> {
    const evalsha = ['EVALSHA', script.sha, '1', key, ...args];
    try {
      return await this.#guarded(evalsha, key);
    } catch (e) {
      if (e instanceof WxmpError) throw e;
      if (!/^NOSCRIPT\b/.test(e instanceof Error ? e.message : String(e))) throw commandFailed(e, evalsha);
    }
    return this.run(['EVAL', script.source, '1', key, ...args], key);
  }

  #guarded(args: string[], key: string): Promise<unknown> {
    // node-redis queues commands while disconnected (forever, by default) and ioredis until it
    // gives up reconnecting: either would hold a webhook response, so a client that lost its
    // connection fails at once. One that was never ready yet (a cold start: `new Redis()` or
    // `connect()` still running) gets the command; the timeout bounds that wait.
    if (this.#ready()) this.#h.seenReady = true;
    else if (this.#h.seenReady) return Promise.reject(unavailable('the Redis client lost its connection (reconnecting or closed)'));
    if (this.#h.stalledUntil !== 0) {
      if (this.#h.probing || Date.now() < this.#h.stalledUntil) {
        return Promise.reject(unavailable(`Redis gave no answer within ${this.#timeoutMs} ms; failing fast until it answers again`));
      }
      this.#h.probing = true;
    }
    let pending: Promise<unknown>;
    try {
      pending = Promise.resolve(this.#send(args, key));
    } catch (e) {
      pending = Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        this.#h.stalledUntil = Date.now() + this.#timeoutMs;
        this.#h.probing = false;
        reject(new WxmpError('REDIS_TIMEOUT', `Redis ${args[0]} got no answer within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      // Any answer, even one that arrives after its timeout, shows that Redis is back.
      const answered = (): void => {
        clearTimeout(timer);
        this.#h.stalledUntil = 0;
        this.#h.probing = false;
      };
      pending.then(
        (value) => {
          answered();
          if (!late) resolve(value);
        },
        (error: unknown) => {
          answered();
          if (!late) reject(error);
        },
      );
    });
  }
}

function unavailable(message: string): WxmpError {
  return new WxmpError('REDIS_UNAVAILABLE', message);
}

const REPLY_ERROR_NAMES = new Set(['ErrorReply', 'SimpleError', 'BlobError', 'ReplyError']);
const REPLY_PREFIX_RE = /^[A-Z]{2,}[A-Z_]*\b/; // ERR, WRONGTYPE, NOSCRIPT, BUSY, READONLY, MOVED…

/** True for an error Redis itself answered; false for one the client raised (closed, offline, socket). */
function isReplyError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return REPLY_ERROR_NAMES.has(e.name) || (!('errno' in e) && REPLY_PREFIX_RE.test(e.message));
}

/**
 * A client error as `REDIS_COMMAND_FAILED` (Redis answered with an error) or `REDIS_UNAVAILABLE`
 * (the client could not deliver the command), without the values the command carried.
 */
function commandFailed(e: unknown, args: string[]): WxmpError {
  const values = args.slice(2); // not the command name nor the key (EVALSHA: not the sha)
  const scrub = (text: string): string => redact(redactValues(text, values)).replace(URL_CREDENTIALS_RE, '$1***@');
  const text = scrub(e instanceof Error ? e.message : String(e)).slice(0, 200);
  const cause = scrubError(e, scrub);
  if (isReplyError(e)) return new WxmpError('REDIS_COMMAND_FAILED', `Redis ${args[0]} failed: ${text}`, { cause });
  return new WxmpError('REDIS_UNAVAILABLE', `Redis ${args[0]} could not be sent: ${text}`, { cause });
}

/** An answer the adapter cannot interpret (a proxy or a client option changed the reply type). */
export function unexpectedReply(command: string, reply: unknown): WxmpError {
  const shown = reply === null ? 'null' : typeof reply === 'string' ? `a string of ${reply.length} characters` : typeof reply;
  return new WxmpError('REDIS_COMMAND_FAILED', `unexpected reply to Redis ${command}: ${shown}`);
}

/** Milliseconds for PX from a TTL in seconds (fractions allowed; at least 1 ms). */
export function pxFromSeconds(ttlSeconds: number): string {
  return pxFromMs(ttlSeconds * 1000, 'ttlSeconds');
}

/** Milliseconds for PX (rounded up; at least 1 ms). */
export function pxFromMs(ms: number, name = 'ttlMs'): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) throw new WxmpError('INVALID_ARGUMENT', `${name} must be a positive number`);
  return String(Math.max(1, Math.ceil(ms)));
}

/** What every adapter builds from its options: the runner and its key function. */
export interface AdapterBase {
  runner: CommandRunner;
  /** `<prefix><kind>:{<key>}`: the braces make the whole key its own hash tag. */
  key: (key: string) => string;
}

/** Validates the shared options. */
export function adapterBase(options: RedisAdapterOptions, kind: string): AdapterBase {
  if (typeof options !== 'object' || options === null) throw new WxmpError('INVALID_CONFIG', 'Redis adapters need { client }');
  const prefix = options.prefix ?? 'wxmp:';
  if (typeof prefix !== 'string' || prefix.length > 128 || /[{}]/.test(prefix)) {
    throw new WxmpError('INVALID_CONFIG', 'prefix must be a string of at most 128 characters without { or }');
  }
  const timeout = options.commandTimeoutMs ?? 1000;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0 || timeout > 60_000) {
    throw new WxmpError('INVALID_CONFIG', 'commandTimeoutMs must be a number of milliseconds in (0, 60000]');
  }
  const runner = new CommandRunner(options.client, timeout);
  const head = `${prefix}${kind}:{`;
  return {
    runner,
    key: (key) => {
      if (typeof key !== 'string' || key === '') throw new WxmpError('INVALID_ARGUMENT', 'key must be a non-empty string');
      return `${head}${key}}`;
    },
  };
}
