/**
 * What the API proxy forwards of a caller's request: the query (never an `access_token` of the
 * caller's own, never a repeated parameter) and the body, re-encoded for the client: JSON and
 * without a type as the string sent, multipart as `FormData` (file names and types kept), anything else as
 * a `Blob` of the same bytes and type.
 */
import { WxmpError } from '../errors.js';
import { decodeUtf8Strict } from '../internal/bytes.js';
import { readCapped } from './http.js';

/**
 * The query as a record.
 *
 * @throws {WxmpError} `CENTRAL_BAD_REQUEST` when it carries `access_token` (any case) or repeats a
 * parameter (which one the platform would read is not ours to guess).
 */
export function forwardedQuery(url: URL): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of url.searchParams) {
    if (k.toLowerCase() === 'access_token') throw new WxmpError('CENTRAL_BAD_REQUEST', 'do not send access_token: the proxy adds it');
    if (k in out) throw new WxmpError('CENTRAL_BAD_REQUEST', `query parameter ${JSON.stringify(k.slice(0, 32))} is repeated`);
    out[k] = v;
  }
  return out;
}

/**
 * The body to forward, or `undefined` for an empty one.
 *
 * @throws {WxmpError} `CENTRAL_BODY_TOO_LARGE`, `CENTRAL_BODY_TIMEOUT`, `CENTRAL_BAD_REQUEST` (a
 * multipart body that does not parse, a JSON body that is not UTF-8).
 */
export async function forwardedBody(request: Request, maxBytes: number, timeoutMs: number): Promise<string | FormData | Blob | undefined> {
  const bytes = await readCapped(request, maxBytes, timeoutMs);
  if (bytes.byteLength === 0) return undefined;
  const type = request.headers.get('content-type') ?? '';
  const lower = type.toLowerCase();
  if (lower.startsWith('multipart/form-data')) {
    try {
      return await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': type } }).formData();
    } catch {
      throw new WxmpError('CENTRAL_BAD_REQUEST', 'the multipart body does not parse');
    }
  }
  if (lower === '' || /^application\/([a-z0-9.+-]*\+)?json\b/.test(lower)) {
    const text = decodeUtf8Strict(bytes);
    if (text === undefined) throw new WxmpError('CENTRAL_BAD_REQUEST', 'a JSON body must be UTF-8');
    // sent as the caller wrote it: 64-bit integers and key order survive
    return text;
  }
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type });
}
