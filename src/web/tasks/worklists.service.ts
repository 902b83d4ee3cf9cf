import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import type {
  AchievementEventType,
  AchievementState,
} from '../../../workflows/achievement.machine';
import { Achievement } from '../../achievements/achievement.entity';
import { toSummaryView } from '../../achievements/achievement.view';
import { Attachment } from '../../attachments/attachment.entity';
import { hasRole, type AuthUser } from '../../access/auth-user';
import { Clock } from '../../common/clock';
import { closesAt, periodFor } from '../../collection/collection-calendar';
import {
  CollectionCycleService,
  type BodyReportingStatus,
  type PeriodStatus,
} from '../../collection/collection-cycle.service';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ConflictDecision } from '../../evaluation/conflict-decision.entity';
import { conflictsOf, rememberingNormalizer } from '../../evaluation/conflicts/conflict-rules';
import { EvaluationService } from '../../evaluation/evaluation.service';
import { PanelCandidatesService } from '../../evaluation/panel-candidates.service';
import { ExpertPoolService } from '../../experts/expert-pool.service';
import { ReleasesService, type EditionView } from '../../releases/releases.service';
import { VerificationVisit } from '../../verification/verification-visit.entity';
import { VerificationService } from '../../verification/verification.service';
import type { TaskGroup, TaskItem, TaskList } from './tasks.view-model';
import { WorklistRepository, type WorklistOrder, type WorklistSpec } from './worklist.repository';
import { WORKLIST_PAGE_SIZE, type WorklistPaging } from './tasks.view-model';

/** One group's page before its rows are loaded. */
interface GroupPage {
  def: GroupDef;
  total: number;
  page: number;
  ids: string[];
  notes: Map<string, string>;
}

interface GroupDef extends WorklistSpec {
  key: string;
  title: string;
  action: string;
  /** The order under "by deadline"; without one, the group has no deadlines and sorts by update. */
  deadlineOrder?: WorklistOrder;
  link?: string;
}

const SUBMITTER_GROUPS: GroupDef[] = [
  {
    key: 'drafts',
    title: '草稿(待完善并提交)',
    state: 'draft',
    event: 'SUBMIT',
    action: '完善并提交推荐',
  },
  {
    key: 'returned',
    title: '退回修改',
    state: 'returned',
    event: 'RESUBMIT',
    action: '按意见修改后重新提交',
  },
];
const RECOMMEND: GroupDef = {
  key: 'recommend',
  title: '待本单位推荐',
  state: 'recommendation',
  event: 'RECOMMEND',
  action: '审核并择优推荐',
  deadlineOrder: 'arrival',
};
const office = (
  key: string,
  title: string,
  state: AchievementState,
  event: AchievementEventType,
  action: string,
  extra: Partial<GroupDef> = {},
): GroupDef => ({ key, title, state, event, action, ...extra });
const OFFICE_GROUPS: GroupDef[] = [
  office('batch', '已报送待批次截止', 'submitted', 'BATCH_CLOSE', '批次截止后进入形式审查'),
  office('eligibility', '形式审查', 'eligibilityCheck', 'PASS_ELIGIBILITY', '作出形式审查决定'),
  office('panels', '专家组待确认', 'expertScoring', 'ASSIGN_PANEL', '补足专家组或认定利益冲突', {
    link: '/review',
  }),
  office(
    'consensus',
    '评审分歧待协商',
    'consensus',
    'DECIDE_CONSENSUS',
    '协商决定或开启第二轮评审',
    {
      link: '/review',
    },
  ),
  office(
    'verification',
    '现场核查待确认',
    'onSiteVerification',
    'CONFIRM_VERIFICATION',
    '组建核查组、安排核查并确认结果',
    { deadlineOrder: 'visit' },
  ),
  office('disputes', '争议处理', 'suspended', 'RESOLVE_DISPUTE', '处理争议'),
  office('publish', '已入库待发布', 'inLibrary', 'PUBLISH', '发布成果'),
];
const SCORING: GroupDef = {
  key: 'scoring',
  title: '待我评分',
  state: 'expertScoring',
  event: 'SUBMIT_SCORE',
  action: '按评分标准打分(如有利益冲突请申请回避)',
  deadlineOrder: 'due',
};

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The worklists of 我的待办, counted and paged in SQL (WorklistRepository): only the rows of the
 * page shown are loaded, and their deadlines and notes are worked out for that page alone. The
 * office's panel group is the exception that cannot be a plain filter (a short panel or a seated
 * expert's undecided conflict), so it is worked out from two light queries over the items in
 * scoring rather than from each item's full view.
 */
