// node:http adapter (also Express, Koa, Fastify, Nest): IncomingMessage/ServerResponse → webhook.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Buffer } from 'node:buffer';
import { WxmpError } from '../errors.js';
import { readNodeStream } from '../internal/body.js';
import { headersOf, refusal } from './answer.js';
import { bodyFailures, tooLarge } from './body.js';
import { headersFrom, isOwnBodyHandler, streamingListener, writeResponse } from './node-stream.js';
import { positive } from './options.js';
import type { FetchHandler, Webhook, WebhookIncoming, WebhookOutgoing } from './types.js';

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * Largest body read. For a webhook from `createWebhook`, when given, the smaller of this and the
   * webhook's own `maxBodyBytes` applies; for any other function, default 256 KiB.
   */
  maxBodyBytes?: number;
  /**
   * Time allowed to receive the body, from arrival. For a webhook from `createWebhook`, when given,
   * the smaller of this and the webhook's own `bodyTimeoutMs` applies; for any other function,
   * default 3000 ms.
   */
  bodyTimeoutMs?: number;
}

const isWebhook = (fn: FetchHandler): fn is Webhook => typeof (fn as Partial<Webhook>).handle === 'function';

type NodeRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
}

/** A body already read by a framework: `rawBody` (Fastify plugins, Firebase) or a string/bytes `body`. */
function preRead(req: NodeRequest): string | Uint8Array | undefined {
  const { rawBody, body } = req;
  if (typeof rawBody === 'string' || rawBody instanceof Uint8Array) return rawBody;
  return typeof body === 'string' || body instanceof Uint8Array ? body : undefined;
}

/**
 * The body of a request: what a framework already read, else the stream read under the cap and
 * the deadline (internal/body.ts). A body parsed into an object cannot be verified.
 */
function readNodeBody(req: NodeRequest, maxBytes: number, timeoutMs: number, expectedBytes?: number): Promise<Uint8Array | string> {
  const given = preRead(req);
  if (given !== undefined) {
    return (typeof given === 'string' ? given.length : given.byteLength) > maxBytes ? Promise.reject(tooLarge(maxBytes)) : Promise.resolve(given);
  }
  if (req.readableEnded) {
    return Promise.reject(
      new WxmpError(
        'WEBHOOK_BODY_READ_FAILED',
        req.body !== undefined && req.body !== null
          ? 'the body was parsed into an object by a body parser, so it cannot be verified: mount the webhook before body parsers, or give it the raw text (e.g. express.text({ type: "*/*" }))'
          : 'the request body was already consumed',
      ),
    );
  }
  return readNodeStream(req, { maxBytes, timeoutMs, expectedBytes, pooled: true }, bodyFailures(maxBytes, timeoutMs));
}

function absoluteUrl(req: IncomingMessage): string {
  const path = req.url ?? '/';
  const host = header(req, 'host');
  try {
    return new URL(path, `http://${host ?? 'localhost'}`).href;
  } catch {
    return new URL(path.startsWith('/') ? path : '/', 'http://localhost').href;
  }
}

function toRequest(req: IncomingMessage, body: string | Uint8Array | undefined): Request {
  const method = req.method ?? 'GET';
  const init: RequestInit = { method, headers: headersFrom(req) };
  // The cast bridges lib differences (Deno's Uint8Array<ArrayBufferLike> is not a BodyInit there).
  if (body !== undefined && method !== 'GET' && method !== 'HEAD') init.body = body as NonNullable<RequestInit['body']>;
  return new Request(absoluteUrl(req), init);
}

/** One request as the webhook core sees it; a class, so a request costs one object, not five closures. */
class NodeIncoming implements WebhookIncoming {
  readonly method: string;
  readonly query: string;
  readonly receivedAt = Date.now();
  /** The body was left unread (see discard): the connection must close after the answer. */
  unread = false;
  readonly #req: NodeRequest;
  #body: string | Uint8Array | undefined;
  #request: Request | undefined;

  readonly #limits: NodeListenerOptions;

  constructor(req: NodeRequest, limits: NodeListenerOptions) {
    this.#req = req;
    this.#limits = limits;
    this.method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    this.query = qi === -1 ? '' : url.slice(qi + 1);
  }

