// node:http adapter (also Express, Koa, Fastify, Nest): IncomingMessage/ServerResponse → webhook.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Buffer } from 'node:buffer';
import { WxmpError } from '../errors.js';
import { ByteSink } from '../internal/sink.js';
import { tooLarge, tooSlow } from './body.js';
import { headersFrom, kReadsOwnBody, streamingListener, writeResponse, type OwnBodyHandler } from './node-stream.js';
import { headersOf, kCore, type CoreWebhook, type Incoming, type Outgoing, type Webhook } from './webhook.js';

/** Options of {@link toNodeListener}; the limits apply only to webhooks not made by `createWebhook`. */
export interface NodeListenerOptions {
  /** Body cap for a generic `Request → Response` function; default 256 KiB. */
  maxBodyBytes?: number;
  /** Body read deadline for a generic function; default 3000 ms. */
  bodyTimeoutMs?: number;
}

type NodeRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
}

/** A body already read by a framework: `rawBody` (Fastify plugins, Firebase) or a string/bytes `body`. */
function preRead(req: NodeRequest): string | Uint8Array | undefined {
  for (const v of [req.rawBody, req.body]) {
    if (typeof v === 'string' || v instanceof Uint8Array) return v;
  }
  return undefined;
}

/**
 * Reads the request with a byte cap and a deadline into one {@link ByteSink} (each chunk is copied
 * and released at once); stops reading (and pauses the socket) on any failure.
 */
export function readNodeBody(req: NodeRequest, maxBytes: number, timeoutMs: number, expectedBytes?: number): Promise<Uint8Array | string> {
  const given = preRead(req);
  if (given !== undefined) {
    return (typeof given === 'string' ? given.length : given.byteLength) > maxBytes ? Promise.reject(tooLarge(maxBytes)) : Promise.resolve(given);
  }
  if (req.readableEnded) {
    return Promise.reject(new WxmpError('WEBHOOK_BODY_READ_FAILED',
      req.body !== undefined && req.body !== null
        ? 'the body was parsed into an object by a body parser, so it cannot be verified: mount the webhook before body parsers, or give it the raw text (e.g. express.text({ type: "*/*" }))'
        : 'the request body was already consumed'));
  }
  return new Promise((resolve, reject) => {
    const sink = new ByteSink(maxBytes, expectedBytes);
    const finish = (error: WxmpError | undefined): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error === undefined) return resolve(sink.bytes());
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer | string): void => {
      if (!sink.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) finish(tooLarge(maxBytes));
    };
    const onEnd = (): void => finish(undefined);
    const onError = (e: unknown): void => finish(new WxmpError('WEBHOOK_BODY_READ_FAILED', 'reading the request body failed', { cause: e }));
    const onClose = (): void => finish(new WxmpError('WEBHOOK_BODY_READ_FAILED', 'the client closed the connection before sending the body'));
    const timer = setTimeout(() => finish(tooSlow(timeoutMs)), Math.max(0, timeoutMs));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
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
class NodeIncoming implements Incoming {
  readonly method: string;
  readonly query: string;
  readonly receivedAt = Date.now();
  /** The body was left unread (see discard): the connection must close after the answer. */
  unread = false;
  readonly #req: NodeRequest;
  #body: string | Uint8Array | undefined;
  #request: Request | undefined;

  constructor(req: NodeRequest) {
    this.#req = req;
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

  async read(maxBytes: number, timeoutMs: number, expectedBytes?: number): Promise<Uint8Array | string> {
    return (this.#body = await readNodeBody(this.#req, maxBytes, timeoutMs, expectedBytes));
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

function send(res: ServerResponse, out: Outgoing): void {
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
 * For a webhook from {@link createWebhook} it runs the pipeline directly on the Node objects (no
 * `Request`/`Response` is built unless the handler reads `ctx.request`). If a body parser already
 * read the body, a string/Buffer in `req.rawBody` or `req.body` is used; a body parsed into an
 * object cannot be verified and is answered 400 (`WEBHOOK_BODY_READ_FAILED` to `onError`, with the
 * fix: mount the webhook before body parsers or use a text parser). A request refused before its
 * body is read is answered with `Connection: close`, so the body is never drained. The headers are
 * the server's to bound: set `headersTimeout`/`requestTimeout` (README, `node:http` section).
 * Answers are written as bytes (binary bodies pass unchanged). A handler that caps its own body
 * (`createTokenServer`, `createApiProxy`) gets the body as a stream, so its limits and answers apply.
 *
 * @example
 * http.createServer(toNodeListener(createWebhook({ token, handler }))).listen(3000)
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function toNodeListener(webhook: Webhook, options: NodeListenerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const core = (webhook as Partial<CoreWebhook>)[kCore];
  if (core !== undefined) {
    return (req, res) => {
      const incoming = new NodeIncoming(req);
      core(incoming).then(
        (out) => send(res, incoming.unread && out.status !== 200 ? { ...out, close: true } : out),
        () => send(res, { status: 500, body: 'Internal Server Error', xml: false }),
      );
    };
  }
  if ((webhook as Partial<OwnBodyHandler>)[kReadsOwnBody] === true) return streamingListener(webhook as OwnBodyHandler);
  const maxBytes = options.maxBodyBytes ?? 256 * 1024;
  const timeoutMs = options.bodyTimeoutMs ?? 3000;
  return (req, res) => {
    const method = req.method ?? 'GET';
    const bodyP = method === 'GET' || method === 'HEAD' ? Promise.resolve(undefined) : readNodeBody(req, maxBytes, timeoutMs);
    bodyP
      .then((body) => webhook(toRequest(req, body)))
      .then((response) => writeResponse(res, response))
      .catch((e: unknown) => {
        const status = e instanceof WxmpError ? ({ WEBHOOK_BODY_TOO_LARGE: 413, WEBHOOK_BODY_TIMEOUT: 408 } as Record<string, number>)[e.code] ?? 400 : 500;
        send(res, { status, body: status === 500 ? 'Internal Server Error' : 'Bad Request', xml: false, close: status !== 500 });
      });
  };
}
