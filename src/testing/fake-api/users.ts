// Followers (用户管理), tags (用户标签) and the blacklist of the fake platform: the follower list
// pages with next_openid, tags carry over to user/info, tags/getidlist and user/tag/get.
import { bodyOf, err, int, ok, text, type FakeReply, type Follower, type Platform, type Routes } from './kit.js';

// Tags 0, 1 and 2 are reserved by WeChat; 2 (星标组) is the one every account lists.
const RESERVED_TAGS = new Set([0, 1, 2]);
const MAX_TAGS = 100;
const MAX_TAGS_PER_USER = 20;

function profile(f: Follower, lang: string | undefined): Record<string, unknown> {
  return {
    subscribe: 1,
    openid: f.openid,
    language: lang ?? f.language,
    subscribe_time: f.subscribe_time,
    unionid: `oUnion${f.openid.slice(-12)}`,
    remark: f.remark,
    groupid: 0,
    tagid_list: [...f.tagid_list],
    subscribe_scene: 'ADD_SCENE_QR_CODE',
    qr_scene: 98765,
    qr_scene_str: '',
  };
}

/** One `next_openid` page of `ids` (WeChat's last page carries its last OpenID; the next one is empty). */
function openIdPage(ids: readonly string[], next: unknown, size: number, total: boolean): Record<string, unknown> {
  const cursor = text(next);
  const from = cursor === undefined ? 0 : ids.indexOf(cursor) + 1;
  const slice = from === 0 && cursor !== undefined ? [] : ids.slice(from, from + size);
  const out: Record<string, unknown> = total ? { total: ids.length, count: slice.length } : { count: slice.length };
  if (slice.length > 0) out.data = { openid: slice };
  out.next_openid = slice.at(-1) ?? '';
  return out;
}

