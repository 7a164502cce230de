// node:http plumbing for Web handlers that bound their own body (the central token server and the
// API proxy): the request body is handed over as a stream, never pre-read, and the answer is
// written as bytes, so binary downloads and uploads pass unchanged.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Buffer } from 'node:buffer';

/**
 * A `(Request) => Promise<Response>` handler that reads (and caps) its own body (`createTokenServer`,
 * `createApiProxy`): `toNodeListener` then streams the body to it instead of reading it first.
 */
export interface OwnBodyHandler {
  (request: Request): Promise<Response>;
  /** Set by the handler's factory: the body is the handler's to bound. */
  readonly readsOwnBody: true;
}

/** True for a handler that marks itself {@link OwnBodyHandler.readsOwnBody}. */
export function isOwnBodyHandler(fn: (request: Request) => Promise<Response>): fn is OwnBodyHandler {
  return (fn as Partial<OwnBodyHandler>).readsOwnBody === true;
}

/** The request's headers as Web `Headers` (HTTP/2 pseudo-headers left out). */
export function headersFrom(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || k.startsWith(':')) continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
  }
  return headers;
}

/** Writes a Web `Response` to `res` as bytes with its status and headers (unless someone else already answered). */
export async function writeResponse(res: ServerResponse, response: Response, close = false): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  if (res.headersSent || res.writableEnded) return;
  const headers: Record<string, string | number> = Object.fromEntries(response.headers);
  headers['content-length'] = body.byteLength;
  if (close) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(body);
}

const HOST_RE = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;

/**
 * The request's URL with its path exactly as sent: a path starting with `//` stays a path (it is
 * not read as a host), and a malformed Host header cannot become part of the path.
 */
function urlOf(req: IncomingMessage): string {
  const host = req.headers.host;
  const origin = `http://${host !== undefined && HOST_RE.test(host) ? host : 'localhost'}`;
  const target = req.url ?? '/';
  return target.startsWith('/') ? `${origin}${target}` : new URL(target, origin).href;
}

/**
 * `req` as a Web stream with back-pressure. Cancelling it (a handler that stopped at its cap)
 * pauses the socket instead of destroying it, so the handler's answer can still be sent.
 */
function bodyStream(req: IncomingMessage, state: { complete: boolean }): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (!open) return;
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => {
        state.complete = true;
        if (open) controller.close();
        open = false;
      });
      const fail = (e: unknown): void => {
        if (open) controller.error(e instanceof Error ? e : new Error('the client closed the connection before sending the body'));
        open = false;
      };
      req.on('error', fail);
      req.on('close', () => fail(undefined));
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      open = false;
      req.pause();
    },
  });
}

/**
 * The listener of an {@link OwnBodyHandler}: the body reaches the handler as a stream (its caps and
 * deadline apply, its own 413/408 answers are sent), and a body it did not read to the end closes
 * the connection after the answer instead of being drained.
 */
export function streamingListener(handler: OwnBodyHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const method = req.method ?? 'GET';
    const length = req.headers['content-length'];
    const hasBody = method !== 'GET' && method !== 'HEAD' && (length !== undefined ? length !== '0' : req.headers['transfer-encoding'] !== undefined);
    const state = { complete: !hasBody };
    const init: RequestInit & { duplex?: 'half' } = { method, headers: headersFrom(req) };
    if (hasBody) {
      init.body = bodyStream(req, state);
      init.duplex = 'half';
    }
    const fail = (status: number, text: string): void => {
      if (res.headersSent || res.writableEnded) return;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(text);
    };
    let request: Request;
    try {
      request = new Request(urlOf(req), init);
    } catch {
      fail(400, 'Bad Request');
      return;
    }
    handler(request)
      .then(
        (response) => writeResponse(res, response, !state.complete),
        () => fail(500, 'Internal Server Error'),
      )
      .catch(() => fail(500, 'Internal Server Error'));
  };
}
