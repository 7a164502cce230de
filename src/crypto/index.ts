// Safe-mode (安全模式) message encryption, WXBizMsgCrypt. Re-exports only.
export { MessageCrypto } from './message-crypto.js';
export type { EncryptMessageOptions, EncryptOptions, MessageCryptoOptions, MsgSignatureParams } from './message-crypto.js';
