/**
 * The Open Platform's 消息与事件接收URL (`https://…/$APPID$/callback`): the pushes of every
 * authorizing account at one endpoint, through the one webhook pipeline with the component's
 * Token and EncodingAESKey (receive id = componentAppId, 安全模式 only).
 */
import type { WeChatClient } from '../client/client.js';
import { WxmpError } from '../errors.js';
import type { Message } from '../messages/index.js';
import { HandlerContext, type HandlerRuntime } from '../server/handler.js';
import type { WebhookQuery } from '../server/query.js';
import type { PipelineHooks } from '../server/pipeline.js';
import type { Webhook, WebhookIncoming, WebhookOptions } from '../server/types.js';
import { isAppId } from './calls.js';
import type { ComponentClient } from './client.js';
import { componentPipeline } from './internal.js';
import { withReleaseTest } from './release-test.js';
import type { AuthorizerWebhookContext, AuthorizerWebhookOptions } from './types.js';

const APPID_SEGMENT = /^wx[0-9A-Za-z]{16}$/;

/**
 * The last path segment shaped like an AppID (`wx` + 16 letters or digits), e.g.
 * `/wechat/wx570bc396a51b8ff8/callback` → `wx570bc396a51b8ff8`.
 *
 * @example
 * ```ts
 * authorizerAppIdOfPath('/wx570bc396a51b8ff8/callback') // 'wx570bc396a51b8ff8'
 * ```
 */
export function authorizerAppIdOfPath(path: string): string | undefined {
  const segments = path.split('/');
  for (let i = segments.length - 1; i >= 0; i--) if (APPID_SEGMENT.test(segments[i] as string)) return segments[i];
  return undefined;
}

/** The handler context of an authorizer's push. */
class AuthorizerContext extends HandlerContext implements AuthorizerWebhookContext {
  readonly #component: ComponentClient;

  constructor(
    rt: HandlerRuntime,
    incoming: WebhookIncoming,
    message: Message,
    q: WebhookQuery,
    encrypted: boolean,
    key: string | undefined,
    readonly authorizerAppId: string,
    component: ComponentClient,
  ) {
    super(rt, incoming, message, q, encrypted, key);
    this.#component = component;
  }

  get authorizer(): WeChatClient {
    return this.#component.authorizer(this.authorizerAppId);
  }
}

function noAuthorizer(why: string): WxmpError {
  return new WxmpError('WEBHOOK_NO_AUTHORIZER', `${why}: configure the 消息与事件接收URL with $APPID$ (e.g. https://example.com/$APPID$/callback)`);
}

/**
 * Builds the webhook of `createWebhook({ component, handler, releaseTest? })`.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a handler that is not a function, a non-boolean
 * releaseTest, a non-function appIdFromPath, and every option error of `createWebhook`.
 * @example
 * ```ts
 * const webhook = createAuthorizerWebhook(component, { component, handler: (m, ctx) => ({ msgType: 'text', content: ctx.authorizerAppId }) })
 * ```
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/Before_Develop/message_push.html
 */
export function createAuthorizerWebhook(component: ComponentClient, options: AuthorizerWebhookOptions): Webhook {
  const { component: _component, releaseTest, appIdFromPath, handler, onLate, ...shared } = options;
  if (typeof handler !== 'function') throw new WxmpError('INVALID_CONFIG', 'handler must be a function');
  if (releaseTest !== undefined && typeof releaseTest !== 'boolean') throw new WxmpError('INVALID_CONFIG', 'releaseTest must be a boolean');
  if (appIdFromPath !== undefined && typeof appIdFromPath !== 'function') throw new WxmpError('INVALID_CONFIG', 'appIdFromPath must be a function');
  const find = appIdFromPath ?? authorizerAppIdOfPath;
  const hooks: PipelineHooks = {
    scope: (incoming) => {
      let id: unknown;
      try {
        id = find(incoming.path());
      } catch {
        throw noAuthorizer('appIdFromPath threw');
      }
      if (!isAppId(id)) throw noAuthorizer('the request path names no authorizer AppID');
      return id;
    },
    context: (rt, incoming, message, q, encrypted, key, scope) => new AuthorizerContext(rt, incoming, message, q, encrypted, key, scope as string, component),
  };
  // At run time every handler call gets an AuthorizerContext (the context hook above).
  return componentPipeline(
    component,
    {
      ...shared,
      handler: (releaseTest ? withReleaseTest(component, handler) : handler) as WebhookOptions['handler'],
      ...(onLate !== undefined ? { onLate: onLate as NonNullable<WebhookOptions['onLate']> } : {}),
    },
    hooks,
  );
}
