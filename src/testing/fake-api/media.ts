// Temporary media (临时素材) and permanent material (永久素材) of the fake platform: uploads keep
// their bytes, downloads return them, counts and pages follow adds and deletes.
import { binary, bodyOf, err, ok, page, SAMPLE_JPEG, type FakeCall, type Platform, type Routes } from './kit.js';

type Kind = 'image' | 'voice' | 'video' | 'thumb';

interface Stored {
  type: Kind;
  name: string;
  bytes: Uint8Array;
  contentType: string;
  at: number;
  url?: string;
  video?: { title: string; introduction: string };
}

const KINDS: readonly string[] = ['image', 'voice', 'video', 'thumb'];

/** The uploaded file of a multipart body (field `media`), read once. */
async function fileOf(c: FakeCall): Promise<{ name: string; bytes: Uint8Array; contentType: string } | undefined> {
  const form = c.body;
  if (!(form instanceof FormData)) return undefined;
  const file = form.get('media');
  if (!(file instanceof Blob)) return undefined;
  return {
    name: file instanceof File ? file.name : 'media',
    bytes: new Uint8Array(await file.arrayBuffer()),
    contentType: file.type || 'application/octet-stream',
  };
}

/** The media and material state of the fake. */
export interface MediaPlatform {
  routes: Routes;
  /** Reads the upload of a multipart call before it is routed (FormData is read asynchronously). */
  prepare(c: FakeCall): Promise<void>;
  /** True when `id` is a permanent image or thumb (what articles may use as a cover). */
  isCover(id: unknown): boolean;
}

/**
 * Temporary media and permanent material of the fake, keeping the uploaded bytes.
 *
 * @example
 * ```ts
 * const media = mediaPlatform(platform); await media.prepare(call)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 */
