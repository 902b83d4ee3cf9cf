import {
  EntityManager,
  raw,
  sql,
  type FilterQuery,
  type RequiredEntityData,
} from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import type { UserRole } from '../../workflows/achievement.machine';
import { emOf, type Tx } from '../database/tx';
import { isPostgres } from '../database/dialect';
import { Organization } from '../organizations/organization.entity';
import { User } from './user.entity';

/** The security administrator's user search; every filter optional. */
export interface UserSearch {
  /** Part of the user name or the name, any case. */
  q?: string;
  role?: UserRole;
  active?: boolean;
  organizationId?: string;
}

/** `%text%` for LIKE with `%`, `_` and `\` taken literally (the ESCAPE clause is written out). */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** User names are one whatever their case: `ADMIN` is `admin` (the index on lower(username)). */
function byUsername(username: string) {
  return { [sql.lower('username')]: username.toLowerCase() };
}

/** An arbitrary constant naming "first-start bootstrap" among PostgreSQL advisory locks. */
const BOOTSTRAP_LOCK_KEY = 726_2027;

/** At most this many users in one answer; a search narrows it. */
export const USER_SEARCH_LIMIT = 500;

@Injectable()
export class UsersRepository {
  constructor(private readonly em: EntityManager) {}

  /** In the request's context, as the account administration's changes are flushed there. */
  withOrganization(id: string): Promise<User | null> {
    return this.em.findOne(User, id, { populate: ['organization'] });
  }

  organization(id: string): Promise<Organization | null> {
    return this.em.findOne(Organization, id);
  }

  /** Whether the name is taken, any case, in the request's context (or the caller's `tx`). */
  async usernameTaken(username: string, tx?: Tx): Promise<boolean> {
    return (await (tx ? emOf(tx) : this.em).count(User, byUsername(username))) > 0;
  }

  /** As `usernameTaken`, on a fork of its own. */
  async usernameExists(username: string): Promise<boolean> {
    return (await this.em.fork().count(User, byUsername(username))) > 0;
  }

  /** A new user in the request's context (or the caller's `tx`), written at the next flush. */
  create(data: RequiredEntityData<User>, tx?: Tx): User {
    return (tx ? emOf(tx) : this.em).create(User, data);
  }

  /** Writes the request context's changes (a created or edited account). */
  flush(): Promise<void> {
    return this.em.flush();
  }

  all(): Promise<User[]> {
    return this.em.find(User, {}, { populate: ['organization'], orderBy: { username: 'asc' } });
  }

  activeInOrganization(organizationId: string): Promise<User[]> {
    return this.em.find(User, { organization: organizationId, active: true });
  }

  /** An active user, fresh from the database (every request's authentication reads it). */
  active(id: string): Promise<User | null> {
    return this.em.fork().findOne(User, { id, active: true });
  }

  /** The user with the password hash (a lazy column), by name in any case. */
  withPasswordHash(username: string): Promise<User | null> {
    return this.em.fork().findOne(User, byUsername(username), { populate: ['passwordHash'] });
  }

  /**
   * Holds the first-start lock until `tx` ends: other instances starting at once on PostgreSQL
   * wait here and then find everything created. SQLite's one writer needs no lock.
   */
  async lockBootstrap(tx: Tx): Promise<void> {
    const em = emOf(tx);
    if (isPostgres(em)) {
      await em.getConnection().execute('select pg_advisory_xact_lock(?)', [BOOTSTRAP_LOCK_KEY]);
    }
  }

  organizationNamed(tx: Tx, name: string): Promise<Organization | null> {
    return emOf(tx).findOne(Organization, { name });
  }

  createOrganization(tx: Tx, data: RequiredEntityData<Organization>): Organization {
    return emOf(tx).create(Organization, data);
  }

  search(search: UserSearch): Promise<User[]> {
    const where: FilterQuery<User>[] = [];
    if (search.q) {
      const pattern = likePattern(search.q.trim());
      where.push({
        [raw(
          (alias) =>
            `(lower(${alias}.username) like ? escape '\\' or lower(${alias}.display_name) like ? escape '\\')`,
          [pattern, pattern],
        )]: [],
      });
    }
    if (search.role) {
      // roles is a JSON array of names; as text it holds "role" with its quotes.
      where.push({
        [raw((alias) => `cast(${alias}.roles as text) like ?`, [`%"${search.role}"%`])]: [],
      });
    }
    if (search.active !== undefined) where.push({ active: search.active });
    if (search.organizationId) where.push({ organization: search.organizationId });
    return this.em.find(User, where.length ? { $and: where } : {}, {
      populate: ['organization'],
      orderBy: { username: 'asc' },
      limit: USER_SEARCH_LIMIT,
    });
  }
}
