// Public entry point: re-exports only, no logic.
export { WxmpError, isWxmpError } from './errors.js';
export type { ApiErrorFields, TypedWxmpError, WxmpErrorCode, WxmpErrorFields, WxmpErrorOptions, XmlPosition } from './errors.js';
// -- core (issue: core protocol)
export { computeSignature, checkSignature, checkMsgSignature, jssdkSignature, isTimestampFresh, secondsUntilStale } from './signature.js';
export type { SignatureQuery, MsgSignatureQuery, JssdkSignatureParams, TimestampWindowOptions } from './signature.js';
export { MessageCrypto } from './crypto/index.js';
export type { MessageCryptoOptions, MsgSignatureParams, EncryptOptions, EncryptMessageOptions } from './crypto/index.js';
export { parseXml, buildXml, DEFAULT_XML_LIMITS } from './xml/index.js';
export type { XmlNode, XmlValue, XmlRecord, XmlBuildValue, XmlBuildRecord, XmlLimits, XmlParseOptions } from './xml/index.js';
export * from './messages/index.js';
export { renderReply, parseReply, MAX_NEWS_ARTICLES } from './replies/index.js';
export type {
  Reply,
  TextReply,
  ImageReply,
  VoiceReply,
  VideoReply,
  MusicReply,
  NewsReply,
  NewsArticle,
  TransferCustomerServiceReply,
  ReplyEnvelope,
  ParsedReply,
} from './replies/index.js';
// -- server
export * from './server/index.js';
export { verifyRequest } from './server/verify.js';
export type { VerifyInput, VerifyRequestOptions, VerifyResult } from './server/verify.js';
export { mpVerifyFile } from './server/domain-file.js';
// -- client
export * from './client/index.js';
// -- client API groups (typed request/response shapes, helpers)
export * from './client/apis/index.js';
// -- redis adapters (also the `wxmp/redis` sub-path)
export * from './redis/index.js';
// -- central token server and API proxy (also the `wxmp/central` sub-path)
export * from './central/index.js';
// -- Open Platform (第三方平台; also the `wxmp/open-platform` sub-path)
export * from './open-platform/index.js';
