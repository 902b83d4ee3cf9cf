import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { LibraryEvaluation } from '../library/library-evaluation.entity';
import { LIBRARY_STATES } from '../library/library-states';
import type { RankingCandidate } from './release-ranking';
import { ReleaseEditionItem } from './release-edition-item.entity';

/** What the cycles' proposals read: the library's candidates, their ratings, recent features. */
@Injectable()
export class ProposalRepository {
  constructor(private readonly em: EntityManager) {}

  /** When each achievement was last featured in an edition issued since `since`. */
  async lastFeatured(since: Date): Promise<Map<string, Date>> {
    const featured = await this.em
      .fork()
      .find(
        ReleaseEditionItem,
        { selected: true, edition: { state: 'issued', issuedAt: { $gte: since } } },
        { populate: ['edition'] },
      );
    const lastFeaturedAt = new Map<string, Date>();
    for (const f of featured) {
      const at = f.edition.issuedAt!;
      const known = lastFeaturedAt.get(f.achievement.id);
      if (!known || known < at) lastFeaturedAt.set(f.achievement.id, at);
    }
    return lastFeaturedAt;
  }

  /** The tracking evaluations' ratings of each item, in chunks (SQLite's bound-parameter limit). */
  async ratings(ids: string[]): Promise<Map<string, string[]>> {
    const em = this.em.fork();
    const ratings = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += 500) {
      const evaluations = await em.find(
        LibraryEvaluation,
        { achievement: { $in: ids.slice(i, i + 500) } },
        { fields: ['achievement', 'rating'] },
      );
      for (const e of evaluations) {
        ratings.set(e.achievement.id, [...(ratings.get(e.achievement.id) ?? []), e.rating]);
      }
    }
    return ratings;
  }

  /**
   * Items in the library (in it or published) with their score, entry time and progress time,
   * from the library's own entry rows as plain columns. With `limit`, the first of them in the
   * monthly order (newest progress, higher score, id: rankMonthlyCandidates's), ranked by the
   * database: hydrating every entry to rank in Node took 10 s at 100,000 items.
   */
  async libraryCandidates(options: {
    limit?: number;
    enteredFrom?: Date;
    enteredBefore?: Date;
  }): Promise<RankingCandidate[]> {
    const sql = this.em.fork() as SqlEntityManager;
    const knex = sql.getKnex();
    // The expression of library_entry_progress_index (Migration20261126060000LibraryProgressIndex).
    const progressAt =
      'case when e.latest_progress_at > e.entered_at then e.latest_progress_at else e.entered_at end';
    const progress = knex.raw(progressAt);
    const query = knex('library_entry as e')
      .crossJoin(knex.raw('achievement as a'))
      .crossJoin(knex.raw('workflow_instance as w'))
      .whereRaw('a.id = e.achievement_id and w.id = a.workflow_id')
      .whereIn('w.state', LIBRARY_STATES)
      .select({
        id: 'e.achievement_id',
        enteredAt: 'e.entered_at',
        progressAt: progress,
        score: 'e.score',
      });
    // As the column stores it: epoch milliseconds on SQLite, a timestamp on PostgreSQL.
    const stored = (at: Date) => sql.getPlatform().processDateProperty(at) as never;
    if (options.enteredFrom) query.where('e.entered_at', '>=', stored(options.enteredFrom));
    if (options.enteredBefore) query.where('e.entered_at', '<', stored(options.enteredBefore));
    if (options.limit !== undefined) {
      // Raw: knex spells `nulls: 'last'` on SQLite as `(score is null)`, which drops the score
      // order and no longer matches the index. Both databases take NULLS LAST as written.
      query
        .orderByRaw(`${progressAt} desc, e.score desc nulls last, e.achievement_id asc`)
        .limit(options.limit);
    }
    const rows =
      await sql.execute<
        { id: string; enteredAt: Date | number; progressAt: Date | number; score: number | null }[]
      >(query);
    // SQLite hands datetimes back as epoch milliseconds, PostgreSQL as Dates.
    return rows.map((r) => ({
      id: r.id,
      enteredAt: new Date(r.enteredAt),
      progressAt: new Date(r.progressAt),
      score: r.score === null ? null : Number(r.score),
    }));
  }
}
