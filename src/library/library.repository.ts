import { EntityManager, raw, type FilterQuery } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { visibilityFilter } from '../achievements/achievement-access';
import { unselective } from '../achievements/achievement-query';
import { Achievement } from '../achievements/achievement.entity';
import type { AuthUser } from '../access/auth-user';
import { isPostgres } from '../database/dialect';
import { GenerateSql } from '../database/generate-sql';
import { emOf, type Tx } from '../database/tx';
import { User } from '../users/user.entity';
import type { LibraryFlag, LibraryQuery } from './dto/library.dto';
import { LibraryEntry } from './library-entry.entity';
import { LibraryEvaluation } from './library-evaluation.entity';
import { LIBRARY_STATES } from './library-states';
import { ProgressUpdate } from './progress-update.entity';

const POPULATE = [
  'achievement',
  'achievement.workflow',
  'achievement.ownerOrganization',
  'achievement.domain',
] as const;

/** Fixed people for the SQL snapshots' examples. */
const OFFICE: AuthUser = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'office',
  displayName: '省办',
  roles: ['officeStaff'],
  organizationId: '00000000-0000-4000-8000-0000000000a1',
};
const RECOMMENDER: AuthUser = {
  id: '00000000-0000-4000-8000-000000000002',
  username: 'recommender',
  displayName: '推荐单位',
  roles: ['recommender'],
  organizationId: '00000000-0000-4000-8000-0000000000a2',
};
const UNIT = '00000000-0000-4000-8000-0000000000a3';

export interface LibraryPage {
  entries: LibraryEntry[];
  nextCursor: string | null;
}

/** The library's queries: entries, their tracking evaluations, flags and progress updates. */
@Injectable()
export class LibraryRepository {
  constructor(private readonly em: EntityManager) {}

  async hasEntry(tx: Tx, achievementId: string): Promise<boolean> {
    return !!(await emOf(tx).findOne(LibraryEntry, { achievement: achievementId }));
  }

  addEntry(
    tx: Tx,
    entry: { achievementId: string; enteredAt: Date; enteredYear: number; score: number | null },
  ): void {
    const em = emOf(tx);
    em.create(LibraryEntry, {
      id: randomUUID(),
      achievement: em.getReference(Achievement, entry.achievementId),
      enteredAt: entry.enteredAt,
      enteredYear: entry.enteredYear,
      score: entry.score,
      provincialAwardRecommended: false,
      nationalAwardRecommended: false,
      majorSpecialProject: false,
      latestProgressAt: null,
    });
  }

  /**
   * One page of the entries the user may see, newest entry first. A bad cursor throws the ORM's
   * error (the caller turns it into a field error).
   */
  @GenerateSql(
    { name: 'office', params: [OFFICE, {}] },
    {
      name: 'office, city and flag',
      params: [OFFICE, { city: '温州', flag: 'majorSpecialProject' }],
    },
    { name: 'office, unit', params: [OFFICE, { unit: UNIT }] },
    { name: 'recommender', params: [RECOMMENDER, {}] },
    { name: 'recommender, city', params: [RECOMMENDER, { city: '杭州' }] },
  )
  async list(user: AuthUser, query: LibraryQuery): Promise<LibraryPage> {
    // Nearly every entry is in a library state, and a domain or city is a fifteenth or a tenth of
    // them: on SQLite these stay off their indexes, so the plan walks the entries' (entered_at,
    // id) index and stops after a page instead of sorting every match (see `unselective`).
    const sqlite = !isPostgres(this.em);
    const item: FilterQuery<Achievement>[] = [
      {
        workflow: sqlite
          ? { [raw((alias) => `+${alias}.state in (?, ?)`, LIBRARY_STATES)]: [] }
          : { state: { $in: LIBRARY_STATES } },
      },
    ];
    if (query.domain) item.push(unselective('domain', 'domain_key', query.domain, sqlite));
    if (query.category) item.push({ category: query.category });
    if (query.city)
      item.push({ ownerOrganization: unselective('city', 'city', query.city, sqlite) });
    if (query.unit) item.push({ ownerOrganization: query.unit });
    const visibility = visibilityFilter(user);
    if (visibility) item.push(visibility);
    const where: FilterQuery<LibraryEntry> = { achievement: { $and: item } };
    if (query.year) where.enteredYear = query.year;
    if (query.minScore !== undefined || query.maxScore !== undefined) {
      where.score = {
        ...(query.minScore !== undefined ? { $gte: query.minScore } : {}),
        ...(query.maxScore !== undefined ? { $lte: query.maxScore } : {}),
      };
    }
    if (query.flag) where[query.flag] = true;
    const page = await this.em.fork().findByCursor(LibraryEntry, where, {
      first: query.limit ?? 20,
      after: query.cursor,
      orderBy: { enteredAt: 'desc', id: 'desc' },
      // The total is never shown; counting it joined and read every library entry on each page.
      includeCount: false,
      populate: POPULATE,
      ...(sqlite && walksListOrder(user, query)
        ? { indexHint: 'indexed by `library_entry_entered_at_id_index`' }
        : {}),
    });
    return { entries: page.items, nextCursor: page.hasNextPage ? page.endCursor : null };
  }

