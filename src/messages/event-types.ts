/**
 * Typed shapes of the events WeChat pushes (接收事件推送): menu, QR-code, location, job-finish,
 * subscription-notification, customer-service-session and verification events. Same field rules as
 * `./types.ts`.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 * @module
 */
import type { MessageEnvelope } from './types.js';

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
