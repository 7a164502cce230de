// Drafts (草稿箱), publishing (发布能力) and comments (留言) of the fake platform: a draft needs a
// permanent cover, publishing moves it out of the draft box into the published list, comments
// are kept per article.
import type { ArticleComment as Comment } from '../../client/apis/comment.js';
import { bodyOf, err, int, ok, page, text, type Platform, type Routes } from './kit.js';

type Article = Record<string, unknown>;

function withoutContent(items: readonly Article[]): Article[] {
  return items.map(({ content: _content, ...rest }) => rest);
}

/**
 * Draft, publishing and comment endpoints of the fake; `isCover` tells which ids are permanent images.
 *
 * @example
 * ```ts
 * const routes = articleRoutes(platform, media.isCover)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html
 */
export function articleRoutes(p: Platform, isCover: (id: unknown) => boolean): Routes {
  const drafts = new Map<string, { news_item: Article[]; update_time: number }>();
  const published = new Map<string, { news_item: Article[]; update_time: number }>();
  const jobs = new Map<string, { article_id: string; msg_data_id: number; count: number }>();
  const comments = new Map<string, { open: boolean; list: Comment[] }>();

  /** The article as drafts and publishing return it; `undefined` when a required field is missing. */
  const toItem = (a: unknown): Article | undefined => {
    if (typeof a !== 'object' || a === null) return undefined;
    const art = a as Article;
    const images = (art.image_info as { image_list?: { image_media_id?: unknown }[] } | undefined)?.image_list;
    const cover = art.article_type === 'newspic' ? images?.[0]?.image_media_id : art.thumb_media_id;
    if (!text(art.title) || !text(art.content) || !isCover(cover)) return undefined;
    return {
      ...art,
      thumb_media_id: cover,
      thumb_url: `http://mmbiz.qpic.cn/mmbiz_jpg/${String(cover).slice(-16)}/0?wx_fmt=jpeg`,
      need_open_comment: int(art.need_open_comment) ?? 0,
      only_fans_can_comment: int(art.only_fans_can_comment) ?? 0,
      url: `http://mp.weixin.qq.com/s?__biz=MzFake&mid=${p.nextId()}&idx=1#rd`,
      is_deleted: false,
    };
  };

  const thread = (body: Record<string, unknown>) => {
    const key = `${String(body.msg_data_id)}:${int(body.index) ?? 0}`;
    let t = comments.get(key);
    if (!t) {
      // every article arrives with one comment by a follower, so that list/reply have something to act on
      const openid = p.followers.keys().next().value ?? 'oFakeCommenter';
      t = { open: true, list: [{ user_comment_id: 1, openid, create_time: p.now(), content: '写得真好！', comment_type: 0 }] };
      comments.set(key, t);
    }
    return t;
  };
  const comment = (body: Record<string, unknown>) => thread(body).list.find((x) => x.user_comment_id === int(body.user_comment_id));
  // biome-ignore lint/suspicious/noConfusingVoidType: `fn` answers a reply or nothing (then the default ok)
  const onComment = (fn: (c: Comment, body: Record<string, unknown>) => Record<string, unknown> | void) => (call: Parameters<Routes[string]>[0]) => {
    const body = bodyOf(call);
    const c = comment(body);
    return c ? (fn(c, body) ?? ok()) : err(88010, 'comment not exist');
  };
  const list = (from: Map<string, { news_item: Article[]; update_time: number }>, key: string, body: Record<string, unknown>) => {
    const all = [...from];
    const item = page(all, body.offset, body.count).map(([id, d]) => ({
      [key]: id,
      content: { news_item: body.no_content === 1 ? withoutContent(d.news_item) : structuredClone(d.news_item) },
      update_time: d.update_time,
    }));
    return { total_count: all.length, item_count: item.length, item };
  };

  return {
    '/cgi-bin/draft/add': (c) => {
      const articles = bodyOf(c).articles;
      if (!Array.isArray(articles) || articles.length < 1 || articles.length > 8) return err(45008, 'article size out of limit');
      const items = articles.map(toItem);
      if (items.some((x) => x === undefined)) return err(40007, 'invalid media_id: an article needs title, content and a permanent cover (thumb_media_id)');
      const id = `DRAFT_${p.key(24)}`;
      drafts.set(id, { news_item: items as Article[], update_time: p.now() });
      return { media_id: id };
    },
    '/cgi-bin/draft/get': (c) => {
      const d = drafts.get(String(bodyOf(c).media_id));
      return d ? { news_item: structuredClone(d.news_item) } : err(40007, 'invalid media_id');
    },
    '/cgi-bin/draft/delete': (c) => (drafts.delete(String(bodyOf(c).media_id)) ? ok() : err(40007, 'invalid media_id')),
    '/cgi-bin/draft/update': (c) => {
      const body = bodyOf(c);
      const d = drafts.get(String(body.media_id));
      if (!d) return err(40007, 'invalid media_id');
      const i = int(body.index) ?? -1;
      if (i < 0 || i >= d.news_item.length) return err(40097, 'invalid args: index');
      const item = toItem(body.articles);
      if (!item) return err(40007, 'invalid media_id: an article needs title, content and a permanent cover (thumb_media_id)');
      d.news_item[i] = item;
      d.update_time = p.now();
      return ok();
    },
    '/cgi-bin/draft/count': () => ({ total_count: drafts.size }),
    '/cgi-bin/draft/batchget': (c) => list(drafts, 'media_id', bodyOf(c)),
    '/cgi-bin/draft/switch': () => ({ is_open: 1 }),
    '/cgi-bin/freepublish/submit': (c) => {
      const id = String(bodyOf(c).media_id);
      const d = drafts.get(id);
      if (!d) return err(40007, 'invalid media_id');
      // the job finishes at once; the draft leaves the draft box
      drafts.delete(id);
      const publishId = p.nextId() + 2_247_000_000;
      const articleId = `ARTICLE_${p.key(32)}`;
      const msgDataId = p.nextId() + 2_247_500_000;
      published.set(articleId, { news_item: d.news_item, update_time: p.now() });
      jobs.set(String(publishId), { article_id: articleId, msg_data_id: msgDataId, count: d.news_item.length });
      return { publish_id: publishId, msg_data_id: msgDataId };
    },
    '/cgi-bin/freepublish/get': (c) => {
      const id = String(bodyOf(c).publish_id);
      const job = jobs.get(id);
      if (!job) return err(53600, 'invalid publish_id');
      const item = Array.from({ length: job.count }, (_, i) => ({ idx: i + 1, article_url: `http://mp.weixin.qq.com/s/${job.article_id.slice(-12)}${i + 1}` }));
      return {
        publish_id: Number(id),
        publish_status: published.has(job.article_id) ? 0 : 5,
        article_id: job.article_id,
        article_detail: { count: job.count, item },
        fail_idx: [],
      };
    },
    '/cgi-bin/freepublish/delete': (c) => (published.delete(String(bodyOf(c).article_id)) ? ok() : err(53600, 'invalid article_id')),
    '/cgi-bin/freepublish/getarticle': (c) => {
      const a = published.get(String(bodyOf(c).article_id));
      return a ? { news_item: structuredClone(a.news_item) } : err(53600, 'invalid article_id');
    },
    '/cgi-bin/freepublish/batchget': (c) => list(published, 'article_id', bodyOf(c)),
    '/cgi-bin/comment/open': (c) => {
      thread(bodyOf(c)).open = true;
      return ok();
    },
    '/cgi-bin/comment/close': (c) => {
      thread(bodyOf(c)).open = false;
      return ok();
    },
    '/cgi-bin/comment/list': (c) => {
      const body = bodyOf(c);
      const t = thread(body);
      if (!t.open) return err(88000, 'without comment privilege');
      const type = int(body.type) ?? 0;
      const all = t.list.filter((x) => type === 0 || (type === 2) === (x.comment_type === 1));
      return { total: all.length, comment: structuredClone(page(all, body.begin, body.count)) };
    },
    '/cgi-bin/comment/markelect': onComment((x) => void (x.comment_type = 1)),
    '/cgi-bin/comment/unmarkelect': onComment((x) => void (x.comment_type = 0)),
    '/cgi-bin/comment/delete': onComment((x, body) => {
      const t = thread(body);
      t.list = t.list.filter((y) => y !== x);
    }),
    '/cgi-bin/comment/reply/add': onComment((x, body) => {
      if (!text(body.content)) return err(44004, 'empty content');
      x.reply = { content: String(body.content), create_time: p.now() };
      return undefined;
    }),
    '/cgi-bin/comment/reply/delete': onComment((x) => void delete x.reply),
  };
}
