/**
 * Publishing (发布能力): publish a draft, poll the job, read and delete published articles. The
 * outcome is also pushed as the `PUBLISHJOBFINISH` event.
 */
import { pageBody, type BatchGetRequest } from './paging.js';
import type { NewsItem } from './material.js';
import { checkInt, checkString, idString, type Requester, type WeChatId, type WeChatResult } from './requester.js';

/** Answer of `freepublish/submit`; ids are decimal strings. */
export interface PublishSubmitResponse extends WeChatResult {
  publish_id: WeChatId;
  msg_data_id?: WeChatId;
}

/** Answer of `freepublish/get`. */
export interface PublishStatusResponse extends WeChatResult {
  publish_id: WeChatId;
  /** 0 published, 1 publishing, 2 originality check failed, 3 failed, 4 rejected by review, 5 deleted, 6 banned. */
  publish_status: number;
  article_id?: string;
  article_detail?: { count: number; item: { idx: number; article_url: string }[] };
  /** 1-based indexes of failed articles. */
  fail_idx?: number[];
}

/** One page of published articles. */
export interface PublishedPage extends WeChatResult {
  total_count: number;
  item_count: number;
  item: { article_id: string; content: { news_item: NewsItem[] }; update_time: number }[];
}

/**
 * Publishing API group.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for an empty id, an index outside 0..8, a page outside
 * offset ≥ 0 / count 1..20.
 * @example
 * ```ts
 * const { publish_id } = await client.freepublish.submit(draftMediaId)
 * const status = await client.freepublish.get(publish_id)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Publish.html
 */
export function freepublishApi(r: Requester) {
  const post = <T>(path: string, body: unknown, idempotent: boolean): Promise<T> => r.request<T>(path, { method: 'POST', body, idempotent });
  const articleId = (id: string): string => checkString(id, 'articleId');
  return {
    /** Publishes a draft (asynchronous job; not retried). */
    async submit(mediaId: string): Promise<PublishSubmitResponse> {
      const res = await post<PublishSubmitResponse>('/cgi-bin/freepublish/submit', { media_id: checkString(mediaId, 'mediaId') }, false);
      const out: PublishSubmitResponse = { ...res, publish_id: idString(res.publish_id) };
      if (res.msg_data_id !== undefined) out.msg_data_id = idString(res.msg_data_id);
      return out;
    },
    /** Polls a publishing job. */
    async get(publishId: string | number): Promise<PublishStatusResponse> {
      const res = await post<PublishStatusResponse>('/cgi-bin/freepublish/get', { publish_id: checkString(String(publishId), 'publishId') }, true);
      return { ...res, publish_id: idString(res.publish_id) };
    },
    /** Deletes a published article; `index` 1-based, 0 or omitted deletes all of them. */
    async delete(id: string, index?: number): Promise<WeChatResult> {
      const body: Record<string, unknown> = { article_id: articleId(id) };
      if (index !== undefined) body.index = checkInt(index, 'index', 0, 8);
      return post('/cgi-bin/freepublish/delete', body, false);
    },
    /** Reads a published article. */
    async getArticle(id: string): Promise<{ news_item: NewsItem[] } & WeChatResult> {
      return post('/cgi-bin/freepublish/getarticle', { article_id: articleId(id) }, true);
    },
    /** One page (≤ 20) of published articles. */
    async batchGet(page: BatchGetRequest): Promise<PublishedPage> {
      return post('/cgi-bin/freepublish/batchget', pageBody(page), true);
    },
  };
}

/** The `client.freepublish` group. */
export type FreepublishApi = ReturnType<typeof freepublishApi>;
