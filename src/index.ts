// Public entry point: re-exports only, no logic.
export { WxmpError, isWxmpError } from './errors.js';
export type { WxmpErrorCode, WxmpErrorOptions } from './errors.js';
// -- core (issue: core protocol)
export { computeSignature, checkSignature, checkMsgSignature, jssdkSignature, isTimestampFresh } from './signature.js';
export type { SignatureQuery, MsgSignatureQuery, JssdkSignatureParams, TimestampWindowOptions } from './signature.js';
export { MessageCrypto } from './crypto.js';
export type { MessageCryptoOptions, MsgSignatureParams, EncryptOptions, EncryptMessageOptions } from './crypto.js';
// -- server
// -- client
export * from './client/index.js';
