/**
 * Parametric QR codes (带参数二维码): temporary or permanent, with a numeric or string scene.
 */
import { checkInt, checkString, invalid, type Requester, type WeChatResult } from './requester.js';

/** Longest lifetime of a temporary code: 30 days. */
export const QRCODE_MAX_EXPIRE_SECONDS = 2_592_000;

/** What `client.qrcode.create` takes; exactly one of `sceneId` / `sceneStr`. */
export interface QrcodeCreateOptions {
  type: 'temporary' | 'permanent';
  /** Temporary: 1..4294967295 (32-bit, non-zero); permanent: 1..100000. */
  sceneId?: number;
  /** 1..64 characters. */
  sceneStr?: string;
  /** Temporary only: 1..2592000 seconds; WeChat's default is 30. */
  expireSeconds?: number;
}

/** Answer of `qrcode/create`. */
export interface QrcodeCreateResponse extends WeChatResult {
  /** Exchange it for the image with {@link showQrcodeUrl}. */
  ticket: string;
  /** Present for temporary codes. */
  expire_seconds?: number;
  /** The content encoded in the QR code, for rendering it yourself. */
  url: string;
}

function buildBody(o: QrcodeCreateOptions): Record<string, unknown> {
  if (o?.type !== 'temporary' && o?.type !== 'permanent') invalid("type must be 'temporary' or 'permanent'");
  const temporary = o.type === 'temporary';
  if ((o.sceneId === undefined) === (o.sceneStr === undefined)) invalid('give exactly one of sceneId and sceneStr');
  let scene: Record<string, unknown>;
  let action: string;
  if (o.sceneId !== undefined) {
    checkInt(o.sceneId, 'sceneId', 1, temporary ? 0xffffffff : 100_000);
    scene = { scene_id: o.sceneId };
    action = temporary ? 'QR_SCENE' : 'QR_LIMIT_SCENE';
  } else {
    checkString(o.sceneStr, 'sceneStr', 64);
    scene = { scene_str: o.sceneStr };
    action = temporary ? 'QR_STR_SCENE' : 'QR_LIMIT_STR_SCENE';
  }
  const body: Record<string, unknown> = { action_name: action, action_info: { scene } };
  if (o.expireSeconds !== undefined) {
    if (!temporary) invalid('expireSeconds applies to temporary codes only');
    body.expire_seconds = checkInt(o.expireSeconds, 'expireSeconds', 1, QRCODE_MAX_EXPIRE_SECONDS);
  }
  return body;
}

/**
 * The image URL of a QR code ticket (no access_token needed; the ticket is URL-encoded).
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for an empty ticket.
 * @example
 * ```ts
 * showQrcodeUrl('gQH47joAAAAAAAAAASxodHRwOi8v') // 'https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQH47jo…'
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
export function showQrcodeUrl(ticket: string): string {
  checkString(ticket, 'ticket');
  return `https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
}

/**
 * QR code API group.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for a bad type, both or neither scene, a scene or expiry
 * out of range (temporary ≤ 2592000 s; permanent scene_id 1–100000; scene_str 1–64 characters).
 * @example
 * ```ts
 * const { ticket } = await client.qrcode.create({ type: 'temporary', sceneStr: 'login:42', expireSeconds: 600 })
 * const img = client.qrcode.showQrcodeUrl(ticket)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
export function qrcodeApi(r: Requester) {
  return {
    /** Creates a temporary or permanent QR code (permanent codes are limited to 100 000 per account). */
    async create(options: QrcodeCreateOptions): Promise<QrcodeCreateResponse> {
      const body = buildBody(options);
      return r.request('/cgi-bin/qrcode/create', { method: 'POST', body, idempotent: false });
    },
    /** The image URL of a ticket, as the root {@link showQrcodeUrl}. */
    showQrcodeUrl,
  };
}

/** The `client.qrcode` group. */
export type QrcodeApi = ReturnType<typeof qrcodeApi>;
