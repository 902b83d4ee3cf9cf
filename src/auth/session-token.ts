/** What a session token (API bearer or console cookie) must carry, checked after its signature. */
export interface SessionClaims {
  /** The user id: a UUID. */
  sub: string;
  /** The session id: 32 random bytes, base64url. */
  sid: string;
  /** Seconds since the epoch; a token without it is refused. */
  exp: number;
}

/** Tokens are signed and verified with this algorithm only. */
export const TOKEN_ALGORITHM = 'HS256';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}

/**
 * The claims of a verified payload, or null when any is missing or of the wrong shape: a `sub`
 * that is an object (`{"$ne": null}`) would otherwise reach a database query as an operator, and
 * a token without `exp` would never expire.
 */
export function sessionClaims(payload: unknown): SessionClaims | null {
  if (!payload || typeof payload !== 'object') return null;
  const { sub, sid, exp } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !UUID.test(sub)) return null;
  if (!isSessionId(sid)) return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  return { sub, sid, exp };
}
