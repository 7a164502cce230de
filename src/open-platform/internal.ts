// Internal pieces shared by the component client and its two webhooks: the key that hands them the
// Token and EncodingAESKey (never exported from the package), and the pipeline both are built on.
import { kHooks, type PipelineHooks, type Webhook, type WebhookOptions } from '../server/types.js';
import { createWebhook } from '../server/webhook.js';

/** What a webhook of the component needs to authenticate, decrypt and encrypt. */
export interface WebhookConfig {
  token: string;
  encodingAESKey: string;
  componentAppId: string;
}

/** Method of `ComponentClient` returning its {@link WebhookConfig}. */
export const kWebhookConfig = Symbol.for('wxmp.component.webhookConfig');

/** A component: what {@link componentPipeline} needs of it. */
export interface HasWebhookConfig {
  [kWebhookConfig](): WebhookConfig;
}

/**
 * The one webhook pipeline with the component's Token and EncodingAESKey (receive id =
 * componentAppId), 安全模式 only — the platform has no other mode — and a variant's hooks.
 */
export function componentPipeline(component: HasWebhookConfig, options: Omit<WebhookOptions, 'token' | 'encodingAESKey' | 'appId' | 'mode'>, hooks: PipelineHooks): Webhook {
  const { token, encodingAESKey, componentAppId } = component[kWebhookConfig]();
  const config: WebhookOptions & { [kHooks]: PipelineHooks } = { ...options, token, encodingAESKey, appId: componentAppId, mode: 'safe', [kHooks]: hooks };
  return createWebhook(config);
}
