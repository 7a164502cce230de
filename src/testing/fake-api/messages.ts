// Template messages (模板消息), subscription notifications (订阅通知) and mass sends (群发) of the
// fake platform: every send gets a fresh msgid, `clientmsgid` repeats are refused within 24 h,
// templates and industries carry over.
import { bodyOf, err, int, ok, text, type FakeCall, type Platform, type Routes } from './kit.js';

/** Industries by id, as `api_set_industry` numbers them (a few of WeChat's list). */
const INDUSTRIES: Readonly<Record<string, [string, string]>> = {
  '1': ['IT科技', '互联网|电子商务'],
  '2': ['IT科技', 'IT软件与服务'],
  '3': ['IT科技', 'IT硬件与设备'],
  '10': ['金融业', '银行'],
  '37': ['餐饮', '餐饮'],
};
/** Public subscription templates: tid → title, type (2 one-time, 3 long-term), category, keywords. */
const PUB_TEMPLATES = [
  { tid: 99, title: '付款成功通知', type: 2, categoryId: '616', keywords: ['物品名称', '支付金额', '支付时间'] },
  { tid: 100, title: '订单发货通知', type: 2, categoryId: '616', keywords: ['订单号', '快递公司', '发货时间'] },
];
const CATEGORIES = [
  { id: 616, name: '公交' },
  { id: 627, name: '电商平台' },
];
const SPEED_REAL = [80, 60, 45, 30, 10]; // 万/分钟 per speed level

