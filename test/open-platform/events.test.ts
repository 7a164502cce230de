// toComponentEvent on the documentation's samples (test/fixtures/open-platform/, sources in its
// README) and on the shapes a push could take; buildPreAuthUrl and MemoryAuthorizerStore.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toComponentEvent } from '../../src/open-platform/events.js';
import { buildPreAuthUrl } from '../../src/open-platform/pre-auth-url.js';
import { MemoryAuthorizerStore } from '../../src/open-platform/store.js';
import { parseXml } from '../../src/xml/index.js';
import { fixtureText } from '../helpers.js';

const parse = (name: string) => toComponentEvent(parseXml(fixtureText(`open-platform/${name}.xml`), { root: 'xml' }));

describe('toComponentEvent', () => {
  it('component_verify_ticket (documentation sample)', () => {
    assert.deepEqual(
      { ...parse('component_verify_ticket') },
      {
        event: { appId: 'some_appid', createTime: 1413192605, infoType: 'component_verify_ticket', componentVerifyTicket: 'some_verify_ticket' },
      },
    );
  });

  it('authorized, updateauthorized and unauthorized (documentation samples); a non-numeric expiry stays text', () => {
    for (const kind of ['authorized', 'updateauthorized'] as const) {
      const { event, warning } = parse(kind);
      assert.equal(warning, undefined);
      assert.ok(event.infoType === kind);
      assert.equal(event.authorizerAppid, '公众号appid');
      assert.equal(event.authorizationCode, '授权码');
      assert.equal(event.authorizationCodeExpiredTime, '过期时间');
      assert.equal(event.preAuthCode, '预授权码');
    }
    const { event } = parse('unauthorized');
    assert.deepEqual({ ...event }, { appId: '第三方平台appid', createTime: 1413192760, infoType: 'unauthorized', authorizerAppid: '公众号appid' });
  });

  it('numbers are converted; unknown elements are kept camelCased; nothing is refused', () => {
    const { event, warning } = toComponentEvent(
      parseXml(
        '<xml><AppId>wxc</AppId><CreateTime>12</CreateTime><InfoType>authorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid><AuthorizationCode>c</AuthorizationCode><AuthorizationCodeExpiredTime>612</AuthorizationCodeExpiredTime><NewField>x</NewField></xml>',
      ),
    );
    assert.equal(warning, undefined);
    assert.equal(event.authorizationCodeExpiredTime, 612);
    assert.equal(event.newField, 'x');
    const empty = toComponentEvent({});
    assert.ok(empty.event.infoType === 'unknown' && empty.event.rawInfoType === '');
    assert.equal(empty.event.appId, '');
    assert.equal(empty.event.createTime, 0);
    assert.equal(empty.warning, undefined);
    const nested = toComponentEvent(parseXml('<xml><InfoType><a>b</a></InfoType></xml>'));
    assert.equal(nested.event.infoType, 'unknown');
  });

  it('a known InfoType lacking what it needs is unknown plus MESSAGE_SCHEMA_DRIFT', () => {
    for (const [xml, lacks] of [
      ['<xml><InfoType>component_verify_ticket</InfoType></xml>', 'componentVerifyTicket'],
      ['<xml><InfoType>unauthorized</InfoType><AuthorizerAppid></AuthorizerAppid></xml>', 'authorizerAppid'],
      ['<xml><InfoType>authorized</InfoType><AuthorizerAppid>wx</AuthorizerAppid></xml>', 'authorizationCode'],
    ] as const) {
      const { event, warning } = toComponentEvent(parseXml(xml));
      assert.equal(event.infoType, 'unknown');
      assert.equal(warning?.code, 'MESSAGE_SCHEMA_DRIFT');
      assert.match(warning?.message ?? '', new RegExp(lacks));
    }
  });

  it('an element named like a derived field does not take its key', () => {
    const { event } = toComponentEvent(parseXml('<xml><InfoType>x</InfoType><RawInfoType>y</RawInfoType><Authorization>z</Authorization></xml>'));
    assert.ok(event.infoType === 'unknown');
    assert.equal(event.rawInfoType, 'x');
    assert.equal(event.$RawInfoType, 'y');
    assert.equal(event.$Authorization, 'z');
  });
});

describe('buildPreAuthUrl', () => {
  it("encodes the redirect URI and keeps WeChat's parameter names", () => {
    const url = buildPreAuthUrl('wxcomp', 'preauthcode@@@abc', {
      redirectUri: 'https://a.example.com/cb?x=1&y=中',
      authType: 2,
      bizAppid: 'wx0123456789abcdef',
    });
    assert.equal(
      url,
      'https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=wxcomp&pre_auth_code=preauthcode%40%40%40abc&redirect_uri=https%3A%2F%2Fa.example.com%2Fcb%3Fx%3D1%26y%3D%E4%B8%AD&auth_type=2&biz_appid=wx0123456789abcdef',
    );
  });
});

describe('MemoryAuthorizerStore', () => {
  it('stores copies, deletes, lists', () => {
    const s = new MemoryAuthorizerStore();
    const r = { refreshToken: 'refreshtoken@@@1', updatedAt: 1 };
    s.set('wxa', r);
    r.refreshToken = 'changed';
    assert.deepEqual(s.get('wxa'), { refreshToken: 'refreshtoken@@@1', updatedAt: 1 });
    assert.deepEqual(s.appIds(), ['wxa']);
    s.delete('wxa');
    assert.equal(s.get('wxa'), null);
  });
});
