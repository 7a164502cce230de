/**
 * Temporary media (临时素材, kept 3 days), article images and mass-send uploads.
 */
import type { BinaryResponse } from '../types.js';
import { checkString, invalid, type Requester, type WeChatResult } from './requester.js';

/** Media types of uploads. */
export type MediaType = 'image' | 'voice' | 'video' | 'thumb';

const MEDIA_TYPES: readonly string[] = ['image', 'voice', 'video', 'thumb'];

/** Answer of `media/upload`. */
export interface MediaUploadResponse extends WeChatResult {
  type: MediaType;
  /** Present for image, voice and video uploads. */
  media_id?: string;
  /** Present for thumb uploads. */
  thumb_media_id?: string;
  created_at: number;
}

/** What `media/get` returns for a video: a download link instead of bytes. */
export interface MediaVideoUrl extends WeChatResult {
  video_url: string;
}

/** An article of `media/uploadnews` (mass send). */
export interface MassNewsArticle {
  thumb_media_id: string;
  title: string;
  content: string;
  author?: string;
  content_source_url?: string;
  digest?: string;
  show_cover_pic?: number;
  need_open_comment?: number;
  only_fans_can_comment?: number;
}

/** Answer of the mass-send uploads. */
export interface MassUploadResponse extends WeChatResult {
  type: string;
  media_id: string;
  created_at: number;
}

/**
 * Builds the multipart body WeChat expects: the file in field `media` with a filename whose
 * extension WeChat uses to recognise the format (40005 "invalid file type" otherwise).
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` when `file` is not a Blob or `filename` has no extension.
 * @example
 * ```ts
 * const form = mediaForm(new Blob([bytes], { type: 'image/png' }), 'logo.png')
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 */
export function mediaForm(file: Blob, filename: string): FormData {
  if (!(file instanceof Blob)) invalid('file must be a Blob (or File)');
  checkString(filename, 'filename', 256);
  const dot = filename.lastIndexOf('.');
  if (dot <= 0 || dot === filename.length - 1) invalid('filename needs an extension such as .jpg, .mp3, .mp4');
  const form = new FormData();
  form.append('media', file, filename);
  return form;
}

/**
 * Temporary media API group.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for an unknown type, a non-Blob file, a filename without
 * extension or an empty media_id; `API_ERROR` when WeChat answers a download with a JSON error
 * (never returned as file bytes).
 * @example
 * ```ts
 * const { media_id } = await client.media.upload('image', blob, 'photo.jpg')
 * const file = await client.media.get(media_id) // BinaryResponse, or { video_url } for videos
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 */
export function mediaApi(r: Requester) {
  const download = (path: string, mediaId: string) =>
    r.request<BinaryResponse | MediaVideoUrl>(path, {
      method: 'GET',
      query: { media_id: checkString(mediaId, 'mediaId') },
      responseType: 'binary',
      idempotent: true,
    });
  return {
    /** Uploads a temporary file (image ≤ 10 MB, voice ≤ 2 MB, video ≤ 10 MB, thumb ≤ 64 KB). */
    async upload(type: MediaType, file: Blob, filename: string): Promise<MediaUploadResponse> {
      if (!MEDIA_TYPES.includes(type)) invalid(`type must be one of ${MEDIA_TYPES.join(', ')}`);
      return r.request('/cgi-bin/media/upload', { method: 'POST', query: { type }, body: mediaForm(file, filename), idempotent: false });
    },
    /**
     * Downloads a temporary file: bytes, or `{ video_url }` for a video.
     * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
     */
    async get(mediaId: string): Promise<BinaryResponse | MediaVideoUrl> {
      return download('/cgi-bin/media/get', mediaId);
    },
    /** Downloads the HD (16 kHz speex) voice recorded through JS-SDK `uploadVoice`. */
    async getJssdkVoice(mediaId: string): Promise<BinaryResponse | MediaVideoUrl> {
      return download('/cgi-bin/media/get/jssdk', mediaId);
    },
    /**
     * Uploads an image for article bodies (jpg/png ≤ 1 MB) and returns its URL; not a material.
     * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
     */
    async uploadImg(file: Blob, filename: string): Promise<{ url: string } & WeChatResult> {
      return r.request('/cgi-bin/media/uploadimg', { method: 'POST', body: mediaForm(file, filename), idempotent: false });
    },
    /**
     * Uploads the articles of a mass send (1..8).
     * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
     */
    async uploadNews(articles: readonly MassNewsArticle[]): Promise<MassUploadResponse> {
      if (!Array.isArray(articles) || articles.length < 1 || articles.length > 8) invalid('articles must have 1..8 entries');
      return r.request('/cgi-bin/media/uploadnews', { method: 'POST', body: { articles }, idempotent: false });
    },
    /** Turns an uploaded video into an `mpvideo` media_id for mass send. */
    async uploadVideo(video: { media_id: string; title?: string; description?: string }): Promise<MassUploadResponse> {
      checkString(video?.media_id, 'media_id');
      return r.request('/cgi-bin/media/uploadvideo', { method: 'POST', body: video, idempotent: false });
    },
  };
}

/** The `client.media` group. */
export type MediaApi = ReturnType<typeof mediaApi>;
