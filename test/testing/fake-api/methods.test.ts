// Every method of the client, called against the UNSCRIPTED fake platform, returns a value that
// satisfies its declared result type (schemas derived from the TypeScript declarations), with no
// required field, string or list left empty. Calls run in an order that builds the state later
// calls need (a cover before a draft, a draft before publishing, a tag before tagging…).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WeChatClient } from '../../../src/client/client.js';
import { isWxmpError } from '../../../src/errors.js';
import { createFakeWeChatApi } from '../../../src/testing/fake-api/index.js';
import { repoRoot } from '../../examples/helpers.js';
import { clientSchema } from '../type-schema.js';

type Step = [name: string, call: () => unknown];

const blob = (type: string): Blob => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], { type });
const DAY = { begin_date: '2024-05-01', end_date: '2024-05-01' };
/** Required fields the platform itself legitimately sends empty. */
const ALLOWED_EMPTY: Readonly<Record<string, readonly string[]>> = { 'oauth.userInfo': ['result.privilege'] };

/** Runtime methods of the client: `group.method` for every API group and for oauth / jssdk. */
function runtimeMethods(client: WeChatClient): string[] {
  const out: string[] = [];
  for (const [group, api] of Object.entries(client)) {
    if (typeof api !== 'object' || api === null) continue;
    const own = Object.keys(api).filter((k) => typeof (api as Record<string, unknown>)[k] === 'function');
    const proto = Object.getOwnPropertyNames(Object.getPrototypeOf(api)).filter(
      (k) => k !== 'constructor' && typeof (api as Record<string, unknown>)[k] === 'function',
    );
    for (const m of own.length > 0 ? own : proto) out.push(`${group}.${m}`);
  }
  return out.sort();
}

async function collect(gen: AsyncGenerator<unknown>): Promise<unknown[]> {
  const pages: unknown[] = [];
  for await (const p of gen) pages.push(p);
  return pages;
}

