// Internal keys between the component client and the two webhooks it configures. Not exported
// from the package: the Token and EncodingAESKey never leave the component except to build them.

/** What a webhook of the component needs to authenticate, decrypt and encrypt. */
export interface WebhookConfig {
  token: string;
  encodingAESKey: string;
  componentAppId: string;
}

/** Method of `ComponentClient` returning its {@link WebhookConfig}. */
export const kWebhookConfig = Symbol.for('wxmp.component.webhookConfig');