/**
 * Template, subscription-notification and mass-send endpoints of the fake.
 *
 * @example
 * ```ts
 * const routes = messageRoutes(platform)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export function messageRoutes(p: Platform): Routes {
  let industry: [string, string] = ['1', '2'];
  const privateTemplates = new Map<string, Record<string, unknown>>();
  const subscribeTemplates = new Map<string, Record<string, unknown>>();
  const mass = new Map<string, string>(); // msg_id → status
  const clientMsgIds = new Map<string, number>(); // clientmsgid → when
  let speed = 0;
  const industryOf = (id: string) => {
    const [first_class, second_class] = INDUSTRIES[id] ?? ['其它', '其它'];
    return { first_class, second_class };
  };

  const massSend = (c: FakeCall) => {
    const body = bodyOf(c);
    const key = text(body.clientmsgid);
    if (key !== undefined) {
      const at = clientMsgIds.get(key);
      if (at !== undefined && p.now() - at < 86_400) return err(45065, 'clientmsgid exist');
      clientMsgIds.set(key, p.now());
    }
    if (typeof body[body.msgtype === 'image' ? 'images' : String(body.msgtype)] !== 'object') return err(40008, 'invalid message type');
    const msgId = p.nextId() + 1_000_000_000;
    mass.set(String(msgId), 'SEND_SUCCESS');
    return body.msgtype === 'mpnews' ? { msg_id: msgId, msg_data_id: msgId + 1_246_000_000 } : { msg_id: msgId };
  };

  return {
    // Template and subscription ids come from the account's web console too, so unknown ones are
    // accepted: the fake cannot know which templates a test's account has configured.
    '/cgi-bin/message/template/send': (c) => {
      const body = bodyOf(c);
      if (!text(body.touser)) return err(40003, 'invalid openid');
      if (!text(body.template_id)) return err(40037, 'invalid template_id');
      return { msgid: p.nextId() + 200_000_000 };
    },
    '/cgi-bin/template/api_set_industry': (c) => {
      const body = bodyOf(c);
      const [a, b] = [String(body.industry_id1), String(body.industry_id2)];
      if (!INDUSTRIES[a] || !INDUSTRIES[b]) return err(40102, 'invalid industry id');
      industry = [a, b];
      return ok();
    },
    '/cgi-bin/template/get_industry': () => ({ primary_industry: industryOf(industry[0]), secondary_industry: industryOf(industry[1]) }),
    '/cgi-bin/template/api_add_template': (c) => {
      const short = text(bodyOf(c).template_id_short);
      if (!short) return err(40037, 'invalid template_id');
      const id = p.key(43);
      const primary = industryOf(industry[0]);
      privateTemplates.set(id, {
        template_id: id,
        title: `模板 ${short}`,
        primary_industry: primary.first_class,
        deputy_industry: primary.second_class,
        content: '{{first.DATA}}\n商品：{{keyword1.DATA}}\n金额：{{keyword2.DATA}}\n{{remark.DATA}}',
        example: '您好，您已购买成功。\n商品：咖啡\n金额：30元\n欢迎再次光临。',
      });
      return { template_id: id };
    },
    '/cgi-bin/template/get_all_private_template': () => ({ template_list: [...privateTemplates.values()].map((t) => ({ ...t })) }),
    '/cgi-bin/template/del_private_template': (c) => (privateTemplates.delete(String(bodyOf(c).template_id)) ? ok() : err(40037, 'invalid template_id')),
    '/cgi-bin/message/subscribe/bizsend': (c) => {
      const body = bodyOf(c);
      if (!text(body.touser)) return err(40003, 'invalid openid');
      return text(body.template_id) ? ok() : err(40037, 'invalid template_id');
    },
    '/wxaapi/newtmpl/addtemplate': (c) => {
      const body = bodyOf(c);
      const pub = PUB_TEMPLATES.find((t) => String(t.tid) === String(body.tid));
      const kids = body.kidList;
      if (!pub) return err(200014, 'invalid tid');
      if (!Array.isArray(kids) || kids.length < 2 || kids.length > 5 || kids.some((k) => !(int(k) !== undefined && k >= 1 && k <= pub.keywords.length)))
        return err(200020, 'invalid kidList');
      const id = p.key(43);
      const words = kids.map((k: number) => pub.keywords[k - 1] as string);
      subscribeTemplates.set(id, {
        priTmplId: id,
        title: pub.title,
        type: pub.type,
        content: words.map((w, i) => `${w}:{{thing${i + 1}.DATA}}`).join('\n'),
        example: words.map((w) => `${w}:示例`).join('\n'),
      });
      return { priTmplId: id };
    },
    '/wxaapi/newtmpl/deltemplate': (c) => (subscribeTemplates.delete(String(bodyOf(c).priTmplId)) ? ok() : err(200013, 'invalid priTmplId')),
    '/wxaapi/newtmpl/getcategory': () => ({ data: CATEGORIES.map((x) => ({ ...x })) }),
    '/wxaapi/newtmpl/getpubtemplatekeywords': (c) => {
      const pub = PUB_TEMPLATES.find((t) => String(t.tid) === c.query['tid']);
      if (!pub) return err(200014, 'invalid tid');
      return { count: pub.keywords.length, data: pub.keywords.map((name, i) => ({ kid: i + 1, name, example: `示例${i + 1}`, rule: 'thing' })) };
    },
    '/wxaapi/newtmpl/getpubtemplatetitles': (c) => {
      const ids = (c.query['ids'] ?? '').split(',');
      const all = PUB_TEMPLATES.filter((t) => ids.includes(t.categoryId)).map(({ keywords: _k, ...t }) => t);
      const start = int(c.query['start']) ?? 0;
      return { count: all.length, data: all.slice(start, start + (int(c.query['limit']) ?? 30)) };
    },
    '/wxaapi/newtmpl/gettemplate': () => ({ data: [...subscribeTemplates.values()].map((t) => ({ ...t })) }),
    '/cgi-bin/message/mass/sendall': massSend,
    '/cgi-bin/message/mass/send': massSend,
    '/cgi-bin/message/mass/preview': (c) => {
      const body = bodyOf(c);
      if (!text(body.touser) && !text(body.towxname)) return err(40003, 'invalid openid');
      return { msg_id: p.nextId() + 1_000_000_000 };
    },
    '/cgi-bin/message/mass/delete': (c) => {
      // the id may exceed 2^53 (a raw JSON body): compare its text
      const id = c.bodyText?.match(/"msg_id"\s*:\s*"?(\d+)/)?.[1] ?? String(bodyOf(c).msg_id);
      if (mass.has(id)) mass.set(id, 'DELETE');
      return ok();
    },
    '/cgi-bin/message/mass/get': (c) => {
      const id = String(bodyOf(c).msg_id);
      const status = mass.get(id);
      return status ? { msg_id: Number(id), msg_status: status } : err(40097, 'invalid args: msg_id');
    },
    '/cgi-bin/message/mass/speed/get': () => ({ speed, realspeed: SPEED_REAL[speed] }),
    '/cgi-bin/message/mass/speed/set': (c) => {
      const s = int(bodyOf(c).speed);
      if (s === undefined || s < 0 || s > 4) return err(45083, 'speed out of range');
      speed = s;
      return ok();
    },
  };
}