  /** The item's entry with the item, its workflow, owner and domain; null when it has none. */
  async entryOf(achievementId: string): Promise<LibraryEntry | null> {
    return this.em
      .fork()
      .findOne(LibraryEntry, { achievement: achievementId }, { populate: POPULATE });
  }

  /** The entry's row in the caller's transaction, to compare and change its flags. */
  async entryIn(tx: Tx, entryId: string): Promise<LibraryEntry> {
    return emOf(tx).findOneOrFail(LibraryEntry, entryId);
  }

  assignFlags(tx: Tx, entry: LibraryEntry, changes: Partial<Record<LibraryFlag, boolean>>): void {
    emOf(tx).assign(entry, changes);
  }

  async evaluationsOf(achievementId: string): Promise<LibraryEvaluation[]> {
    return this.em
      .fork()
      .find(
        LibraryEvaluation,
        { achievement: achievementId },
        { orderBy: { evaluatedOn: 'desc', recordedAt: 'desc' } },
      );
  }

  addEvaluation(
    tx: Tx,
    evaluation: Omit<LibraryEvaluation, 'achievement' | 'recordedBy'> & {
      achievementId: string;
      recordedBy: string;
    },
  ): void {
    const em = emOf(tx);
    const { achievementId, recordedBy, ...fields } = evaluation;
    em.create(LibraryEvaluation, {
      ...fields,
      achievement: em.getReference(Achievement, achievementId),
      recordedBy: em.getReference(User, recordedBy),
    });
  }

  /** The item's progress updates, newest first; `approvedOnly` for readers outside its review. */
  async progressOf(achievementId: string, approvedOnly: boolean): Promise<ProgressUpdate[]> {
    return this.em
      .fork()
      .find(
        ProgressUpdate,
        { achievement: achievementId, ...(approvedOnly ? { status: 'approved' as const } : {}) },
        { orderBy: { submittedAt: 'desc', id: 'desc' } },
      );
  }

  async progressOfItem(progressId: string, achievementId: string): Promise<ProgressUpdate | null> {
    return this.em.fork().findOne(ProgressUpdate, { id: progressId, achievement: achievementId });
  }

  async progress(progressId: string): Promise<ProgressUpdate> {
    return this.em.fork().findOneOrFail(ProgressUpdate, progressId);
  }

  addProgress(
    tx: Tx,
    update: {
      id: string;
      achievementId: string;
      title: string;
      content: string;
      submittedBy: string;
      submittedAt: Date;
    },
  ): void {
    const em = emOf(tx);
    em.create(ProgressUpdate, {
      id: update.id,
      achievement: em.getReference(Achievement, update.achievementId),
      title: update.title,
      content: update.content,
      submittedBy: em.getReference(User, update.submittedBy),
      submittedAt: update.submittedAt,
      status: 'pending',
    });
  }

  /** Decides a pending update; the number of rows changed (0 when someone decided it first). */
  async decideProgress(
    tx: Tx,
    progressId: string,
    decision: {
      status: 'approved' | 'rejected';
      decidedBy: string;
      decidedAt: Date;
      decisionComment: string | null;
    },
  ): Promise<number> {
    return emOf(tx).nativeUpdate(ProgressUpdate, { id: progressId, status: 'pending' }, decision);
  }
}

/**
 * Whether SQLite is told to walk the entries' (entered_at, id) index. It has no statistics of
 * the joined rows' values and otherwise starts from an index on a filter column, then sorts
 * every match (about 78,000 library entries at 100,000 items) before taking the page; in list
 * order it stops after a page when matches are common: the office's whole library, or a
 * recommender's city (a tenth of it). A unit owns a few hundred entries, which its index finds
 * and sorts cheaply, where the walk would pass the whole library.
 */
function walksListOrder(user: AuthUser, query: LibraryQuery): boolean {
  if (query.unit) return false;
  const scope = visibilityFilter(user);
  return !scope || (user.roles.includes('recommender') && !query.city);
}
