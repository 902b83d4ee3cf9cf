import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Achievement } from '../achievements/achievement.entity';
import { isPostgres } from '../database/dialect';
import { GenerateSql } from '../database/generate-sql';
import { emOf, type Tx } from '../database/tx';
import { User } from '../users/user.entity';
import { ExpertFlag } from './expert-flag.entity';
import { ExpertProfile } from './expert-profile.entity';

/**
 * What the pool's readers may hand in while the move of ADR 0009 is under way: a `Tx`, or the
 * EntityManager of a caller in another folder that still holds one (the console's worklists).
 * Narrows to `Tx` once no such caller is left.
 */

/** A profile's fields as the office writes them. */
export type ProfileValues = Omit<ExpertProfile, 'id' | 'user'>;

/** The pool's reads and the office's writes to it: expert accounts, profiles and flags. */
@Injectable()
export class ExpertsRepository {
  constructor(private readonly em: EntityManager) {}

  /** The caller's unit of work, or (null, as in the SQL snapshots) a fork of its own. */
  private on(tx: Tx | null): EntityManager {
    return tx ? emOf(tx) : this.em.fork();
  }

  /**
   * The ids of users with the expert role, found in SQL: the pool is read on every seating and
   * replacement, and hydrating every account of the province (units, bodies, office) with its
   * organisation to keep the experts cost more than the rest of the seating.
   */
  @GenerateSql({ params: [null] })
  async expertIds(tx: Tx | null): Promise<string[]> {
    const em = this.on(tx);
    // Roles are a JSON array; as text it holds each role quoted, on both databases.
    const roles = isPostgres(em) ? '"roles"::text' : '"roles"';
    const rows = await (em as SqlEntityManager).execute<{ id: string }[]>(
      `select "id" from "app_user" where ${roles} like ?`,
      ['%"expert"%'],
    );
    return rows.map((r) => r.id);
  }

  /** The given users with their organisation, by user name. */
  users(tx: Tx, ids: readonly string[]): Promise<User[]> {
    return emOf(tx).find(
      User,
      { id: { $in: [...ids] } },
      { populate: ['organization'], orderBy: { username: 'asc' } },
    );
  }

  profiles(tx: Tx, userIds: readonly string[]): Promise<ExpertProfile[]> {
    return emOf(tx).find(ExpertProfile, { user: { $in: [...userIds] } });
  }

  /** Writes an expert's profile: the one they have, or a new one. */
  async saveProfile(
    tx: Tx,
    user: User,
    profile: ExpertProfile | null,
    values: ProfileValues,
  ): Promise<void> {
    const em = emOf(tx);
    if (profile) em.assign(profile, values);
    else em.create(ExpertProfile, { user, ...values });
    await em.flush();
  }

  async itemExists(tx: Tx, id: string): Promise<boolean> {
    return (await emOf(tx).findOne(Achievement, id)) !== null;
  }

  async addFlag(
    tx: Tx,
    flag: Pick<ExpertFlag, 'reason' | 'raisedAt'> & {
      expert: string;
      achievement: string | null;
      raisedBy: string;
    },
  ): Promise<ExpertFlag> {
    const em = emOf(tx);
    const row = em.create(ExpertFlag, flag);
    await em.flush();
    return row;
  }

  /** An expert's flags, oldest first. */
  flagsOf(tx: Tx, expertId: string): Promise<ExpertFlag[]> {
    return emOf(tx).find(ExpertFlag, { expert: expertId }, { orderBy: { raisedAt: 'asc' } });
  }
}
