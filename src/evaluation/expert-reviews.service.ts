import { Injectable } from '@nestjs/common';
import { CRITERION_COMMENT_MAX } from '../../workflows/achievement-scoring';
import type { AchievementContext, AchievementState } from '../../workflows/achievement.machine';
import { hasRole, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../common/domain-errors';
import { Transactions, type Tx } from '../database/tx';
import type {
  ExpertAssignment,
  AssignmentSource,
  AssignmentStatus,
  ScoreDraft,
} from './expert-assignment.entity';
import { ExpertReviewsRepository, type ReviewedItem } from './expert-reviews.repository';

/** One of the expert's own seats on an item: the deadline history the seat records keep. */
export interface MySeatView {
  round: number;
  status: AssignmentStatus;
  source: AssignmentSource;
  assignedAt: string;
  dueAt: string;
  submittedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  weighted: number | null;
}

/** An item the expert scored or was seated on, as their 「已评」 list shows it. */
export interface MyReviewView {
  achievement: { id: string; title: string; state: AchievementState };
  /** Their weighted score in the latest round they submitted, if any. */
  weighted: number | null;
  submittedAt: string | null;
  /** Once scoring closed: the panel's aggregate and, for an item that ended, why. */
  aggregate: number | null;
  outcome: AchievementContext['outcome'];
  /** The expert may still change their sheet (the panel is open and they submitted in it). */
  revisable: boolean;
  seats: MySeatView[];
}

const DRAFT_COMMENT_MAX = 2000;

/**
 * The expert's side of the evaluation, read from their own seat records only: what they scored
 * and how each seat went (assigned, due, submitted, recused, lapsed, replaced), and the draft of
 * the sheet they are filling in. Nothing here names another expert or shows another sheet.
 */
@Injectable()
export class ExpertReviewsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly repository: ExpertReviewsRepository,
  ) {}

  /** Every item the expert was seated on except those still only waiting for their first sheet. */
  async myReviews(user: AuthUser): Promise<MyReviewView[]> {
    if (!hasRole(user, 'expert')) return [];
    const items = await this.repository.reviewedItems(user.id);
    const out: MyReviewView[] = [];
    for (let i = 0; i < items.length; i += 500) {
      out.push(...(await this.views(user, items.slice(i, i + 500))));
    }
    return out;
  }

  /**
   * One page of 「已评」 (latest seat first), keyset-paged: `after` is the last row of the page
   * before (`<epoch ms>_<item id>`, as `nextCursor` gives it). Only the page's seats are read.
   */
  async myReviewsPage(
    user: AuthUser,
    after: string | undefined,
    limit: number,
  ): Promise<{ reviews: MyReviewView[]; total: number; nextCursor: string | null }> {
    if (!hasRole(user, 'expert')) return { reviews: [], total: 0, nextCursor: null };
    const items = await this.repository.reviewedItems(user.id);
    const cursor = /^(\d+)_(.+)$/.exec(after ?? '');
    const from = cursor
      ? items.findIndex(
          (r) => r.last < Number(cursor[1]) || (r.last === Number(cursor[1]) && r.id < cursor[2]),
        )
      : 0;
    const page = from < 0 ? [] : items.slice(from, from + limit);
    const more = from >= 0 && from + limit < items.length;
    const lastRow = page[page.length - 1];
    return {
      reviews: await this.views(user, page),
      total: items.length,
      nextCursor: more && lastRow ? `${lastRow.last}_${lastRow.id}` : null,
    };
  }

  private async views(user: AuthUser, items: ReviewedItem[]): Promise<MyReviewView[]> {
    if (!items.length) return [];
    const seats = await this.repository.seatsOn(
      this.transactions.reader(),
      user.id,
      items.map((i) => i.id),
    );
    const byItem = new Map<string, ExpertAssignment[]>();
    for (const seat of seats) {
      const list = byItem.get(seat.achievement.id) ?? [];
      list.push(seat);
      byItem.set(seat.achievement.id, list);
    }
    const out: MyReviewView[] = [];
    for (const { id } of items) {
      const list = byItem.get(id);
      if (!list) continue;
      const item = list[0].achievement;
      const state = item.workflow.state as AchievementState;
      const context = (item.workflow.snapshot as { context: AchievementContext }).context;
      const submitted = list.find((s) => s.status === 'submitted');
      out.push({
        achievement: { id: item.id, title: item.title, state },
        weighted: submitted?.weighted ?? null,
        submittedAt: submitted?.submittedAt?.toISOString() ?? null,
        aggregate: state === 'expertScoring' ? null : (context.aggregate ?? null),
        outcome: context.outcome ?? null,
        revisable:
          state === 'expertScoring' &&
          submitted?.round === (context.round ?? 1) &&
          (context.panel ?? []).includes(user.id),
        seats: [...list].reverse().map(seatView),
      });
    }
    return out;
  }

  /** The expert's own seats on one item, oldest first (empty for anyone else). */
  async mySeats(user: AuthUser, itemId: string): Promise<MySeatView[]> {
    if (!hasRole(user, 'expert')) return [];
    const seats = await this.repository.seatsOnItem(this.transactions.reader(), user.id, itemId);
    return seats.map(seatView);
  }

  /** The draft of the expert's open seat on the item, if they saved one. */
  async draft(user: AuthUser, itemId: string): Promise<ScoreDraft | null> {
    const seat = await this.openSeat(this.transactions.reader(), user, itemId);
    return seat?.draft ?? null;
  }

  /**
   * Saves the sheet the expert is filling in. Any part may be empty (it is a draft); what is there
   * must fit the item's criteria. Only the seat's expert, only while the panel is open.
   */
  async saveDraft(user: AuthUser, itemId: string, body: unknown): Promise<ScoreDraft> {
    return this.transactions.run(async (tx) => {
      const item = await this.repository.itemWithWorkflow(tx, itemId);
      if (!item) throw new NotFoundError('成果不存在', { id: itemId });
      if (item.workflow.state !== 'expertScoring') {
        throw new ConflictError('该成果不在专家评审阶段,不能保存评分草稿', {
          state: item.workflow.state,
        });
      }
      const seat = await this.openSeat(tx, user, itemId);
      if (!seat) throw new ForbiddenError('您不在该成果的评审专家组中');
      const context = (item.workflow.snapshot as { context: AchievementContext }).context;
      seat.draft = {
        ...draftFrom(body, Object.keys(context.scoring.weights)),
        savedAt: this.clock.now().toISOString(),
      };
      return seat.draft;
    });
  }

  /** The expert's seat of the current round, open or submitted (a submitted sheet may be revised). */
  private async openSeat(tx: Tx, user: AuthUser, itemId: string): Promise<ExpertAssignment | null> {
    if (!hasRole(user, 'expert')) return null;
    const seats = await this.repository.liveSeats(tx, user.id, itemId);
    const seat = seats[0];
    if (!seat) return null;
    const context = (seat.achievement.workflow.snapshot as { context: AchievementContext }).context;
    return seat.round === (context.round ?? 1) ? seat : null;
  }
}

