import { EntityManager, LockMode } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { emOf, type Tx } from '../database/tx';
import { User } from '../users/user.entity';

/** The lazy columns that hold a user's secrets, loaded only where a credential is checked. */
type Secret = 'passwordHash' | 'totpSecret' | 'recoveryCodeHashes';

/**
 * A user's credentials: the password hash, the authenticator's secret, the recovery codes and
 * the open login challenge. Changes run in the caller's transaction on the user's row, locked, so
 * two changes of one account (a code used twice at once, a reset during a change) queue.
 */
@Injectable()
export class CredentialsRepository {
  constructor(private readonly em: EntityManager) {}

  /** The user as the database has it now, with the secrets asked for; fails when there is none. */
  current(userId: string, secrets: readonly Secret[] = []): Promise<User> {
    return this.em.fork().findOneOrFail(User, userId, { populate: secrets as never[] });
  }

  /** An active user with the password hash, as the database has it now. */
  activeWithPassword(userId: string): Promise<User | null> {
    return this.em
      .fork()
      .findOne(User, { id: userId, active: true }, { populate: ['passwordHash'] });
  }

  /** The user's row, locked until `tx` ends, with the secrets asked for; null when there is none. */
  lock(tx: Tx, userId: string, secrets: readonly Secret[] = []): Promise<User | null> {
    return emOf(tx).findOne(User, userId, {
      lockMode: LockMode.PESSIMISTIC_WRITE,
      populate: secrets as never[],
    });
  }

  /** As `lock`, failing when there is no such user. */
  lockOrFail(tx: Tx, userId: string, secrets: readonly Secret[] = []): Promise<User> {
    return emOf(tx).findOneOrFail(User, userId, {
      lockMode: LockMode.PESSIMISTIC_WRITE,
      populate: secrets as never[],
    });
  }

  /** As `lock`, for an active user only. */
  lockActive(tx: Tx, userId: string, secrets: readonly Secret[] = []): Promise<User | null> {
    return emOf(tx).findOne(
      User,
      { id: userId, active: true },
      { lockMode: LockMode.PESSIMISTIC_WRITE, populate: secrets as never[] },
    );
  }

  /**
   * Makes `jti` the user's one open challenge, its wrong codes counted from naught; false when the
   * user has no second factor.
   */
  async openChallenge(userId: string, jti: string): Promise<boolean> {
    const updated = await this.em
      .fork()
      .nativeUpdate(
        User,
        { id: userId, totpEnabledAt: { $ne: null } },
        { secondFactorChallenge: jti, secondFactorFailures: 0 },
      );
    return updated === 1;
  }
}
