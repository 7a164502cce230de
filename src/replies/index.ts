// Passive replies (被动回复用户消息): the typed model, its renderer and the reverse parser. Re-exports only.
export { MAX_NEWS_ARTICLES, parseReply, renderReply } from './render.js';
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
} from './render.js';
