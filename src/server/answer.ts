// What the webhook answers for a failure, and the HTTP headers of every answer (both adapters).
import type { WxmpError, WxmpErrorCode } from '../errors.js';
import type { WebhookOutgoing } from './types.js';

/** The status of a refusal or failure; every other code answers 400. */
const STATUS: Partial<Record<WxmpErrorCode, number>> = {
  WEBHOOK_METHOD_NOT_ALLOWED: 405,
  WEBHOOK_SIGNATURE_INVALID: 403,
  WEBHOOK_TIMESTAMP_EXPIRED: 403,
  WEBHOOK_PLAINTEXT_REJECTED: 403,
  CRYPTO_SIGNATURE_INVALID: 403,
  WEBHOOK_BODY_TOO_LARGE: 413,
  WEBHOOK_BODY_TIMEOUT: 408,
  WEBHOOK_UNSUPPORTED_ENCODING: 415,
  WEBHOOK_INTERNAL_ERROR: 500,
  WEBHOOK_NO_AUTHORIZER: 404,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/**
 * The generic answer to a refused or failed request: its status, the reason phrase as the body (the
 * details go to `onError`, never to the caller), and `close` when the body was not read to the end
 * (413, 408), so that it is never drained.
 *
 * @example
 * ```ts
 * refusal(new WxmpError('WEBHOOK_SIGNATURE_INVALID', 'signature does not match')) // { status: 403, body: 'Forbidden', … }
 * ```
 */
export function refusal(error: WxmpError): WebhookOutgoing {
  const status = STATUS[error.code] ?? 400;
  return { status, body: REASON[status] ?? 'Error', xml: false, close: status === 413 || status === 408 };
}

/**
 * The headers of an answer: its content type, `nosniff`, and `Allow` for a 405.
 *
 * @example
 * ```ts
 * headersOf({ status: 200, body: 'success', xml: false }) // { 'content-type': 'text/plain; charset=utf-8', … }
 * ```
 */
export function headersOf(out: WebhookOutgoing): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': out.xml ? 'application/xml; charset=utf-8' : 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  };
  if (out.status === 405) h.allow = 'GET, POST';
  return h;
}
