import type { Achievement } from '../../achievements/achievement.entity';
import { EntityManager } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { Inject, Injectable } from '@nestjs/common';
import {
  AUTHORITY,
  type AchievementEventType,
  type AchievementState,
} from '../../../workflows/achievement.machine';
import type { AuthUser } from '../../access/auth-user';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/** One worklist: the items in `state` on which the user may send `event` now. */
export interface WorklistSpec {
  state: AchievementState;
  event: AchievementEventType;
}

/**
 * How a worklist is ordered. `updated`: the item's last event, newest first. `arrival`: the
 * last accepted event (for an item waiting in a state, when it got there), oldest first. `due`:
 * the expert's seat deadline. `visit`: the on-site visit day, unscheduled ones last.
 */
export type WorklistOrder = 'updated' | 'arrival' | 'due' | 'visit';

/**
 * Events whose guards read more of the item than the authority table: an expert scores (or
 * recuses) only from an open seat on the current panel (`onPanel` and `hasNotScored`). The seat
 * rows follow the machine's panel (a runner listener keeps them in step), so an `active` seat is
 * exactly "on the panel, not yet scored". Every other event the worklists use has no guard beyond
 * the authority table for the probe `allowedEvents` sends; the worklist e2e test checks that the
 * SQL answer equals `allowedEvents` for every (state, event) pair of the table.
 */
const OPEN_SEAT_EVENTS: readonly AchievementEventType[] = ['SUBMIT_SCORE', 'RECUSE'];
/** An expert revises (`onPanel` and `hasScored`) only their sheet of the current round. */
const SCORED_SEAT_EVENTS: readonly AchievementEventType[] = ['REVISE_SCORE'];

/**
 * The console's worklists as SQL: who may act comes from the machine's AUTHORITY table, turned
 * into a filter (role → nothing or everything; owner/recommender/independent → a condition on the
 * organisation), so each group is counted and paged by the database rather than by loading every
 * item in the state and asking its snapshot.
 */
@Injectable()
export class WorklistRepository {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether the user holds any role that the authority table allows for the event. */
  applies(user: AuthUser, spec: WorklistSpec): boolean {
    const authority = AUTHORITY[spec.state][spec.event];
    return !!authority && user.roles.some((r) => authority.roles.includes(r));
  }

