/**
 * Typed shapes of the messages and events WeChat pushes to an Official Account server
 * (接收普通消息 / 接收事件推送).
 *
 * Field names are WeChat's element names in camelCase, mechanically (`Location_X → locationX`,
 * `MsgID → msgID`, `publish_id → publishId`). Fields documented as numbers are numbers; IDs
 * (`msgId`, `msgID`, `msgDataId`, `idx`, `publishId`, `articleId`) stay strings because they can
 * exceed 2^53. Elements this SDK does not know are kept on the object at run time (camelCased,
 * strings / nested objects / arrays), but are not part of the static types below.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 * @module
 */

/** The envelope every push carries. */
export interface MessageEnvelope {
  /** The Official Account's original id (`gh_…`, 开发者微信号). */
  toUserName: string;
  /** The sender's OpenID (or a system account for platform notifications). */
  fromUserName: string;
  /** Seconds since the epoch. */
  createTime: number;
}

/** Fields shared by the normal (user-sent) messages. */
export interface NormalMessageBase extends MessageEnvelope {
  /** 64-bit message id: a string, never a number (it exceeds 2^53). Use it to de-duplicate retries. */
  msgId: string;
  /** Data id of the article the message came from (only for messages sent from an article). */
  msgDataId?: string;
  /** Index (from 1) of the article in a multi-article send (only with `msgDataId`). */
  idx?: string;
}

/** 文本消息. */
export interface TextMessage extends NormalMessageBase {
  msgType: 'text';
  content: string;
}

/** 图片消息. */
export interface ImageMessage extends NormalMessageBase {
  msgType: 'image';
  picUrl: string;
  mediaId: string;
}

/** 语音消息; `recognition` appears when voice recognition (语音识别) is enabled. */
export interface VoiceMessage extends NormalMessageBase {
  msgType: 'voice';
  mediaId: string;
  /** e.g. `amr`, `speex`. */
  format: string;
  recognition?: string;
  /** 16 kHz media id (sent by newer clients). */
  mediaId16K?: string;
}

/** 视频消息. */
export interface VideoMessage extends NormalMessageBase {
  msgType: 'video';
  mediaId: string;
  thumbMediaId: string;
}

/** 小视频消息. */
export interface ShortVideoMessage extends NormalMessageBase {
  msgType: 'shortvideo';
  mediaId: string;
  thumbMediaId: string;
}

/** 地理位置消息 (a location the user chose to send). */
export interface LocationMessage extends NormalMessageBase {
  msgType: 'location';
  /** Latitude. */
  locationX: number;
  /** Longitude. */
  locationY: number;
  /** Map zoom level. */
  scale: number;
  label: string;
}

/** 链接消息. */
export interface LinkMessage extends NormalMessageBase {
  msgType: 'link';
  title: string;
  description: string;
  url: string;
}

/** 文件消息. */
export interface FileMessage extends NormalMessageBase {
  msgType: 'file';
  title: string;
  description?: string;
  fileKey: string;
  fileMd5: string;
  /** Size in bytes. */
  fileTotalLen: number;
}

/** Every message a user can send. */
export type NormalMessage =
  | TextMessage
  | ImageMessage
  | VoiceMessage
  | VideoMessage
  | ShortVideoMessage
  | LocationMessage
  | LinkMessage
  | FileMessage;

/** Fields shared by all events. */
export interface EventBase extends MessageEnvelope {
  msgType: 'event';
}

/**
 * 关注事件. When the user followed by scanning a parametric QR code, `eventKey` is
 * `qrscene_<scene>` and `scene` holds `<scene>`; a plain follow has no `scene`.
 */
export interface SubscribeEvent extends EventBase {
  event: 'subscribe';
  eventKey?: string;
  /** The QR scene value (`eventKey` without its `qrscene_` prefix), only for QR follows. */
  scene?: string;
  /** QR code ticket (QR follows only). */
  ticket?: string;
}

/** 取消关注事件. Delete what you store about the user. */
export interface UnsubscribeEvent extends EventBase {
  event: 'unsubscribe';
  eventKey?: string;
}

/** 扫描带参数二维码事件 (the user already follows). */
export interface ScanEvent extends EventBase {
  event: 'SCAN';
  /** The scene value, exactly as WeChat sends it. */
  eventKey: string;
  /** Same as `eventKey`, named like `SubscribeEvent.scene` so both QR paths read alike. */
  scene: string;
  ticket?: string;
}

/** 上报地理位置事件. */
export interface LocationEvent extends EventBase {
  event: 'LOCATION';
  latitude: number;
  longitude: number;
  precision: number;
}

/** 点击菜单拉取消息. */
export interface ClickEvent extends EventBase {
  event: 'CLICK';
  eventKey: string;
}

/** 点击菜单跳转链接. */
export interface ViewEvent extends EventBase {
  event: 'VIEW';
  /** The URL that was opened. */
  eventKey: string;
  menuId?: string;
}

