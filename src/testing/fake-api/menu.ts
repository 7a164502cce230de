// Custom menus (自定义菜单) of the fake platform: the default menu and conditional menus carry
// over from create to get, trymatch and get_current_selfmenu_info; delete removes them all.
import { bodyOf, err, ok, text, type Platform, type Routes } from './kit.js';

type Button = Record<string, unknown>;

/** The menu the fake account starts with (the sample menu of WeChat's docs, keys of the echo bot). */
export const SAMPLE_MENU: readonly Button[] = [
  { type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC' },
  {
    name: '菜单',
    sub_button: [
      { type: 'view', name: '搜索', url: 'https://www.soso.com/' },
      { type: 'click', name: '赞一下我们', key: 'V1001_GOOD' },
    ],
  },
];

// get_current_selfmenu_info spells sub-menus as { name, sub_button: { list: [...] } }
function selfMenu(buttons: readonly Button[]): Button[] {
  return buttons.map((b) => (Array.isArray(b.sub_button) ? { name: b.name, sub_button: { list: b.sub_button } } : { ...b }));
}

function buttonsOf(body: Record<string, unknown>): Button[] | undefined {
  const b = body.button;
  return Array.isArray(b) && b.length >= 1 && b.length <= 3 && b.every((x) => typeof x === 'object' && x !== null && text((x as Button).name))
    ? (b as Button[])
    : undefined;
}

/**
 * Menu endpoints of the fake, starting with `initial` (or no menu for `null`).
 *
 * @example
 * ```ts
 * const routes = menuRoutes(platform, SAMPLE_MENU)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 */
export function menuRoutes(p: Platform, initial: readonly Button[] | null): Routes {
  let menu: { button: Button[]; menuid: number } | undefined = initial ? { button: structuredClone([...initial]), menuid: p.nextId() } : undefined;
  const conditional = new Map<string, { button: Button[]; matchrule: Record<string, unknown>; menuid: number }>();
  const none = () => err(46003, 'menu no exist');
  return {
    '/cgi-bin/menu/create': (c) => {
      const button = buttonsOf(bodyOf(c));
      if (!button) return err(40016, 'invalid button size');
      menu = { button: structuredClone(button), menuid: p.nextId() };
      return ok();
    },
    '/cgi-bin/menu/get': () => {
      if (!menu) return none();
      const out: Record<string, unknown> = { menu: structuredClone(menu) };
      if (conditional.size > 0) out.conditionalmenu = structuredClone([...conditional.values()]);
      return out;
    },
    '/cgi-bin/menu/delete': () => {
      menu = undefined;
      conditional.clear();
      return ok();
    },
    '/cgi-bin/menu/addconditional': (c) => {
      const body = bodyOf(c);
      const button = buttonsOf(body);
      if (!button) return err(40016, 'invalid button size');
      const matchrule = body.matchrule;
      if (typeof matchrule !== 'object' || matchrule === null || Object.keys(matchrule).length === 0) return err(65304, 'match rule empty');
      if (!menu) return err(65303, 'there is no selfmenu, please create selfmenu first');
      const menuid = p.nextId();
      conditional.set(String(menuid), { button: structuredClone(button), matchrule: { ...matchrule }, menuid });
      return { menuid: String(menuid) };
    },
    '/cgi-bin/menu/delconditional': (c) => {
      return conditional.delete(String(bodyOf(c).menuid)) ? ok() : err(65301, 'no such conditional menu');
    },
    '/cgi-bin/menu/trymatch': (c) => {
      if (!text(bodyOf(c).user_id)) return err(40003, 'invalid openid');
      return menu ? { button: structuredClone(menu.button) } : none();
    },
    '/cgi-bin/get_current_selfmenu_info': () => (menu ? { is_menu_open: 1, selfmenu_info: { button: selfMenu(menu.button) } } : { is_menu_open: 0 }),
  };
}
