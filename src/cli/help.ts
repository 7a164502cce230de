// Usage texts of the `wxmp` CLI.

/** `wxmp --help`. */
export const HELP = `wxmp — tools for WeChat Official Account (微信公众号) servers

Usage:
  wxmp simulate [options] <message>   send a signed push, like WeChat does, and print the reply
  wxmp token-server [options]         run the access_token central server (中控): GET /token, …
  wxmp proxy [options]                run the API proxy: callers never hold the token or the AppSecret
  wxmp --help | --version

Run \`wxmp simulate --help\` for the messages and options, \`wxmp simulate events\` for the events,
\`wxmp token-server --help\` and \`wxmp proxy --help\` for the servers' configuration.

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

const SERVER_OPTIONS = `Options:
  --config FILE      a JSON configuration (default $WXMP_CONFIG); any string in it may read
                     "env:NAME" to take the value from the environment (do that for secrets),
                     or "env:NAME:-default" for a value with a default
  --port N           overrides the config's "port" (else $WXMP_PORT, $PORT, 8700 / 8701);
                     0 picks a free port
  --host H           overrides the config's "host" (else $WXMP_HOST, 127.0.0.1)
  --verbose          log every answered request to stderr (refusals and failures always are)
  -h, --help         this help

With "redisUrl" ($REDIS_URL), the token cache, the refresh lock and the rate limits are shared
through Redis, using the redis or ioredis package installed in your project (wxmp bundles
neither; "redisClient" picks one). Secrets are never printed. SIGINT or SIGTERM stops the server.`;

/** \`wxmp token-server --help\`. */
export const TOKEN_SERVER_HELP = `wxmp token-server — the access_token central server (AccessToken 中控服务器): it alone
holds the AppSecrets, fetches and refreshes the tokens (in the background before expiry, and when a
caller reports a rejected token), and hands them to the business servers that present a key.

Usage:
  wxmp token-server --config token-server.json
  WECHAT_APP_ID=wx… WECHAT_APP_SECRET=… WXMP_CLIENT_KEYS=key1,key2 wxmp token-server

${SERVER_OPTIONS}

Config file:
  { "port": 8700,
    "accounts": [{ "appId": "wx…", "appSecret": "env:WECHAT_APP_SECRET" }],
    "clients": [{ "name": "shop", "key": "env:SHOP_KEY", "appIds": ["wx…"], "ratePerMinute": 600 }],
    "redisUrl": "env:REDIS_URL", "baseUrl": "https://api.weixin.qq.com", "tokenMode": "stable" }

Environment without a config file: WECHAT_APP_ID, WECHAT_APP_SECRET, WXMP_CLIENT_KEYS (comma-
separated; every key may use the account), WXMP_RATE_PER_MINUTE, REDIS_URL, WECHAT_BASE_URL.

HTTP (Authorization: Bearer <key>):
  GET  /token?appid=A                → {"access_token", "expires_at"}
  POST /token/invalidate {"appid": A, "rejected": "<token>"} → a token that is not the rejected one
  GET  /ticket?appid=A&type=jsapi|wx_card → {"ticket", "expires_at"}
  GET  /healthz (no key)
In your business servers: new WeChatClient({ appId, tokenProvider: remoteTokenProvider({ url, key }) }).
`;

/** \`wxmp proxy --help\`. */
export const PROXY_HELP = `wxmp proxy — the API proxy (API-Proxy 服务器): the one place that talks to the WeChat API.
Callers send the API request without a token and with their key; the proxy checks the key, the
caller's allow-list and rate, adds the access_token and forwards it (JSON, multipart uploads,
binary downloads). Callers never see the token or the AppSecret.

Usage:
  wxmp proxy --config proxy.json
  WECHAT_APP_ID=wx… WXMP_TOKEN_SERVER_URL=http://127.0.0.1:8700 WXMP_TOKEN_SERVER_KEY=… \\
    WXMP_PROXY_KEYS=key1 WXMP_PROXY_ALLOW=/cgi-bin/user/info,/cgi-bin/menu/* wxmp proxy

${SERVER_OPTIONS}

Config file (tokens from a token server, or "appSecret" to fetch them itself):
  { "port": 8701, "appId": "wx…",
    "tokenServer": { "url": "http://127.0.0.1:8700", "key": "env:PROXY_TOKEN_KEY" },
    "callers": [{ "name": "shop", "key": "env:SHOP_PROXY_KEY",
                  "allow": ["/cgi-bin/user/info", "/cgi-bin/menu/*"], "ratePerMinute": 600 }] }

Environment without a config file: WECHAT_APP_ID; WXMP_TOKEN_SERVER_URL + WXMP_TOKEN_SERVER_KEY,
or WECHAT_APP_SECRET; WXMP_PROXY_KEYS, WXMP_PROXY_ALLOW (comma-separated), WXMP_RATE_PER_MINUTE,
REDIS_URL, WECHAT_BASE_URL.

Answers: the platform's answer as sent (errcodes too, HTTP 200); 401 wrong key, 403 path not
allowed (never forwarded), 400 access_token sent by the caller, 429 + Retry-After over the rate,
502/504 when the platform cannot be reached.
`;
