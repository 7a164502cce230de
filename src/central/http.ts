/**
 * HTTP plumbing shared by the token server and the API proxy: JSON answers that are never cached,
 * refusals with a stable `error` code and the matching status, the body reader (one cap, one
 * deadline: the webhook's reader), and a logger that redacts every line and never throws.
 */
import { WxmpError, type WxmpErrorCode } from '../errors.js';
import { redact, redactValues } from '../internal/redact.js';
import { readRequestBody } from '../server/body.js';
import type { Logger } from '../client/types.js';

/** The status each refusal code is answered with. */
export const STATUS: Readonly<Partial<Record<WxmpErrorCode, number>>> = {
  CENTRAL_BAD_REQUEST: 400,
  CENTRAL_UNAUTHORIZED: 401,
  CENTRAL_FORBIDDEN: 403,
  CENTRAL_NOT_FOUND: 404,
  CENTRAL_METHOD_NOT_ALLOWED: 405,
  CENTRAL_BODY_TIMEOUT: 408,
  CENTRAL_BODY_TOO_LARGE: 413,
  CENTRAL_RATE_LIMITED: 429,
};

const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // answers carry credentials (token server) or account data (proxy): no cache may keep them
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A JSON answer (`cache-control: no-store`). */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...BASE_HEADERS, ...headers } });
}

/** A refusal: `{"error": code, "message": …}` with the code's status (500 for an unexpected code). */
export function refuse(e: WxmpError, headers: Record<string, string> = {}): Response {
  const status = STATUS[e.code] ?? 500;
  if (status === 401) headers = { 'www-authenticate': 'Bearer', ...headers };
  return json(status, { error: e.code, message: e.message.replace(/^[A-Z_]+: /, '') }, headers);
}

/** `new WxmpError(code, message)`, for refusals built inline. */
export function refusal(code: WxmpErrorCode, message: string): WxmpError {
  return new WxmpError(code, message);
}

/**
 * A failure of the platform or of the token source, answered 502 (or 504 for a timeout, 503 when
 * the token could not be obtained) with the upstream code: never the upstream body, which may
 * carry what it was sent.
 */
export function upstreamFailure(e: unknown, scrub: (text: string) => string): Response {
  const w = e instanceof WxmpError ? e : undefined;
  const code = w?.code ?? 'INTERNAL';
  const status = code === 'HTTP_TIMEOUT' ? 504 : code.startsWith('TOKEN_') || code === 'API_TOKEN_CONFIG' ? 503 : 502;
  const message = w ? scrub(w.message.replace(/^[A-Z_]+: /, '')) : 'unexpected failure';
  const body: Record<string, unknown> = { error: 'CENTRAL_UPSTREAM_FAILED', upstream: code, message };
  if (w?.errcode !== undefined) body.errcode = w.errcode;
  return json(status, body);
}

/**
 * Reads a request body with a byte cap and a deadline (the webhook's bounded reader), refusing an
 * announced `Content-Length` over the cap before reading anything.
 *
 * @throws {WxmpError} `CENTRAL_BODY_TOO_LARGE`, `CENTRAL_BODY_TIMEOUT`, `CENTRAL_BAD_REQUEST` (the
 * stream failed or was used).
 */
export async function readCapped(request: Request, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  const expected = declared !== null && /^\d{1,15}$/.test(declared) ? Number(declared) : undefined;
  if (expected !== undefined && expected > maxBytes) throw refusal('CENTRAL_BODY_TOO_LARGE', `request body exceeds ${maxBytes} bytes`);
  try {
    return await readRequestBody(request.body, { maxBytes, timeoutMs, expectedBytes: expected });
  } catch (e) {
    const code = e instanceof WxmpError ? e.code : undefined;
    if (code === 'WEBHOOK_BODY_TOO_LARGE') throw refusal('CENTRAL_BODY_TOO_LARGE', `request body exceeds ${maxBytes} bytes`);
    if (code === 'WEBHOOK_BODY_TIMEOUT') throw refusal('CENTRAL_BODY_TIMEOUT', `request body not received within ${timeoutMs} ms`);
    throw refusal('CENTRAL_BAD_REQUEST', 'the request body could not be read');
  }
}

/** The path of `request` below `basePath`, or `undefined` when it is not below it. */
export function routePath(request: Request, basePath: string): string | undefined {
  let path: string;
  try {
    path = new URL(request.url).pathname;
  } catch {
    return undefined;
  }
  if (basePath === '') return path;
  if (path !== basePath && !path.startsWith(`${basePath}/`)) return undefined;
  return path.slice(basePath.length) || '/';
}

/**
 * Validates a mount path: empty, or `/segment[/segment…]` without a trailing slash.
 *
 * @throws {WxmpError} `INVALID_CONFIG`.
 */
export function checkBasePath(basePath: unknown): string {
  if (basePath === undefined || basePath === '') return '';
  if (typeof basePath !== 'string' || !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath))
    throw new WxmpError('INVALID_CONFIG', "basePath must be '' or like '/central' (no trailing slash)");
  return basePath;
}

/** A redacting, never-throwing view of the user's logger. */
export interface SafeLog {
  warn(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
}

/** Wraps `logger`: every message is redacted (credential patterns and the given secret values). */
export function safeLog(logger: Logger | undefined, secrets: () => readonly string[]): SafeLog {
  const emit = (level: 'warn' | 'debug', message: string, meta?: Record<string, unknown>): void => {
    const fn = logger?.[level];
    if (!fn) return;
    try {
      fn.call(logger, redactValues(redact(message), secrets()), meta);
    } catch {
      // a broken logger must not break the server
    }
  };
  return { warn: (m, meta) => emit('warn', m, meta), debug: (m, meta) => emit('debug', m, meta) };
}
