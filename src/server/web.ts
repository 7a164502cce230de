// The Web adapter: a `Request` becomes the pipeline's WebhookIncoming, its answer a `Response`.
import { headersOf } from './answer.js';
import { readRequestBody } from './body.js';
import type { PlatformContext, Webhook, WebhookCore, WebhookIncoming } from './types.js';

/** The path of an absolute URL, without query and fragment. */
function pathOf(url: string): string {
  const scheme = url.indexOf('//');
  const start = url.indexOf('/', scheme === -1 ? 0 : scheme + 2);
  const qi = url.indexOf('?');
  if (start === -1 || (qi !== -1 && start > qi)) return '/';
  const hi = url.indexOf('#', start);
  const end = qi !== -1 ? qi : hi !== -1 ? hi : url.length;
  return url.slice(start, end);
}

/** The query string of a URL: after `?`, without the `#fragment`. */
function queryOf(url: string): string {
  const qi = url.indexOf('?');
  if (qi === -1) return '';
  const hi = url.indexOf('#', qi);
  return url.slice(qi + 1, hi === -1 ? undefined : hi);
}

/**
 * A request as the pipeline sees it: the body is read from `request.body` with the caps the
 * pipeline gives, and released unread when the request is refused before reading.
 *
 * @example
 * ```ts
 * const answer = await core(fromRequest(request))
 * ```
 */
export function fromRequest(request: Request, platform?: PlatformContext): WebhookIncoming {
  return {
    method: request.method,
    query: queryOf(request.url),
    path: () => pathOf(request.url),
    header: (name) => request.headers.get(name),
    read: (maxBytes, timeoutMs, expectedBytes) => readRequestBody(request.body, { maxBytes, timeoutMs, expectedBytes }),
    discard: () => {
      if (request.body !== null && !request.bodyUsed && !request.body.locked) request.body.cancel().catch(() => {});
    },
    request: () => request,
    receivedAt: Date.now(),
    platform,
  };
}

/**
 * The `Request → Response` function of a core, with the core exposed as `handle` for the other
 * transport adapters.
 *
 * @example
 * ```ts
 * const webhook = toWebhook(createPipeline(resolveWebhookOptions(options)))
 * Deno.serve(webhook)
 * ```
 */
export function toWebhook(core: WebhookCore): Webhook {
  const webhook = (request: Request, platform?: PlatformContext): Promise<Response> =>
    core(fromRequest(request, platform)).then((out) => new Response(out.body, { status: out.status, headers: headersOf(out) }));
  return Object.assign(webhook, { handle: core });
}
