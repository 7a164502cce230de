/**
 * Custom menus (自定义菜单): create, read and delete the default menu and personalised
 * (conditional) menus.
 */
import { checkString, invalid, type Requester, type WeChatResult } from './requester.js';

/** Button types that carry a `key` and push an event. */
export type MenuKeyButtonType = 'click' | 'scancode_push' | 'scancode_waitmsg' | 'pic_sysphoto' | 'pic_photo_or_album' | 'pic_weixin' | 'location_select';

/** One menu button, as WeChat spells it; sub-menus carry `sub_button` instead of a type. */
export type MenuButton =
  | { type: MenuKeyButtonType; name: string; key: string }
  | { type: 'view'; name: string; url: string }
  | { type: 'miniprogram'; name: string; url: string; appid: string; pagepath: string }
  | { type: 'media_id' | 'view_limited'; name: string; media_id: string }
  | { type: 'article_id' | 'article_view_limited'; name: string; article_id: string }
  | { name: string; sub_button: MenuButton[] };

/** Targeting of a conditional menu; at least one field must be set. */
export interface MenuMatchRule {
  tag_id?: string;
  /** `'1'` iOS, `'2'` Android, `'3'` others. */
  client_platform_type?: string;
  sex?: string;
  country?: string;
  province?: string;
  city?: string;
  language?: string;
}

/** Body of `menu/create`. */
export interface MenuCreateRequest {
  button: MenuButton[];
}

/** Answer of `menu/get`: the default menu and any conditional menus. */
export interface MenuGetResponse extends WeChatResult {
  menu: { button: MenuButton[]; menuid?: number };
  conditionalmenu?: { button: MenuButton[]; matchrule: MenuMatchRule; menuid: number }[];
}

/** Answer of `get_current_selfmenu_info` (includes menus set on the web console). */
export interface SelfMenuInfoResponse extends WeChatResult {
  /** 0 closed, 1 open. */
  is_menu_open: number;
  selfmenu_info?: { button: Record<string, unknown>[] };
}

// Platform limits: 1–3 top-level buttons, up to 5 entries per sub-menu.
function checkButtons(buttons: readonly MenuButton[] | undefined): void {
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) invalid('menu needs 1..3 top-level buttons');
  for (const b of buttons) {
    checkString(b?.name, 'button.name');
    if ('sub_button' in b && (!Array.isArray(b.sub_button) || b.sub_button.length > 5)) invalid('a sub-menu has at most 5 buttons');
  }
}

/**
 * Menu API group.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for 0 or more than 3 top-level buttons, more than 5 sub
 * buttons or an empty name (checked locally), plus the client's `API_ERROR`/`HTTP_*`.
 * @example
 * ```ts
 * await client.menu.create({ button: [{ type: 'click', name: 'Today', key: 'V1001_TODAY' }] })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 */
export function menuApi(r: Requester) {
  return {
    /** Replaces the default menu. */
    async create(menu: MenuCreateRequest): Promise<WeChatResult> {
      checkButtons(menu?.button);
      return r.request('/cgi-bin/menu/create', { method: 'POST', body: menu, idempotent: false });
    },
    /** Reads the menus set through the API. */
    async get(): Promise<MenuGetResponse> {
      return r.request('/cgi-bin/menu/get', { method: 'GET', idempotent: true });
    },
    /** Deletes the default menu and every conditional menu. */
    async delete(): Promise<WeChatResult> {
      return r.request('/cgi-bin/menu/delete', { method: 'GET', idempotent: false });
    },
    /**
     * Adds a conditional (personalised) menu.
     * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
     */
    async addConditional(menu: MenuCreateRequest & { matchrule: MenuMatchRule }): Promise<{ menuid: string } & WeChatResult> {
      checkButtons(menu?.button);
      if (!menu.matchrule || Object.keys(menu.matchrule).length === 0) invalid('matchrule must set at least one field');
      return r.request('/cgi-bin/menu/addconditional', { method: 'POST', body: menu, idempotent: false });
    },
    /** Deletes one conditional menu. */
    async deleteConditional(menuid: string | number): Promise<WeChatResult> {
      return r.request('/cgi-bin/menu/delconditional', { method: 'POST', body: { menuid: String(menuid) }, idempotent: false });
    },
    /** Shows which menu a user (OpenID or WeChat ID) would see. */
    async tryMatch(userId: string): Promise<{ button: MenuButton[] } & WeChatResult> {
      checkString(userId, 'userId');
      return r.request('/cgi-bin/menu/trymatch', { method: 'POST', body: { user_id: userId }, idempotent: true });
    },
    /**
     * Reads the menu currently in effect, whether set through the API or the web console.
     * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Querying_Custom_Menus.html
     */
    async getCurrentSelfMenuInfo(): Promise<SelfMenuInfoResponse> {
      return r.request('/cgi-bin/get_current_selfmenu_info', { method: 'GET', idempotent: true });
    },
  };
}

/** The `client.menu` group. */
export type MenuApi = ReturnType<typeof menuApi>;
