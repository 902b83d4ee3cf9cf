import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * argon2id at the OWASP password-storage baseline (m = 19 MiB, t = 2, p = 1). Stronger settings
 * buy little against online guessing, which the login rate limit already stops, and cost every
 * login on a 2-core server. `verify` reads the parameters from the stored hash, so they can be
 * raised later without breaking existing passwords.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
@Injectable()
export class PasswordHasher {
  /** Verified against when a username is unknown, so both paths cost the same time. */
  private readonly decoy = argon2.hash('decoy-password-for-timing', OPTIONS);

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }
}
