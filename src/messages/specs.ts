// The field rules of every recognised message and event, written with the element names of
// WeChat's documentation: they are registered in the PUSH / PUBLISH vocabularies (names.ts) at
// load time, and only those exact names fill the fields. Internal.
import { fields, invalid, itemsOf, listOf, nested, show, type FieldKind, type Obj, type Spec } from './convert.js';
import { PUBLISH, PUSH } from './names.js';
import type { EventType, NormalMessageType } from './types.js';

const f = (byName: Readonly<Record<string, FieldKind>>): Spec => fields(PUSH, byName);
const el = (name: string): string => PUSH.define(name);

export const TO_USER = el('ToUserName');
export const FROM_USER = el('FromUserName');
export const MSG_TYPE = el('MsgType');
export const EVENT = el('Event');
export const ENVELOPE = f({ CreateTime: 'int' });
export const CREATE_TIME = el('CreateTime');
const SCENE = PUSH.reserve('scene');
export const RAW_MSG_TYPE = PUSH.reserve('rawMsgType');

export const NORMAL_BASE = f({ MsgId: 'str', MsgDataId: 'str?', Idx: 'str?' });
const MEDIA = f({ MediaId: 'str', ThumbMediaId: 'str' });

export const NORMAL: Readonly<Record<NormalMessageType, Spec>> = {
  text: f({ Content: 'str' }),
  image: f({ PicUrl: 'str', MediaId: 'str' }),
  voice: f({ MediaId: 'str', Format: 'str', Recognition: 'str?', MediaId16K: 'str?' }),
  video: MEDIA,
  shortvideo: MEDIA,
  location: f({ Location_X: 'num', Location_Y: 'num', Scale: 'num', Label: 'str' }),
  link: f({ Title: 'str', Description: 'str', Url: 'str' }),
  file: f({ Title: 'str', Description: 'str?', FileKey: 'str', FileMd5: 'str', FileTotalLen: 'int' }),
};

/** A spec, and the checks of the nested parts. */
export type Rule = readonly [Spec, ((o: Obj) => void)?];

const EVENT_KEY = f({ EventKey: 'str' });
const SCAN_CODE_INFO = el('ScanCodeInfo');
const SCAN_CODE = f({ ScanType: 'str', ScanResult: 'str' });
const scanCode: Rule = [EVENT_KEY, (o) => nested(o, SCAN_CODE_INFO, SCAN_CODE, '', true)];
const SEND_PICS_INFO = el('SendPicsInfo');
const PIC_LIST = el('PicList');
const COUNT = f({ Count: 'int' });
const PIC = f({ PicMd5Sum: 'str' });
el('item'); // the children of PicList and ResultList (itemsOf)
const sendPics: Rule = [EVENT_KEY, (o) => itemsOf(nested(o, SEND_PICS_INFO, COUNT, '', true), PIC_LIST, PIC, SEND_PICS_INFO)];
const SEND_LOCATION_INFO = el('SendLocationInfo');
const SEND_LOCATION = f({ Location_X: 'num', Location_Y: 'num', Scale: 'num', Label: 'str?', Poiname: 'str?' });
const expired: Rule = [f({ ExpiredTime: 'int' })];
const failed: Rule = [f({ FailTime: 'int', FailReason: 'str' })];
const MENU = f({ EventKey: 'str', MenuId: 'str?' });

const COPYRIGHT_CHECK_RESULT = el('CopyrightCheckResult');
const ARTICLE_URL_RESULT = el('ArticleUrlResult');
const RESULT_LIST = el('ResultList');
const COPYRIGHT = f({ Count: 'int', CheckState: 'int?' });
const COPYRIGHT_ITEM = f({
  ArticleIdx: 'int',
  UserDeclareState: 'int?',
  AuditState: 'int?',
  OriginalArticleUrl: 'str?',
  OriginalArticleType: 'int?',
  CanReprint: 'int?',
  NeedReplaceContent: 'int?',
  NeedShowReprintSource: 'int?',
});
const ARTICLE_URL = f({ ArticleIdx: 'int', ArticleUrl: 'str' });

// Inside PublishEventInfo WeChat writes snake_case, with names of its own (`count`, `idx`).
const PUBLISH_EVENT_INFO = PUSH.scope('PublishEventInfo', PUBLISH);
const PUBLISH_INFO = fields(PUBLISH, { publish_id: 'str', publish_status: 'int', article_id: 'str?' });
const ARTICLE_DETAIL = PUBLISH.define('article_detail');
const DETAIL = fields(PUBLISH, { count: 'int' });
const DETAIL_ITEM_KEY = PUBLISH.define('item');
const DETAIL_ITEM = fields(PUBLISH, { idx: 'str', article_url: 'str' });
const FAIL_IDX = PUBLISH.define('fail_idx');

const LIST = el('List');

