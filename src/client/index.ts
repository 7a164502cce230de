// `wxmp/client` slice: re-exports only.
export { WeChatClient } from './client.js';
export { MemoryTokenCache, MemoryLock } from './memory.js';
export { interpretResponse } from './response.js';
export type { InterpretOptions } from './response.js';
export { parseJsonLossless } from './json.js';
export { createOAuthState, OAUTH_STATE_MAX_PAYLOAD_BYTES } from './oauth-state.js';
export type { OAuthState, OAuthStateOptions } from './oauth-state.js';
export { OAuth } from './oauth.js';
export type { OAuthScope, OAuthTokenResult, OAuthUserInfo } from './oauth.js';
export { Jssdk } from './jssdk.js';
export type { JssdkConfig, TicketInfo, TicketType } from './jssdk.js';
export { TOKEN_CONFIG_ERRCODES, TOKEN_REJECTED_ERRCODES } from './token.js';
export type {
  AccessTokenInfo,
  ApiRequestInit,
  GetAccessTokenOptions,
  BinaryResponse,
  FetchLike,
  Lock,
  Logger,
  MaybePromise,
  RetryOptions,
  TokenCache,
  TokenCacheEntry,
  TokenProvider,
  TokenProviderContext,
  WeChatClientOptions,
} from './types.js';
