import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { achievementMachine } from '../../workflows/achievement.machine';
import { canSeeAllScores } from '../achievements/achievement-access';
import type { AchievementSummaryView, AchievementView } from '../achievements/achievement.view';
import { AchievementsService } from '../achievements/achievements.service';
import type { ListAchievementsQuery } from '../achievements/dto/list-achievements.query';
import { AttachmentsService } from '../attachments/attachments.service';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { ReleasesService, type EditionView } from '../releases/releases.service';
import { Clock } from '../common/clock';
import { closesAt, periodFor } from '../collection/collection-calendar';
import {
  CollectionCycleService,
  type BodyReportingStatus,
  type PeriodStatus,
} from '../collection/collection-cycle.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EvaluationService } from '../evaluation/evaluation.service';
import { UsersService } from '../users/users.service';
import { VerificationService, type VerificationView } from '../verification/verification.service';
import { NotFoundError } from '../common/domain-errors';
import { LIBRARY_STATES } from '../library/library.service';
import type { AuditView } from '../workflow/audit.service';
import { describeMachine, toMermaid } from '../workflow/machine-description';
import { ACHIEVEMENT_DIAGRAM_LABELS } from '../achievements/achievement-labels';
import { eventLabel, roleLabel, stateLabel } from './web-labels';
import { ReferenceService } from '../reference/reference.service';
import type { FilterOptions } from './views/catalogue';

export interface TaskItem {
  item: AchievementSummaryView;
  /** What the user is expected to do, in words. */
  action: string;
  deadline: string | null;
  overdue: boolean;
  note: string | null;
  /** Where the work is done, when not on the item page (the visit page). */
  link?: string;
}

export interface TaskGroup {
  key: string;
  title: string;
  items: TaskItem[];
}

export interface TaskList {
  groups: TaskGroup[];
  total: number;
  overdue: number;
  period: string;
  /** The office's view of this month's collection. */
  collection: PeriodStatus | null;
  /** A collecting body's own status this month, for its recommenders. */
  myBody: BodyReportingStatus | null;
  /** The office's editions still being curated or reviewed. */
  editions: EditionView[];
  /** Open on-site visits whose team the user sits on. */
  visits: VerificationView[];
}

export interface TimelineEntry {
  seq: number;
  at: string;
  actor: string;
  role: string;
  event: string;
  from: string | null;
  to: string;
  comment: string | null;
}

const MAX_PAGES = 10;

/**
 * Read models of the console, assembled from the services the API uses: worklists, the timeline
 * with names, and the diagram. Who may do what always comes from each item's `allowedEvents`.
 */
@Injectable()
export class ConsoleService {
  private readonly description = describeMachine(achievementMachine);
  private readonly baseDiagram = toMermaid(this.description, ACHIEVEMENT_DIAGRAM_LABELS, {
    withCodes: false,
  });

