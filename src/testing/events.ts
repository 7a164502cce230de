// The event pushes the simulator (and `wxmp simulate event <Name>`) can send, each with the fields
// WeChat always sends for it, so that a default webhook accepts every one of them. Shapes follow
// the official docs (接收事件推送, 自定义菜单事件推送, 模板消息, 群发, 发布能力, 订阅通知, 客服会话
// 控制, 微信认证事件推送); values are the docs' samples or made up.
import type { EventType } from '../messages/index.js';
import type { XmlBuildRecord } from '../xml/index.js';

/** What a builder may use: the simulator's clock (seconds) and random digits. */
export interface EventContext {
  now: number;
  digits(n: number): string;
}

/** One event the simulator can send. */
export interface SimulatedEvent {
  /** WeChat's spelling of `Event`. */
  readonly name: EventType;
  /** What the user (or the platform) did, in a few words. */
  readonly summary: string;
  /** `wxmp simulate` options that set its main fields. */
  readonly options?: string;
}

const KF = 'kf2001@wxmp_fake';
const TEMPLATE_ID = 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc';
const YEAR = 365 * 86_400;

const scanCode = (type: string, result: string) => (): XmlBuildRecord => ({ EventKey: 'rselfmenu_0_0', ScanCodeInfo: { ScanType: type, ScanResult: result } });
const pics = (c: EventContext): XmlBuildRecord => ({
  EventKey: 'rselfmenu_1_0',
  SendPicsInfo: { Count: 1, PicList: { item: [{ PicMd5Sum: `${c.digits(16)}${c.digits(16)}` }] } },
});
const expires = (c: EventContext): XmlBuildRecord => ({ ExpiredTime: c.now + YEAR });
const failed = (c: EventContext): XmlBuildRecord => ({ FailTime: c.now, FailReason: 'by time' });

/** Default elements by event, merged under the caller's fields. */
export const EVENT_FIELDS: Readonly<Record<EventType, (c: EventContext) => XmlBuildRecord>> = {
  subscribe: () => ({}),
  unsubscribe: () => ({ EventKey: '' }),
  SCAN: (c) => ({ EventKey: '123', Ticket: `gQ${c.digits(24)}` }),
  LOCATION: () => ({ Latitude: 23.137466, Longitude: 113.352425, Precision: 119.38504 }),
  CLICK: () => ({ EventKey: 'V1001_TODAY_MUSIC' }),
  VIEW: (c) => ({ EventKey: 'https://mp.weixin.qq.com', MenuId: c.digits(9) }),
  scancode_push: scanCode('qrcode', 'https://mp.weixin.qq.com'),
  scancode_waitmsg: scanCode('barcode', 'EAN_13,6901234567892'),
  pic_sysphoto: pics,
  pic_photo_or_album: pics,
  pic_weixin: pics,
  location_select: () => ({
    EventKey: 'rselfmenu_2_0',
    SendLocationInfo: { Location_X: 23.134521, Location_Y: 113.358803, Scale: 15, Label: '广州市海珠区客村艺苑路 106号', Poiname: '' },
  }),
  view_miniprogram: (c) => ({ EventKey: 'pages/index/index', MenuId: c.digits(9) }),
  TEMPLATESENDJOBFINISH: (c) => ({ MsgID: c.digits(10), Status: 'success' }),
  MASSSENDJOBFINISH: (c) => ({
    MsgID: c.digits(10),
    Status: 'send success',
    TotalCount: 3,
    FilterCount: 3,
    SentCount: 3,
    ErrorCount: 0,
    CopyrightCheckResult: { Count: 0, ResultList: '', CheckState: 1 },
    ArticleUrlResult: { Count: 1, ResultList: { item: [{ ArticleIdx: 1, ArticleUrl: 'https://mp.weixin.qq.com/s/abc' }] } },
  }),
  PUBLISHJOBFINISH: (c) => ({
    PublishEventInfo: {
      publish_id: c.digits(10),
      publish_status: 0,
      article_id: `ARTICLE_${c.digits(16)}`,
      article_detail: { count: 1, item: [{ idx: 1, article_url: 'https://mp.weixin.qq.com/s/abc' }] },
    },
  }),
  subscribe_msg_popup_event: () => ({ SubscribeMsgPopupEvent: { List: [{ TemplateId: TEMPLATE_ID, SubscribeStatusString: 'accept', PopupScene: 2 }] } }),
  subscribe_msg_change_event: () => ({ SubscribeMsgChangeEvent: { List: [{ TemplateId: TEMPLATE_ID, SubscribeStatusString: 'reject' }] } }),
  subscribe_msg_sent_event: (c) => ({
    SubscribeMsgSentEvent: { List: [{ TemplateId: TEMPLATE_ID, MsgID: c.digits(19), ErrorCode: 0, ErrorStatus: 'success' }] },
  }),
  kf_create_session: () => ({ KfAccount: KF }),
  kf_close_session: () => ({ KfAccount: KF }),
  kf_switch_session: () => ({ FromKfAccount: KF, ToKfAccount: 'kf2002@wxmp_fake', KfAccount: KF }),
  qualification_verify_success: expires,
  qualification_verify_fail: failed,
  naming_verify_success: expires,
  naming_verify_fail: failed,
  annual_renew: expires,
  verify_expired: expires,
};

