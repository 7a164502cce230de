// Internal pieces shared by the component client and its two webhooks: the registry that hands
// them the Token and EncodingAESKey (never exported from the package, never on the object), and
// the pipeline both are built on.
import { WxmpError } from '../errors.js';
import { resolveWebhookOptions } from '../server/options.js';
import { createPipeline, type PipelineHooks } from '../server/pipeline.js';
import type { Webhook, WebhookOptions } from '../server/types.js';
import { toWebhook } from '../server/web.js';

/** What a webhook of the component needs to authenticate, decrypt and encrypt. */
export interface WebhookConfig {
  token: string;
  encodingAESKey: string;
  componentAppId: string;
}

// Each ComponentClient registers its keys here when it is built: only this module's functions can read them.
const configs = new WeakMap<object, WebhookConfig>();

/**
 * Registers the keys of a component (its constructor does).
 *
 * @example
 * ```ts
 * registerWebhookConfig(this, { token, encodingAESKey, componentAppId })
 * ```
 */
export function registerWebhookConfig(component: object, config: WebhookConfig): void {
  configs.set(component, config);
}

/**
 * The keys of a component.
 *
 * @throws {WxmpError} `INVALID_CONFIG` when `component` is not a ComponentClient.
 * @example
 * ```ts
 * const { token } = webhookConfigOf(component)
 * ```
 */
export function webhookConfigOf(component: unknown): WebhookConfig {
  const config = typeof component === 'object' && component !== null ? configs.get(component) : undefined;
  if (config === undefined) throw new WxmpError('INVALID_CONFIG', 'component must be a ComponentClient');
  return config;
}

/**
 * The one webhook pipeline with the component's Token and EncodingAESKey (receive id =
 * componentAppId), 安全模式 only — the platform has no other mode — and a variant's hooks.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a component that is not a ComponentClient, and every option error of `createWebhook`.
 * @example
 * ```ts
 * return componentPipeline(component, { handler }, { interpret })
 * ```
 */
export function componentPipeline(
  component: unknown,
  options: Omit<WebhookOptions, 'token' | 'encodingAESKey' | 'appId' | 'mode'>,
  hooks: PipelineHooks,
): Webhook {
  const { token, encodingAESKey, componentAppId } = webhookConfigOf(component);
  return toWebhook(createPipeline(resolveWebhookOptions({ ...options, token, encodingAESKey, appId: componentAppId, mode: 'safe' }), hooks));
}
