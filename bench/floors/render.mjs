// Floor: template-string rendering of replies, no validation and no escaping.
export function renderText(to, from, time, content) {
  return `<xml><ToUserName><![CDATA[${to}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${time}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content></xml>`;
}

export function renderNews(to, from, time, articles) {
  let items = '';
  for (const a of articles) {
    items += `<item><Title><![CDATA[${a.title}]]></Title><Description><![CDATA[${a.description}]]></Description><PicUrl><![CDATA[${a.picUrl}]]></PicUrl><Url><![CDATA[${a.url}]]></Url></item>`;
  }
  return `<xml><ToUserName><![CDATA[${to}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${time}</CreateTime><MsgType><![CDATA[news]]></MsgType><ArticleCount>${articles.length}</ArticleCount><Articles>${items}</Articles></xml>`;
}

export function renderEncrypted(encrypt, signature, timestamp, nonce) {
  return `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`;
}
