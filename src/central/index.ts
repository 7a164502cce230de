// `wxmp/central`: the token server (中控), its remote provider and the API proxy. Re-exports only.
export { createTokenServer } from './token-server.js';
export type { TokenServer, TokenServerAccount, TokenServerClient, TokenServerOptions } from './token-server.js';
export { remoteTokenProvider } from './remote-provider.js';
export type { RemoteTokenProviderOptions } from './remote-provider.js';
export { createApiProxy } from './api-proxy.js';
export type { ApiProxy, ApiProxyCaller, ApiProxyOptions } from './api-proxy.js';
export { MemoryRateLimiter } from './rate-limit.js';
export type { RateDecision, RateLimit, RateLimiter } from './rate-limit.js';
export type { KeyedCaller } from './auth.js';
export type { Schedule } from './refresher.js';