/** `ScanCodeInfo` of the scan-code menu events. */
export interface ScanCodeInfo {
  /** e.g. `qrcode`, `barcode`. */
  scanType: string;
  scanResult: string;
}

/** 扫码推事件. */
export interface ScancodePushEvent extends EventBase {
  event: 'scancode_push';
  eventKey: string;
  scanCodeInfo: ScanCodeInfo;
}

/** 扫码推事件且弹出"消息接收中"提示框. */
export interface ScancodeWaitmsgEvent extends EventBase {
  event: 'scancode_waitmsg';
  eventKey: string;
  scanCodeInfo: ScanCodeInfo;
}

/**
 * `SendPicsInfo` of the photo menu events. WeChat nests the pictures as
 * `<PicList><item><PicMd5Sum/></item>…</PicList>`; `picList` is always an array of the items,
 * even for a single picture.
 */
export interface SendPicsInfo {
  count: number;
  picList: { picMd5Sum: string }[];
}

/** 弹出系统拍照发图. */
export interface PicSysphotoEvent extends EventBase {
  event: 'pic_sysphoto';
  eventKey: string;
  sendPicsInfo: SendPicsInfo;
}

/** 弹出拍照或者相册发图. */
export interface PicPhotoOrAlbumEvent extends EventBase {
  event: 'pic_photo_or_album';
  eventKey: string;
  sendPicsInfo: SendPicsInfo;
}

/** 弹出微信相册发图器. */
export interface PicWeixinEvent extends EventBase {
  event: 'pic_weixin';
  eventKey: string;
  sendPicsInfo: SendPicsInfo;
}

/** `SendLocationInfo` of the location-select menu event. */
export interface SendLocationInfo {
  locationX: number;
  locationY: number;
  scale: number;
  label?: string;
  /** Name of the point of interest (朋友圈 POI), possibly empty. */
  poiname?: string;
}

/** 弹出地理位置选择器. */
export interface LocationSelectEvent extends EventBase {
  event: 'location_select';
  eventKey: string;
  sendLocationInfo: SendLocationInfo;
}

/** 点击菜单跳转小程序. */
export interface ViewMiniprogramEvent extends EventBase {
  event: 'view_miniprogram';
  /** The mini-program page path. */
  eventKey: string;
  menuId?: string;
}

/** 模板消息发送任务完成. */
export interface TemplateSendJobFinishEvent extends EventBase {
  event: 'TEMPLATESENDJOBFINISH';
  /** The template message id (a string: it exceeds 2^53). */
  msgID: string;
  /** `success`, `failed:user block`, `failed: system failed`… */
  status: string;
}

/** One row of `CopyrightCheckResult.resultList` (原创校验结果). */
export interface CopyrightCheckItem {
  articleIdx: number;
  userDeclareState?: number;
  auditState?: number;
  originalArticleUrl?: string;
  originalArticleType?: number;
  canReprint?: number;
  needReplaceContent?: number;
  needShowReprintSource?: number;
}

/** 群发原创校验结果. `resultList` is always an array (empty when WeChat sends `<ResultList/>`). */
export interface CopyrightCheckResult {
  count: number;
  resultList: CopyrightCheckItem[];
  checkState?: number;
}

/** 群发图文的文章链接. `resultList` is always an array. */
export interface ArticleUrlResult {
  count: number;
  resultList: { articleIdx: number; articleUrl: string }[];
}

/** 群发结果事件. */
export interface MassSendJobFinishEvent extends EventBase {
  event: 'MASSSENDJOBFINISH';
  /** Mass-send message id (string). */
  msgID: string;
  /** e.g. `send success`, `send fail`, `err(10001)`. */
  status: string;
  totalCount: number;
  filterCount: number;
  sentCount: number;
  errorCount: number;
  copyrightCheckResult?: CopyrightCheckResult;
  articleUrlResult?: ArticleUrlResult;
}

/** `PublishEventInfo` of 发布完成事件. */
export interface PublishEventInfo {
  publishId: string;
  /** 0 success, 1 publishing, 2 original-check failed, 3 failed, 4 rejected, 5 deleted, 6 banned. */
  publishStatus: number;
  articleId?: string;
  articleDetail?: { count: number; item: { idx: string; articleUrl: string }[] };
  /** Indexes (from 1) of the articles that failed; always an array when present. */
  failIdx?: string[];
}

/** 发布完成事件 (free publish). */
export interface PublishJobFinishEvent extends EventBase {
  event: 'PUBLISHJOBFINISH';
  publishEventInfo: PublishEventInfo;
}

/** One row of 订阅通知 popup results. */
export interface SubscribePopupItem {
  templateId: string;
  /** `accept` or `reject`. */
  subscribeStatusString: string;
  /** Where the popup came from (`1` H5 page, `2` article…), kept as WeChat's code string. */
  popupScene?: string;
}

/** 用户操作订阅通知弹窗. `list` is always an array, even when WeChat sends one `<List>`. */
export interface SubscribeMsgPopupEvent extends EventBase {
  event: 'subscribe_msg_popup_event';
  subscribeMsgPopupEvent: { list: SubscribePopupItem[] };
}

