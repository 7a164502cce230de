/**
 * Every typed API group of the client, mixed into `WeChatClient` (`client.menu.create(…)`).
 * Re-exports and composition only.
 */
import { basicApi } from './basic.js';
import { commentApi } from './comment.js';
import { customServiceApi } from './custom-service.js';
import { datacubeApi } from './datacube.js';
import { draftApi } from './draft.js';
import { freepublishApi } from './freepublish.js';
import { massApi } from './mass.js';
import { materialApi } from './material.js';
import { mediaApi } from './media.js';
import { menuApi } from './menu.js';
import { qrcodeApi } from './qrcode.js';
import { quotaApi } from './quota.js';
import type { Requester } from './requester.js';
import { shortlinkApi } from './shortlink.js';
import { subscribeMessageApi } from './subscribe-message.js';
import { tagsApi } from './tags.js';
import { templateApi } from './template.js';
import { userApi } from './user.js';

/**
 * Builds every API group over a {@link Requester} (normally the client itself).
 *
 * @example
 * const api = createApiGroups({ request: (p, i) => client.request(p, i), appId: 'wx…' })
 * await api.menu.get()
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Overview.html
 */
export function createApiGroups(r: Requester) {
  return {
    menu: menuApi(r),
    qrcode: qrcodeApi(r),
    user: userApi(r),
    tags: tagsApi(r),
    customService: customServiceApi(r),
    template: templateApi(r),
    subscribeMessage: subscribeMessageApi(r),
    media: mediaApi(r),
    material: materialApi(r),
    mass: massApi(r),
    draft: draftApi(r),
    freepublish: freepublishApi(r),
    comment: commentApi(r),
    datacube: datacubeApi(r),
    shortlink: shortlinkApi(r),
    quota: quotaApi(r),
    basic: basicApi(r),
  };
}

/** The API groups mixed into `WeChatClient`. */
export type ApiGroups = ReturnType<typeof createApiGroups>;

export type { Requester, WeChatResult, WeChatId } from './requester.js';
export * from './basic.js';
export * from './comment.js';
export * from './custom-service.js';
export * from './custom-service-types.js';
export * from './datacube.js';
export * from './datacube-types.js';
export * from './draft.js';
export * from './freepublish.js';
export * from './mass.js';
export * from './material.js';
export * from './media.js';
export * from './menu.js';
export * from './qrcode.js';
export * from './quota.js';
export * from './shortlink.js';
export * from './subscribe-message.js';
export * from './tags.js';
export * from './template.js';
export * from './user.js';
