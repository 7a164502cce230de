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

// Public types of the groups, plus the few pure helpers worth using on their own.
export type { Requester, WeChatResult, WeChatId } from './requester.js';
export type { BasicApi, CallbackCheckRequest, CallbackCheckResponse, AutoreplyInfoResponse } from './basic.js';
export type { CommentApi, CommentTarget, ArticleComment, CommentListOptions } from './comment.js';
export type { CustomServiceApi } from './custom-service.js';
export type {
  CustomMessage,
  CustomMessageType,
  KfAccount,
  KfOnline,
  KfSessionResponse,
  KfWaitCaseResponse,
  KfMsgListRequest,
  KfMsgListResponse,
} from './custom-service-types.js';
export { checkDateRange } from './datacube.js';
export type { DatacubeApi } from './datacube.js';
export type {
  DatacubeDateRange,
  DatacubeList,
  UserSummaryRow,
  UserCumulateRow,
  ArticleCounters,
  ArticleSummaryRow,
  ArticleTotalRow,
  UserReadRow,
  UserShareRow,
  UpstreamMsgRow,
  UpstreamMsgDistRow,
  InterfaceSummaryRow,
} from './datacube-types.js';
export type { DraftApi, DraftArticle, BatchGetRequest, DraftPage } from './draft.js';
export type { FreepublishApi, PublishSubmitResponse, PublishStatusResponse, PublishedPage } from './freepublish.js';
export type { MassApi, MassContent, MassSendOptions, MassSendResponse, MassStatusResponse } from './mass.js';
export type { MaterialApi, MaterialListType, MaterialAddResponse, MaterialVideo, NewsItem, MaterialNews, MaterialCount, MaterialPage } from './material.js';
export { mediaForm } from './media.js';
export type { MediaApi, MediaType, MediaUploadResponse, MediaVideoUrl, MassNewsArticle, MassUploadResponse } from './media.js';
export type { MenuApi, MenuKeyButtonType, MenuButton, MenuMatchRule, MenuCreateRequest, MenuGetResponse, SelfMenuInfoResponse } from './menu.js';
export { QRCODE_MAX_EXPIRE_SECONDS, showQrcodeUrl } from './qrcode.js';
export type { QrcodeApi, QrcodeCreateOptions, QrcodeCreateResponse } from './qrcode.js';
export type { QuotaApi, QuotaResponse, RidResponse } from './quota.js';
export { SHORT_KEY_MAX_EXPIRE_SECONDS } from './shortlink.js';
export type { ShortlinkApi, ShortKeyFetchResponse } from './shortlink.js';
export type { SubscribeMessageApi, SubscribeSendRequest, PubTemplateKeyword, PubTemplateTitle, SubscribeTemplate } from './subscribe-message.js';
export type { TagsApi, UserTag } from './tags.js';
export type { TemplateApi, TemplateData, TemplateSendRequest, TemplateSendResponse, TemplateIndustry, PrivateTemplate } from './template.js';
export type { UserApi, UserLang, UserInfo, UserInfoResponse, OpenIdPage } from './user.js';