function seatView(s: ExpertAssignment): MySeatView {
  return {
    round: s.round,
    status: s.status,
    source: s.source,
    assignedAt: s.assignedAt.toISOString(),
    dueAt: s.dueAt.toISOString(),
    submittedAt: s.submittedAt?.toISOString() ?? null,
    endedAt: s.endedAt?.toISOString() ?? null,
    endReason: s.endReason,
    weighted: s.weighted,
  };
}

/** A draft as sent (JSON or the console's form), checked field by field against the criteria. */
function draftFrom(body: unknown, criteria: string[]): Omit<ScoreDraft, 'savedAt'> {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const scoresIn = (raw.scores ?? {}) as Record<string, unknown>;
  const commentsIn = (raw.criterionComments ?? {}) as Record<string, unknown>;
  const problems: Record<string, string[]> = {};
  const scores: Record<string, number | null> = {};
  const criterionComments: Record<string, string> = {};
  if (typeof scoresIn !== 'object' || Array.isArray(scoresIn)) {
    problems.scores = ['必须是评分项到分数的对象'];
  }
  for (const [key, value] of Object.entries(scoresIn)) {
    if (!criteria.includes(key)) {
      problems[`scores.${key}`] = ['不是该成果的评分项'];
      continue;
    }
    if (value === null || value === '') {
      scores[key] = null;
      continue;
    }
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 100) problems[`scores.${key}`] = ['必须是 0–100 的数'];
    else scores[key] = n;
  }
  for (const [key, value] of Object.entries(commentsIn)) {
    if (!criteria.includes(key)) problems[`criterionComments.${key}`] = ['不是该成果的评分项'];
    else if (typeof value !== 'string') problems[`criterionComments.${key}`] = ['必须是文字'];
    else if (value.length > CRITERION_COMMENT_MAX) {
      problems[`criterionComments.${key}`] = [`不能超过 ${CRITERION_COMMENT_MAX} 字`];
    } else if (value.trim()) criterionComments[key] = value;
  }
  const comment = raw.comment ?? '';
  if (typeof comment !== 'string') problems.comment = ['必须是文字'];
  else if (comment.length > DRAFT_COMMENT_MAX) {
    problems.comment = [`不能超过 ${DRAFT_COMMENT_MAX} 字`];
  }
  if (Object.keys(problems).length) throw new InvalidInputError(problems);
  return { scores, criterionComments, comment: typeof comment === 'string' ? comment : '' };
}