/** Every event, in the order `wxmp simulate events` lists them. */
export const SIMULATED_EVENTS: readonly SimulatedEvent[] = [
  { name: 'subscribe', summary: 'follow (关注); with --scene: followed through a QR code', options: '[--scene VALUE]' },
  { name: 'unsubscribe', summary: 'unfollow (取消关注)' },
  { name: 'SCAN', summary: 'a follower scanned a parametric QR code (扫码)', options: '--scene VALUE' },
  { name: 'LOCATION', summary: 'location report (上报地理位置)', options: '[--latitude N --longitude N --precision N]' },
  { name: 'CLICK', summary: 'menu click (点击菜单拉取消息)', options: '--key MENU_KEY' },
  { name: 'VIEW', summary: 'menu link opened (点击菜单跳转链接)', options: '--key URL' },
  { name: 'scancode_push', summary: 'menu: scan a code, result shown (扫码推事件)', options: '[--key MENU_KEY]' },
  { name: 'scancode_waitmsg', summary: 'menu: scan a code, waiting for a reply (扫码推事件且弹出“消息接收中”)', options: '[--key MENU_KEY]' },
  { name: 'pic_sysphoto', summary: 'menu: take a photo (弹出系统拍照发图)', options: '[--key MENU_KEY]' },
  { name: 'pic_photo_or_album', summary: 'menu: photo or album (弹出拍照或者相册发图)', options: '[--key MENU_KEY]' },
  { name: 'pic_weixin', summary: 'menu: WeChat album (弹出微信相册发图器)', options: '[--key MENU_KEY]' },
  { name: 'location_select', summary: 'menu: pick a location (弹出地理位置选择器)', options: '[--key MENU_KEY]' },
  { name: 'view_miniprogram', summary: 'menu: open a Mini Program page (点击菜单跳转小程序)', options: '[--key PAGE_PATH]' },
  { name: 'TEMPLATESENDJOBFINISH', summary: 'a template message was delivered (模板消息发送结果)' },
  { name: 'MASSSENDJOBFINISH', summary: 'a mass send finished (群发结果)' },
  { name: 'PUBLISHJOBFINISH', summary: 'a publishing job finished (发布结果)' },
  { name: 'subscribe_msg_popup_event', summary: 'the user answered a subscription popup (订阅通知弹窗)' },
  { name: 'subscribe_msg_change_event', summary: 'the user changed a subscription in settings (订阅通知管理)' },
  { name: 'subscribe_msg_sent_event', summary: 'a subscription notification was sent (订阅通知发送结果)' },
  { name: 'kf_create_session', summary: 'a customer-service session started (接入会话)' },
  { name: 'kf_close_session', summary: 'a customer-service session closed (关闭会话)' },
  { name: 'kf_switch_session', summary: 'a session moved to another kf (转接会话)' },
  { name: 'qualification_verify_success', summary: 'qualification verified (资质认证成功)' },
  { name: 'qualification_verify_fail', summary: 'qualification verification failed (资质认证失败)' },
  { name: 'naming_verify_success', summary: 'name verified (名称认证成功)' },
  { name: 'naming_verify_fail', summary: 'name verification failed (名称认证失败)' },
  { name: 'annual_renew', summary: 'annual review due (年审通知)' },
  { name: 'verify_expired', summary: 'verification expired (认证过期失效通知)' },
];

/**
 * The documented spelling of an event name given in any case (`scan` → `SCAN`), else `undefined`.
 *
 * @throws never.
 * @example
 * ```ts
 * eventName('templatesendjobfinish') // 'TEMPLATESENDJOBFINISH'
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
export function eventName(given: string): EventType | undefined {
  const lower = given.toLowerCase();
  return SIMULATED_EVENTS.find((e) => e.name.toLowerCase() === lower)?.name;
}
