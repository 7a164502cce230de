// @ts-check
// The echo bot's behaviour — every scenario of the classic 公众号 tutorials — as a wxmp router.
//
// The wxmp module is a PARAMETER (`createBot(wxmp)`) instead of an import: server.mjs passes the
// built package (dist/), while the tests pass the compiled TypeScript sources, so the same file is
// tested without a build step or a module loader. In your own app, simply write
// `import { createRouter } from 'wxmp'`.

/** Answers to the menu buttons (自定义菜单 CLICK keys); any other key gets a generic answer. */
export const MENU_ANSWERS = Object.freeze({
  V1001_TODAY_MUSIC: "🎵 今日歌曲：《小幸运》 (Today's song)",
  V1001_TODAY_SINGER: '🎤 歌手简介：这里是今天的歌手介绍 (About the singer)',
  V1001_GOOD: '👍 谢谢你的赞！(Thanks for the like!)',
});

/** Names of the message types the bot does not handle, for the fallback text. */
const KIND_NAMES = Object.freeze({
  video: '视频 video',
  shortvideo: '小视频 short video',
  location: '位置 location',
  link: '链接 link',
  file: '文件 file',
});

/** @param {string} content */
const text = (content) => /** @type {const} */ ({ msgType: 'text', content });

/**
 * Creates the echo bot's handler.
 *
 * - text → the same text; voice → its speech recognition (语音识别) text, or a hint when it is off;
 *   image → the same image back (by MediaId)
 * - subscribe → thanks, with the QR scene (二维码场景值) when the user followed through a QR code;
 *   SCAN → the scene; CLICK → the menu key's answer
 * - any other message → a friendly fallback text; any other event (unsubscribe, LOCATION reports,
 *   VIEW…) → no reply (`success`), since the user would not see it or it would be spam
 *
 * @param {Pick<typeof import('wxmp'), 'createRouter'>} wxmp the wxmp module (`import * as wxmp from 'wxmp'`)
 */
export function createBot(wxmp) {
  return wxmp
    .createRouter()
    .text((m) => text(m.content))
    .on('voice', (m) =>
      text(
        m.recognition
          ? m.recognition
          : '🎙 收到语音。开启「语音识别」后，我就能把你说的话读出来。(Voice received; turn on speech recognition to have it echoed.)',
      ),
    )
    .on('image', (m) => ({ msgType: 'image', mediaId: m.mediaId }))
    .event('subscribe', (m) =>
      text(
        m.scene
          ? `感谢关注！你是扫描二维码关注的，场景值：${m.scene} (Thanks for following! QR scene: ${m.scene})`
          : '感谢关注！发送任意文字，我会原样回复。(Thanks for following! Send any text and I will echo it.)',
      ),
    )
    .event('SCAN', (m) => text(`你扫描了二维码，场景值：${m.scene} (You scanned the QR code with scene ${m.scene})`))
    .event('CLICK', (m) =>
      text(
        Object.hasOwn(MENU_ANSWERS, m.eventKey)
          ? MENU_ANSWERS[/** @type {keyof typeof MENU_ANSWERS} */ (m.eventKey)]
          : `你点击了菜单：${m.eventKey} (You clicked menu ${m.eventKey})`,
      ),
    )
    .fallback((m) => {
      // unrecognised events arrive as msgType 'unknown' with rawMsgType 'event'
      const type = m.msgType === 'unknown' ? m.rawMsgType : m.msgType;
      if (type === 'event') return undefined;
      const kind = Object.hasOwn(KIND_NAMES, type) ? KIND_NAMES[/** @type {keyof typeof KIND_NAMES} */ (type)] : type.slice(0, 32);
      return text(`🤖 暂时还不会处理这种消息（${kind}），发段文字试试吧！(I can't handle this kind of message yet — try sending some text!)`);
    });
}
