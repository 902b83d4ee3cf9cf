import { Inject, Injectable } from '@nestjs/common';
import { achievementMachine } from '../../../workflows/achievement.machine';
import { canSeeAllScores } from '../../achievements/achievement-access';
import type { AchievementSummaryView, AchievementView } from '../../achievements/achievement.view';
import { AchievementsService } from '../../achievements/achievements.service';
import type { ListAchievementsQuery } from '../../achievements/dto/list-achievements.query';
import { hasRole, type AuthUser } from '../../access/auth-user';
import { Clock } from '../../common/clock';
import { closesAt, periodFor } from '../../collection/collection-calendar';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EvaluationService } from '../../evaluation/evaluation.service';
import { UsersService } from '../../users/users.service';
import { LIBRARY_STATES } from '../../library/library-states';
import type { AuditView } from '../../workflow/audit.service';
import { describeMachine } from '../../workflow/machine-description';
import { achievementWorkflow } from '../../achievements/achievement-workflow.definition';
import { layoutFor, renderDiagram } from '../shared/state-diagram';
import { MAIN_PATH } from './views/item-progress.components';
import { eventLabel, roleLabel, stateLabel } from '../shared/web-labels';
import { ReferenceService } from '../../reference/reference.service';
import type { FilterOptions } from '../shared/catalogue.view-model';
import type { TimelineEntry } from './item.view-model';
import { UserNamesRepository } from './user-names.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const MAX_PAGES = 10;

/**
 * Read models of the console, assembled from the services the API uses: the filters, the timeline
 * with names, and the diagram. Who may do what comes from each item's `allowedEvents` (the
 * machine's AUTHORITY table); the worklists are tasks/worklists.service.ts.
 */
@Injectable()
export class ConsoleService {
  private readonly description = describeMachine(achievementMachine);

  constructor(
    private readonly achievements: AchievementsService,
    private readonly users: UsersService,
    private readonly evaluation: EvaluationService,
    private readonly names: UserNamesRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reference: ReferenceService,
  ) {}

  currentPeriod(): string {
    return periodFor(this.clock.now(), this.config.collectionCloseDay);
  }

  /** The domain, city and year choices of the catalogue filters (items, library, public). */
  async filterOptions(): Promise<FilterOptions> {
    const [domains, cities] = await Promise.all([
      this.reference.domains(),
      this.reference.cities(),
    ]);
    return {
      domains: domains.map((d) => ({ key: d.key, name: d.name })),
      cities: cities.map((c) => c.name),
      years: this.recentYears(),
    };
  }

  /** Batch years offered as a filter: this collection year and the four before it. */
  recentYears(): number[] {
    const year = Number(this.currentPeriod().slice(0, 4));
    return [0, 1, 2, 3, 4].map((n) => year - n);
  }

  async listAll(user: AuthUser, query: ListAchievementsQuery): Promise<AchievementSummaryView[]> {
    const out: AchievementSummaryView[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.achievements.list(user, { ...query, limit: 100, cursor });
      out.push(...result.items);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    return out;
  }

  /** The history with people's names and Chinese labels; other experts stay anonymous to non-office viewers. */
  async timeline(user: AuthUser, rows: AuditView[]): Promise<TimelineEntry[]> {
    const names = await this.userNames(rows.map((r) => r.actorId));
    const blind = !canSeeAllScores(user);
    return rows.map((row) => ({
      seq: row.seq,
      at: row.at,
      actor:
        row.actorId === 'system'
          ? '系统'
          : blind && row.actorRole === 'expert' && row.actorId !== user.id
            ? '评审专家'
            : (names.get(row.actorId) ?? row.actorId),
      role: roleLabel(row.actorRole),
      event: eventLabel(row.eventType),
      from: row.fromState ? stateLabel(row.fromState) : null,
      to: stateLabel(row.toState),
      comment: row.comment,
    }));
  }

  /** The item's other pages the user may open: its on-site visit and its library entry. */
  itemLinks(
    user: AuthUser,
    item: AchievementView,
    path: string[],
  ): { href: string; label: string }[] {
    const links = [];
    const owner = item.ownerOrganization.id === user.organizationId;
    if (path.includes('onSiteVerification') && (hasRole(user, 'officeStaff', 'admin') || owner)) {
      links.push({ href: `/verification/${item.id}`, label: '现场核查' });
    }
    if (
      LIBRARY_STATES.includes(item.state) &&
      hasRole(user, 'officeStaff', 'admin', 'recommender', 'submitter')
    ) {
      links.push({ href: `/library/${item.id}`, label: '成果库条目(跟踪评价与进展)' });
    }
    return links;
  }

  /** The states an item has been in, in order, read from its history. */
  path(rows: AuditView[]): string[] {
    const states: string[] = [];
    for (const row of rows) {
      if (states[states.length - 1] !== row.toState) states.push(row.toState);
    }
    return states;
  }

  /**
   * The machine's diagram as SVG, laid out once per machine version, with the states on the
   * item's path marked and its current state highlighted. "Resolve dispute" returns to whichever
   * state was suspended; drawing that fan-out to every state buries the rest, so only the returns
   * this item could make (or made) are drawn.
   */
  diagram(current: string, path: string[], suspendedFrom: string | null): string {
    const returns = new Set<string>();
    path.forEach((s, i) => {
      if (path[i - 1] === 'suspended') returns.add(s);
    });
    if (suspendedFrom) returns.add(suspendedFrom);
    const layout = layoutFor(
      `achievement@${achievementWorkflow.version}`,
      this.description,
      MAIN_PATH,
    );
    return renderDiagram(layout, {
      current,
      path,
      returns: [...returns],
      stateLabel,
      eventLabel,
    });
  }

  /** The deadline of the item's current step, when it has one: the batch close, or the scoring deadline. */
  async progressDue(item: AchievementView): Promise<{ at: string; what: string } | null> {
    const closeDay = this.config.collectionCloseDay;
    if (['draft', 'returned', 'recommendation', 'submitted'].includes(item.state)) {
      const period = item.period ?? this.currentPeriod();
      return { at: closesAt(period, closeDay).toISOString(), what: `本批次(${period})征集截止` };
    }
    if (item.state === 'expertScoring') {
      const { seats, round } = await this.evaluation.panel(item.id);
      const due = seats
        .filter((s) => s.round === round && s.status === 'active')
        .map((s) => s.dueAt)
        .sort();
      return due.length ? { at: due[due.length - 1], what: '专家评分截止' } : null;
    }
    return null;
  }

  /**
   * Display names by user id: of the given users only (an item page names the few people of its
   * history and scores; reading every account, twice, was a good part of the page at 500
   * accounts), or of everybody without `ids`.
   */
  async userNames(ids?: readonly string[]): Promise<Map<string, string>> {
    if (!ids) return new Map((await this.users.list()).map((u) => [u.id, u.displayName]));
    // Only user ids: the audit's 'system' (and any other non-account actor) is named by the caller.
    const wanted = [...new Set(ids)].filter((id) => UUID.test(id));
    if (!wanted.length) return new Map();
    return this.names.displayNames(wanted);
  }

  async userIdByName(username: string): Promise<string | null> {
    return (await this.users.list()).find((u) => u.username === username)?.id ?? null;
  }
}
