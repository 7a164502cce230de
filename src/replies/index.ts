// Passive replies (被动回复用户消息): the typed model, its renderer and the reverse parser. Re-exports only.
export { parseReply } from './parse.js';
export { renderReply } from './render.js';
export { MAX_NEWS_ARTICLES } from './types.js';
export type {
  ImageReply,
  MusicReply,
  NewsArticle,
  NewsReply,
  ParsedReply,
  Reply,
  ReplyEnvelope,
  TextReply,
  TransferCustomerServiceReply,
  VideoReply,
  VoiceReply,
} from './types.js';