  header(name: string): string | null {
    return header(this.#req, name);
  }

  path(): string {
    const url = this.#req.url ?? '/';
    const qi = url.indexOf('?');
    const path = qi === -1 ? url : url.slice(0, qi);
    // an absolute-form request target (`POST http://host/wx…/callback`) is a path after its origin
    if (path.startsWith('/')) return path;
    try {
      return new URL(path).pathname;
    } catch {
      return '/';
    }
  }

  /** Reads under the pipeline's limits and the adapter's (when given), whichever is smaller. */
  async read(maxBytes: number, timeoutMs: number, expectedBytes?: number): Promise<Uint8Array | string> {
    const { maxBodyBytes = Infinity, bodyTimeoutMs = Infinity } = this.#limits;
    const max = Math.min(maxBytes, maxBodyBytes);
    const time = Math.min(timeoutMs, this.receivedAt + bodyTimeoutMs - Date.now());
    if (expectedBytes !== undefined && expectedBytes > max) this.unread = true; // refused before reading
    return (this.#body = await readNodeBody(this.#req, max, time, expectedBytes));
  }

  discard(): void {
    // an unread request body would otherwise be drained by node:http before the next request
    const length = this.#req.headers['content-length'];
    this.unread = length === undefined ? this.#req.headers['transfer-encoding'] !== undefined : length !== '0';
  }

  request(): Request {
    return (this.#request ??= toRequest(this.#req, this.#body));
  }
}

function send(res: ServerResponse, out: WebhookOutgoing): void {
  if (res.headersSent || res.writableEnded) return;
  const headers: Record<string, string | number> = headersOf(out);
  headers['content-length'] = Buffer.byteLength(out.body);
  if (out.close) headers.connection = 'close';
  res.writeHead(out.status, headers);
  res.end(out.body);
}

/**
 * Adapts a webhook to `node:http` (`(req, res) => void`), usable with `http.createServer`, Express
 * (`app.all('/wechat', listener)`), Koa (`ctx.respond = false; listener(ctx.req, ctx.res)`) and
 * Fastify (`listener(request.raw, reply.raw)` after `reply.hijack()`).
 *
 * For a {@link Webhook} from {@link createWebhook} it runs the pipeline (`webhook.handle`) directly
 * on the Node objects: no `Request`/`Response` is built unless the handler reads `ctx.request`. A
 * handler that caps its own body (`readsOwnBody`: `createTokenServer`, `createApiProxy`) gets the
 * body as a stream, so its limits and answers apply. Any other `Request → Response` function gets
 * a `Request` whose body was read under the limits of `options`; answers are written as bytes
 * (binary bodies pass unchanged). If a body parser already read the body, a string/Buffer in
 * `req.rawBody` or `req.body` is used; a body parsed into an object cannot be verified and is
 * answered 400 (`WEBHOOK_BODY_READ_FAILED` to `onError`, with the fix: mount the webhook before
 * body parsers or use a text parser). A request refused before its body is read is answered with
 * `Connection: close`, so the body is never drained. The headers are the server's to bound: set
 * `headersTimeout`/`requestTimeout` (README, `node:http` section).
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a `maxBodyBytes` or `bodyTimeoutMs` that is not a positive number.
 * @example
 * ```ts
 * http.createServer(toNodeListener(createWebhook({ token, handler }))).listen(3000)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function toNodeListener(webhook: FetchHandler, options: NodeListenerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  // Checked whatever the function: an option that is given is honoured, never silently ignored.
  const maxBytes = positive('maxBodyBytes', options.maxBodyBytes, 256 * 1024);
  const timeoutMs = positive('bodyTimeoutMs', options.bodyTimeoutMs, 3000);
  if (isWebhook(webhook)) {
    const core = webhook.handle;
    return (req, res) => {
      const incoming = new NodeIncoming(req, options);
      core(incoming).then(
        (out) => send(res, incoming.unread && out.status !== 200 ? { ...out, close: true } : out),
        () => send(res, { status: 500, body: 'Internal Server Error', xml: false }),
      );
    };
  }
  if (isOwnBodyHandler(webhook)) {
    if (options.maxBodyBytes !== undefined || options.bodyTimeoutMs !== undefined) {
      throw new WxmpError(
        'INVALID_CONFIG',
        'maxBodyBytes/bodyTimeoutMs do not apply to a handler that reads its own body (createTokenServer, createApiProxy): set its own limits',
      );
    }
    return streamingListener(webhook);
  }
  return (req, res) => {
    const method = req.method ?? 'GET';
    const bodyP = method === 'GET' || method === 'HEAD' ? Promise.resolve(undefined) : readNodeBody(req, maxBytes, timeoutMs);
    bodyP
      .then((body) => webhook(toRequest(req, body)))
      .then((response) => writeResponse(res, response))
      .catch((e: unknown) => {
        // The body may be partly read: the connection closes after a refusal.
        send(res, e instanceof WxmpError ? { ...refusal(e), close: true } : { status: 500, body: 'Internal Server Error', xml: false });
      });
  };
}
