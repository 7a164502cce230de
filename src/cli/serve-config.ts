// Configuration of `wxmp token-server` and `wxmp proxy`: a JSON file (`--config`, `$WXMP_CONFIG`)
// whose strings may read `env:NAME` (or `env:NAME:-default`) to take a value from the environment,
// or environment variables alone. Messages name the setting, never its value.
import type { ApiProxyCaller } from '../central/api-proxy.js';
import type { TokenServerAccount, TokenServerClient } from '../central/token-server.js';
import { UsageError, type ParsedArgs } from './args.js';

/** What both servers share. */
interface Common {
  host: string;
  port: number;
  /** `redis://…`: token cache, lock and rate limits shared through the user's redis/ioredis. */
  redisUrl?: string;
  /** Which installed library to use (default: `redis`, else `ioredis`). */
  redisClient?: 'redis' | 'ioredis';
  baseUrl?: string;
  basePath?: string;
  verbose: boolean;
}

/** `wxmp token-server`. */
export interface TokenServerConfig extends Common {
  kind: 'token-server';
  accounts: TokenServerAccount[];
  clients: TokenServerClient[];
  tokenMode?: 'stable' | 'classic';
}

/** `wxmp proxy`: the account's token from its own AppSecret or from a token server. */
export interface ProxyConfig extends Common {
  kind: 'proxy';
  appId: string;
  appSecret?: string;
  tokenServer?: { url: string | string[]; key: string };
  callers: ApiProxyCaller[];
  maxBodyBytes?: number;
}

export type ServeConfig = TokenServerConfig | ProxyConfig;

/** Options of both commands. */
export const SERVE_SPEC = { values: ['config', 'port', 'host'], flags: ['help', 'verbose'], aliases: { h: 'help' } } as const;

type Env = Readonly<Record<string, string | undefined>>;

/** An environment variable, with an empty value counting as unset (a `.env` line `X=`). */
function env(e: Env, name: string): string | undefined {
  const v = e[name];
  return v === undefined || v === '' ? undefined : v;
}

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Resolves the configuration of `kind` from `--config` (or `$WXMP_CONFIG`) or the environment;
 * `--port` and `--host` override either.
 *
 * @throws {UsageError} naming the missing or malformed setting (never its value).
 */
export function resolveServeConfig(kind: ServeConfig['kind'], args: ParsedArgs, e: Env, readFile: (path: string) => string): ServeConfig {
  const file = (args.options.get('config') as string | undefined) ?? env(e, 'WXMP_CONFIG');
  const raw: Record<string, unknown> = file !== undefined ? fromFile(file, e, readFile) : kind === 'token-server' ? tokenServerFromEnv(e) : proxyFromEnv(e);
  const port = args.options.get('port') ?? raw['port'] ?? env(e, 'WXMP_PORT') ?? env(e, 'PORT') ?? (kind === 'token-server' ? 8700 : 8701);
  const n = typeof port === 'number' ? port : /^\d{1,5}$/.test(String(port)) ? Number(port) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError('port must be an integer in 0..65535');
  const host = args.options.get('host') ?? raw['host'] ?? env(e, 'WXMP_HOST') ?? '127.0.0.1';
  if (typeof host !== 'string' || !/^[A-Za-z0-9.:-]{1,253}$/.test(host)) throw new UsageError('host must be a host name or an IP address');
  const redisClient = raw['redisClient'];
  if (redisClient !== undefined && redisClient !== 'redis' && redisClient !== 'ioredis') throw new UsageError("redisClient must be 'redis' or 'ioredis'");
  for (const k of ['redisUrl', 'baseUrl', 'basePath'] as const) {
    if (raw[k] !== undefined && typeof raw[k] !== 'string') throw new UsageError(`${k} must be a string`);
  }
  return { ...raw, kind, host, port: n, verbose: args.options.get('verbose') === true } as ServeConfig;
}

