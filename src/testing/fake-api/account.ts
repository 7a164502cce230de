// Account tools of the fake platform: parametric QR codes (tickets the showqrcode image endpoint
// accepts while they live), short keys (短key托管) and the basic endpoints (IP lists, network check,
// auto-reply rules).
import { binary, bodyOf, err, int, SAMPLE_JPEG, text, type FakeCall, type Platform, type Routes } from './kit.js';

const QR_DEFAULT_EXPIRE = 60; // seconds, when a temporary code is created without expire_seconds
const CALLBACK_IPS = ['101.226.62.77', '101.226.62.78', '101.226.62.79', '101.226.103.59', '101.226.103.60'];
const API_IPS = ['101.89.47.18', '101.91.34.103', '101.91.37.69'];

/** The QR code and short-key state of the fake. */
export interface AccountPlatform {
  routes: Routes;
  /** The scene (`scene_str`, or `scene_id` as a string) of a live ticket, else `undefined`. */
  qrcodeScene(ticket: string): string | undefined;
}

/**
 * QR codes, short keys and the basic endpoints of the fake, with their state.
 *
 * @example
 * ```ts
 * const account = accountPlatform(platform); account.qrcodeScene(ticket)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
export function accountPlatform(p: Platform): AccountPlatform {
  const qrcodes = new Map<string, { scene: string; expiresAt: number }>();
  const shortKeys = new Map<string, { long_data: string; create_time: number; expiresAt: number }>();

  const live = (ticket: string) => {
    const q = qrcodes.get(ticket);
    return q && p.now() < q.expiresAt ? q : undefined;
  };

  const createQrcode = (c: FakeCall) => {
    const body = bodyOf(c);
    const action = String(body.action_name);
    const scene = (body.action_info as { scene?: Record<string, unknown> } | undefined)?.scene ?? {};
    const temporary = action === 'QR_SCENE' || action === 'QR_STR_SCENE';
    if (!temporary && action !== 'QR_LIMIT_SCENE' && action !== 'QR_LIMIT_STR_SCENE') return err(40097, 'invalid args: action_name');
    const value = action.endsWith('STR_SCENE') ? text(scene.scene_str) : int(scene.scene_id) !== undefined ? String(scene.scene_id) : undefined;
    if (value === undefined) return err(40097, 'invalid args: scene');
    const expire = temporary ? Math.min(int(body.expire_seconds) ?? QR_DEFAULT_EXPIRE, 2_592_000) : undefined;
    const code = p.key(22);
    const url = `http://weixin.qq.com/q/${code}`;
    // real tickets are base64 and may contain '+', '/' and '=': callers must URL-encode them
    const ticket = `gQ${btoa(`${url}#${p.nextId()}`).replace(/=+$/, '')}==`;
    qrcodes.set(ticket, { scene: value, expiresAt: expire === undefined ? Number.POSITIVE_INFINITY : p.now() + expire });
    return expire === undefined ? { ticket, url } : { ticket, expire_seconds: expire, url };
  };

  const routes: Routes = {
    '/cgi-bin/qrcode/create': createQrcode,
    // no access_token: the ticket is the credential; an unknown or expired one is a 404
    '/cgi-bin/showqrcode': (c) => (live(c.query['ticket'] ?? '') ? binary(SAMPLE_JPEG, 'image/jpg') : new Response('', { status: 404 })),
    '/cgi-bin/shorten/gen': (c) => {
      const body = bodyOf(c);
      const data = text(body.long_data);
      if (data === undefined) return err(47003, 'argument invalid! long_data');
      if (new TextEncoder().encode(data).length > 4096) return err(9410010, 'long_data too long');
      const expire = int(body.expire_seconds) ?? 2_592_000;
      if (expire < 1 || expire > 2_592_000) return err(9410011, 'expire_seconds out of range');
      const key = p.key(15);
      shortKeys.set(key, { long_data: data, create_time: p.now(), expiresAt: p.now() + expire });
      return { short_key: key };
    },
    '/cgi-bin/shorten/fetch': (c) => {
      const s = shortKeys.get(String(bodyOf(c).short_key));
      if (!s || p.now() >= s.expiresAt) return err(9410012, 'short_key not exist or expired');
      return { long_data: s.long_data, create_time: s.create_time, expire_seconds: s.expiresAt - p.now() };
    },
    '/cgi-bin/getcallbackip': () => ({ ip_list: [...CALLBACK_IPS] }),
    '/cgi-bin/get_api_domain_ip': () => ({ ip_list: [...API_IPS] }),
    '/cgi-bin/callback/check': (c) => {
      const { action, check_operator: op } = bodyOf(c);
      if (action !== 'dns' && action !== 'ping' && action !== 'all') return err(40097, 'invalid args: action');
      const operator = op === 'DEFAULT' || typeof op !== 'string' ? 'CAP' : op;
      const out: Record<string, unknown> = {};
      if (action !== 'ping') out.dns = [{ ip: '111.161.64.40', real_operator: operator }];
      if (action !== 'dns') out.ping = [{ ip: '111.161.64.40', from_operator: operator, package_loss: '0%', time: '23.079ms' }];
      return out;
    },
    '/cgi-bin/get_current_autoreply_info': () => ({
      is_add_friend_reply_open: 1,
      is_autoreply_open: 1,
      add_friend_autoreply_info: { type: 'text', content: '感谢关注！' },
      message_default_autoreply_info: { type: 'text', content: '你好，这是自动回复。' },
      keyword_autoreply_info: {
        list: [
          {
            rule_name: 'help',
            create_time: p.now(),
            reply_mode: 'reply_all',
            keyword_list_info: [{ type: 'text', match_mode: 'contain', content: '帮助' }],
            reply_list_info: [{ type: 'text', content: '发送任意文字，我会原样回复。' }],
          },
        ],
      },
    }),
  };
  return { routes, qrcodeScene: (ticket) => live(ticket)?.scene };
}
