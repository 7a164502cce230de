// Inputs shared by every case. Keys are the published WXBizMsgCrypt sample values (not secrets).
export const TOKEN = 'pamtest';
export const ENCODING_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const APP_ID = 'wxb11529c136998cb6';
export const TIMESTAMP = '1409304348';
export const NONCE = 'xxxxxx';
export const OPENID = 'oia2TjjewbmiOUlr6X-1crbLOvLw';
export const ACCOUNT = 'gh_7f083739789a';

/** A 6-field text message (文本消息). */
export function textXml(msgId = '1234567890123456', content = '你好，wxmp！Hello', createTime = 1348831860) {
  return (
    `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${OPENID}]]></FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>` +
    `<MsgId>${msgId}</MsgId></xml>`
  );
}

/** A flat 20-field event (card-event style: many scalar fields, CDATA and numbers mixed, with newlines as WeChat sends). */
export const EVENT20 = `<xml>
<ToUserName><![CDATA[${ACCOUNT}]]></ToUserName>
<FromUserName><![CDATA[${OPENID}]]></FromUserName>
<CreateTime>1442401156</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[user_get_card]]></Event>
<CardId><![CDATA[po2VNuCuRo-8sxxxxxxxxxxxxxxx]]></CardId>
<IsGiveByFriend>0</IsGiveByFriend>
<UserCardCode><![CDATA[226009850808]]></UserCardCode>
<FriendUserName><![CDATA[]]></FriendUserName>
<OuterId>0</OuterId>
<OldUserCardCode><![CDATA[]]></OldUserCardCode>
<OuterStr><![CDATA[12b]]></OuterStr>
<IsRestoreMemberCard>0</IsRestoreMemberCard>
<IsRecommendByFriend>0</IsRecommendByFriend>
<UnionId>o6_bmasdasdsad6_2sgVt7hMZOPfL</UnionId>
<SourceScene><![CDATA[SOURCE_SCENE_QRCODE]]></SourceScene>
<Latitude>23.137466</Latitude>
<Longitude>113.352425</Longitude>
<Precision>119.385040</Precision>
<MsgId>6054768590064713728</MsgId>
</xml>`;

/** A text message of 4 KB of UTF-8 (mixed Chinese and ASCII content). */
export const TEXT4K = (() => {
  let content = '微信公众号消息 wxmp benchmark line, 0123456789. '.repeat(80);
  while (Buffer.byteLength(textXml('6054768590064713729', content)) > 4096) content = content.slice(0, -1);
  return textXml('6054768590064713729', content);
})();
export const TEXT6 = textXml();

/** The object each message stands for, as JSON (the JSON.parse floor parses the same information). */
export function asJson(xml) {
  const out = {};
  for (const m of xml.matchAll(/<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g)) out[m[1]] = m[2] ?? m[3];
  return JSON.stringify(out);
}

/** Replies (what the handler returns) and their envelope. */
export const TEXT_REPLY = { msgType: 'text', content: '收到：你好，wxmp！Hello' };
export const NEWS_ARTICLES = [
  { title: 'wxmp 0.1 发布', description: '零依赖的公众号 SDK', picUrl: 'https://example.com/cover.jpg', url: 'https://example.com/post/1' },
  { title: 'Benchmarks', description: 'Side by side with the peers', picUrl: 'https://example.com/b.jpg', url: 'https://example.com/post/2' },
  { title: '安全模式', description: 'msg_signature + AES-256-CBC', picUrl: 'https://example.com/c.jpg', url: 'https://example.com/post/3' },
];
export const NEWS_REPLY = { msgType: 'news', articles: NEWS_ARTICLES };
export const REPLY_TO = { toUserName: OPENID, fromUserName: ACCOUNT, createTime: 1348831860 };
