import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDirSync, PRIVATE_FILE_MODE } from '../common/private-files';

/**
 * JWT_SECRET wins. Otherwise a secret is generated into the data directory on first start and
 * reused, so tokens survive restarts. Several instances must share JWT_SECRET.
 */
export function resolveJwtSecret(envSecret: string | null, dataDir: string): string {
  if (envSecret) {
    if (envSecret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
    return envSecret;
  }
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  ensurePrivateDirSync(dataDir);
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  chmodSync(file, PRIVATE_FILE_MODE);
  return secret;
}
