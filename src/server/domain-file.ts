// The domain verification file of the console (业务域名, JS接口安全域名, 网页授权域名): WeChat
// fetches https://your.domain/MP_verify_<code>.txt and expects the file's content.
import { WxmpError } from '../errors.js';

const CODE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Serves WeChat's domain verification file: returns a function that answers `GET`/`HEAD`
 * `/MP_verify_<code>.txt` (at the domain root, as WeChat fetches it) with the file's content as
 * `text/plain`, and `undefined` for any other request so that you route it on. The file the
 * console offers for download contains exactly its code; pass `content` if yours differs.
 *
 * @throws {WxmpError} `INVALID_CONFIG` when `code` (or the file name `MP_verify_<code>.txt`) is not 1–64 characters of `[A-Za-z0-9_-]`.
 * @example
 * ```ts
 * const verifyFile = mpVerifyFile(process.env.WECHAT_MP_VERIFY!) // 'Tq1nBXLhaLCnKDGX' or 'MP_verify_Tq1nBXLhaLCnKDGX.txt'
 * Deno.serve((request) => verifyFile(request) ?? webhook(request))
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export function mpVerifyFile(code: string, content?: string): (input: Request | string) => Response | undefined {
  const bare = typeof code === 'string' ? code.replace(/^MP_verify_/, '').replace(/\.txt$/, '') : '';
  if (!CODE.test(bare)) throw new WxmpError('INVALID_CONFIG', 'mpVerifyFile needs the code of MP_verify_<code>.txt (1-64 characters of [A-Za-z0-9_-])');
  const path = `/MP_verify_${bare}.txt`;
  const body = content ?? bare;
  return (input) => {
    const request = typeof input === 'string' ? undefined : input;
    const url = request ? request.url : (input as string);
    const pathname = url.startsWith('/') ? url.split(/[?#]/)[0] : safePath(url);
    if (pathname !== path || (request && request.method !== 'GET' && request.method !== 'HEAD')) return undefined;
    return new Response(request?.method === 'HEAD' ? null : body, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' } });
  };
}

function safePath(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}