test('every client method answers, unscripted, with a value of its declared type', { timeout: 120_000 }, async () => {
  const schema = clientSchema(repoRoot());
  const t0 = 1_700_000_000;
  const api = createFakeWeChatApi({ now: () => t0 });
  const client = new WeChatClient({ appId: api.appId, appSecret: api.appSecret, fetch: api.fetch, now: () => t0 });
  const [openid, other, third] = api.followers() as [string, string, string];
  const kf = 'kf2001@wxmp_fake';
  const s: Record<string, string> = {};
  const keep =
    <T>(key: string, pick: (v: T) => string) =>
    (v: T): T => {
      s[key] = pick(v);
      return v;
    };
  const article = () => ({ title: '标题', content: '<p>正文</p>', thumb_media_id: s.cover as string, digest: '摘要', author: 'wxmp' });
  const target = () => ({ msg_data_id: s.msgDataId as string, index: 0 });
  const text = { msgtype: 'text' as const, text: { content: '你好' } };

  const steps: Step[] = [
    [
      'menu.create',
      () =>
        client.menu.create({
          button: [
            { type: 'click', name: '今日', key: 'V1001_TODAY' },
            { name: '更多', sub_button: [{ type: 'view', name: '官网', url: 'https://example.com' }] },
          ],
        }),
    ],
    ['menu.get', () => client.menu.get()],
    ['menu.getCurrentSelfMenuInfo', () => client.menu.getCurrentSelfMenuInfo()],
    ['menu.tryMatch', () => client.menu.tryMatch(openid)],
    [
      'menu.addConditional',
      () =>
        client.menu.addConditional({ button: [{ type: 'click', name: 'VIP', key: 'VIP' }], matchrule: { tag_id: '2' } }).then(keep('menuid', (r) => r.menuid)),
    ],
    ['menu.deleteConditional', () => client.menu.deleteConditional(s.menuid as string)],
    ['menu.delete', () => client.menu.delete()],
    ['qrcode.create', () => client.qrcode.create({ type: 'temporary', sceneStr: 'login:42', expireSeconds: 600 }).then(keep('ticket', (r) => r.ticket))],
    ['qrcode.showQrcodeUrl', () => client.qrcode.showQrcodeUrl(s.ticket as string)],
    ['user.info', () => client.user.info(openid, 'zh_CN')],
    ['user.batchGet', () => client.user.batchGet([openid, { openid: other, lang: 'en' }])],
    ['user.list', () => client.user.list()],
    ['user.iterate', () => collect(client.user.iterate())],
    ['user.updateRemark', () => client.user.updateRemark(openid, '老朋友')],
    ['user.changeOpenid', () => client.user.changeOpenid('wxOldAccount00001', [openid])],
    ['tags.create', () => client.tags.create('VIP').then(keep('tag', (r) => String(r.tag.id)))],
    ['tags.update', () => client.tags.update(Number(s.tag), 'VIP 客户')],
    ['tags.batchTagging', () => client.tags.batchTagging([openid, other], Number(s.tag))],
    ['tags.getIdList', () => client.tags.getIdList(openid)],
    ['tags.getTagUsers', () => client.tags.getTagUsers(Number(s.tag))],
    ['tags.iterateTagUsers', () => collect(client.tags.iterateTagUsers(Number(s.tag)))],
    ['tags.get', () => client.tags.get()],
    ['tags.batchBlacklist', () => client.tags.batchBlacklist([third])],
    ['tags.getBlacklist', () => client.tags.getBlacklist()],
    ['tags.iterateBlacklist', () => collect(client.tags.iterateBlacklist())],
    ['tags.batchUnblacklist', () => client.tags.batchUnblacklist([third])],
    ['tags.batchUntagging', () => client.tags.batchUntagging([other], Number(s.tag))],
    ['tags.delete', () => client.tags.delete(Number(s.tag))],
    ['customService.getKfList', () => client.customService.getKfList()],
    ['customService.getOnlineKfList', () => client.customService.getOnlineKfList()],
    ['customService.addAccount', () => client.customService.addAccount('test1@wxmp_fake', '客服一')],
    ['customService.updateAccount', () => client.customService.updateAccount('test1@wxmp_fake', '客服壹')],
    ['customService.inviteWorker', () => client.customService.inviteWorker('test1@wxmp_fake', 'kefu_wx_2')],
    ['customService.uploadHeadImg', () => client.customService.uploadHeadImg('test1@wxmp_fake', blob('image/jpeg'), 'head.jpg')],
    ['customService.createSession', () => client.customService.createSession(kf, openid)],
    ['customService.getSession', () => client.customService.getSession(openid)],
    ['customService.getSessionList', () => client.customService.getSessionList(kf)],
    ['customService.getWaitCase', () => client.customService.getWaitCase()],
    ['customService.send', () => client.customService.send({ touser: openid, ...text })],
    ['customService.typing', () => client.customService.typing(openid, 'Typing')],
    ['customService.getMsgList', () => client.customService.getMsgList({ starttime: t0 - 3600, endtime: t0 + 60, msgid: 1, number: 100 })],
    ['customService.closeSession', () => client.customService.closeSession(kf, openid)],
    ['customService.deleteAccount', () => client.customService.deleteAccount('test1@wxmp_fake')],
    ['template.setIndustry', () => client.template.setIndustry(1, 2)],
    ['template.getIndustry', () => client.template.getIndustry()],
    ['template.addTemplate', () => client.template.addTemplate('OPENTM207498902').then(keep('template', (r) => r.template_id))],
    ['template.getAllPrivateTemplates', () => client.template.getAllPrivateTemplates()],
    ['template.send', () => client.template.send({ touser: openid, template_id: s.template as string, data: { thing1: { value: '已付款' } } })],
    ['template.deletePrivateTemplate', () => client.template.deletePrivateTemplate(s.template as string)],
    ['subscribeMessage.getCategory', () => client.subscribeMessage.getCategory()],
    ['subscribeMessage.getPubTemplateTitles', () => client.subscribeMessage.getPubTemplateTitles([616])],
    ['subscribeMessage.getPubTemplateKeywords', () => client.subscribeMessage.getPubTemplateKeywords(99)],
    ['subscribeMessage.addTemplate', () => client.subscribeMessage.addTemplate(99, [1, 2], '付款后通知').then(keep('priTmplId', (r) => r.priTmplId))],
    ['subscribeMessage.getTemplates', () => client.subscribeMessage.getTemplates()],
    [
      'subscribeMessage.bizSend',
      () => client.subscribeMessage.bizSend({ touser: openid, template_id: s.priTmplId as string, data: { thing1: { value: '咖啡' } } }),
    ],
    ['subscribeMessage.deleteTemplate', () => client.subscribeMessage.deleteTemplate(s.priTmplId as string)],
    ['media.upload', () => client.media.upload('image', blob('image/jpeg'), 'photo.jpg').then(keep('image', (r) => r.media_id as string))],
    ['media.get', () => client.media.get(s.image as string)],
    ['media.getJssdkVoice', async () => client.media.getJssdkVoice((await client.media.upload('voice', blob('audio/amr'), 'hi.amr')).media_id as string)],
    ['media.uploadImg', () => client.media.uploadImg(blob('image/png'), 'in-article.png')],
    ['material.add', () => client.material.add('image', blob('image/jpeg'), 'cover.jpg').then(keep('cover', (r) => r.media_id))],
    ['media.uploadNews', () => client.media.uploadNews([{ thumb_media_id: s.cover as string, title: '群发', content: '<p>hi</p>' }])],
    [
      'media.uploadVideo',
      async () =>
        client.media.uploadVideo({
          media_id: (await client.media.upload('video', blob('video/mp4'), 'clip.mp4')).media_id as string,
          title: '视频',
          description: '简介',
        }),
    ],
    ['material.get', () => client.material.get(s.cover as string)],
    ['material.getCount', () => client.material.getCount()],
    ['material.batchGet', () => client.material.batchGet({ type: 'image', offset: 0, count: 20 })],
    ['material.iterate', () => collect(client.material.iterate('image'))],
    [
      'material.delete',
      async () =>
        client.material.delete((await client.material.add('video', blob('video/mp4'), 'intro.mp4', { title: '介绍', introduction: '我们的店' })).media_id),
    ],
    ['draft.add', () => client.draft.add([article()]).then(keep('draft', (r) => r.media_id))],
    ['draft.get', () => client.draft.get(s.draft as string)],
    ['draft.update', () => client.draft.update(s.draft as string, 0, { ...article(), title: '新标题' })],
    ['draft.count', () => client.draft.count()],
    ['draft.batchGet', () => client.draft.batchGet({ offset: 0, count: 20 })],
    ['draft.switch', () => client.draft.switch()],
    ['draft.delete', async () => client.draft.delete((await client.draft.add([article()])).media_id)],
    [
      'freepublish.submit',
      () =>
        client.freepublish
          .submit(s.draft as string)
          .then(keep('publish', (r) => r.publish_id))
          .then(keep('msgDataId', (r) => r.msg_data_id as string)),
    ],
    ['freepublish.get', () => client.freepublish.get(s.publish as string).then(keep('article', (r) => r.article_id as string))],
    ['freepublish.getArticle', () => client.freepublish.getArticle(s.article as string)],
    ['freepublish.batchGet', () => client.freepublish.batchGet({ offset: 0, count: 20 })],
    ['comment.open', () => client.comment.open(target())],
    ['comment.list', () => client.comment.list(target(), { begin: 0, count: 50, type: 0 })],
    ['comment.markElect', () => client.comment.markElect(target(), 1)],
    ['comment.replyAdd', () => client.comment.replyAdd(target(), 1, '谢谢支持')],
    ['comment.unmarkElect', () => client.comment.unmarkElect(target(), 1)],
    ['comment.replyDelete', () => client.comment.replyDelete(target(), 1)],
    ['comment.delete', () => client.comment.delete(target(), 1)],
    ['comment.close', () => client.comment.close(target())],
    ['freepublish.delete', () => client.freepublish.delete(s.article as string)],
    ['mass.sendAll', () => client.mass.sendAll({ isToAll: true }, text, { clientmsgid: 'weekly-1' }).then(keep('massId', (r) => r.msg_id))],
    ['mass.send', () => client.mass.send([openid, other], { msgtype: 'mpnews', mpnews: { media_id: s.cover as string } })],
    ['mass.preview', () => client.mass.preview(openid, text)],
    ['mass.get', () => client.mass.get(s.massId as string)],
    ['mass.getSpeed', () => client.mass.getSpeed()],
    ['mass.setSpeed', () => client.mass.setSpeed(2)],
    ['mass.delete', () => client.mass.delete(s.massId as string)],
    ...(Object.keys(client.datacube) as (keyof WeChatClient['datacube'])[]).map((m): Step => [`datacube.${m}`, () => client.datacube[m](DAY)]),
    ['shortlink.gen', () => client.shortlink.gen('{"order":42}', 86_400).then(keep('short', (r) => r.short_key))],
    ['shortlink.fetch', () => client.shortlink.fetch(s.short as string)],
    ['quota.get', () => client.quota.get('/cgi-bin/message/custom/send')],
    ['quota.clear', () => client.quota.clear()],
    ['quota.clearV2', () => client.quota.clearV2(api.appId, api.appSecret)],
    [
      'quota.getRid',
      async () => {
        const e: unknown = await client.draft.get('NO_SUCH_DRAFT').then(
          () => undefined,
          (x: unknown) => x,
        );
        assert.ok(isWxmpError(e, 'API_ERROR') && e.rid, 'a refused call carries a rid');
        return client.quota.getRid(e.rid);
      },
    ],
    ['basic.getCallbackIp', () => client.basic.getCallbackIp()],
    ['basic.getApiDomainIp', () => client.basic.getApiDomainIp()],
    ['basic.callbackCheck', () => client.basic.callbackCheck()],
    ['basic.getCurrentAutoreplyInfo', () => client.basic.getCurrentAutoreplyInfo()],
    [
      'oauth.authorizeUrl',
      () => keep('authUrl', (u: string) => u)(client.oauth.authorizeUrl({ redirectUri: 'https://example.com/cb', scope: 'snsapi_userinfo', state: 'xyz' })),
    ],
    [
      'oauth.exchangeCode',
      () =>
        client.oauth
          .exchangeCode(new URL(api.authorize(s.authUrl as string, openid)).searchParams.get('code') as string)
          .then(keep('web', (r) => r.access_token))
          .then(keep('refresh', (r) => r.refresh_token)),
    ],
    ['oauth.userInfo', () => client.oauth.userInfo(s.web as string, openid)],
    ['oauth.checkToken', () => client.oauth.checkToken(s.web as string, openid)],
    ['oauth.refresh', () => client.oauth.refresh(s.refresh as string)],
    ['jssdk.getTicket', () => client.jssdk.getTicket('jsapi').then(keep('jsTicket', (r) => r))],
    ['jssdk.getTicketEntry', () => client.jssdk.getTicketEntry('wx_card')],
    ['jssdk.config', () => client.jssdk.config({ url: 'https://example.com/page', jsApiList: ['scanQRCode'] })],
    ['jssdk.invalidateTicket', () => client.jssdk.invalidateTicket(s.jsTicket as string)],
  ];

  const planned = steps.map(([name]) => name).sort();
  assert.deepEqual(planned, [...new Set(planned)], 'each method is called once');
  assert.deepEqual(planned, runtimeMethods(client), 'the plan calls every method the client has');
  assert.deepEqual(planned, [...schema.methods.keys()].sort(), 'the plan calls every method the declarations list');

  for (const [name, call] of steps) {
    let value: unknown;
    try {
      value = await call();
    } catch (e) {
      assert.fail(`${name} threw: ${e instanceof Error ? e.message : String(e)}`);
    }
    const values = name.endsWith('.iterate') || name.includes('.iterate') ? (value as unknown[]) : [value];
    assert.ok(values.length > 0, `${name} yielded no page`);
    for (const v of values)
      assert.deepEqual(
        (schema.methods.get(name) as (v: unknown, a?: readonly string[]) => string[])(v, ALLOWED_EMPTY[name]),
        [],
        `${name} answered ${JSON.stringify(v)?.slice(0, 300)}`,
      );
  }
  assert.equal(
    api.calls
      .filter((c) => !c.path.startsWith('/sns/') && c.path !== '/cgi-bin/stable_token')
      .every((c) => c.query['access_token'] || c.path === '/cgi-bin/clear_quota/v2'),
    true,
  );
});

test('the schemas can fail: a wrong or empty value is reported with its path', () => {
  const schema = clientSchema(repoRoot());
  const check = schema.methods.get('qrcode.create') as (v: unknown) => string[];
  assert.deepEqual(check({ ticket: 'T', url: 'http://weixin.qq.com/q/x' }), []);
  assert.deepEqual(check({ errcode: 0, errmsg: 'ok' }), ['result.ticket: required, missing', 'result.url: required, missing']);
  assert.deepEqual(check({ ticket: '', url: 'u', expire_seconds: '60' }), [
    'result.ticket: expected a non-empty string, got ""',
    'result.expire_seconds: expected a number, got "60"',
  ]);
  const menu = schema.methods.get('menu.get') as (v: unknown) => string[];
  assert.deepEqual(menu({ menu: { button: [] } }), ['result.menu.button: expected a non-empty array, got an array']);
  assert.ok(menu({ menu: { button: [{ type: 'click', name: 'x' }] } }).length > 0, 'a click button needs its key');
  const msgid = schema.methods.get('template.send') as (v: unknown) => string[];
  assert.deepEqual(msgid({ msgid: '' }), ['result.msgid: expected a non-empty string, got ""']);
});
