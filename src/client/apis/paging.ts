/**
 * The two ways WeChat pages a list: a cursor (`next_openid`: followers, tag members, the
 * blacklist) and offset/count (`batchget`: drafts, published articles). Shared by the API groups.
 */
import { checkInt, type WeChatResult } from './requester.js';

/** One page of `user/get`, `user/tag/get` or `tags/members/getblacklist`. */
export interface OpenIdPage extends WeChatResult {
  /** Total count (absent on `user/tag/get`). */
  total?: number;
  /** OpenIDs in this page (up to 10 000). */
  count: number;
  /** Absent when `count` is 0. */
  data?: { openid: string[] };
  /** Cursor for the next page; `''` or the last OpenID when done. */
  next_openid: string;
}

/**
 * Follows `next_openid` until a page is empty (or the cursor stops moving), yielding every page.
 * Shared by the follower list, tag members and blacklist.
 */
export async function* iteratePages(
  fetchPage: (cursor: string | undefined) => Promise<OpenIdPage>,
  start?: string,
): AsyncGenerator<OpenIdPage, void, undefined> {
  let cursor = start;
  for (;;) {
    const page = await fetchPage(cursor);
    const n = page.data?.openid.length ?? 0;
    if (page.count === 0 || n === 0) return;
    yield page;
    // WeChat answers the last page with next_openid = its last OpenID, then an empty page; an
    // empty or unchanged cursor would loop forever, so it ends the walk too.
    if (!page.next_openid || page.next_openid === cursor) return;
    cursor = page.next_openid;
  }
}

/** Paging of `batchget` endpoints: offset ≥ 0, count 1..20, `no_content` 1 omits bodies. */
export interface BatchGetRequest {
  offset: number;
  count: number;
  no_content?: 0 | 1;
}

/** Validates an offset/count paging request (drafts, freepublish). */
export function pageBody(p: BatchGetRequest): BatchGetRequest {
  const out: BatchGetRequest = { offset: checkInt(p?.offset, 'offset', 0, 2 ** 31), count: checkInt(p.count, 'count', 1, 20) };
  if (p.no_content !== undefined) out.no_content = p.no_content ? 1 : 0;
  return out;
}
