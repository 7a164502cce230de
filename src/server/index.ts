// Webhook: Request → Response, node:http adapter, de-duplication, router. Re-exports only.
export { createWebhook } from './webhook.js';
export type {
  HandlerResult,
  PlatformContext,
  Webhook,
  WebhookContext,
  WebhookErrorContext,
  WebhookHandler,
  WebhookLogger,
  WebhookMode,
  WebhookOptions,
} from './webhook.js';
export { toNodeListener } from './node.js';
export type { NodeListenerOptions } from './node.js';
export { dedupeKey, MemoryDedupeStore } from './dedupe.js';
export type { DedupeClaim, DedupeStore, MemoryDedupeStoreOptions } from './dedupe.js';
export { createRouter } from './router.js';
export type { RouteHandler, Router } from './router.js';
export { parseWebhookQuery } from './query.js';
export type { WebhookQuery } from './query.js';
