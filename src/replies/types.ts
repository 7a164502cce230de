// The passive-reply model (被动回复用户消息): what a handler returns and what the test kit decodes.

/** 回复文本消息. */
export interface TextReply {
  msgType: 'text';
  /** Must contain a non-whitespace character. Line breaks are shown as line breaks. */
  content: string;
}
/** 回复图片消息 (media uploaded beforehand). */
export interface ImageReply {
  msgType: 'image';
  mediaId: string;
}
/** 回复语音消息. */
export interface VoiceReply {
  msgType: 'voice';
  mediaId: string;
}
/** 回复视频消息. */
export interface VideoReply {
  msgType: 'video';
  mediaId: string;
  title?: string;
  description?: string;
}
/** 回复音乐消息. */
export interface MusicReply {
  msgType: 'music';
  title?: string;
  description?: string;
  musicUrl?: string;
  /** High-quality URL, preferred on Wi-Fi (`HQMusicUrl`). */
  hqMusicUrl?: string;
  thumbMediaId: string;
}
/** One article of a news reply. */
export interface NewsArticle {
  title: string;
  description?: string;
  /** JPG/PNG; large 360×200, small 200×200. */
  picUrl?: string;
  url?: string;
}
/** 回复图文消息: 1..8 articles (WeChat shows only the first in reply to a user message). */
export interface NewsReply {
  msgType: 'news';
  articles: readonly NewsArticle[];
}
/** 转发到客服: hand the conversation to customer service, optionally to one account. */
export interface TransferCustomerServiceReply {
  msgType: 'transfer_customer_service';
  /** `prefix@gh_xxx`; omitted → any online agent. */
  kfAccount?: string;
}
/** Every passive reply, discriminated by `msgType`. */
export type Reply = TextReply | ImageReply | VoiceReply | VideoReply | MusicReply | NewsReply | TransferCustomerServiceReply;

/** The reply's own envelope: `toUserName` is the user (the message's `fromUserName`). */
export interface ReplyEnvelope {
  toUserName: string;
  fromUserName: string;
  /** Seconds; default `Math.floor(Date.now() / 1000)`. */
  createTime?: number;
}
/** A reply decoded by {@link parseReply}: the reply plus its envelope. */
export type ParsedReply = Reply & { toUserName: string; fromUserName: string; createTime: number };

/** Most articles a news reply may carry. */
export const MAX_NEWS_ARTICLES = 8;
