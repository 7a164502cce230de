// Open Platform setup shared by the multi-process test and its workers: the component's keys and
// an AuthorizerStore on the same Redis (in production: your database).
import type { AuthorizerStore } from '../../src/open-platform/types.js';

export const open = {
  componentAppId: 'wxcomponent0000001',
  componentAppSecret: 'fake_component_secret_0123456789',
  token: 'componentToken01',
  encodingAESKey: 'ComponentKey0123456789abcdefghijklmnopqrstu',
  authorizerAppId: 'wx0123456789abcdef',
} as const;

/** An AuthorizerStore of JSON strings in Redis, over a raw command function. */
export function redisAuthorizerStore(raw: (...args: string[]) => Promise<unknown>): AuthorizerStore {
  const key = (appId: string): string => `test:authorizer:${appId}`;
  return {
    get: async (appId) => {
      const v = await raw('GET', key(appId));
      return typeof v === 'string' ? (JSON.parse(v) as { refreshToken: string; updatedAt: number }) : null;
    },
    set: async (appId, record) => void (await raw('SET', key(appId), JSON.stringify(record))),
    delete: async (appId) => void (await raw('DEL', key(appId))),
  };
}
