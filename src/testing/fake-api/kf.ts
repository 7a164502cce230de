// Customer service (客服) of the fake platform: kf accounts, sessions with followers, the waiting
// queue and the chat record of customer-service sends.
import type { KfAccount as Kf } from '../../client/apis/custom-service-types.js';
import { bodyOf, err, ok, text, type Platform, type Routes } from './kit.js';

const ACCOUNT = /^[A-Za-z0-9_]{1,10}@[\w-]+$/;

/**
 * Customer-service endpoints of the fake: one bound kf account to start with, sessions, chat records.
 *
 * @example
 * ```ts
 * const routes = kfRoutes(platform)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Management.html
 */
export function kfRoutes(p: Platform): Routes {
  let nextKfId = 2001;
  const kfs = new Map<string, Kf>();
  const addKf = (account: string, nick: string): Kf => {
    const kf: Kf = { kf_account: account, kf_nick: nick, kf_id: String(nextKfId++), kf_headimgurl: `http://mmbiz.qpic.cn/mmbiz/kf${nextKfId}/0` };
    kfs.set(account, kf);
    return kf;
  };
  // one bound account, as on a console where customer service was switched on
  Object.assign(addKf('kf2001@wxmp_fake', '客服小微'), { kf_wx: 'kefu_wxmp' });
  const sessions = new Map<string, { kf_account: string; createtime: number }>(); // openid → session
  const records: { openid: string; opercode: number; text: string; time: number; worker: string }[] = [];

  const kfOf = (account: unknown) => kfs.get(String(account));
  const noKf = () => err(65401, 'invalid kf_account');
  const waiting = () => [...p.followers.keys()].filter((o) => !sessions.has(o)).slice(0, 1);

  return {
    '/cgi-bin/message/custom/send': (c) => {
      const body = bodyOf(c);
      const touser = text(body.touser);
      if (!touser) return err(40003, 'invalid openid');
      const type = text(body.msgtype) ?? '';
      const payload = body[type] as Record<string, unknown> | undefined;
      if (typeof payload !== 'object' || payload === null) return err(40008, 'invalid message type');
      const worker = text((body.customservice as Record<string, unknown> | undefined)?.kf_account) ?? sessions.get(touser)?.kf_account ?? 'kf2001@wxmp_fake';
      // opercode 2002: a kf (or the API) sent a message
      records.push({ openid: touser, opercode: 2002, text: type === 'text' ? String(payload.content ?? '') : `[${type}]`, time: p.now(), worker });
      return ok();
    },
    '/cgi-bin/message/custom/typing': (c) => (text(bodyOf(c).touser) ? ok() : err(40003, 'invalid openid')),
    '/cgi-bin/customservice/getkflist': () => ({ kf_list: [...kfs.values()].map((k) => ({ ...k })) }),
    '/cgi-bin/customservice/getonlinekflist': () => ({
      kf_online_list: [...kfs.values()]
        .filter((k) => k.kf_wx !== undefined)
        .map((k) => ({
          kf_account: k.kf_account,
          status: 1,
          kf_id: k.kf_id,
          accepted_case: [...sessions.values()].filter((s) => s.kf_account === k.kf_account).length,
        })),
    }),
    '/customservice/kfaccount/add': (c) => {
      const body = bodyOf(c);
      const account = text(body.kf_account) ?? '';
      if (!ACCOUNT.test(account)) return err(65400, 'invalid kf_account');
      if (kfs.has(account)) return err(65406, 'kf_account exsited');
      const nick = text(body.nickname);
      if (!nick || nick.length > 16) return err(65403, 'invalid nickname');
      addKf(account, nick);
      return ok();
    },
    '/customservice/kfaccount/update': (c) => {
      const body = bodyOf(c);
      const kf = kfOf(body.kf_account);
      if (!kf) return noKf();
      const nick = text(body.nickname);
      if (!nick || nick.length > 16) return err(65403, 'invalid nickname');
      kf.kf_nick = nick;
      return ok();
    },
    '/customservice/kfaccount/del': (c) => (kfs.delete(String(bodyOf(c).kf_account)) ? ok() : noKf()),
    '/customservice/kfaccount/inviteworker': (c) => {
      const body = bodyOf(c);
      const kf = kfOf(body.kf_account);
      if (!kf) return noKf();
      const wx = text(body.invite_wx);
      if (!wx) return err(65407, 'invalid invite_wx');
      Object.assign(kf, { invite_wx: wx, invite_expire_time: p.now() + 7 * 86_400, invite_status: 'waiting' });
      return ok();
    },
    '/customservice/kfaccount/uploadheadimg': (c) => {
      const kf = kfOf(c.query['kf_account']);
      if (!kf) return noKf();
      if (!(c.body instanceof FormData) || !(c.body.get('media') instanceof Blob)) return err(41005, 'media data missing');
      kf.kf_headimgurl = `http://mmbiz.qpic.cn/mmbiz/${p.key(16)}/0`;
      return ok();
    },
    '/customservice/kfsession/create': (c) => {
      const body = bodyOf(c);
      if (!kfOf(body.kf_account)) return noKf();
      const openid = String(body.openid);
      if (!p.followers.has(openid)) return err(40003, 'invalid openid');
      if (sessions.has(openid)) return err(65414, 'customer already in a session');
      sessions.set(openid, { kf_account: String(body.kf_account), createtime: p.now() });
      return ok();
    },
    '/customservice/kfsession/close': (c) => {
      const body = bodyOf(c);
      const s = sessions.get(String(body.openid));
      if (!s || s.kf_account !== body.kf_account) return err(65416, 'no such session');
      sessions.delete(String(body.openid));
      return ok();
    },
    '/customservice/kfsession/getsession': (c) => {
      const s = sessions.get(c.query['openid'] ?? '');
      return s ? { ...s } : { kf_account: '', createtime: 0 };
    },
    '/customservice/kfsession/getsessionlist': (c) => {
      const account = c.query['kf_account'];
      if (!kfOf(account)) return noKf();
      return { sessionlist: [...sessions].filter(([, s]) => s.kf_account === account).map(([openid, s]) => ({ createtime: s.createtime, openid })) };
    },
    '/customservice/kfsession/getwaitcase': () => {
      const list = waiting().map((openid) => ({ latest_time: p.now() - 60, openid }));
      return { count: list.length, waitcaselist: list };
    },
    '/customservice/msgrecord/getmsglist': (c) => {
      const body = bodyOf(c);
      const [start, end] = [Number(body.starttime), Number(body.endtime)];
      if (!(end > start) || end - start > 86_400) return err(65419, 'invalid time range');
      const from = Math.max(0, Number(body.msgid) - 1 || 0);
      const n = Math.min(10_000, Math.max(1, Number(body.number) || 10_000));
      const inWindow = records.filter((r) => r.time >= start && r.time <= end);
      const recordlist = inWindow.slice(from, from + n);
      return { recordlist, number: recordlist.length, msgid: from + recordlist.length + 1 };
    },
  };
}
