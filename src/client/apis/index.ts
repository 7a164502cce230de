// PLACEHOLDER written by the "client" helper so the client compiles; the "apis" helper owns and
// replaces this file with the real API groups.
import type { ApiRequestInit } from '../types.js';

/** Builds every API group over the client's `request`. */
export function createApiGroups(_r: { request: <T = unknown>(path: string, init?: ApiRequestInit) => Promise<T> }): Record<never, never> {
  return {};
}

/** The API groups mixed into `WeChatClient`. */
export type ApiGroups = ReturnType<typeof createApiGroups>;
