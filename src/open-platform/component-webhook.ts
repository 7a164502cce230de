/**
 * The Open Platform's 授权事件接收URL: component_verify_ticket every 10 minutes and the
 * authorization changes, through the one webhook pipeline with the component's keys.
 */
import { WxmpError } from '../errors.js';
import type { Message } from '../messages/index.js';
import type { PipelineHooks } from '../server/pipeline.js';
import type { Webhook, WebhookContext } from '../server/types.js';
import type { ComponentClient } from './client.js';
import { toComponentEvent } from './events.js';
import { componentPipeline, webhookConfigOf } from './internal.js';
import type { ComponentEvent, ComponentWebhookOptions } from './types.js';

/** The webhook's own work for an event; `onEvent` runs after it even when it failed (the failure is then reported). */
async function handle(component: ComponentClient, event: ComponentEvent, onEvent: ComponentWebhookOptions['onEvent'], ctx: WebhookContext): Promise<'success'> {
  let failure: unknown;
  try {
    if (event.infoType === 'component_verify_ticket') await component.saveVerifyTicket(event.componentVerifyTicket);
    else if (event.infoType === 'authorized' || event.infoType === 'updateauthorized') event.authorization = await component.queryAuth(event.authorizationCode);
    else if (event.infoType === 'unauthorized') await component.forgetAuthorizer(event.authorizerAppid);
  } catch (e) {
    failure = e;
  }
  if (onEvent) await onEvent(event, ctx);
  if (failure !== undefined) throw failure;
  return 'success';
}

/**
 * Creates the webhook of the 授权事件接收URL. Every push is authenticated (`signature` before the
 * body is read, then `msg_signature`), decrypted with the component's keys, de-duplicated and
 * answered `success` — also when something failed (reported to `onError`; WeChat pushes the next
 * ticket in 10 minutes anyway). Before `onEvent`: a component_verify_ticket is stored for 12 h,
 * an `authorized`/`updateauthorized` code is exchanged (`queryAuth`: tokens stored, the answer on
 * `event.authorization`), an `unauthorized` account's tokens are deleted.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a `component` that is not a ComponentClient, a
 * non-function onEvent/onError, and every option error of `createWebhook`.
 * @example
 * ```ts
 * const events = createComponentWebhook({ component, onEvent: (e) => { if (e.infoType === 'unauthorized') db.markRevoked(e.authorizerAppid) } })
 * app.post('/wechat/component', toNodeListener(events))
 * ```
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html
 */
export function createComponentWebhook(options: ComponentWebhookOptions): Webhook {
  if (typeof options !== 'object' || options === null) throw new WxmpError('INVALID_CONFIG', 'createComponentWebhook needs { component }');
  const { component, onEvent, onError, ...shared } = options;
  webhookConfigOf(component); // a ComponentClient, or INVALID_CONFIG
  if (onEvent !== undefined && typeof onEvent !== 'function') throw new WxmpError('INVALID_CONFIG', 'onEvent must be a function');
  if (onError !== undefined && typeof onError !== 'function') throw new WxmpError('INVALID_CONFIG', 'onError must be a function');
  const hooks: PipelineHooks = {
    interpret: (record) => {
      const { event, warning } = toComponentEvent(record);
      const message = event as unknown as Message; // the pipeline carries it; only handle() reads it
      return warning ? { message, warning } : { message };
    },
  };
  return componentPipeline(
    component,
    {
      ...shared,
      fallbackReply: 'success',
      handler: (message, ctx) => handle(component, message as unknown as ComponentEvent, onEvent, ctx),
      ...(onError !== undefined
        ? {
            onError: (error, ctx) =>
              onError(error, {
                status: ctx.status,
                get request() {
                  return ctx.request;
                },
                ...(ctx.message ? { event: ctx.message as unknown as ComponentEvent } : {}),
              }),
          }
        : {}),
    },
    hooks,
  );
}