@Injectable()
export class WorklistsService {
  constructor(
    private readonly repo: WorklistRepository,
    private readonly em: EntityManager,
    private readonly cycle: CollectionCycleService,
    private readonly evaluation: EvaluationService,
    private readonly candidates: PanelCandidatesService,
    private readonly pool: ExpertPoolService,
    private readonly releases: ReleasesService,
    private readonly verification: VerificationService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The groups a user's roles give them, in the order the page shows them. */
  groupsFor(user: AuthUser): GroupDef[] {
    return [
      ...(hasRole(user, 'submitter') ? SUBMITTER_GROUPS : []),
      ...(hasRole(user, 'recommender') ? [RECOMMEND] : []),
      ...(hasRole(user, 'officeStaff') ? OFFICE_GROUPS : []),
      ...(hasRole(user, 'expert') ? [SCORING] : []),
    ];
  }

  async tasks(
    user: AuthUser,
    sort: 'deadline' | 'updated',
    paging: WorklistPaging = {},
  ): Promise<TaskList> {
    const now = this.clock.now();
    const period = periodFor(now, this.config.collectionCloseDay);
    const groups: TaskGroup[] = [];
    let overdue = 0;
    const pages: GroupPage[] = [];
    for (const def of this.groupsFor(user)) {
      const asked = paging.group === def.key ? Math.max(1, Math.floor(paging.page ?? 1)) : 1;
      pages.push(await this.pageOf(user, def, sort, asked));
      overdue += await this.overdue(user, def, now);
    }
    // Every group's rows in one read (the office has seven groups on the page).
    const loaded = await this.load(pages.flatMap((p) => p.ids));
    for (const page of pages) groups.push(await this.group(user, page, loaded));

    let myBody: BodyReportingStatus | null = null;
    if (hasRole(user, 'recommender')) {
      const status = await this.cycle.status(period);
      myBody = status.bodies.find((b) => b.organization.id === user.organizationId) ?? null;
    }
    let collection: PeriodStatus | null = null;
    const editions: EditionView[] = [];
    if (hasRole(user, 'officeStaff')) {
      collection = await this.cycle.status(period);
      editions.push(...(await this.releases.list(user, {})).filter((ed) => ed.state !== 'issued'));
    }
    const visits = hasRole(user, 'expert') ? await this.verification.teamVisits(user) : [];
    return {
      groups,
      total: groups.reduce((a, g) => a + g.total, 0) + visits.length,
      overdue: overdue + visits.filter((v) => v.overdue).length,
      visits,
      period,
      collection,
      myBody,
      editions,
    };
  }

  /** Which rows of the group the page shows (ids in order), its total and the page number. */
  private async pageOf(
    user: AuthUser,
    def: GroupDef,
    sort: 'deadline' | 'updated',
    asked: number,
  ): Promise<GroupPage> {
    const size = WORKLIST_PAGE_SIZE;
    if (def.key === 'panels') {
      const review = await this.panelsNeedingReview((all) => {
        const page = clampPage(asked, all, size);
        return { from: (page - 1) * size, to: page * size };
      });
      return {
        def,
        total: review.total,
        page: clampPage(asked, review.total, size),
        ids: review.rows.map((r) => r.id),
        notes: new Map(review.rows.map((r) => [r.id, r.note])),
      };
    }
    const total = await this.repo.count(user, def);
    const order = sort === 'deadline' ? (def.deadlineOrder ?? 'updated') : 'updated';
    const page = clampPage(asked, total, size);
    const ids = await this.repo.page(user, def, order, (page - 1) * size, size);
    return { def, total, page, ids, notes: new Map() };
  }

  private async group(
    user: AuthUser,
    { def, total, page, ids, notes }: GroupPage,
    loaded: Map<string, Achievement>,
  ): Promise<TaskGroup> {
    const items = ids.map((id) => loaded.get(id)).filter((r): r is Achievement => !!r);
    const tasks: TaskItem[] = items.map((item) => ({
      // 最近更新 is the later of the record's last edit and its last event: the worklist's order.
      item: { ...toSummaryView(item), updatedAt: latest(item).toISOString() },
      action: def.action,
      deadline: null,
      overdue: false,
      note: notes.get(item.id) ?? null,
      link: def.link,
    }));
    await this.annotate(user, def, items, tasks);
    return {
      key: def.key,
      title: def.title,
      items: tasks,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / WORKLIST_PAGE_SIZE)),
    };
  }

  /** Deadlines and notes of the rows on the page shown. */
  private async annotate(
    user: AuthUser,
    def: GroupDef,
    items: Achievement[],
    tasks: TaskItem[],
  ): Promise<void> {
    const now = this.clock.now().getTime();
    const ids = tasks.map((t) => t.item.id);
    if (def.key === 'drafts' && ids.length) {
      // The page's drafts are the user's own unit's (the group's filter), so no visibility check.
      const files = await this.em
        .fork()
        .find(
          Attachment,
          { achievement: { $in: ids }, deletedAt: null },
          { fields: ['achievement'] },
        );
      const withFiles = new Set(files.map((f) => f.achievement.id));
      for (const task of tasks) task.note = withFiles.has(task.item.id) ? null : '尚未上传附件';
    } else if (def.key === 'recommend') {
      // Due at the close of the batch the item could have joined when it reached this body: the
      // workflow row's last change is that arrival (every event accepted here leaves the state
      // or hands the item up a level, which is an arrival at the next body).
      items.forEach((item, i) => {
        const due = closesAt(
          periodFor(item.workflow.updatedAt, this.config.collectionCloseDay),
          this.config.collectionCloseDay,
        );
        tasks[i].deadline = due.toISOString();
        tasks[i].overdue = due.getTime() < now;
      });
    } else if (def.key === 'scoring' && tasks.length) {
      const seats = await this.evaluation.myAssignments(user);
      const dueBy = new Map(seats.map((s) => [s.achievement.id, new Date(s.dueAt)]));
      for (const task of tasks) {
        const due = dueBy.get(task.item.id) ?? null;
        task.deadline = due?.toISOString() ?? null;
        task.overdue = due !== null && due.getTime() < now;
      }
    } else if (def.key === 'verification' && ids.length) {
      const visits = await this.em.fork().find(VerificationVisit, { achievement: { $in: ids } });
      const byItem = new Map(visits.map((v) => [v.achievement.id, v]));
      for (const task of tasks) visitNote(task, byItem.get(task.item.id) ?? null, now);
    }
  }

  /** The group's overdue rows over all its pages, counted in SQL. */
  private async overdue(user: AuthUser, def: GroupDef, now: Date): Promise<number> {
    const closeDay = this.config.collectionCloseDay;
    if (def.key === 'recommend') {
      // Overdue once the batch it arrived in has closed: it arrived before the last close.
      const [year, month] = periodFor(now, closeDay).split('-').map(Number);
      const previous = new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 7);
      return this.repo.arrivedBefore(user, def, closesAt(previous, closeDay));
    }
    if (def.key === 'scoring') return this.repo.seatsDueBefore(user, def, now);
    if (def.key === 'verification') {
      const today = new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
      return this.repo.visitsOverdue(user, def, today);
    }
    return 0;
  }

  /**
   * The panels the office must look at, newest first: short of their target size, or with a
   * seated expert's suggested conflict that the office has not decided. Suggested conflicts keep
   * an expert off new panels by themselves; the office's word is needed when one concerns a
   * member already seated.
   *
   * With `slice`, only those rows get their notes: a short panel is in the list whatever its
   * conflicts, so the conflict rules run for the panels that are not short (to know whether they
   * are in it) and for the rows shown (for their notes), not for every seat of every item in
   * scoring (3,000 items at 100,000, every one short in the bench's province).
   */
  async panelsNeedingReview(
    slice?: (total: number) => { from: number; to: number },
  ): Promise<{ total: number; rows: { id: string; note: string }[] }> {
    const items = await this.repo.scoringPanels();
    const target = await this.evaluation.panelTargets();
    const shortfall = new Map(items.map((i) => [i.id, target(i.domain) - i.panelSize]));
    const round = new Map(items.map((i) => [i.id, i.round]));
    const full = items.filter((i) => shortfall.get(i.id)! <= 0).map((i) => i.id);
    const open = await this.openConflicts(full, round);
    const listed = items
      .filter((i) => shortfall.get(i.id)! > 0 || open.has(i.id))
      .sort((a, b) => b.updatedAt - a.updatedAt || b.id.localeCompare(a.id));
    const { from, to } = slice ? slice(listed.length) : { from: 0, to: listed.length };
    const shown = listed.slice(from, to);
    const shortShown = shown.filter((i) => !open.has(i.id)).map((i) => i.id);
    for (const [id, count] of await this.openConflicts(shortShown, round)) open.set(id, count);
    return {
      total: listed.length,
      rows: shown.map((item) => {
        const short = shortfall.get(item.id)!;
        const conflicts = open.get(item.id) ?? 0;
        const note = [
          short > 0 ? `缺 ${short} 名专家` : '',
          conflicts ? `${conflicts} 项利益冲突待认定` : '',
        ]
          .filter(Boolean)
          .join(';');
        return { id: item.id, note };
      }),
    };
  }

  /** Undecided suggested conflicts of seated experts, per item (only items with one are read). */
  private async openConflicts(
    ids: string[],
    round: Map<string, number>,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!ids.length) return out;
    const seats = await this.repo.seatedExperts(new Map(ids.map((id) => [id, round.get(id)!])));
    if (!seats.length) return out;
    const em = this.em.fork();
    const itemIds = [...new Set(seats.map((s) => s.achievementId))];
    const members = new Map(
      (await this.pool.members(em, [...new Set(seats.map((s) => s.expertId))])).map((m) => [
        m.user.id,
        m,
      ]),
    );
    const seatedOn = new Map<string, string[]>();
    for (const s of seats)
      seatedOn.set(s.achievementId, [...(seatedOn.get(s.achievementId) ?? []), s.expertId]);
    // Only what the conflict rules read, as plain rows: at 100,000 items a few thousand are in
    // scoring, and whole entities (then a scan of every seat per item) took over a second.
    const items = await this.repo.conflictParties(itemIds);
    const suspects = new Map<string, string[]>();
    const normalize = rememberingNormalizer();
    for (const item of items) {
      const parties = this.candidates.partiesOf(item);
      const flagged = (seatedOn.get(item.id) ?? []).filter((id) => {
        const member = members.get(id);
        return member && conflictsOf(member.identity, parties, normalize).length > 0;
      });
      if (flagged.length) suspects.set(item.id, flagged);
    }
    if (!suspects.size) return out;
    // The office's decisions on the suspect items, all in one query; the latest per expert counts.
    const decisions = await em.find(
      ConflictDecision,
      { achievement: { $in: [...suspects.keys()] } },
      { orderBy: { decidedAt: 'asc' } },
    );
    const decided = new Map<string, Set<string>>();
    for (const d of decisions) {
      const set = decided.get(d.achievement.id) ?? new Set<string>();
      set.add(d.expert.id);
      decided.set(d.achievement.id, set);
    }
    for (const [id, flagged] of suspects) {
      const count = flagged.filter((expert) => !decided.get(id)?.has(expert)).length;
      if (count) out.set(id, count);
    }
    return out;
  }

  /** The pages' items with what a row shows, by id. */
  private async load(ids: string[]): Promise<Map<string, Achievement>> {
    if (!ids.length) return new Map();
    const rows = await this.em
      .fork()
      .find(
        Achievement,
        { id: { $in: [...new Set(ids)] } },
        { populate: ['workflow', 'ownerOrganization', 'domain'] },
      );
    return new Map(rows.map((r) => [r.id, r]));
  }
}

/**
 * The verification worklist's deadlines are the visit days (as VerificationService shows them);
 * each row leads to the visit page.
 */
function visitNote(task: TaskItem, visit: VerificationVisit | null, now: number): void {
  task.link = `/verification/${task.item.id}`;
  if (!visit) {
    task.note = '尚未组建核查组';
  } else if (!visit.visitDate) {
    task.note = '尚未安排核查时间';
  } else {
    const endOfDay = new Date(`${visit.visitDate}T24:00:00+08:00`);
    task.deadline = endOfDay.toISOString();
    task.overdue = !visit.reportedAt && now >= endOfDay.getTime();
    task.note = visit.reportedAt ? '核查结果已记录,待确认' : `核查地点:${visit.place ?? ''}`;
  }
}

function latest(item: Achievement): Date {
  const event = item.workflow.updatedAt;
  return event.getTime() > item.updatedAt.getTime() ? event : item.updatedAt;
}

function clampPage(asked: number, total: number, size: number): number {
  return Math.min(asked, Math.max(1, Math.ceil(total / size)));
}
