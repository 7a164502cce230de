/**
 * Drafts (草稿箱): articles are created as drafts and published with `freepublish.submit`.
 */
import type { NewsItem } from './material.js';
import { pageBody, type BatchGetRequest } from './paging.js';
import { checkInt, checkString, invalid, type Requester, type WeChatResult } from './requester.js';

/** An article of a draft (`news`, the default) or an image post (`newspic`). */
export interface DraftArticle {
  article_type?: 'news' | 'newspic';
  title: string;
  author?: string;
  digest?: string;
  /** HTML body (< 20 000 characters, < 1 MB); images must come from `media.uploadImg`. */
  content: string;
  content_source_url?: string;
  /** Permanent material id of the cover (required for `news`). */
  thumb_media_id?: string;
  need_open_comment?: 0 | 1;
  only_fans_can_comment?: 0 | 1;
  pic_crop_235_1?: string;
  pic_crop_1_1?: string;
  /** For `newspic`: up to 20 images. */
  image_info?: { image_list: { image_media_id: string }[] };
  [extra: string]: unknown;
}

/** One page of drafts. */
export interface DraftPage extends WeChatResult {
  total_count: number;
  item_count: number;
  item: { media_id: string; content: { news_item: NewsItem[] }; update_time: number }[];
}

const mediaId = (id: string): string => checkString(id, 'mediaId');

/**
 * Draft API group.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for no articles, an article without title or content, an
 * empty media_id, a page outside offset ≥ 0 / count 1..20.
 * @example
 * ```ts
 * const { media_id } = await client.draft.add([{ title: 'Hello', content: '<p>Hi</p>', thumb_media_id }])
 * const { publish_id } = await client.freepublish.submit(media_id)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html
 */
export function draftApi(r: Requester) {
  const post = <T>(path: string, body: unknown, idempotent: boolean): Promise<T> => r.request<T>(path, { method: 'POST', body, idempotent });
  const checkArticle = (a: DraftArticle): void => {
    checkString(a?.title, 'article.title');
    checkString(a.content, 'article.content');
  };
  return {
    /** Creates a draft of 1..8 articles; returns its media_id. */
    async add(articles: readonly DraftArticle[]): Promise<{ media_id: string } & WeChatResult> {
      if (!Array.isArray(articles) || articles.length < 1 || articles.length > 8) invalid('articles must have 1..8 entries');
      articles.forEach(checkArticle);
      return post('/cgi-bin/draft/add', { articles }, false);
    },
    /** Reads a draft. */
    async get(id: string): Promise<{ news_item: NewsItem[] } & WeChatResult> {
      return post('/cgi-bin/draft/get', { media_id: mediaId(id) }, true);
    },
    /** Deletes a draft. */
    async delete(id: string): Promise<WeChatResult> {
      return post('/cgi-bin/draft/delete', { media_id: mediaId(id) }, false);
    },
    /** Replaces the article at `index` (0-based) of a draft. */
    async update(id: string, index: number, article: DraftArticle): Promise<WeChatResult> {
      checkArticle(article);
      return post('/cgi-bin/draft/update', { media_id: mediaId(id), index: checkInt(index, 'index', 0, 7), articles: article }, false);
    },
    /** Number of drafts. */
    async count(): Promise<{ total_count: number } & WeChatResult> {
      return r.request('/cgi-bin/draft/count', { method: 'GET', idempotent: true });
    },
    /** One page (≤ 20) of drafts. */
    async batchGet(page: BatchGetRequest): Promise<DraftPage> {
      return post('/cgi-bin/draft/batchget', pageBody(page), true);
    },
    /**
     * Reads (`checkOnly`) or turns on the draft-box switch. Deprecated by WeChat: drafts are now
     * enabled for every account.
     * @see https://developers.weixin.qq.com/doc/service/api/draftbox/draftmanage/api_draft_switch
     */
    async switch(checkOnly = true): Promise<{ is_open?: number } & WeChatResult> {
      return checkOnly
        ? r.request('/cgi-bin/draft/switch', { method: 'POST', query: { checkonly: 1 }, idempotent: true })
        : r.request('/cgi-bin/draft/switch', { method: 'POST', idempotent: false });
    },
  };
}

/** The `client.draft` group. */
export type DraftApi = ReturnType<typeof draftApi>;
