/**
 * Every typed API group of the client, composed over one {@link Requester} and mixed into
 * `WeChatClient` (`client.menu.create(…)`).
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
 * Builds every API group over a {@link Requester} (the client itself).
 *
 * @example
 * ```ts
 * Object.assign(client, createApiGroups(client))
 * await client.menu.get()
 * ```
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
