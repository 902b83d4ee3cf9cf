import { Injectable } from '@nestjs/common';
import { isPostgres } from '../database/dialect';
import { shanghaiDay } from '../common/shanghai-time';
import { EntityManager, raw, type FilterQuery } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { AchievementContext } from '../../workflows/achievement.machine';
import { CATEGORY_LABELS } from '../reference/achievement-category';
import { visibilityFilter } from '../achievements/achievement-access';
import { unselective } from '../achievements/achievement-query';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { Achievement } from '../achievements/achievement.entity';
import { AchievementsService } from '../achievements/achievements.service';
import { hasRole, toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { assertOffice } from '../common/role-policy';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../common/domain-errors';
import { User } from '../users/user.entity';
import { WorkflowRunner, type TransitionResult } from '../workflow/workflow-runner.service';
import {
  LIBRARY_FLAGS,
  type LibraryFlagsDto,
  type LibraryQuery,
  type ProgressDecisionDto,
  type ProgressDto,
  type TrackingEvaluationDto,
} from './dto/library.dto';
import { LibraryEntry } from './library-entry.entity';
import { LIBRARY_STATES } from './library-states';
import { LibraryEvaluation } from './library-evaluation.entity';
import { ProgressUpdate } from './progress-update.entity';
const POPULATE = [
  'achievement',
  'achievement.workflow',
  'achievement.ownerOrganization',
  'achievement.domain',
] as const;

export interface LibraryItemView {
  id: string;
  title: string;
  category: string;
  categoryLabel: string;
  domain: { key: string; name: string };
  city: string;
  organization: { id: string; name: string };
  state: string;
  enteredAt: string;
  enteredYear: number;
  score: number | null;
  flags: Record<(typeof LIBRARY_FLAGS)[number], boolean>;
  /** Submission time of the latest approved progress update; null if none is approved. */
  latestProgressAt: string | null;
}

export interface TrackingEvaluationView {
  id: string;
  type: string;
  evaluator: string;
  date: string;
  findings: string;
  rating: string;
  recordedBy: string;
  recordedAt: string;
}

export interface ProgressView {
  id: string;
  title: string;
  content: string;
  status: ProgressUpdate['status'];
  submittedBy: string;
  submittedAt: string;
  decidedAt: string | null;
  decisionComment: string | null;
}

export interface LibraryDetailView extends LibraryItemView {
  evaluations: TrackingEvaluationView[];
  progress: ProgressView[];
}

/**
 * The provincial library (成果库): items that passed verification, with the office's tracking
 * evaluations and flags and the units' progress updates. Every change is an audited record in the
 * item's chain; reading follows the item's visibility (the office all, recommenders their units,
 * units their own).
 */
@Injectable()
export class LibraryService {
  constructor(
    private readonly em: EntityManager,
    private readonly runner: WorkflowRunner,
    private readonly achievements: AchievementsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Declared in src/workflow-reactions.ts: the entry is written with the transition into the
   * library, whoever sends it; an item that comes back from a dispute keeps its original entry.
   */
  async enter(em: EntityManager, result: TransitionResult): Promise<void> {
    if (result.state !== 'inLibrary' || result.fromState === 'inLibrary') return;
    if (await em.findOne(LibraryEntry, { achievement: result.id })) return;
    const context = (result.snapshot as { context: AchievementContext }).context;
    const at = this.clock.now();
    em.create(LibraryEntry, {
      id: randomUUID(),
      achievement: em.getReference(Achievement, result.id),
      enteredAt: at,
      enteredYear: Number(shanghaiYear(at)),
      score: context.aggregate,
      provincialAwardRecommended: false,
      nationalAwardRecommended: false,
      majorSpecialProject: false,
      latestProgressAt: null,
    });
  }

  async list(
    user: AuthUser,
    query: LibraryQuery,
  ): Promise<{ items: LibraryItemView[]; nextCursor: string | null }> {
    if (
      query.minScore !== undefined &&
      query.maxScore !== undefined &&
      query.minScore > query.maxScore
    ) {
      throw InvalidInputError.field('minScore', '最低分不能高于最高分');
    }
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
    try {
      const page = await this.em.fork().findByCursor(LibraryEntry, where, {
        first: query.limit ?? 20,
        after: query.cursor,
        orderBy: { enteredAt: 'desc', id: 'desc' },
        // The total is never shown; counting it joined and read every library entry on each page.
        includeCount: false,
        populate: POPULATE,
      });
      return {
        items: page.items.map(toItemView),
        nextCursor: page.hasNextPage ? page.endCursor : null,
      };
    } catch (err) {
      if (query.cursor) throw InvalidInputError.field('cursor', '分页游标无效');
      throw err;
    }
  }

  async get(user: AuthUser, achievementId: string): Promise<LibraryDetailView> {
    const entry = await this.visibleEntry(user, achievementId);
    const em = this.em.fork();
    const evaluations = await em.find(
      LibraryEvaluation,
      { achievement: achievementId },
      { orderBy: { evaluatedOn: 'desc', recordedAt: 'desc' } },
    );
    // The unit and the office follow its updates through review; others see approved ones.
    const seesAll =
      hasRole(user, 'officeStaff', 'admin') ||
      entry.achievement.ownerOrganization.id === user.organizationId;
    const progress = await em.find(
      ProgressUpdate,
      { achievement: achievementId, ...(seesAll ? {} : { status: 'approved' }) },
      { orderBy: { submittedAt: 'desc', id: 'desc' } },
    );
    return {
      ...toItemView(entry),
      evaluations: evaluations.map((e) => ({
        id: e.id,
        type: e.type,
        evaluator: e.evaluator,
        date: e.evaluatedOn,
        findings: e.findings,
        rating: e.rating,
        recordedBy: e.recordedBy.id,
        recordedAt: e.recordedAt.toISOString(),
      })),
      progress: progress.map(toProgressView),
    };
  }

  async recordEvaluation(
    user: AuthUser,
    achievementId: string,
    dto: TrackingEvaluationDto,
  ): Promise<LibraryDetailView> {
    assertOffice(user, '只有省办工作人员可以记录跟踪评价');
    checkDay('date', dto.date);
    if (dto.date > shanghaiDay(this.clock.now())) {
      throw InvalidInputError.field('date', '评价日期不能晚于今天');
    }
    const evaluator = dto.evaluator.trim();
    const findings = dto.findings.trim();
    if (!evaluator) throw InvalidInputError.field('evaluator', '不能为空');
    if (!findings) throw InvalidInputError.field('findings', '不能为空');
    const entry = await this.visibleEntry(user, achievementId);
    const id = randomUUID();
    await this.runner.record(
      achievementWorkflow,
      entry.achievement.workflow.id,
      {
        type: 'TRACKING_EVALUATION_RECORDED',
        actor: toWorkflowActor(user),
        actorRole: 'officeStaff',
        payload: {
          evaluationId: id,
          type: dto.type,
          evaluator,
          date: dto.date,
          rating: dto.rating,
        },
      },
      {
        check: assertInLibrary,
        apply: (em) => {
          em.create(LibraryEvaluation, {
            id,
            achievement: em.getReference(Achievement, achievementId),
            type: dto.type,
            evaluator,
            evaluatedOn: dto.date,
            findings,
            rating: dto.rating,
            recordedBy: em.getReference(User, user.id),
            recordedAt: this.clock.now(),
          });
          return Promise.resolve();
        },
      },
    );
    return this.get(user, achievementId);
  }

  async setFlags(
    user: AuthUser,
    achievementId: string,
    dto: LibraryFlagsDto,
  ): Promise<LibraryDetailView> {
    assertOffice(user, '只有省办工作人员可以设置成果标记');
    const reason = dto.reason.trim();
    if (!reason) throw InvalidInputError.field('reason', '不能为空');
    const changes = Object.fromEntries(
      LIBRARY_FLAGS.filter((f) => dto[f] !== undefined).map((f) => [f, dto[f]!]),
    );
    if (Object.keys(changes).length === 0) {
      throw InvalidInputError.field(
        LIBRARY_FLAGS[0],
        `请至少设置一个标记(${LIBRARY_FLAGS.join('、')})`,
      );
    }
    const entry = await this.visibleEntry(user, achievementId);
    const before = flagsOf(entry);
    if (Object.entries(changes).every(([f, v]) => before[f as keyof typeof before] === v)) {
      throw new ConflictError('标记没有变化', { flags: before });
    }
    await this.runner.record(
      achievementWorkflow,
      entry.achievement.workflow.id,
      {
        type: 'LIBRARY_FLAGS_CHANGED',
        actor: toWorkflowActor(user),
        actorRole: 'officeStaff',
        comment: reason,
        payload: { before, after: { ...before, ...changes } },
      },
      {
        check: assertInLibrary,
        apply: async (em) => {
          const row = await em.findOneOrFail(LibraryEntry, entry.id);
          if (JSON.stringify(flagsOf(row)) !== JSON.stringify(before)) {
            throw new ConflictError('标记刚被他人修改,请刷新后重试');
          }
          em.assign(row, changes);
        },
      },
    );
    return this.get(user, achievementId);
  }

  async submitProgress(
    user: AuthUser,
    achievementId: string,
    dto: ProgressDto,
  ): Promise<ProgressView> {
    const entry = await this.visibleEntry(user, achievementId);
    if (
      !hasRole(user, 'submitter') ||
      entry.achievement.ownerOrganization.id !== user.organizationId
    ) {
      throw new ForbiddenError('只有成果所属单位的申报人可以报送最新进展');
    }
    const title = dto.title.trim();
    const content = dto.content.trim();
    if (!title) throw InvalidInputError.field('title', '不能为空');
    if (!content) throw InvalidInputError.field('content', '不能为空');
    const id = randomUUID();
    const submittedAt = this.clock.now();
    await this.runner.record(
      achievementWorkflow,
      entry.achievement.workflow.id,
      {
        type: 'PROGRESS_SUBMITTED',
        actor: toWorkflowActor(user),
        actorRole: 'submitter',
        payload: { progressId: id, title },
      },
      {
        check: assertInLibrary,
        apply: (em) => {
          em.create(ProgressUpdate, {
            id,
            achievement: em.getReference(Achievement, achievementId),
            title,
            content,
            submittedBy: em.getReference(User, user.id),
            submittedAt,
            status: 'pending',
          });
          return Promise.resolve();
        },
      },
    );
    const row = await this.em.fork().findOneOrFail(ProgressUpdate, id);
    return toProgressView(row);
  }

  async decideProgress(
    user: AuthUser,
    achievementId: string,
    progressId: string,
    dto: ProgressDecisionDto,
  ): Promise<ProgressView> {
    assertOffice(user, '只有省办工作人员可以审核最新进展');
    const comment = dto.comment?.trim() || null;
    if (dto.decision === 'reject' && !comment) {
      throw InvalidInputError.field('comment', '退回最新进展必须填写理由');
    }
    const entry = await this.visibleEntry(user, achievementId);
    const progress = await this.em
      .fork()
      .findOne(ProgressUpdate, { id: progressId, achievement: achievementId });
    if (!progress) throw new NotFoundError('最新进展不存在', { progressId });
    if (progress.status !== 'pending') {
      throw new ConflictError('该进展已审核', { status: progress.status });
    }
    const status = dto.decision === 'approve' ? 'approved' : 'rejected';
    await this.runner.record(
      achievementWorkflow,
      entry.achievement.workflow.id,
      {
        type: status === 'approved' ? 'PROGRESS_APPROVED' : 'PROGRESS_REJECTED',
        actor: toWorkflowActor(user),
        actorRole: 'officeStaff',
        comment: comment ?? undefined,
        payload: { progressId, submittedAt: progress.submittedAt.toISOString() },
      },
      {
        check: assertInLibrary,
        apply: async (em) => {
          const now = this.clock.now();
          const updated = await em.nativeUpdate(
            ProgressUpdate,
            { id: progressId, status: 'pending' },
            { status, decidedBy: user.id, decidedAt: now, decisionComment: comment },
          );
          if (updated !== 1) throw new ConflictError('该进展已审核');
          if (status !== 'approved') return;
          const row = await em.findOneOrFail(LibraryEntry, entry.id);
          if (!row.latestProgressAt || row.latestProgressAt < progress.submittedAt) {
            row.latestProgressAt = progress.submittedAt;
          }
        },
      },
    );
    return toProgressView(await this.em.fork().findOneOrFail(ProgressUpdate, progressId));
  }

  /** The item's library entry if the caller may see the item (403) and it is in the library (404). */
  private async visibleEntry(user: AuthUser, achievementId: string): Promise<LibraryEntry> {
    await this.achievements.assertVisible(user, achievementId);
    const entry = await this.em
      .fork()
      .findOne(LibraryEntry, { achievement: achievementId }, { populate: POPULATE });
    if (!entry || !LIBRARY_STATES.includes(entry.achievement.workflow.state)) {
      throw new NotFoundError('该成果不在成果库中', { achievementId });
    }
    return entry;
  }
}

function toItemView(entry: LibraryEntry): LibraryItemView {
  const item = entry.achievement;
  return {
    id: item.id,
    title: item.title,
    category: item.category,
    categoryLabel: CATEGORY_LABELS[item.category],
    domain: { key: item.domain.key, name: item.domain.name },
    city: item.ownerOrganization.city,
    organization: { id: item.ownerOrganization.id, name: item.ownerOrganization.name },
    state: item.workflow.state,
    enteredAt: entry.enteredAt.toISOString(),
    enteredYear: entry.enteredYear,
    score: entry.score,
    flags: flagsOf(entry),
    latestProgressAt: entry.latestProgressAt?.toISOString() ?? null,
  };
}

function toProgressView(p: ProgressUpdate): ProgressView {
  return {
    id: p.id,
    title: p.title,
    content: p.content,
    status: p.status,
    submittedBy: p.submittedBy.id,
    submittedAt: p.submittedAt.toISOString(),
    decidedAt: p.decidedAt?.toISOString() ?? null,
    decisionComment: p.decisionComment,
  };
}

function flagsOf(entry: LibraryEntry): LibraryItemView['flags'] {
  return {
    provincialAwardRecommended: entry.provincialAwardRecommended,
    nationalAwardRecommended: entry.nationalAwardRecommended,
    majorSpecialProject: entry.majorSpecialProject,
  };
}

function shanghaiYear(at: Date): string {
  return shanghaiDay(at).slice(0, 4);
}

function checkDay(field: string, day: string): void {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw InvalidInputError.field(field, '不是有效的日期');
  }
}

function assertInLibrary(state: string): void {
  if (!LIBRARY_STATES.includes(state)) throw new ConflictError('该成果已不在成果库中', { state });
}