/**
 * Follower, tag and blacklist endpoints of the fake, paging OpenIDs `pageSize` at a time.
 *
 * @example
 * ```ts
 * const routes = userRoutes(platform, 10_000)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
export function userRoutes(p: Platform, pageSize: number): Routes {
  const tags = new Map<number, string>([[2, '星标组']]);
  const blacklist: string[] = [];
  let nextTag = 100;
  const count = (id: number) => [...p.followers.values()].filter((f) => f.tagid_list.includes(id)).length;
  const tagOf = (body: Record<string, unknown>) => {
    const tag = body.tag as Record<string, unknown> | undefined;
    return { id: int(tag?.id), name: text(tag?.name) };
  };
  const badName = (name: string | undefined, except?: number) => {
    if (name === undefined || name.length > 30) return err(45158, 'tag name too long');
    for (const [id, n] of tags) if (n === name && id !== except) return err(45157, 'invalid tag name');
    return undefined;
  };
  /** `fn` with the followers of an openid_list (1..max), else the refusal (40032, or 40003 for a non-follower). */
  // biome-ignore lint/suspicious/noConfusingVoidType: `fn` answers a reply or nothing (then the default ok)
  const withMembers = (list: unknown, max: number, fn: (users: Follower[]) => FakeReply | void): FakeReply => {
    if (!Array.isArray(list) || list.length === 0 || list.length > max) return err(40032, 'invalid openid list size');
    const users: Follower[] = [];
    for (const id of list) {
      const f = p.followers.get(String(id));
      if (!f) return err(40003, 'invalid openid');
      users.push(f);
    }
    return fn(users) ?? ok();
  };
  /** `fn` with the existing tag `body.tagid`, else 45159. */
  const withTag = (body: Record<string, unknown>, fn: (id: number) => FakeReply): FakeReply => {
    const id = int(body.tagid);
    return id !== undefined && tags.has(id) ? fn(id) : err(45159, 'invalid tag id');
  };
  return {
    '/cgi-bin/user/info': (c) => {
      const openid = c.query['openid'] ?? '';
      if (!openid) return err(40003, 'invalid openid');
      const f = p.followers.get(openid);
      // an OpenID of this account that does not follow it (any more) gets only these two fields
      return f ? profile(f, c.query['lang']) : { subscribe: 0, openid };
    },
    '/cgi-bin/user/info/batchget': (c) => {
      const list = bodyOf(c).user_list;
      if (!Array.isArray(list) || list.length === 0 || list.length > 100) return err(40032, 'invalid openid list size');
      return {
        user_info_list: list.map((u: Record<string, unknown>) => {
          const openid = String(u?.openid ?? '');
          const f = p.followers.get(openid);
          return f ? profile(f, text(u.lang)) : { subscribe: 0, openid };
        }),
      };
    },
    '/cgi-bin/user/get': (c) => openIdPage([...p.followers.keys()], c.query['next_openid'], pageSize, true),
    '/cgi-bin/user/info/updateremark': (c) => {
      const body = bodyOf(c);
      const f = p.followers.get(String(body.openid));
      if (!f) return err(40003, 'invalid openid');
      if (typeof body.remark !== 'string' || body.remark.length > 30) return err(45151, 'invalid remark');
      f.remark = body.remark;
      return ok();
    },
    '/cgi-bin/changeopenid': (c) => {
      const body = bodyOf(c);
      const list = body.openid_list;
      if (!text(body.from_appid)) return err(40013, 'invalid appid');
      if (!Array.isArray(list) || list.length === 0 || list.length > 100) return err(40032, 'invalid openid list size');
      return { result_list: list.map((o) => ({ ori_openid: String(o), new_openid: `oNew${String(o).slice(-20)}`, err_msg: 'ok' })) };
    },
    '/cgi-bin/tags/create': (c) => {
      const { name } = tagOf(bodyOf(c));
      const bad = badName(name);
      if (bad) return bad;
      if (tags.size >= MAX_TAGS) return err(45056, 'too many tags');
      const id = nextTag++;
      tags.set(id, name as string);
      return { tag: { id, name } };
    },
    '/cgi-bin/tags/get': () => ({ tags: [...tags].map(([id, name]) => ({ id, name, count: count(id) })) }),
    '/cgi-bin/tags/update': (c) => {
      const { id, name } = tagOf(bodyOf(c));
      if (id === undefined || RESERVED_TAGS.has(id)) return err(45058, 'can not modify sys tag');
      if (!tags.has(id)) return err(45159, 'invalid tag id');
      const bad = badName(name, id);
      if (bad) return bad;
      tags.set(id, name as string);
      return ok();
    },
    '/cgi-bin/tags/delete': (c) => {
      const { id } = tagOf(bodyOf(c));
      if (id === undefined || RESERVED_TAGS.has(id)) return err(45058, 'can not modify sys tag');
      if (!tags.delete(id)) return err(45159, 'invalid tag id');
      for (const f of p.followers.values()) f.tagid_list = f.tagid_list.filter((t) => t !== id);
      return ok();
    },
    '/cgi-bin/user/tag/get': (c) => {
      const body = bodyOf(c);
      return withTag(body, (id) =>
        openIdPage(
          [...p.followers.values()].filter((f) => f.tagid_list.includes(id)).map((f) => f.openid),
          body.next_openid,
          pageSize,
          false,
        ),
      );
    },
    '/cgi-bin/tags/members/batchtagging': (c) => {
      const body = bodyOf(c);
      return withTag(body, (id) =>
        withMembers(body.openid_list, 50, (users) => {
          if (users.some((f) => !f.tagid_list.includes(id) && f.tagid_list.length >= MAX_TAGS_PER_USER))
            return err(45059, 'tag count of a user reaches the limit');
          for (const f of users) if (!f.tagid_list.includes(id)) f.tagid_list.push(id);
          return undefined;
        }),
      );
    },
    '/cgi-bin/tags/members/batchuntagging': (c) => {
      const body = bodyOf(c);
      return withTag(body, (id) =>
        withMembers(body.openid_list, 50, (users) => {
          for (const f of users) f.tagid_list = f.tagid_list.filter((t) => t !== id);
        }),
      );
    },
    '/cgi-bin/tags/getidlist': (c) => {
      const f = p.followers.get(String(bodyOf(c).openid));
      return f ? { tagid_list: [...f.tagid_list] } : err(40003, 'invalid openid');
    },
    '/cgi-bin/tags/members/getblacklist': (c) => openIdPage(blacklist, bodyOf(c).begin_openid, pageSize, true),
    '/cgi-bin/tags/members/batchblacklist': (c) =>
      withMembers(bodyOf(c).openid_list, 20, (users) => {
        for (const f of users) if (!blacklist.includes(f.openid)) blacklist.push(f.openid);
      }),
    '/cgi-bin/tags/members/batchunblacklist': (c) =>
      withMembers(bodyOf(c).openid_list, 20, (users) => {
        for (const f of users) {
          const i = blacklist.indexOf(f.openid);
          if (i !== -1) blacklist.splice(i, 1);
        }
      }),
  };
}
