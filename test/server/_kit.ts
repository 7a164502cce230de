// Shared setup of the webhook tests.
import type { WxmpError } from '../../src/errors.js';
import type { WebhookErrorContext } from '../../src/server/webhook.js';

export const token = 'wxmpTestToken1';
export const encodingAESKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const appId = 'wxb11529c136998cb6';
export const NOW = 1_700_000_000;
export const now = (): number => NOW;
export const keys = { token, encodingAESKey, appId } as const;

/** A promise opened from outside. */
export function gate<T = void>(): { promise: Promise<T>; open: (v: T) => void } {
  let open!: (v: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Collects onError calls. */
export function collector(): { errors: WxmpError[]; contexts: WebhookErrorContext[]; onError: (e: WxmpError, ctx: WebhookErrorContext) => void; codes: () => string[] } {
  const errors: WxmpError[] = [];
  const contexts: WebhookErrorContext[] = [];
  return { errors, contexts, onError: (e, ctx) => { errors.push(e); contexts.push(ctx); }, codes: () => errors.map((e) => e.code) };
}

/** Resolves after `ms` (only to let background work settle; never used for timing assertions). */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