  async count(user: AuthUser, spec: WorklistSpec): Promise<number> {
    const authority = AUTHORITY[spec.state][spec.event];
    if (authority && this.applies(user, spec) && !authority.organization) {
      // No condition on the item: the state's count, read off the workflow table's index alone
      // (every achievement has exactly one achievement workflow row).
      const row = (await this.knex()('workflow_instance')
        .where({ definition: 'achievement', state: spec.state })
        .count({ n: '*' })
        .first()) as { n: number | string } | undefined;
      return Number(row?.n ?? 0);
    }
    const query = this.base(user, spec);
    if (!query) return 0;
    const row = (await query.count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  /** The ids of one page, in the given order. */
  async page(
    user: AuthUser,
    spec: WorklistSpec,
    order: WorklistOrder,
    offset: number,
    limit: number,
  ): Promise<string[]> {
    if (this.byStateAlone(user, spec) && (order === 'updated' || order === 'arrival')) {
      return this.pageOfState(spec, order, offset, limit);
    }
    const query = this.base(user, spec);
    if (!query) return [];
    this.orderBy(query, user, order);
    query.offset(offset).limit(limit);
    const rows: { id: string }[] = await query.select('a.id');
    return rows.map((r) => r.id);
  }

  /**
   * Whether the worklist is the state's items with no condition on the item (the office's
   * groups): then its pages are read off the workflow table's index alone.
   */
  private byStateAlone(user: AuthUser, spec: WorklistSpec): boolean {
    const authority = AUTHORITY[spec.state][spec.event];
    return (
      !!authority &&
      this.applies(user, spec) &&
      !authority.organization &&
      !OPEN_SEAT_EVENTS.includes(spec.event) &&
      !SCORED_SEAT_EVENTS.includes(spec.event)
    );
  }

  /**
   * A page of a state's items: the offset is walked on the covering (definition, state,
   * updated_at, id) index without touching another table, and only the page's workflow rows are
   * then matched to their achievements. With the join inside the paged query, SQLite looked up
   * the achievement of every row it skipped (58,000 on the last page of 已入库 at 100,000 items).
   */
  private async pageOfState(
    spec: WorklistSpec,
    order: 'updated' | 'arrival',
    offset: number,
    limit: number,
  ): Promise<string[]> {
    const direction = order === 'arrival' ? 'asc' : 'desc';
    const workflows: { id: string }[] = await this.knex()('workflow_instance as w')
      .where({ 'w.definition': 'achievement', 'w.state': spec.state })
      .orderBy([
        { column: 'w.updated_at', order: direction },
        { column: 'w.id', order: direction },
      ])
      .offset(offset)
      .limit(limit)
      .select('w.id');
    if (!workflows.length) return [];
    const rows: { id: string; workflow_id: string }[] = await this.knex()('achievement')
      .whereIn(
        'workflow_id',
        workflows.map((w) => w.id),
      )
      .select('id', 'workflow_id');
    const byWorkflow = new Map(rows.map((r) => [r.workflow_id, r.id]));
    return workflows.flatMap((w) => byWorkflow.get(w.id) ?? []);
  }

  /** Every id of the worklist (unordered), for the office's panel review and for tests. */
  async ids(user: AuthUser, spec: WorklistSpec): Promise<string[]> {
    const query = this.base(user, spec);
    if (!query) return [];
    const rows: { id: string }[] = await query.select('a.id');
    return rows.map((r) => r.id);
  }

  /** How many items of the worklist arrived before `before` (the recommenders' overdue count). */
  async arrivedBefore(user: AuthUser, spec: WorklistSpec, before: Date): Promise<number> {
    const query = this.base(user, spec);
    if (!query) return 0;
    query.where('w.updated_at', '<', this.instant(before));
    const row = (await query.count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  /** How many of the expert's open seats are past their deadline. */
  async seatsDueBefore(user: AuthUser, spec: WorklistSpec, now: Date): Promise<number> {
    const query = this.base(user, spec);
    if (!query) return 0;
    query.whereIn('a.id', this.openSeatItems(user).where('os.due_at', '<', this.instant(now)));
    const row = (await query.count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  /** How many visits of the worklist are past their day without a report (`today`: YYYY-MM-DD). */
  async visitsOverdue(user: AuthUser, spec: WorklistSpec, today: string): Promise<number> {
    const query = this.base(user, spec);
    if (!query) return 0;
    query
      .join('verification_visit as v', 'v.achievement_id', 'a.id')
      .whereNull('v.reported_at')
      .whereNotNull('v.visit_date')
      .where('v.visit_date', '<', today);
    const row = (await query.count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  /**
   * What the conflict rules read of these items (their unit and parties), as plain rows: a few
   * thousand items are in scoring at 100,000, and entities cost more to build than to read.
   */
  async conflictParties(ids: string[]): Promise<
    {
      id: string;
      ownerOrganization: { id: string; name: string };
      completingUnits: Achievement['completingUnits'];
      completers: Achievement['completers'];
    }[]
  > {
    if (!ids.length) return [];
    const json = <T>(value: unknown): T =>
      (typeof value === 'string' ? JSON.parse(value) : value) as T;
    const rows: {
      id: string;
      completing_units: unknown;
      completers: unknown;
      org_id: string;
      org_name: string;
    }[] = [];
    // Bound parameters per statement stay under SQLite's limit.
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk: typeof rows = await this.knex()('achievement as a')
        .join('organization as o', 'o.id', 'a.owner_organization_id')
        .whereIn('a.id', ids.slice(i, i + 5000))
        .select(
          'a.id',
          'a.completing_units',
          'a.completers',
          'o.id as org_id',
          'o.name as org_name',
        );
      rows.push(...chunk);
    }
    return rows.map((r) => ({
      id: r.id,
      ownerOrganization: { id: r.org_id, name: r.org_name },
      completingUnits: json(r.completing_units),
      completers: json(r.completers),
    }));
  }

  /**
   * The items in scoring with their domain, the size of the machine's current panel and its
   * round: what tells a short panel, one query (each snapshot is parsed once).
   */
  async scoringPanels(): Promise<
    { id: string; domain: string; panelSize: number; round: number; updatedAt: number }[]
  > {
    const knex = this.knex();
    const panelSize = this.isPostgres()
      ? "coalesce(jsonb_array_length((w.snapshot::jsonb)->'context'->'panel'), 0)"
      : "coalesce(json_array_length(w.snapshot, '$.context.panel'), 0)";
    const items: {
      id: string;
      domain: string;
      panel_size: number | string;
      round: number | string;
      updated_at: unknown;
    }[] = await knex('workflow_instance as w')
      .join('achievement as a', 'a.workflow_id', 'w.id')
      .where({ 'w.definition': 'achievement', 'w.state': 'expertScoring' })
      .select(
        'a.id',
        'a.domain_key as domain',
        knex.raw(`${panelSize} as panel_size`),
        knex.raw(`${this.currentRound()} as round`),
        'a.updated_at',
      );
    return items.map((r) => ({
      id: r.id,
      domain: r.domain,
      panelSize: Number(r.panel_size),
      round: Number(r.round),
      updatedAt: new Date(r.updated_at as string | number | Date).getTime(),
    }));
  }

  /**
   * The experts seated on these items' current rounds (`round` by item id): read plain and kept
   * when on their item's round. Matching the round in SQL parsed the snapshot again per seat.
   */
  async seatedExperts(
    round: Map<string, number>,
  ): Promise<{ achievementId: string; expertId: string }[]> {
    const ids = [...round.keys()];
    const out: { achievementId: string; expertId: string }[] = [];
    // Bound parameters per statement stay under SQLite's limit.
    for (let i = 0; i < ids.length; i += 5000) {
      const rows: { achievement_id: string; expert_id: string; round: number | string }[] =
        await this.knex()('expert_assignment as s')
          .whereIn('s.achievement_id', ids.slice(i, i + 5000))
          .whereIn('s.status', ['active', 'submitted'])
          .select('s.achievement_id', 's.expert_id', 's.round');
      for (const r of rows) {
        if (round.get(r.achievement_id) === Number(r.round))
          out.push({ achievementId: r.achievement_id, expertId: r.expert_id });
      }
    }
    return out;
  }

  /**
   * Items in the state on which the user may send the event, by the authority table: null when
   * none of the user's roles may send it at all.
   */
  private base(user: AuthUser, spec: WorklistSpec): Knex.QueryBuilder | null {
    const authority = AUTHORITY[spec.state][spec.event];
    if (!authority || !this.applies(user, spec)) return null;
    const query = this.knex()('workflow_instance as w')
      .join('achievement as a', 'a.workflow_id', 'w.id')
      .where({ 'w.definition': 'achievement', 'w.state': spec.state });
    switch (authority.organization) {
      case undefined:
        break;
      case 'owner':
        // SQLite: `+` keeps the planner on the state index (a unit's items in one state are few,
        // while a unit's items over all states can be most of the table), in the worklist's order.
        query.whereRaw(`${this.isPostgres() ? '' : '+'}a.owner_organization_id = ?`, [
          user.organizationId,
        ]);
        break;
      case 'independent':
        query.whereNot('a.owner_organization_id', user.organizationId);
        break;
      case 'recommender':
        // The body at the current level of the item's reporting chain (currentRecommender).
        query.whereRaw(`${this.currentRecommender()} = ?`, [user.organizationId]);
        break;
    }
    if (OPEN_SEAT_EVENTS.includes(spec.event)) {
      // The expert's open seats as a list read once (a few dozen rows off the (expert, status)
      // index), not a subquery per item in scoring (thousands at 100,000 items).
      query.whereIn('a.id', this.openSeatItems(user));
    }
    if (SCORED_SEAT_EVENTS.includes(spec.event)) {
      query.whereExists(this.scoredSeat(user));
    }
    return query;
  }

  private orderBy(query: Knex.QueryBuilder, user: AuthUser, order: WorklistOrder): void {
    switch (order) {
      case 'arrival':
        query.orderBy([
          { column: 'w.updated_at', order: 'asc' },
          { column: 'w.id', order: 'asc' },
        ]);
        break;
      case 'due':
        query.orderByRaw(
          `(select min(s.due_at) from expert_assignment s where s.achievement_id = a.id and s.expert_id = ? and s.status = 'active') asc`,
          [user.id],
        );
        break;
      case 'visit':
        query
          .leftJoin('verification_visit as v', 'v.achievement_id', 'a.id')
          .orderByRaw('case when v.visit_date is null then 1 else 0 end asc')
          .orderBy([{ column: 'v.visit_date', order: 'asc' }]);
        break;
      case 'updated':
        break;
    }
    // The last event first: the (definition, state, updated_at, id) index serves this order, so
    // a page of a state with tens of thousands of items reads its twenty rows and no more.
    query.orderBy([
      { column: 'w.updated_at', order: 'desc' },
      { column: 'w.id', order: 'desc' },
    ]);
  }

  /** The items on which the user holds an open seat. */
  private openSeatItems(user: AuthUser): Knex.QueryBuilder {
    return this.knex()('expert_assignment as os')
      .select('os.achievement_id')
      .where({ 'os.expert_id': user.id, 'os.status': 'active' });
  }

  /** The user's submitted sheet on the item's current round (a correlated subquery). */
  private scoredSeat(user: AuthUser): Knex.QueryBuilder {
    return this.knex()('expert_assignment as s')
      .select(this.knex().raw('1'))
      .whereRaw('s.achievement_id = a.id')
      .where({ 's.expert_id': user.id, 's.status': 'submitted' })
      .whereRaw(`s.round = ${this.currentRound()}`);
  }

  /** The scoring round of the item's snapshot (1 before any second round). */
  private currentRound(): string {
    return this.isPostgres()
      ? "coalesce(((w.snapshot::jsonb)->'context'->>'round')::int, 1)"
      : "coalesce(json_extract(w.snapshot, '$.context.round'), 1)";
  }

  /** recommendationChain[chainLevel] of the item's snapshot, in the database's JSON dialect. */
  private currentRecommender(): string {
    return this.isPostgres()
      ? "((w.snapshot::jsonb)->'context'->'recommendationChain'->>(((w.snapshot::jsonb)->'context'->>'chainLevel')::int))"
      : "json_extract(w.snapshot, '$.context.recommendationChain[' || json_extract(w.snapshot, '$.context.chainLevel') || ']')";
  }

  /** A datetime parameter as the database stores it: SQLite keeps epoch milliseconds. */
  private instant(at: Date): Date | number {
    return this.isPostgres() ? at : at.getTime();
  }

  private knex(): Knex {
    return (this.em as SqlEntityManager).getKnex();
  }

  private isPostgres(): boolean {
    return this.config.databaseUrl !== null;
  }
}
