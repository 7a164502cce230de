/**
 * Article comments (留言管理): open/close comments on a sent article, list, feature, delete, reply.
 */
import { checkInt, checkString, numericId, type Requester, type WeChatResult } from './requester.js';

/** Which article: the `msg_data_id` of a mass send or publish, and the 0-based article index. */
export interface CommentTarget {
  msg_data_id: string | number;
  /** 0-based index in a multi-article message (default 0). */
  index?: number;
}

/** A comment as `comment/list` returns it. */
export interface ArticleComment {
  user_comment_id: number;
  openid: string;
  create_time: number;
  content: string;
  /** 1 featured (精选), 0 not. */
  comment_type: number;
  reply?: { content: string; create_time: number };
}

/** Body of `comment/list` besides the target. */
export interface CommentListOptions {
  /** Offset, ≥ 0. */
  begin: number;
  /** 1..50. */
  count: number;
  /** 0 all, 1 normal, 2 featured. */
  type: 0 | 1 | 2;
}

function target(t: CommentTarget): { msg_data_id: number | string; index: number } {
  return { msg_data_id: numericId(t?.msg_data_id, 'msg_data_id'), index: checkInt(t.index ?? 0, 'index', 0, 7) };
}

/**
 * Comment API group.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for a non-decimal msg_data_id, an index outside 0..7, a
 * list page outside begin ≥ 0 / count 1..50 / type 0..2, empty reply content.
 * @example
 * ```ts
 * const { comment } = await client.comment.list({ msg_data_id }, { begin: 0, count: 50, type: 0 })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Comments_management/Image_Comments_Management_Interface.html
 */
export function commentApi(r: Requester) {
  const post = <T = WeChatResult>(path: string, body: unknown, idempotent = false): Promise<T> => r.request<T>(path, { method: 'POST', body, idempotent });
  const one = (t: CommentTarget, userCommentId: number) => ({ ...target(t), user_comment_id: checkInt(userCommentId, 'userCommentId', 0, 2 ** 53 - 1) });
  return {
    /** Opens comments on an article. */
    async open(t: CommentTarget): Promise<WeChatResult> {
      return post('/cgi-bin/comment/open', target(t));
    },
    /** Closes comments on an article. */
    async close(t: CommentTarget): Promise<WeChatResult> {
      return post('/cgi-bin/comment/close', target(t));
    },
    /** One page of an article's comments. */
    async list(t: CommentTarget, o: CommentListOptions): Promise<{ total: number; comment: ArticleComment[] } & WeChatResult> {
      const body = {
        ...target(t),
        begin: checkInt(o?.begin, 'begin', 0, 2 ** 31),
        count: checkInt(o.count, 'count', 1, 50),
        type: checkInt(o.type, 'type', 0, 2),
      };
      return post('/cgi-bin/comment/list', body, true);
    },
    /** Features (精选) a comment. */
    async markElect(t: CommentTarget, userCommentId: number): Promise<WeChatResult> {
      return post('/cgi-bin/comment/markelect', one(t, userCommentId));
    },
    /** Un-features a comment. */
    async unmarkElect(t: CommentTarget, userCommentId: number): Promise<WeChatResult> {
      return post('/cgi-bin/comment/unmarkelect', one(t, userCommentId));
    },
    /** Deletes a comment. */
    async delete(t: CommentTarget, userCommentId: number): Promise<WeChatResult> {
      return post('/cgi-bin/comment/delete', one(t, userCommentId));
    },
    /** Replies to a comment. */
    async replyAdd(t: CommentTarget, userCommentId: number, content: string): Promise<WeChatResult> {
      return post('/cgi-bin/comment/reply/add', { ...one(t, userCommentId), content: checkString(content, 'content') });
    },
    /** Deletes the reply to a comment. */
    async replyDelete(t: CommentTarget, userCommentId: number): Promise<WeChatResult> {
      return post('/cgi-bin/comment/reply/delete', one(t, userCommentId));
    },
  };
}

/** The `client.comment` group. */
export type CommentApi = ReturnType<typeof commentApi>;
