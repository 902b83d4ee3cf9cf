import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { LoginThrottle } from './login-throttle.entity';

/** A key's count after a failure. */
export interface ThrottleCount {
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
}

/**
 * The login limiter's rows, one per key. Each call is a statement of its own on a fork, and every
 * change is conditional, so instances sharing the database count each failure once.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly em: EntityManager) {}

  rows(keys: string[]): Promise<LoginThrottle[]> {
    return this.em.fork().find(LoginThrottle, { key: { $in: keys } });
  }

  row(key: string): Promise<LoginThrottle | null> {
    return this.em.fork().findOne(LoginThrottle, { key });
  }

  /** The first failure under a key; false when another instance inserted it meanwhile. */
  async insert(key: string, count: ThrottleCount): Promise<boolean> {
    try {
      await this.em.fork().insert(LoginThrottle, { key, ...count, loggedUntil: null });
      return true;
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) return false;
      throw err;
    }
  }

  /** The new count, if nobody changed it since it read `failures`; false when somebody did. */
  async update(key: string, failures: number, count: ThrottleCount): Promise<boolean> {
    return (await this.em.fork().nativeUpdate(LoginThrottle, { key, failures }, count)) === 1;
  }

  /** Notes that the block until `until` was logged; false when it already was. */
  async markLogged(key: string, until: Date): Promise<boolean> {
    const first = await this.em
      .fork()
      .nativeUpdate(
        LoginThrottle,
        { key, $or: [{ loggedUntil: null }, { loggedUntil: { $lt: until } }] },
        { loggedUntil: until },
      );
    return first === 1;
  }

  async forget(keys: string[]): Promise<void> {
    await this.em.fork().nativeDelete(LoginThrottle, { key: { $in: keys } });
  }

  async removeQuietSince(before: Date): Promise<void> {
    await this.em.fork().nativeDelete(LoginThrottle, { lastFailureAt: { $lt: before } });
  }
}
