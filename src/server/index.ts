// Webhook: Request → Response, the node:http adapter, de-duplication, router. Re-exports only.
export { createWebhook } from './webhook.js';
export type {
  HandlerResult,
  PlatformContext,
  Webhook,
  WebhookContext,
  FetchHandler,
  WebhookComponent,
  WebhookCore,
  WebhookErrorContext,
  WebhookHandler,
  WebhookIncoming,
  WebhookLogger,
  WebhookMode,
  WebhookOptions,
  WebhookOutgoing,
} from './types.js';
export { toNodeListener } from './node.js';
export type { NodeListenerOptions } from './node.js';
export type { OwnBodyHandler } from './node-stream.js';
export { MemoryDedupeStore } from './dedupe.js';
export type { DedupeClaim, DedupeStore, MemoryDedupeStoreOptions } from './dedupe.js';
export { createRouter } from './router.js';
export type { RouteHandler, Router } from './router.js';
