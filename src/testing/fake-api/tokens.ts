// Token bookkeeping of the fake platform: classic tokens (each fetch supersedes the previous after
// an overlap), stable tokens (same token while valid, rotation 5 min early, force_refresh), and the
// token and JS-SDK ticket endpoints.
import { bodyOf, err, ok, type Platform, type Routes } from './kit.js';

/** One issued credential. */
export interface FakeToken {
  value: string;
  kind: 'classic' | 'stable';
  expiresAt: number;
  /** After this instant the platform answers 40001 "not latest". */
  supersededAt?: number;
}

/** Why a token is refused, as errcode + errmsg; `undefined` when valid. */
export type TokenVerdict = { errcode: number; errmsg: string } | undefined;

export class TokenBook {
  readonly tokens = new Map<string, FakeToken>();
  classic: FakeToken | undefined;
  stable: FakeToken | undefined;
  private seq = 0;

  /** @param label names the tokens (`FAKE_<label>_TOKEN_…`); default the kind (`CLASSIC`, `STABLE`). */
  constructor(
    private readonly now: () => number,
    private readonly ttl: number,
    private readonly overlap: number,
    private readonly label?: string,
  ) {}

  private mint(kind: 'classic' | 'stable'): FakeToken {
    this.seq++;
    const value = `FAKE_${this.label ?? kind.toUpperCase()}_TOKEN_${this.seq}_${Math.random().toString(36).slice(2, 12)}`;
    const t: FakeToken = { value, kind, expiresAt: Math.floor(this.now()) + this.ttl };
    this.tokens.set(value, t);
    return t;
  }

  issueClassic(): FakeToken {
    const t = this.now();
    for (const old of this.tokens.values()) {
      if (old.kind === 'classic' && old.supersededAt === undefined) old.supersededAt = t + this.overlap;
    }
    this.classic = this.mint('classic');
    return this.classic;
  }

  issueStable(force: boolean): FakeToken {
    const t = this.now();
    const cur = this.stable;
    if (force) {
      for (const old of this.tokens.values()) if (old.kind === 'stable' && old.supersededAt === undefined) old.supersededAt = t;
      return (this.stable = this.mint('stable'));
    }
    // Normal mode: same token while more than the overlap remains; rotate early, keep the old one valid.
    if (cur && cur.supersededAt === undefined && cur.expiresAt - t > this.overlap) return cur;
    return (this.stable = this.mint('stable'));
  }

  check(value: string | null): TokenVerdict {
    if (value === null || value === '') return { errcode: 41001, errmsg: 'access_token missing' };
    const tok = this.tokens.get(value);
    const t = this.now();
    if (!tok) return { errcode: 40014, errmsg: 'invalid access_token' };
    if (tok.supersededAt !== undefined && t >= tok.supersededAt) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (t >= tok.expiresAt) return { errcode: 42001, errmsg: 'access_token expired' };
    return undefined;
  }

  /** Makes every token expired now (42001), as two hours passing would. */
  expireAll(): void {
    const t = Math.floor(this.now());
    for (const tok of this.tokens.values()) tok.expiresAt = Math.min(tok.expiresAt, t);
  }

  /** Expires every token at once (e.g. to simulate a secret reset). */
  revokeAll(): void {
    const t = this.now();
    for (const tok of this.tokens.values()) tok.supersededAt = Math.min(tok.supersededAt ?? t, t);
  }
}

/**
 * `/cgi-bin/token`, `/cgi-bin/stable_token` (no access_token needed) and `ticket/getticket`
 * (JS-SDK tickets: one per type, re-issued when expired).
 */
export function tokenRoutes(book: TokenBook, p: Platform): { open: Routes; authenticated: Routes } {
  const tickets = new Map<string, { ticket: string; expiresAt: number }>();
  const answer = (t: FakeToken) => ({ access_token: t.value, expires_in: t.expiresAt - p.now() });
  return {
    open: {
      '/cgi-bin/token': (c) => {
        if (c.query['grant_type'] !== 'client_credential') return err(40002, 'invalid grant_type');
        return p.credentialError(c.query['appid'], c.query['secret']) ?? answer(book.issueClassic());
      },
      '/cgi-bin/stable_token': (c) => {
        const body = bodyOf(c);
        if (c.method !== 'POST') return err(43002, 'require POST method');
        if (body['grant_type'] !== 'client_credential') return err(40002, 'invalid grant_type');
        return p.credentialError(body['appid'], body['secret']) ?? answer(book.issueStable(body['force_refresh'] === true));
      },
    },
    authenticated: {
      '/cgi-bin/ticket/getticket': (c) => {
        const type = c.query['type'] ?? 'jsapi';
        if (type !== 'jsapi' && type !== 'wx_card') return err(40097, 'invalid args');
        let t = tickets.get(type);
        if (!t || p.now() >= t.expiresAt) {
          t = { ticket: `FAKE_${type.toUpperCase()}_TICKET_${p.nextId()}_${p.key(12)}`, expiresAt: p.now() + 7200 };
          tickets.set(type, t);
        }
        return ok({ ticket: t.ticket, expires_in: t.expiresAt - p.now() });
      },
    },
  };
}