function fromFile(path: string, e: Env, readFile: (path: string) => string): Record<string, unknown> {
  let text: string;
  try {
    text = readFile(path);
  } catch {
    throw new UsageError(`cannot read the config file ${JSON.stringify(path.slice(0, 200))}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UsageError('the config file is not valid JSON');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new UsageError('the config file must hold a JSON object');
  return withEnv(v, e, 'config') as Record<string, unknown>;
}

/** Replaces every string `env:NAME` with that variable's value (`env:NAME:-default` when it is unset or empty). */
function withEnv(v: unknown, e: Env, where: string): unknown {
  if (typeof v === 'string') {
    const m = /^env:([A-Za-z_][A-Za-z0-9_]{0,127})(?::-(.*))?$/s.exec(v);
    if (!m) return v;
    const value = env(e, m[1] as string) ?? m[2];
    if (value === undefined) throw new UsageError(`${where}: the environment variable ${m[1]} is not set`);
    return value;
  }
  if (Array.isArray(v)) return v.map((x, i) => withEnv(x, e, `${where}[${i}]`));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withEnv(x, e, `${where}.${k}`)]));
  return v;
}

function required(e: Env, name: string, what: string): string {
  const v = env(e, name);
  if (v === undefined) throw new UsageError(`set ${name} (${what}) or pass --config FILE`);
  return v;
}

function rate(e: Env): { ratePerMinute?: number } {
  const v = env(e, 'WXMP_RATE_PER_MINUTE');
  if (v === undefined) return {};
  if (!/^\d{1,9}(\.\d{1,6})?$/.test(v) || Number(v) <= 0) throw new UsageError('WXMP_RATE_PER_MINUTE must be a positive number');
  return { ratePerMinute: Number(v) };
}

function common(e: Env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const redis = env(e, 'REDIS_URL');
  if (redis !== undefined) out['redisUrl'] = redis;
  const base = env(e, 'WECHAT_BASE_URL');
  if (base !== undefined) out['baseUrl'] = base;
  const client = env(e, 'WXMP_REDIS_CLIENT');
  if (client !== undefined) out['redisClient'] = client;
  return out;
}

function tokenServerFromEnv(e: Env): Record<string, unknown> {
  const appId = required(e, 'WECHAT_APP_ID', 'the AppID');
  const appSecret = required(e, 'WECHAT_APP_SECRET', 'the AppSecret');
  const keys = list(required(e, 'WXMP_CLIENT_KEYS', 'comma-separated keys of the callers'));
  const mode = env(e, 'WECHAT_TOKEN_MODE');
  return {
    ...common(e),
    ...(mode !== undefined ? { tokenMode: mode } : {}),
    accounts: [{ appId, appSecret }],
    clients: keys.map((key, i) => ({ name: `client${i + 1}`, key, appIds: '*', ...rate(e) })),
  };
}

function proxyFromEnv(e: Env): Record<string, unknown> {
  const appId = required(e, 'WECHAT_APP_ID', 'the AppID');
  const secret = env(e, 'WECHAT_APP_SECRET');
  const url = env(e, 'WXMP_TOKEN_SERVER_URL');
  const source =
    url !== undefined
      ? { tokenServer: { url: list(url), key: required(e, 'WXMP_TOKEN_SERVER_KEY', "the proxy's key at the token server") } }
      : secret !== undefined
        ? { appSecret: secret }
        : undefined;
  if (!source) throw new UsageError('set WXMP_TOKEN_SERVER_URL and WXMP_TOKEN_SERVER_KEY (a token server), or WECHAT_APP_SECRET, or pass --config FILE');
  const keys = list(required(e, 'WXMP_PROXY_KEYS', 'comma-separated keys of the callers'));
  const allow = list(required(e, 'WXMP_PROXY_ALLOW', 'comma-separated paths, e.g. /cgi-bin/user/info,/cgi-bin/menu/*'));
  return { ...common(e), appId, ...source, callers: keys.map((key, i) => ({ name: `caller${i + 1}`, key, allow, ...rate(e) })) };
}
