/**
 * The API proxy's allow-lists. A pattern is an exact path (`/cgi-bin/user/info`) or a prefix
 * (`/cgi-bin/menu/*`: every path below `/cgi-bin/menu/`; `/*`: everything). Requests are matched
 * on the path exactly as it will be forwarded, and only a canonical path is ever forwarded:
 * segments of `[A-Za-z0-9_.-]`, no empty segment (`//`), no `.` or `..`, no percent-encoding (so
 * `%2e%2e` and `%2f` cannot mean one thing here and another at the platform).
 */
import { WxmpError } from '../errors.js';

const SEGMENT_RE = /^[A-Za-z0-9_.-]{1,128}$/;

/** Paths the proxy never forwards, whatever the allow-list: they hand out credentials. */
export const NEVER_FORWARDED: ReadonlySet<string> = new Set(['/cgi-bin/token', '/cgi-bin/stable_token', '/cgi-bin/clear_quota/v2']);

/** True for a canonical API path (see the module comment), at most 512 characters. */
export function isCanonicalPath(path: string): boolean {
  if (path.length < 2 || path.length > 512 || path[0] !== '/') return false;
  for (const s of path.slice(1).split('/')) {
    if (!SEGMENT_RE.test(s) || s === '.' || s === '..') return false;
  }
  return true;
}

/** A compiled allow-list. */
export interface AllowList {
  allows(path: string): boolean;
}

/**
 * Compiles patterns into an {@link AllowList}.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for an empty list or a pattern that is neither a canonical
 * path nor a canonical path followed by `/*` (or `/*` alone).
 * @example
 * ```ts
 * compileAllowList(['/cgi-bin/user/info', '/cgi-bin/menu/*'], 'callers[0].allow').allows('/cgi-bin/menu/get') // true
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
export function compileAllowList(patterns: unknown, where: string): AllowList {
  if (!Array.isArray(patterns) || patterns.length === 0) throw new WxmpError('INVALID_CONFIG', `${where} must be a non-empty array of paths`);
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const p of patterns as unknown[]) {
    if (typeof p !== 'string') throw new WxmpError('INVALID_CONFIG', `${where} must contain strings`);
    if (p === '/*') prefixes.push('/');
    else if (p.endsWith('/*') && isCanonicalPath(p.slice(0, -2))) prefixes.push(p.slice(0, -1));
    else if (isCanonicalPath(p)) exact.add(p);
    else throw new WxmpError('INVALID_CONFIG', `${where}: ${JSON.stringify(p.slice(0, 64))} is not a path like /cgi-bin/user/info or /cgi-bin/menu/*`);
  }
  return {
    allows: (path) => isCanonicalPath(path) && (exact.has(path) || prefixes.some((prefix) => path.startsWith(prefix))),
  };
}
