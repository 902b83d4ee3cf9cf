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
import { Organization } from '../organizations/organization.entity';
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
    { name: 'recommender, another city', params: [RECOMMENDER, { city: '宁波' }] },
  )
  async list(user: AuthUser, query: LibraryQuery): Promise<LibraryPage> {
    const sqlite = !isPostgres(this.em);
    const visibility = visibilityFilter(user);
    const plan = sqlite ? await this.sqlitePlan(user, query, visibility) : 'planner';
    // Nearly every entry is in a library state, and a domain or city is a fifteenth or a tenth of
    // them: on SQLite these stay off their indexes, so the plan walks the entries' (entered_at,
    // id) index and stops after a page instead of sorting every match (see `unselective`).
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
      item.push({
        ownerOrganization: unselective('city', 'city', query.city, sqlite && plan !== 'byCity'),
      });
    if (query.unit) item.push({ ownerOrganization: query.unit });
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
      ...(plan === 'walk' ? { indexHint: 'indexed by `library_entry_entered_at_id_index`' } : {}),
    });
    return { entries: page.items, nextCursor: page.hasNextPage ? page.endCursor : null };
  }

  /**
   * How SQLite is to find a page. It keeps no statistics (nothing runs ANALYZE), so left alone
   * it starts from the workflow table and sorts every library entry (about 78,000 at 100,000
   * items) before taking the page.
   * - `walk`: told to walk the entries' (entered_at, id) index in list order, it stops after a
   *   page when matches are common: the office's whole library or one city (a tenth), a
   *   recommender's own scope (the units reporting through it: their city's tenth).
   * - `byCity`: a recommender asking for another city than its own sees few of its items (none
   *   where bodies report within their city), and a walk would pass every entry to find them;
   *   the city's organisations (city index) and their items are read instead and the few matches
   *   sorted.
   * - `planner`: a unit (its own or the office's filter) owns a few hundred entries, which the
   *   owner index finds and sorts cheaply.
   */
  private async sqlitePlan(
    user: AuthUser,
    query: LibraryQuery,
    visibility: FilterQuery<Achievement> | null,
  ): Promise<'walk' | 'byCity' | 'planner'> {
    if (query.unit) return 'planner';
    if (!visibility) return 'walk';
    if (!user.roles.includes('recommender')) return 'planner';
    if (!query.city) return 'walk';
    const own = await this.em
      .fork()
      .findOne(Organization, user.organizationId, { fields: ['city'] });
    return own?.city === query.city ? 'walk' : 'byCity';
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