  constructor(
    private readonly achievements: AchievementsService,
    private readonly attachments: AttachmentsService,
    private readonly cycle: CollectionCycleService,
    private readonly users: UsersService,
    private readonly evaluation: EvaluationService,
    private readonly em: EntityManager,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly releases: ReleasesService,
    private readonly verification: VerificationService,
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

  async tasks(user: AuthUser, sort: 'deadline' | 'updated' = 'deadline'): Promise<TaskList> {
    const period = this.currentPeriod();
    const groups: TaskGroup[] = [];
    const editions: EditionView[] = [];
    const mine = (i: AchievementSummaryView) => i.ownerOrganization.id === user.organizationId;

    if (hasRole(user, 'submitter')) {
      const drafts = (await this.listAll(user, { state: 'draft' })).filter(mine);
      groups.push({
        key: 'drafts',
        title: '草稿(待完善并提交)',
        items: await Promise.all(
          drafts.map(async (item) => ({
            item,
            action: '完善并提交推荐',
            deadline: null,
            overdue: false,
            note: (await this.attachments.list(user, item.id)).length ? null : '尚未上传附件',
          })),
        ),
      });
      const returned = (await this.listAll(user, { state: 'returned' })).filter(mine);
      groups.push({
        key: 'returned',
        title: '退回修改',
        items: returned.map((item) => ({
          item,
          action: '按意见修改后重新提交',
          deadline: null,
          overdue: false,
          note: null,
        })),
      });
    }

    let myBody: BodyReportingStatus | null = null;
    if (hasRole(user, 'recommender')) {
      const now = this.clock.now();
      const waiting = await this.withAllowed(user, 'recommendation', 'RECOMMEND');
      const items: TaskItem[] = [];
      for (const view of waiting) {
        // The item is due at the close of the batch it could have joined when it reached this body.
        const history = await this.achievements.history(user, view.id);
        const arrived = [...history].reverse().find((r) => r.toState === 'recommendation');
        const due = closesAt(
          periodFor(new Date(arrived?.at ?? view.updatedAt), this.config.collectionCloseDay),
          this.config.collectionCloseDay,
        );
        items.push({
          item: view,
          action: '审核并择优推荐',
          deadline: due.toISOString(),
          overdue: due.getTime() < now.getTime(),
          note: null,
        });
      }
      groups.push({ key: 'recommend', title: '待本单位推荐', items });
      const status = await this.cycle.status(period);
      myBody = status.bodies.find((b) => b.organization.id === user.organizationId) ?? null;
    }

    let collection: PeriodStatus | null = null;
    if (hasRole(user, 'officeStaff')) {
      const office = async (
        key: string,
        title: string,
        state: string,
        event: string,
        action: string,
      ) => {
        const views = await this.withAllowed(user, state, event);
        groups.push({
          key,
          title,
          items: views.map((item) => ({
            item,
            action,
            deadline: null,
            overdue: false,
            note: null,
          })),
        });
      };
      await office(
        'batch',
        '已报送待批次截止',
        'submitted',
        'BATCH_CLOSE',
        '批次截止后进入形式审查',
      );
      await office(
        'eligibility',
        '形式审查',
        'eligibilityCheck',
        'PASS_ELIGIBILITY',
        '作出形式审查决定',
      );
      await office(
        'panels',
        '专家组待确认',
        'expertScoring',
        'ASSIGN_PANEL',
        '补足专家组或认定利益冲突',
      );
      await this.panelsNeedingReview(groups[groups.length - 1]);
      await office(
        'consensus',
        '评审分歧待协商',
        'consensus',
        'DECIDE_CONSENSUS',
        '协商决定或开启第二轮评审',
      );
      for (const task of groups[groups.length - 1].items) task.link = '/review';
      await office(
        'verification',
        '现场核查待确认',
        'onSiteVerification',
        'CONFIRM_VERIFICATION',
        '组建核查组、安排核查并确认结果',
      );
      await this.withVisits(user, groups[groups.length - 1]);
      await office('disputes', '争议处理', 'suspended', 'RESOLVE_DISPUTE', '处理争议');
      await office('publish', '已入库待发布', 'inLibrary', 'PUBLISH', '发布成果');
      collection = await this.cycle.status(period);
      editions.push(...(await this.releases.list(user, {})).filter((ed) => ed.state !== 'issued'));
    }

    if (hasRole(user, 'expert')) {
      const views = await this.withAllowed(user, 'expertScoring', 'SUBMIT_SCORE');
      // The deadline of the expert's open seat on each item (the evaluation module keeps seats).
      const seats = views.length ? await this.evaluation.myAssignments(user) : [];
      const dueBy = new Map(seats.map((s) => [s.achievement.id, new Date(s.dueAt)]));
      const now = this.clock.now().getTime();
      groups.push({
        key: 'scoring',
        title: '待我评分',
        items: views.map((item) => {
          const due = dueBy.get(item.id) ?? null;
          return {
            item,
            action: '按评分标准打分(如有利益冲突请申请回避)',
            deadline: due?.toISOString() ?? null,
            overdue: due !== null && due.getTime() < now,
            note: null,
          };
        }),
      });
    }

    const visits = hasRole(user, 'expert') ? await this.verification.teamVisits(user) : [];

    for (const group of groups) group.items.sort(sort === 'deadline' ? byDeadline : byUpdated);
    const all = groups.flatMap((g) => g.items);
    return {
      groups,
      total: all.length + visits.length,
      overdue: all.filter((t) => t.overdue).length + visits.filter((v) => v.overdue).length,
      visits,
      period,
      collection,
      myBody,
      editions,
    };
  }

  /** Keeps the scoring panels short of experts or with a seated member's conflict undecided. */
  private async panelsNeedingReview(group: TaskGroup): Promise<void> {
    const kept: TaskItem[] = [];
    for (const task of group.items) {
      const [panel, conflicts] = await Promise.all([
        this.evaluation.panel(task.item.id),
        this.evaluation.conflicts(task.item.id),
      ]);
      const shortfall = panel.target - panel.panel.length;
      // Suggested conflicts keep an expert off new panels by themselves; the office's word is
      // needed when one concerns a member already seated.
      const open = conflicts.filter((c) => !c.decision && panel.panel.includes(c.expertId)).length;
      if (shortfall <= 0 && open === 0) continue;
      task.link = '/review';
      task.note = [
        shortfall > 0 ? `缺 ${shortfall} 名专家` : '',
        open ? `${open} 项利益冲突待认定` : '',
      ]
        .filter(Boolean)
        .join(';');
      kept.push(task);
    }
    group.items = kept;
  }

  /** The verification worklist's deadlines are the visit days; each row leads to the visit page. */
  private async withVisits(user: AuthUser, group: TaskGroup): Promise<void> {
    for (const task of group.items) {
      task.link = `/verification/${task.item.id}`;
      let visit: VerificationView;
      try {
        visit = await this.verification.get(user, task.item.id);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        task.note = '尚未组建核查组';
        continue;
      }
      if (!visit.visitDate) {
        task.note = '尚未安排核查时间';
      } else {
        task.deadline = new Date(`${visit.visitDate}T24:00:00+08:00`).toISOString();
        task.overdue = visit.overdue;
        task.note = visit.report ? '核查结果已记录,待确认' : `核查地点:${visit.place ?? ''}`;
      }
    }
  }

  /** Items in a state on which the user may send the event now, by the API's own allowedEvents. */
  private async withAllowed(
    user: AuthUser,
    state: string,
    event: string,
  ): Promise<AchievementView[]> {
    const summaries = await this.listAll(user, { state: state as ListAchievementsQuery['state'] });
    const views = await Promise.all(summaries.map((s) => this.achievements.get(user, s.id)));
    return views.filter((v) => v.allowedEvents.includes(event));
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
    const names = new Map((await this.users.list()).map((u) => [u.id, u.displayName]));
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
   * The machine's diagram with the states on the item's path marked and its current state
   * highlighted. "Resolve dispute" returns to whichever state was suspended; drawing that fan-out
   * to every state buries the rest, so only the returns this item could make (or made) are kept.
   */
  diagram(current: string, path: string[], suspendedFrom: string | null): string {
    const known = new Set(this.description.states.map((s) => s.name));
    const visited = [...new Set(path)].filter((s) => s !== current && known.has(s));
    const returns = new Set<string>();
    path.forEach((s, i) => {
      if (path[i - 1] === 'suspended') returns.add(s);
    });
    if (suspendedFrom) returns.add(suspendedFrom);
    const lines = this.baseDiagram.split('\n').filter((line) => {
      const fanOut = /^\s*suspended --> (\w+) : RESOLVE_DISPUTE/.exec(line);
      return !fanOut || returns.has(fanOut[1]);
    });
    lines.push(
      '  classDef visited fill:#dbeafe,stroke:#1d4ed8,stroke-width:2px',
      '  classDef current fill:#fde68a,stroke:#b45309,stroke-width:4px,font-weight:bold',
    );
    if (visited.length) lines.push(`  class ${visited.join(', ')} visited`);
    if (known.has(current)) lines.push(`  class ${current} current`);
    return lines.join('\n');
  }

  async userNames(): Promise<Map<string, string>> {
    return new Map((await this.users.list()).map((u) => [u.id, u.displayName]));
  }

  async userIdByName(username: string): Promise<string | null> {
    return (await this.users.list()).find((u) => u.username === username)?.id ?? null;
  }
}

function byDeadline(a: TaskItem, b: TaskItem): number {
  if (a.deadline && b.deadline) return a.deadline.localeCompare(b.deadline);
  if (a.deadline) return -1;
  if (b.deadline) return 1;
  return byUpdated(a, b);
}

function byUpdated(a: TaskItem, b: TaskItem): number {
  return b.item.updatedAt.localeCompare(a.item.updatedAt);
}