/** 用户管理订阅通知. `list` is always an array. */
export interface SubscribeMsgChangeEvent extends EventBase {
  event: 'subscribe_msg_change_event';
  subscribeMsgChangeEvent: { list: { templateId: string; subscribeStatusString: string }[] };
}

/** One row of 发送订阅通知 results. */
export interface SubscribeSentItem {
  templateId: string;
  msgID: string;
  /** 0 means delivered. */
  errorCode: number;
  errorStatus: string;
}

/** 发送订阅通知结果. `list` is always an array. */
export interface SubscribeMsgSentEvent extends EventBase {
  event: 'subscribe_msg_sent_event';
  subscribeMsgSentEvent: { list: SubscribeSentItem[] };
}

/** 客服接入会话. */
export interface KfCreateSessionEvent extends EventBase {
  event: 'kf_create_session';
  kfAccount: string;
}

/** 客服关闭会话. */
export interface KfCloseSessionEvent extends EventBase {
  event: 'kf_close_session';
  kfAccount: string;
}

/** 客服转接会话. */
export interface KfSwitchSessionEvent extends EventBase {
  event: 'kf_switch_session';
  fromKfAccount: string;
  toKfAccount: string;
  kfAccount?: string;
}

/** 资质认证成功. */
export interface QualificationVerifySuccessEvent extends EventBase {
  event: 'qualification_verify_success';
  /** When the verification expires (seconds). */
  expiredTime: number;
}

/** 资质认证失败. */
export interface QualificationVerifyFailEvent extends EventBase {
  event: 'qualification_verify_fail';
  failTime: number;
  failReason: string;
}

/** 名称认证成功. */
export interface NamingVerifySuccessEvent extends EventBase {
  event: 'naming_verify_success';
  expiredTime: number;
}

/** 名称认证失败. */
export interface NamingVerifyFailEvent extends EventBase {
  event: 'naming_verify_fail';
  failTime: number;
  failReason: string;
}

/** 年审通知. */
export interface AnnualRenewEvent extends EventBase {
  event: 'annual_renew';
  expiredTime: number;
}

/** 认证过期失效通知. */
export interface VerifyExpiredEvent extends EventBase {
  event: 'verify_expired';
  expiredTime: number;
}

/** Every event this SDK recognises. */
export type EventMessage =
  | SubscribeEvent
  | UnsubscribeEvent
  | ScanEvent
  | LocationEvent
  | ClickEvent
  | ViewEvent
  | ScancodePushEvent
  | ScancodeWaitmsgEvent
  | PicSysphotoEvent
  | PicPhotoOrAlbumEvent
  | PicWeixinEvent
  | LocationSelectEvent
  | ViewMiniprogramEvent
  | TemplateSendJobFinishEvent
  | MassSendJobFinishEvent
  | PublishJobFinishEvent
  | SubscribeMsgPopupEvent
  | SubscribeMsgChangeEvent
  | SubscribeMsgSentEvent
  | KfCreateSessionEvent
  | KfCloseSessionEvent
  | KfSwitchSessionEvent
  | QualificationVerifySuccessEvent
  | QualificationVerifyFailEvent
  | NamingVerifySuccessEvent
  | NamingVerifyFailEvent
  | AnnualRenewEvent
  | VerifyExpiredEvent;

/**
 * A push whose `MsgType` (or, for `MsgType=event`, whose `Event`) this SDK does not recognise.
 *
 * `msgType` is the literal `'unknown'` rather than WeChat's value: a `msgType: string` member
 * would swallow every `m.msgType === 'text'` comparison and break narrowing of the whole union.
 * WeChat's value is in `rawMsgType`; every other element is kept, camelCased, including
 * `event` for unrecognised events.
 */
export interface UnknownMessage extends MessageEnvelope {
  msgType: 'unknown';
  /** `MsgType` exactly as WeChat sent it (`event` for an unrecognised event). */
  rawMsgType: string;
  /** `Event`, exactly as sent, when the push had one. */
  event?: string;
  [field: string]: unknown;
}

/**
 * Any push, discriminated by `msgType` and, for events, by `event`.
 *
 * @example
 * if (m.msgType === 'text') reply(m.content);
 * else if (m.msgType === 'event' && m.event === 'subscribe') welcome(m.scene);
 * else if (m.msgType === 'unknown') log(m.rawMsgType, m.event);
 */
export type Message = NormalMessage | EventMessage | UnknownMessage;

/** `msgType` values of the user messages this SDK recognises. */
export type NormalMessageType = NormalMessage['msgType'];
/** `event` values this SDK recognises (WeChat's spelling, case-sensitive). */
export type EventType = EventMessage['event'];
/** The message variant for a given `msgType`. */
export type MessageOfType<T extends NormalMessageType> = Extract<NormalMessage, { msgType: T }>;
/** The event variant for a given `event`. */
export type EventOfType<E extends EventType> = Extract<EventMessage, { event: E }>;
