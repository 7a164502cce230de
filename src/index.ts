// Public entry point: re-exports only, no logic.
export { WxmpError, isWxmpError } from './errors.js';
export type { WxmpErrorCode, WxmpErrorOptions } from './errors.js';
// -- core (issue: core protocol)
export { computeSignature, checkSignature, checkMsgSignature, jssdkSignature, isTimestampFresh, secondsUntilStale } from './signature.js';
export type { SignatureQuery, MsgSignatureQuery, JssdkSignatureParams, TimestampWindowOptions } from './signature.js';
export { MessageCrypto } from './crypto.js';
export type { MessageCryptoOptions, MsgSignatureParams, EncryptOptions, EncryptMessageOptions } from './crypto.js';
export { parseXml, buildXml, DEFAULT_XML_LIMITS } from './xml.js';
export type { XmlNode, XmlValue, XmlRecord, XmlBuildValue, XmlBuildRecord, XmlLimits, XmlParseOptions } from './xml.js';
export * from './messages.js';
export { renderReply, parseReply, MAX_NEWS_ARTICLES } from './replies.js';
export type { Reply, TextReply, ImageReply, VoiceReply, VideoReply, MusicReply, NewsReply, NewsArticle, TransferCustomerServiceReply, ReplyEnvelope, ParsedReply } from './replies.js';
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
