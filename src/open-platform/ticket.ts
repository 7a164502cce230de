/**
 * The component_verify_ticket (验证票据): pushed every 10 minutes, valid 12 hours, kept in the
 * token cache so that every instance uses the latest one — and keeps using it when a push is
 * missed, as the platform recommends.
 */
import { isCredentialSyntax, scrubCause, validEntry } from '../client/credential.js';
import type { TokenCache } from '../client/types.js';
import { WxmpError } from '../errors.js';

/** How long a ticket is valid (and kept): 12 hours. */
export const TICKET_TTL_SECONDS = 12 * 3600;

/** The ticket of one component in a {@link TokenCache}. */
export class TicketBox {
  constructor(
    private readonly cache: TokenCache,
    private readonly key: string,
    private readonly now: () => number,
    private readonly scrub: (text: string) => string,
  ) {}

  /**
   * Stores a pushed ticket for 12 hours, replacing the previous one.
   *
   * @throws {WxmpError} `INVALID_ARGUMENT` for a value that cannot be a ticket, `TOKEN_CACHE_FAILED` when the cache throws.
   */
  async save(ticket: string): Promise<void> {
    if (!isCredentialSyntax(ticket)) throw new WxmpError('INVALID_ARGUMENT', 'component_verify_ticket must be 8-2048 printable ASCII characters');
    const entry = { accessToken: ticket, expiresAt: Math.floor(this.now()) + TICKET_TTL_SECONDS };
    try {
      await this.cache.set(this.key, entry, TICKET_TTL_SECONDS);
    } catch (e) {
      throw new WxmpError('TOKEN_CACHE_FAILED', 'component_verify_ticket cache write failed', { cause: scrubCause(e, this.scrub) });
    }
  }

  /**
   * The latest ticket still inside its 12 hours.
   *
   * @throws {WxmpError} `OPEN_TICKET_MISSING` when none is stored (or it is older than 12 h), `TOKEN_CACHE_FAILED` when the cache throws.
   */
  async read(): Promise<string> {
    let raw: unknown;
    try {
      raw = await this.cache.get(this.key);
    } catch (e) {
      throw new WxmpError('TOKEN_CACHE_FAILED', 'component_verify_ticket cache read failed', { cause: scrubCause(e, this.scrub) });
    }
    const entry = validEntry(raw);
    if (!entry || entry.expiresAt <= this.now()) {
      throw new WxmpError(
        'OPEN_TICKET_MISSING',
        'no component_verify_ticket received in the last 12 hours: WeChat pushes one to the 授权事件接收URL every 10 minutes (is createComponentWebhook mounted there, and the token cache shared between instances?)',
      );
    }
    return entry.accessToken;
  }
}
