/**
 * User tags (用户标签) and the blacklist (黑名单).
 */
import { checkInt, checkList, checkString, type Requester, type WeChatResult } from './requester.js';
import { iteratePages, type OpenIdPage } from './paging.js';

/** A tag as `tags/get` lists it. */
export interface UserTag {
  id: number;
  name: string;
  /** Followers carrying the tag. */
  count?: number;
}

const tagId = (id: number): number => checkInt(id, 'tagId', 0, 2 ** 31 - 1);
const tagName = (name: string): string => checkString(name, 'name', 30);

/**
 * Tag and blacklist API group.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for an empty or over-30-character name, a negative tag id,
 * more than 50 OpenIDs per (un)tagging or 20 per (un)blacklisting call.
 * @example
 * ```ts
 * const { tag } = await client.tags.create('VIP')
 * await client.tags.batchTagging([openid], tag.id)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
export function tagsApi(r: Requester) {
  const post = <T>(path: string, body: unknown, idempotent: boolean): Promise<T> => r.request<T>(path, { method: 'POST', body, idempotent });
  const getTagUsers = async (id: number, nextOpenid?: string): Promise<OpenIdPage> =>
    post('/cgi-bin/user/tag/get', { tagid: tagId(id), next_openid: nextOpenid ?? '' }, true);
  const getBlacklist = async (beginOpenid?: string): Promise<OpenIdPage> =>
    post('/cgi-bin/tags/members/getblacklist', { begin_openid: beginOpenid ?? '' }, true);
  return {
    /** Creates a tag (up to 100 per account). */
    async create(name: string): Promise<{ tag: { id: number; name: string } } & WeChatResult> {
      return post('/cgi-bin/tags/create', { tag: { name: tagName(name) } }, false);
    },
    /** Lists every tag. */
    async get(): Promise<{ tags: UserTag[] } & WeChatResult> {
      return r.request('/cgi-bin/tags/get', { method: 'GET', idempotent: true });
    },
    /** Renames a tag. */
    async update(id: number, name: string): Promise<WeChatResult> {
      return post('/cgi-bin/tags/update', { tag: { id: tagId(id), name: tagName(name) } }, false);
    },
    /** Deletes a tag. */
    async delete(id: number): Promise<WeChatResult> {
      return post('/cgi-bin/tags/delete', { tag: { id: tagId(id) } }, false);
    },
    /** One page of the followers carrying a tag (`user/tag/get`). */
    getTagUsers,
    /** Every page of the followers carrying a tag. */
    iterateTagUsers(id: number): AsyncGenerator<OpenIdPage, void, undefined> {
      tagId(id);
      return iteratePages((c) => getTagUsers(id, c));
    },
    /** Tags up to 50 followers. */
    async batchTagging(openids: readonly string[], id: number): Promise<WeChatResult> {
      return post('/cgi-bin/tags/members/batchtagging', { openid_list: checkList(openids, 'openids', 1, 50), tagid: tagId(id) }, false);
    },
    /** Untags up to 50 followers. */
    async batchUntagging(openids: readonly string[], id: number): Promise<WeChatResult> {
      return post('/cgi-bin/tags/members/batchuntagging', { openid_list: checkList(openids, 'openids', 1, 50), tagid: tagId(id) }, false);
    },
    /** The tag ids of one follower. */
    async getIdList(openid: string): Promise<{ tagid_list: number[] } & WeChatResult> {
      return post('/cgi-bin/tags/getidlist', { openid: checkString(openid, 'openid') }, true);
    },
    /**
     * One page (≤ 10 000) of blacklisted OpenIDs.
     * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Manage_blacklist.html
     */
    getBlacklist,
    /** Every page of the blacklist. */
    iterateBlacklist(): AsyncGenerator<OpenIdPage, void, undefined> {
      return iteratePages(getBlacklist);
    },
    /** Blacklists up to 20 followers. */
    async batchBlacklist(openids: readonly string[]): Promise<WeChatResult> {
      return post('/cgi-bin/tags/members/batchblacklist', { openid_list: checkList(openids, 'openids', 1, 20) }, false);
    },
    /** Removes up to 20 followers from the blacklist. */
    async batchUnblacklist(openids: readonly string[]): Promise<WeChatResult> {
      return post('/cgi-bin/tags/members/batchunblacklist', { openid_list: checkList(openids, 'openids', 1, 20) }, false);
    },
  };
}

/** The `client.tags` group. */
export type TagsApi = ReturnType<typeof tagsApi>;
