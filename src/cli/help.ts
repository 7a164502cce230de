// Usage texts of the `wxmp` CLI.

/** `wxmp --help`. */
export const HELP = `wxmp — tools for WeChat Official Account (微信公众号) servers

Usage:
  wxmp simulate [options] <message>   send a signed push, like WeChat does, and print the reply
  wxmp --help | --version

Run \`wxmp simulate --help\` for the messages and options, \`wxmp simulate events\` for the events.

Example (against \`npm start\`):
  wxmp simulate --token <token> text "你好"
`;

/** `wxmp simulate --help`. */
export const SIMULATE_HELP = `wxmp simulate — act as the WeChat server: send a signed (and encrypted) push to your
server URL, then verify, decrypt and print its passive reply (被动回复).

Usage:
  wxmp simulate [options] text <content>
  wxmp simulate [options] image [picUrl] [--media-id ID]
  wxmp simulate [options] voice [--recognition TEXT] [--format amr] [--media-id ID]
  wxmp simulate [options] video|shortvideo [--media-id ID]
  wxmp simulate [options] location [--x LAT --y LNG --scale N --label TEXT]
  wxmp simulate [options] link [url] [--title T --description D]
  wxmp simulate [options] event subscribe [--scene VALUE]      (关注; --scene: followed via a QR code)
  wxmp simulate [options] event unsubscribe
  wxmp simulate [options] event SCAN --scene VALUE             (an existing follower scanned a QR code)
  wxmp simulate [options] event CLICK --key MENU_KEY           (menu click, e.g. V1001_TODAY_MUSIC)
  wxmp simulate [options] event VIEW --key URL
  wxmp simulate [options] event LOCATION [--latitude N --longitude N --precision N]
  wxmp simulate [options] event <Name> [--key K] [--field Name=Value …]
                                                               (any of the 28 documented events, with the fields
                                                               WeChat always sends: scancode_push, pic_weixin,
                                                               TEMPLATESENDJOBFINISH, subscribe_msg_popup_event…)
  wxmp simulate events                                         (list the documented events and their options)
  wxmp simulate [options] verify [echostr] [--encrypted]       (the GET URL verification, 接入验证)

Options:
  --url URL          server URL (default http://127.0.0.1:3000/wechat)
  --token T          the server's Token (令牌); default $WECHAT_TOKEN
  --aes-key K        EncodingAESKey (43 characters); default $WECHAT_AES_KEY
  --app-id A         AppID; default $WECHAT_APP_ID. With --aes-key, pushes are encrypted
  --mode M           plaintext | compatible | safe (default: safe with a key, else plaintext; $WECHAT_MODE)
  --openid O         the sender's OpenID (FromUserName)
  --to GH            the account's original id (ToUserName, gh_…)
  --field Name=Value add or override an XML element of the push (repeatable); Parent.Child=Value
                     sets a nested one, e.g. --field ScanCodeInfo.ScanResult=https://example.com
  --timeout MS       give up after MS milliseconds (default 10000; WeChat itself waits 5000)
  --json             print one JSON object instead of text
  -h, --help         this help

Prefer the environment variables for secrets: command lines are visible to other local users.
Output is coloured on a terminal; set NO_COLOR=1 to turn colour off.
Exit status: 0 the server answered correctly; 1 network error, HTTP error or invalid reply;
2 usage error.
`;
