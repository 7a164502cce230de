// `wxmp/open-platform` (第三方平台): re-exports only, no logic.
export { ComponentClient } from './client.js';
export { MAX_AUTHORIZER_CLIENTS } from './authorizers.js';
export { createComponentWebhook } from './component-webhook.js';
export { authorizerAppIdOfPath } from './message-webhook.js';
export { toComponentEvent } from './events.js';
export type { LenientComponentEvent } from './events.js';
export { buildPreAuthUrl } from './pre-auth-url.js';
export { RELEASE_TEST_ACCOUNTS, withReleaseTest } from './release-test.js';
export { MemoryAuthorizerStore } from './store.js';
export { TICKET_TTL_SECONDS } from './ticket.js';
export type {
  AuthorizationInfo,
  AuthorizedEvent,
  AuthorizerRecord,
  AuthorizerStore,
  AuthorizerWebhookContext,
  AuthorizerWebhookHandler,
  AuthorizerWebhookOptions,
  ComponentClientOptions,
  ComponentEvent,
  ComponentVerifyTicketEvent,
  ComponentWebhookErrorContext,
  ComponentWebhookOptions,
  FuncInfo,
  PreAuthUrlOptions,
  SharedClientOptions,
  UnauthorizedEvent,
  UnknownComponentEvent,
} from './types.js';
