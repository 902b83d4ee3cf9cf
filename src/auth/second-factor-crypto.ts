import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that encrypts TOTP secrets at rest (AES-256-GCM) and signs login challenges. TOTP_KEY
 * (base64 of 32 bytes) wins; otherwise a key is generated into DATA_DIR/totp-key (0600) on first
 * use and reused, the way jwt-secret.ts keeps the JWT secret. Whoever reads the database alone
 * cannot compute anyone's codes. Several instances must share TOTP_KEY (or DATA_DIR).
 */
export function resolveTotpKey(envKey: string | null, dataDir: string): Buffer {
  if (envKey) {
    const key = Buffer.from(envKey, 'base64');
    if (key.length !== 32) throw new Error('TOTP_KEY must be the base64 of 32 bytes');
    return key;
  }
  const file = join(dataDir, 'totp-key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another instance on the same DATA_DIR wrote it first; theirs is read below.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

/** "v1.<iv>.<tag>.<ciphertext>", base64url; the user id is bound in as associated data. */
export function encryptSecret(key: Buffer, userId: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(userId));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ct]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function decryptSecret(key: Buffer, userId: string, stored: string): string {
  const [version, iv, tag, ct] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || !ct) throw new Error('unknown TOTP secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(userId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}

/**
 * A login challenge: who passed the password step, which challenge this is, and until when (wall
 * clock, like token lifetimes). Signed under a key of its own, so it can never pass for an access
 * token (the JWT guard would refuse its signature) nor the other way round.
 */
export interface Challenge {
  sub: string;
  jti: string;
  exp: number;
}

function challengeMac(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key).update(`second-factor-challenge\0${body}`).digest();
}

export function signChallenge(key: Buffer, challenge: Challenge): string {
  const body = Buffer.from(JSON.stringify(challenge)).toString('base64url');
  return `${body}.${challengeMac(key, body).toString('base64url')}`;
}

/** The challenge if its signature holds and it has not expired; null otherwise. */
export function verifyChallenge(key: Buffer, token: string, nowMs: number): Challenge | null {
  const [body, mac] = token.split('.');
  if (!body || !mac) return null;
  const expected = challengeMac(key, body);
  const sent = Buffer.from(mac, 'base64url');
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return null;
  try {
    const parsed = JSON.parse(
      Buffer.from(body, 'base64url').toString('utf8'),
    ) as Partial<Challenge>;
    if (
      typeof parsed.sub !== 'string' ||
      typeof parsed.jti !== 'string' ||
      typeof parsed.exp !== 'number' ||
      parsed.exp * 1000 <= nowMs
    ) {
      return null;
    }
    return parsed as Challenge;
  } catch {
    return null;
  }
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes like "k7mq2-x9tpa", about 49 bits each: each opens one login without the app. */
export function newRecoveryCodes(count = 10): string[] {
  const limit = 256 - (256 % RECOVERY_ALPHABET.length);
  const codes: string[] = [];
  while (codes.length < count) {
    const chars = [...randomBytes(24)]
      .filter((b) => b < limit)
      .map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]);
    if (chars.length < 10) continue;
    codes.push(`${chars.slice(0, 5).join('')}-${chars.slice(5, 10).join('')}`);
  }
  return codes;
}

/** Recovery codes are random, not chosen: a plain SHA-256 is enough to keep them unreadable. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseCode(code)).digest('hex');
}

/** What a person typed, without spaces, hyphens or capitals. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}
