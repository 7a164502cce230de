/**
 * Customer-service (客服消息) message bodies and kf account/session shapes, as WeChat spells them.
 */
import type { WeChatResult } from './requester.js';

/** Fields common to every customer-service message. */
interface CustomBase {
  /** The follower's OpenID. */
  touser: string;
  /** Send as a specific kf account (`account@wechatid`). */
  customservice?: { kf_account: string };
}

/** One of the message types the `message/custom/send` API accepts. */
export type CustomMessage = CustomBase &
  (
    | { msgtype: 'text'; text: { content: string } }
    | { msgtype: 'image'; image: { media_id: string } }
    | { msgtype: 'voice'; voice: { media_id: string } }
    | { msgtype: 'video'; video: { media_id: string; thumb_media_id: string; title?: string; description?: string } }
    | { msgtype: 'music'; music: { title?: string; description?: string; musicurl: string; hqmusicurl: string; thumb_media_id: string } }
    /** External link card; WeChat shows exactly one article. */
    | { msgtype: 'news'; news: { articles: { title: string; description?: string; url: string; picurl?: string }[] } }
    /** A published article by its draft/material media_id. */
    | { msgtype: 'mpnews'; mpnews: { media_id: string } }
    /** A published article by its `article_id` (freepublish). */
    | { msgtype: 'mpnewsarticle'; mpnewsarticle: { article_id: string } }
    /** Menu message: tapping an item sends its `id` back as a text message with `bizmsgmenuid`. */
    | { msgtype: 'msgmenu'; msgmenu: { head_content: string; list: { id: string; content: string }[]; tail_content: string } }
    | { msgtype: 'wxcard'; wxcard: { card_id: string } }
    | { msgtype: 'miniprogrampage'; miniprogrampage: { title: string; appid: string; pagepath: string; thumb_media_id: string } }
  );

/** The `msgtype` values of {@link CustomMessage}. */
export type CustomMessageType = CustomMessage['msgtype'];

/** A kf account as `getkflist` lists it. */
export interface KfAccount {
  kf_account: string;
  kf_nick: string;
  kf_id: string;
  kf_headimgurl: string;
  /** Bound WeChat ID, once the invitation was accepted. */
  kf_wx?: string;
  invite_wx?: string;
  invite_expire_time?: number;
  /** `waiting`, `rejected` or `expired`. */
  invite_status?: string;
}

/** A kf account as `getonlinekflist` lists it. */
export interface KfOnline {
  kf_account: string;
  /** 1 web client online. */
  status: number;
  kf_id: string;
  /** Sessions currently accepted. */
  accepted_case: number;
}

/** Answer of `kfsession/getsession`. */
export interface KfSessionResponse extends WeChatResult {
  /** Empty when the user is not in a session. */
  kf_account: string;
  createtime: number;
}

/** Answer of `kfsession/getwaitcase`. */
export interface KfWaitCaseResponse extends WeChatResult {
  count: number;
  waitcaselist: { latest_time: number; openid: string }[];
}

/** Body of `msgrecord/getmsglist`: a time window within one day. */
export interface KfMsgListRequest {
  /** Unix seconds. */
  starttime: number;
  /** Unix seconds, at most 24 h after `starttime`. */
  endtime: number;
  /** Cursor: 1 for the first page, then the `msgid` returned by the previous page. */
  msgid: number | string;
  /** Page size, up to 10 000. */
  number: number;
}

/** Answer of `msgrecord/getmsglist`. */
export interface KfMsgListResponse extends WeChatResult {
  recordlist: { openid: string; opercode: number; text: string; time: number; worker: string }[];
  number: number;
  msgid: number | string;
}