export function mediaPlatform(p: Platform): MediaPlatform {
  const temporary = new Map<string, Stored>();
  const permanent = new Map<string, Stored>();
  const uploads = new WeakMap<FakeCall, { name: string; bytes: Uint8Array; contentType: string }>();

  const store = (c: FakeCall, into: Map<string, Stored>): [string, Stored] | Record<string, unknown> => {
    const type = c.query['type'] ?? '';
    if (!KINDS.includes(type)) return err(40004, 'invalid media type');
    const file = uploads.get(c);
    if (!file) return err(41005, 'media data missing');
    if (!/\.[A-Za-z0-9]+$/.test(file.name)) return err(40005, 'invalid file type');
    const id = `${type === 'thumb' ? 'THUMB' : 'MEDIA'}_${p.key(24)}`;
    const item: Stored = { type: type as Kind, name: file.name, bytes: file.bytes, contentType: file.contentType, at: p.now() };
    if (type === 'image') item.url = `http://mmbiz.qpic.cn/mmbiz_jpg/${p.key(16)}/0?wx_fmt=jpeg`;
    into.set(id, item);
    return [id, item];
  };

  const download = (c: FakeCall, voiceHd: boolean) => {
    const id = c.query['media_id'];
    // WeChat answers a failed download with JSON labelled text/plain
    if (!id) return new Response('{"errcode":40007,"errmsg":"invalid media_id"}', { headers: { 'content-type': 'text/plain' } });
    const item = temporary.get(id);
    if (item?.type === 'video') return { video_url: `http://vweixinf.tc.qq.com/fake/${id}.mp4` };
    if (voiceHd) return binary(item?.bytes ?? new Uint8Array([0x53, 0x70, 0x65, 0x65, 0x78]), 'voice/speex', `${id}.speex`);
    // ids the fake did not issue (e.g. from a simulated push) still download: a sample JPEG
    return binary(item?.bytes ?? SAMPLE_JPEG, item?.contentType ?? 'image/jpeg', item?.name ?? `${id}.jpg`);
  };

  const listItem = (id: string, m: Stored): Record<string, unknown> => {
    const out: Record<string, unknown> = { media_id: id, name: m.name, update_time: m.at };
    if (m.url !== undefined) out.url = m.url;
    return out;
  };

  const routes: Routes = {
    '/cgi-bin/media/upload': (c) => {
      const r = store(c, temporary);
      if (!Array.isArray(r)) return r;
      const [id, item] = r;
      return item.type === 'thumb' ? { type: 'thumb', thumb_media_id: id, created_at: item.at } : { type: item.type, media_id: id, created_at: item.at };
    },
    '/cgi-bin/media/get': (c) => download(c, false),
    '/cgi-bin/media/get/jssdk': (c) => download(c, true),
    '/cgi-bin/media/uploadimg': (c) =>
      uploads.has(c) ? { url: `http://mmbiz.qpic.cn/mmbiz_png/${p.key(16)}/0?wx_fmt=png` } : err(41005, 'media data missing'),
    '/cgi-bin/media/uploadnews': (c) => {
      const articles = bodyOf(c).articles;
      if (!Array.isArray(articles) || articles.length < 1 || articles.length > 8) return err(45008, 'article size out of limit');
      return { type: 'news', media_id: `NEWS_${p.key(24)}`, created_at: p.now() };
    },
    '/cgi-bin/media/uploadvideo': (c) => {
      if (typeof bodyOf(c).media_id !== 'string') return err(40007, 'invalid media_id');
      return { type: 'video', media_id: `MPVIDEO_${p.key(24)}`, created_at: p.now() };
    },
    '/cgi-bin/material/add_material': (c) => {
      const form = c.body instanceof FormData ? c.body : undefined;
      let video: Stored['video'];
      if (c.query['type'] === 'video') {
        try {
          const d = JSON.parse(String(form?.get('description') ?? '')) as Record<string, unknown>;
          if (typeof d.title === 'string' && d.title) video = { title: d.title, introduction: typeof d.introduction === 'string' ? d.introduction : '' };
        } catch {
          // fall through to the error below
        }
        if (!video) return err(40097, 'invalid args: a video needs description {title, introduction}');
      }
      const r = store(c, permanent);
      if (!Array.isArray(r)) return r;
      const [id, item] = r;
      if (video) item.video = video;
      return item.url !== undefined ? { media_id: id, url: item.url } : { media_id: id };
    },
    '/cgi-bin/material/get_material': (c) => {
      const id = String(bodyOf(c).media_id);
      const m = permanent.get(id);
      if (!m) return err(40007, 'invalid media_id');
      if (m.video) return { title: m.video.title, description: m.video.introduction, down_url: `http://www.qq.com/fake/${id}.mp4` };
      return binary(m.bytes, m.contentType, m.name);
    },
    '/cgi-bin/material/del_material': (c) => (permanent.delete(String(bodyOf(c).media_id)) ? ok() : err(40007, 'invalid media_id')),
    '/cgi-bin/material/get_materialcount': () => {
      const n = (t: Kind) => [...permanent.values()].filter((m) => m.type === t).length;
      return { voice_count: n('voice'), video_count: n('video'), image_count: n('image') + n('thumb'), news_count: 0 };
    },
    '/cgi-bin/material/batchget_material': (c) => {
      const body = bodyOf(c);
      // thumbs are listed with the images; legacy news material cannot be created any more
      const all = [...permanent].filter(([, m]) => (body.type === 'image' ? m.type === 'image' || m.type === 'thumb' : m.type === body.type));
      const item = page(all, body.offset, body.count).map(([id, m]) => listItem(id, m));
      return { total_count: all.length, item_count: item.length, item };
    },
  };

  return {
    routes,
    async prepare(c) {
      const file = await fileOf(c);
      if (file) uploads.set(c, file);
    },
    isCover: (id) => {
      const m = typeof id === 'string' ? permanent.get(id) : undefined;
      return m !== undefined && (m.type === 'image' || m.type === 'thumb');
    },
  };
}
