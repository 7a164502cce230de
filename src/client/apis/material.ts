/**
 * Permanent material (永久素材): add, download, delete, count, list.
 */
import type { BinaryResponse } from '../types.js';
import { mediaForm, type MediaType } from './media.js';
import { checkInt, checkString, invalid, type Requester, type WeChatResult } from './requester.js';

/** Material types for listing (`news` lists the legacy articles). */
export type MaterialListType = 'image' | 'video' | 'voice' | 'news';

/** Answer of `material/add_material`. */
export interface MaterialAddResponse extends WeChatResult {
  media_id: string;
  /** Present for images. */
  url?: string;
}

/** What `get_material` returns for a video. */
export interface MaterialVideo extends WeChatResult {
  title: string;
  description: string;
  down_url: string;
}

/** An article of legacy news material or a draft/published article. */
export interface NewsItem {
  title: string;
  author?: string;
  digest?: string;
  content: string;
  content_source_url?: string;
  thumb_media_id: string;
  thumb_url?: string;
  show_cover_pic?: number;
  need_open_comment?: number;
  only_fans_can_comment?: number;
  url?: string;
  is_deleted?: boolean;
  [extra: string]: unknown;
}

/** What `get_material` returns for legacy news material. */
export interface MaterialNews extends WeChatResult {
  news_item: NewsItem[];
}

/** Answer of `get_materialcount`. */
export interface MaterialCount extends WeChatResult {
  voice_count: number;
  video_count: number;
  image_count: number;
  news_count: number;
}

/** One page of `batchget_material`. */
export interface MaterialPage extends WeChatResult {
  total_count: number;
  item_count: number;
  item: { media_id: string; name?: string; update_time: number; url?: string; content?: { news_item: NewsItem[] } }[];
}

/**
 * Permanent material API group. Videos need a title and an introduction (sent as the
 * `description` form field).
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for an unknown type, a video without `title`, a non-Blob
 * file, a filename without extension, a page outside offset ≥ 0 / count 1..20.
 * @example
 * ```ts
 * const { media_id } = await client.material.add('video', blob, 'intro.mp4', { title: 'Intro', introduction: 'Our shop' })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
export function materialApi(r: Requester) {
  const batchGet = async (o: { type: MaterialListType; offset: number; count: number }): Promise<MaterialPage> => {
    if (!['image', 'video', 'voice', 'news'].includes(o?.type)) invalid('type must be image, video, voice or news');
    const body = { type: o.type, offset: checkInt(o.offset, 'offset', 0, 2 ** 31), count: checkInt(o.count, 'count', 1, 20) };
    return r.request('/cgi-bin/material/batchget_material', { method: 'POST', body, idempotent: true });
  };
  return {
    /** Adds a permanent image, voice, video or thumb. */
    async add(type: MediaType, file: Blob, filename: string, video?: { title: string; introduction?: string }): Promise<MaterialAddResponse> {
      if (!['image', 'voice', 'video', 'thumb'].includes(type)) invalid('type must be image, voice, video or thumb');
      const form = mediaForm(file, filename);
      if (type === 'video') {
        checkString(video?.title, 'video.title', 64);
        form.append('description', JSON.stringify({ title: video?.title, introduction: video?.introduction ?? '' }));
      }
      return r.request('/cgi-bin/material/add_material', { method: 'POST', query: { type }, body: form, idempotent: false });
    },
    /**
     * Downloads a material: bytes for images/voices/thumbs, JSON for videos and news.
     * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Getting_Permanent_Assets.html
     */
    async get(mediaId: string): Promise<BinaryResponse | MaterialVideo | MaterialNews> {
      return r.request('/cgi-bin/material/get_material', {
        method: 'POST',
        body: { media_id: checkString(mediaId, 'mediaId') },
        responseType: 'binary',
        idempotent: true,
      });
    },
    /** Deletes a material. */
    async delete(mediaId: string): Promise<WeChatResult> {
      return r.request('/cgi-bin/material/del_material', { method: 'POST', body: { media_id: checkString(mediaId, 'mediaId') }, idempotent: false });
    },
    /** Counts of each material type. */
    async getCount(): Promise<MaterialCount> {
      return r.request('/cgi-bin/material/get_materialcount', { method: 'GET', idempotent: true });
    },
    /** One page (≤ 20) of materials of a type. */
    batchGet,
    /** Every page of materials of a type, 20 at a time, until `item_count` is 0 or `total_count` is reached. */
    async *iterate(type: MaterialListType, pageSize = 20): AsyncGenerator<MaterialPage, void, undefined> {
      for (let offset = 0; ; ) {
        const page = await batchGet({ type, offset, count: pageSize });
        if (!page.item_count || !page.item?.length) return;
        yield page;
        offset += page.item.length;
        if (offset >= page.total_count) return;
      }
    },
  };
}

/** The `client.material` group. */
export type MaterialApi = ReturnType<typeof materialApi>;
