// The typed API groups of WeChatClient: their public types, plus the few pure helpers worth using on their own. Re-exports only.
export type { ApiGroups } from './groups.js';
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
export type { DraftApi, DraftArticle, DraftPage } from './draft.js';
export type { BatchGetRequest, OpenIdPage } from './paging.js';
export type { FreepublishApi, PublishSubmitResponse, PublishStatusResponse, PublishedPage } from './freepublish.js';
export type { MassApi, MassContent, MassSendOptions, MassSendResponse, MassStatusResponse } from './mass.js';
export type { MaterialApi, MaterialListType, MaterialAddResponse, MaterialVideo, NewsItem, MaterialNews, MaterialCount, MaterialPage } from './material.js';
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
export type { UserApi, UserLang, UserInfo, UserInfoResponse } from './user.js';