export const EVENTS: Readonly<Record<EventType, Rule>> = {
  subscribe: [
    f({ EventKey: 'str?', Ticket: 'str?' }),
    (o) => {
      const key = o.eventKey as string | undefined;
      if (key?.startsWith('qrscene_')) o[SCENE] = key.slice(8);
    },
  ],
  unsubscribe: [f({ EventKey: 'str?' })],
  SCAN: [f({ EventKey: 'str', Ticket: 'str?' }), (o) => (o[SCENE] = o.eventKey)],
  LOCATION: [f({ Latitude: 'num', Longitude: 'num', Precision: 'num' })],
  CLICK: [EVENT_KEY],
  VIEW: [MENU],
  scancode_push: scanCode,
  scancode_waitmsg: scanCode,
  pic_sysphoto: sendPics,
  pic_photo_or_album: sendPics,
  pic_weixin: sendPics,
  location_select: [EVENT_KEY, (o) => nested(o, SEND_LOCATION_INFO, SEND_LOCATION, '', true)],
  view_miniprogram: [MENU],
  TEMPLATESENDJOBFINISH: [f({ MsgID: 'str', Status: 'str' })],
  MASSSENDJOBFINISH: [
    f({ MsgID: 'str', Status: 'str', TotalCount: 'int', FilterCount: 'int', SentCount: 'int', ErrorCount: 'int' }),
    (o) => {
      const copyright = nested(o, COPYRIGHT_CHECK_RESULT, COPYRIGHT, '', false);
      if (copyright) itemsOf(copyright, RESULT_LIST, COPYRIGHT_ITEM, COPYRIGHT_CHECK_RESULT);
      const urls = nested(o, ARTICLE_URL_RESULT, COUNT, '', false);
      if (urls) itemsOf(urls, RESULT_LIST, ARTICLE_URL, ARTICLE_URL_RESULT);
    },
  ],
  PUBLISHJOBFINISH: [
    {},
    (o) => {
      const info = nested(o, PUBLISH_EVENT_INFO, PUBLISH_INFO, '', true);
      const where = `${PUBLISH_EVENT_INFO}.${ARTICLE_DETAIL}`;
      const detail = nested(info, ARTICLE_DETAIL, DETAIL, PUBLISH_EVENT_INFO, false);
      if (detail) listOf(detail, DETAIL_ITEM_KEY, DETAIL_ITEM, where);
      const fail = info[FAIL_IDX];
      if (fail !== undefined) {
        const list = fail === '' ? [] : Array.isArray(fail) ? fail : [fail];
        for (const x of list) if (typeof x !== 'string') invalid(`${PUBLISH_EVENT_INFO}.${FAIL_IDX} must be text, got ${show(x)}`);
        info[FAIL_IDX] = list;
      }
    },
  ],
  subscribe_msg_popup_event: subscribeList('SubscribeMsgPopupEvent', { TemplateId: 'str', SubscribeStatusString: 'str', PopupScene: 'str?' }),
  subscribe_msg_change_event: subscribeList('SubscribeMsgChangeEvent', { TemplateId: 'str', SubscribeStatusString: 'str' }),
  subscribe_msg_sent_event: subscribeList('SubscribeMsgSentEvent', { TemplateId: 'str', MsgID: 'str', ErrorCode: 'int', ErrorStatus: 'str' }),
  kf_create_session: [f({ KfAccount: 'str' })],
  kf_close_session: [f({ KfAccount: 'str' })],
  kf_switch_session: [f({ FromKfAccount: 'str', ToKfAccount: 'str', KfAccount: 'str?' })],
  qualification_verify_success: expired,
  qualification_verify_fail: failed,
  naming_verify_success: expired,
  naming_verify_fail: failed,
  annual_renew: expired,
  verify_expired: expired,
};

function subscribeList(name: string, item: Readonly<Record<string, FieldKind>>): Rule {
  const key = el(name);
  const spec = f(item);
  return [
    {},
    (o) => {
      if (o[key] === '') o[key] = {}; // <SubscribeMsgChangeEvent/> with no <List>
      listOf(nested(o, key, {}, '', true), LIST, spec, key);
    },
  ];
}

// Exact spelling first; otherwise WeChat's known case variants of the *values* (`scan`,
// `location`, `click`, `view`, `Subscribe`…) are matched case-insensitively and normalised to the
// documented spelling. Element names, by contrast, are always case-sensitive (see names.ts).
export const EVENT_NAMES = new Map<string, EventType>();
for (const name of Object.keys(EVENTS) as EventType[]) EVENT_NAMES.set(name, name).set(name.toLowerCase(), name);
export const MSG_TYPES = new Map<string, NormalMessageType>();
for (const name of Object.keys(NORMAL) as NormalMessageType[]) MSG_TYPES.set(name, name);

/** `raw` exactly, else its lower-case form. */
export function lookup<T>(map: Map<string, T>, raw: string): T | undefined {
  return map.get(raw) ?? map.get(raw.toLowerCase());
}
