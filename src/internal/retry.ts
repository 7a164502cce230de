// The one retry classification of the SDK: WxmpError.retryable is computed from it, and the API
// client retries exactly the failures it marks (idempotent calls only). Internal.
import type { WxmpErrorCode } from '../errors.js';

/**
 * True for the failures the API client's retry policy repeats on an idempotent call: WeChat's
 * `-1` (system busy, 全局返回码), HTTP 5xx, network errors and per-attempt timeouts.
 *
 * Not transient, on purpose: rate limits — `45011` (minute quota) and HTTP `429` — because a
 * retry within the same minute only burns quota (wait for the next minute instead); token
 * rejections (`40001`/`40014`/`42001`), which the client handles by refreshing the token once;
 * and every configuration, argument or response-shape error.
 */
export function isTransientFailure(code: WxmpErrorCode, status: number | undefined, errcode: number | undefined): boolean {
  switch (code) {
    case 'HTTP_TIMEOUT':
    case 'HTTP_NETWORK':
      return true;
    case 'HTTP_STATUS':
      return status !== undefined && status >= 500;
    case 'API_ERROR':
      return errcode === -1;
    default:
      return false;
  }
}
