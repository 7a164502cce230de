/**
 * Followers (用户管理): profile, batch profile, follower list with an async iterator, remarks,
 * OpenID migration.
 */
import { compact } from '../../internal/compact.js';
import { iteratePages, type OpenIdPage } from './paging.js';
import { checkList, checkString, type Requester, type WeChatResult } from './requester.js';

/** Profile language: 简体, 繁体, English. */
export type UserLang = 'zh_CN' | 'zh_TW' | 'en';

/** A follower's profile; for `subscribe: 0` only `subscribe`, `openid` (and `unionid`) are present. */
export interface UserInfo {
  /** 1 following, 0 not following. */
  subscribe: number;
  openid: string;
  language?: string;
  subscribe_time?: number;
  unionid?: string;
  remark?: string;
  groupid?: number;
  tagid_list?: number[];
  /** e.g. `ADD_SCENE_QR_CODE`, `ADD_SCENE_SEARCH`. */
  subscribe_scene?: string;
  qr_scene?: number;
  qr_scene_str?: string;
  /** No longer returned to new callers since 2021; kept for older accounts. */
  nickname?: string;
  headimgurl?: string;
}

/** Answer of `user/info`. */
export type UserInfoResponse = UserInfo & WeChatResult;

/**
 * User API group.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for an empty openid, a batch outside 1..100 entries, a remark
 * longer than 30 characters.
 * @example
 * ```ts
 * for await (const page of client.user.iterate()) for (const openid of page.data?.openid ?? []) console.log(openid)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
 */
export function userApi(r: Requester) {
  const list = async (nextOpenid?: string): Promise<OpenIdPage> =>
    r.request('/cgi-bin/user/get', { method: 'GET', query: { next_openid: nextOpenid || undefined }, idempotent: true });
  return {
    /** A follower's profile. */
    async info(openid: string, lang?: UserLang): Promise<UserInfoResponse> {
      checkString(openid, 'openid');
      return r.request('/cgi-bin/user/info', { method: 'GET', query: { openid, lang }, idempotent: true });
    },
    /** Up to 100 profiles in one call; entries are OpenIDs or `{ openid, lang }`. */
    async batchGet(users: readonly (string | { openid: string; lang?: UserLang })[], lang?: UserLang): Promise<{ user_info_list: UserInfo[] } & WeChatResult> {
      const entries = users.map((u) => (typeof u === 'string' ? compact({ openid: u, lang }) : compact({ openid: u.openid, lang: u.lang ?? lang })));
      checkList(
        entries.map((e) => e.openid),
        'users',
        1,
        100,
      );
      return r.request('/cgi-bin/user/info/batchget', { method: 'POST', body: { user_list: entries }, idempotent: true });
    },
    /**
     * One page (≤ 10 000) of follower OpenIDs.
     * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html
     */
    list,
    /** Every page of followers, following `next_openid`. */
    iterate(startOpenid?: string): AsyncGenerator<OpenIdPage, void, undefined> {
      return iteratePages(list, startOpenid);
    },
    /** Sets a follower's remark (备注名, < 30 characters). */
    async updateRemark(openid: string, remark: string): Promise<WeChatResult> {
      checkString(openid, 'openid');
      if (typeof remark !== 'string' || remark.length > 30) checkString(remark, 'remark', 30);
      return r.request('/cgi-bin/user/info/updateremark', { method: 'POST', body: { openid, remark }, idempotent: false });
    },
    /**
     * Maps OpenIDs of another account (after an account migration) to this account (≤ 100).
     * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Openid_Migration.html
     */
    async changeOpenid(
      fromAppid: string,
      openids: readonly string[],
    ): Promise<{ result_list: { ori_openid: string; new_openid?: string; err_msg: string }[] } & WeChatResult> {
      checkString(fromAppid, 'fromAppid');
      checkList(openids, 'openids', 1, 100);
      return r.request('/cgi-bin/changeopenid', { method: 'POST', body: { from_appid: fromAppid, openid_list: openids }, idempotent: true });
    },
  };
}

/** The `client.user` group. */
export type UserApi = ReturnType<typeof userApi>;
