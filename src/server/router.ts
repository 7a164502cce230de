// A small typed router: by msgType, by event, by text keyword/RegExp, by menu key.
import { WxmpError } from '../errors.js';
import type { ClickEvent, EventOfType, EventType, Message, MessageOfType, NormalMessageType, TextMessage } from '../messages/index.js';
import type { HandlerResult, WebhookContext } from './types.js';

/** A route handler; `message` is narrowed to the routed type. */
export type RouteHandler<M, C extends WebhookContext = WebhookContext> = (message: M, ctx: C) => HandlerResult | Promise<HandlerResult>;

/**
 * A handler for {@link createWebhook} that dispatches to the first matching route. `C` is the
 * handler context, e.g. `AuthorizerWebhookContext` for the Open Platform's 消息与事件接收URL.
 */
export interface Router<C extends WebhookContext = WebhookContext> {
  (message: Message, ctx: C): HandlerResult | Promise<HandlerResult>;
  /** Text whose content, trimmed, equals `keyword`. */
  text(keyword: string, handler: RouteHandler<TextMessage, C>): Router<C>;
  /** Text matching `pattern`; the match is the third argument. */
  text(pattern: RegExp, handler: (message: TextMessage, ctx: C, match: RegExpExecArray) => HandlerResult | Promise<HandlerResult>): Router<C>;
  /** Any text. */
  text(handler: RouteHandler<TextMessage, C>): Router<C>;
  /** A normal message type (`'image'`, `'voice'`, `'location'`…). */
  on<T extends NormalMessageType>(msgType: T, handler: RouteHandler<MessageOfType<T>, C>): Router<C>;
  /** An event (`'subscribe'`, `'SCAN'`, `'CLICK'`… — WeChat's spelling). */
  event<E extends EventType>(event: E, handler: RouteHandler<EventOfType<E>, C>): Router<C>;
  /** A `CLICK` menu event with the given `EventKey`. */
  click(key: string, handler: RouteHandler<ClickEvent, C>): Router<C>;
  /** Everything no route matched (default: no reply, i.e. `success`). */
  fallback(handler: RouteHandler<Message, C>): Router<C>;
}

type Route<C> = (message: Message, ctx: C) => HandlerResult | Promise<HandlerResult> | typeof NO_MATCH;
const NO_MATCH = Symbol('no match');

function fn(handler: unknown): void {
  if (typeof handler !== 'function') throw new WxmpError('INVALID_ARGUMENT', 'route handler must be a function');
}

/**
 * Creates a router: routes are tried in the order they were added; the first match handles the
 * message; unmatched messages go to `fallback` (or get no reply).
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` (when adding a route) for a non-function handler or an
 * empty keyword.
 * @example
 * ```ts
 * const router = createRouter()
 *   .text('help', () => ({ msgType: 'text', content: 'Send any text' }))
 *   .text(/^order (\d+)$/, (m, ctx, match) => ({ msgType: 'text', content: `Order ${match[1]}` }))
 *   .event('subscribe', (m) => ({ msgType: 'text', content: m.scene ? `Scene ${m.scene}` : 'Thanks!' }))
 *   .click('V1001_TODAY_MUSIC', () => ({ msgType: 'text', content: 'Today…' }))
 * createWebhook({ token, handler: router })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
export function createRouter<C extends WebhookContext = WebhookContext>(): Router<C> {
  const routes: Route<C>[] = [];
  let fallback: RouteHandler<Message, C> | undefined;

  const router = ((message: Message, ctx: C) => {
    for (const route of routes) {
      const result = route(message, ctx);
      if (result !== NO_MATCH) return result;
    }
    return fallback?.(message, ctx);
  }) as Router<C>;

  const add = (route: Route<C>): Router<C> => {
    routes.push(route);
    return router;
  };

  router.text = ((
    a: string | RegExp | RouteHandler<TextMessage, C>,
    b?: (m: TextMessage, ctx: C, match: RegExpExecArray) => HandlerResult | Promise<HandlerResult>,
  ) => {
    if (typeof a === 'function') {
      fn(a);
      return add((m, ctx) => (m.msgType === 'text' ? a(m, ctx) : NO_MATCH));
    }
    fn(b);
    const handler = b as NonNullable<typeof b>;
    if (typeof a === 'string') {
      const keyword = a.trim();
      if (keyword === '') throw new WxmpError('INVALID_ARGUMENT', 'text keyword must not be empty');
      return add((m, ctx) => (m.msgType === 'text' && m.content.trim() === keyword ? (handler as RouteHandler<TextMessage, C>)(m, ctx) : NO_MATCH));
    }
    if (!(a instanceof RegExp)) throw new WxmpError('INVALID_ARGUMENT', 'text route needs a keyword, a RegExp or a handler');
    return add((m, ctx) => {
      if (m.msgType !== 'text') return NO_MATCH;
      a.lastIndex = 0; // a /g or /y pattern must not carry state between messages
      const match = a.exec(m.content);
      return match === null ? NO_MATCH : handler(m, ctx, match);
    });
  }) as Router<C>['text'];

  router.on = (msgType, handler) => {
    fn(handler);
    return add((m, ctx) => (m.msgType === msgType ? handler(m as MessageOfType<typeof msgType>, ctx) : NO_MATCH));
  };

  router.event = (event, handler) => {
    fn(handler);
    return add((m, ctx) => (m.msgType === 'event' && m.event === event ? handler(m as EventOfType<typeof event>, ctx) : NO_MATCH));
  };

  router.click = (key, handler) => {
    fn(handler);
    return add((m, ctx) => (m.msgType === 'event' && m.event === 'CLICK' && m.eventKey === key ? handler(m, ctx) : NO_MATCH));
  };

  router.fallback = (handler) => {
    fn(handler);
    fallback = handler;
    return router;
  };

  return router;
}
