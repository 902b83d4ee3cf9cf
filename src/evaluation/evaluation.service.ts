import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AchievementEventType } from '../../workflows/achievement.machine';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { AchievementsService } from '../achievements/achievements.service';
import { SYSTEM_ACTOR, toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { Transactions } from '../database/tx';
import { TimerService } from '../scheduling/timer.service';
import { SettingsService } from '../settings/settings.service';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { LAPSE_TIMER, type PanelChange } from './assignment-tracker.service';
import { DecideConflict } from './decide-conflict.use-case';
import { EligibilityService } from './eligibility.service';
import { panelSizeFor } from './evaluation-settings';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { EvaluationRepository } from './evaluation.repository';
import type { ExpertAssignment } from './expert-assignment.entity';
import { PanelCandidatesService, type ExpertConflicts } from './panel-candidates.service';
import { PanelForming, contextOf, panelOf } from './panel-forming';
import { PassEligibilityBatch } from './pass-eligibility-batch.use-case';

export interface PanelSeatView {
  assignmentId: string;
  expert: { id: string; displayName: string; organization: string };
  round: number;
  status: ExpertAssignment['status'];
  source: ExpertAssignment['source'];
  assignedAt: string;
  dueAt: string;
  submittedAt: string | null;
  endReason: string | null;
}

/**
 * The evaluation stage around the machine: what the host adds to the panel events (panels from
 * the batch solver, eligibility overrides), recusal, office overrides, conflict decisions, and
 * lapses when a deadline passes. Every change goes through the runner, so it is audited.
 */
export interface MyAssignmentView {
  assignmentId: string;
  achievement: {
    id: string;
    title: string;
    category: string;
    domain: { key: string; name: string };
  };
  round: number;
  assignedAt: string;
  dueAt: string;
  overdue: boolean;
}

/**
 * The evaluation stage around the machine: what the host adds to the panel events, the panels
 * as the office and the experts read them, filling a panel, and lapses when a deadline passes.
 * Panel rules live in PanelForming; the batch pass and conflict decisions are use cases of their
 * own. Every change goes through the runner, so it is audited.
 */
@Injectable()
export class EvaluationService implements OnModuleInit {
  constructor(
    private readonly transactions: Transactions,
    private readonly items: EvaluationRepository,
    private readonly runner: WorkflowRunner,
    private readonly timers: TimerService,
    private readonly candidates: PanelCandidatesService,
    private readonly eligibility: EligibilityService,
    private readonly forming: PanelForming,
    private readonly settings: EvaluationSettingsService,
    private readonly scoring: SettingsService,
    private readonly achievements: AchievementsService,
    private readonly passEligibilityBatch: PassEligibilityBatch,
    private readonly decideConflictCase: DecideConflict,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timers.register(LAPSE_TIMER, (timer) => this.lapse(String(timer.payload.assignment)));
    // The scoring policy in force rides on PASS_ELIGIBILITY ahead of the panel, so the audit row
    // records the policy the item is scored under.
    this.achievements.providePayload('PASS_ELIGIBILITY', async (user, item, comment, data) => ({
      scoring: await this.scoring.scoringPolicy(),
      ...(await this.eventPayload(user, item.id, 'PASS_ELIGIBILITY', data, comment)),
    }));
    for (const type of [
      'ASSIGN_PANEL',
      'RECUSE',
      'DECIDE_CONSENSUS',
      'OPEN_SECOND_ROUND',
    ] as AchievementEventType[]) {
      this.achievements.providePayload(
        type,
        async (user, item, comment, data) =>
          (await this.eventPayload(user, item.id, type, data, comment))!,
      );
    }
    this.achievements.provideSeats({
      itemsOf: (expertId) => this.items.seatedItems(expertId),
      holds: (expertId, itemId) => this.items.holdsSeat(expertId, itemId),
    });
  }

  /**
   * The data the host adds to an evaluation event sent through /api/achievements/:id/events, or
   * null for events that are not the evaluation's business.
   */
  async eventPayload(
    user: AuthUser,
    itemId: string,
    type: AchievementEventType,
    data: Record<string, unknown> | undefined,
    comment: string | undefined,
  ): Promise<Record<string, unknown> | null> {
    const tx = this.transactions.reader();
    switch (type) {
      case 'PASS_ELIGIBILITY': {
        const item = await this.items.item(tx, itemId);
        const eligibility = await this.eligibility.passDecision(tx, item, comment);
        return { ...(await this.forming.proposeFor(tx, [item]))[item.id], eligibility };
      }
      case 'ASSIGN_PANEL': {
        const panel = await this.forming.checkPanel(
          tx,
          await this.items.item(tx, itemId),
          data?.panel,
        );
        return { panel, change: null };
      }
      case 'RECUSE': {
        const item = await this.items.item(tx, itemId);
        const { added, conflicts } = await this.forming.replace(tx, item, user.id);
        return { replacement: added, conflicts };
      }
      case 'DECIDE_CONSENSUS': {
        const decision = data?.decision;
        if (decision !== 'pass' && decision !== 'reject') {
          throw InvalidInputError.field(
            'data.decision',
            '协商决定须为 pass(通过)或 reject(不通过)',
          );
        }
        return { decision };
      }
      case 'OPEN_SECOND_ROUND': {
        const item = await this.items.item(tx, itemId);
        const panel =
          data?.panel === undefined
            ? panelOf(item)
            : await this.forming.checkPanel(tx, item, data.panel);
        return { panel };
      }
      default:
        return null;
    }
  }

  /** Passes several items' eligibility at once, solving their panels together. */
  passBatch(
    user: AuthUser,
    ids: string[],
    comment: string | undefined,
  ): Promise<{ id: string; state: string; panel: number; shortfall: number }[]> {
    return this.passEligibilityBatch.execute(user, ids, comment);
  }

  /** The size a panel must reach in each domain: the larger of the quorum and the domain's size. */
  async panelTargets(): Promise<(domain: string) => number> {
    const settings = await this.settings.get(this.transactions.reader());
    const { quorum } = await this.scoring.scoringPolicy();
    return (domain) => Math.max(quorum, panelSizeFor(settings, domain));
  }

  /** The panel of the current round and every seat the item ever had (office only). */
  async panel(id: string): Promise<PanelView> {
    const found = (await this.panels([id])).get(id);
    if (!found) throw new NotFoundError('成果不存在', { id });
    const { round, panel, target, seats } = found;
    return { round, panel, target, seats };
  }

  /**
   * The panels of several items (a page of the review), in four queries whatever their number,
   * with each item's conflict rows (a suggestion or a decision) when `withConflicts`.
   */
  async panels(
    ids: readonly string[],
    withConflicts = false,
  ): Promise<Map<string, PanelView & { conflicts: ExpertConflicts[] }>> {
    const out = new Map<string, PanelView & { conflicts: ExpertConflicts[] }>();
    if (!ids.length) return out;
    const tx = this.transactions.reader();
    const items = await this.items.items(tx, ids);
    const seats = await this.items.seatsOf(tx, ids);
    const settings = await this.settings.get(tx);
    const { quorum } = await this.scoring.scoringPolicy();
    const conflicts = withConflicts
      ? await this.candidates.conflictsOfMany(tx, items)
      : new Map<string, ExpertConflicts[]>();
    for (const item of items) {
      const context = contextOf(item);
      out.set(item.id, {
        round: context.round ?? 1,
        panel: panelOf(item),
        target: Math.max(quorum, panelSizeFor(settings, item.domain.key)),
        seats: seats.filter((s) => s.achievement.id === item.id).map(seatView),
        conflicts: conflicts.get(item.id) ?? [],
      });
    }
    return out;
  }

  /**
   * An expert's open seats: the items waiting for their score, each with its deadline, soonest
   * first. Only items still in scoring; a seat on a suspended item waits without a deadline view.
   */
  async myAssignments(user: AuthUser): Promise<MyAssignmentView[]> {
    const seats = await this.items.openSeats(user.id);
    const now = this.clock.now().getTime();
    return seats.map((s) => ({
      assignmentId: s.id,
      achievement: {
        id: s.achievement.id,
        title: s.achievement.title,
        category: s.achievement.category,
        domain: { key: s.achievement.domain.key, name: s.achievement.domain.name },
      },
      round: s.round,
      assignedAt: s.assignedAt.toISOString(),
      dueAt: s.dueAt.toISOString(),
      overdue: s.dueAt.getTime() < now,
    }));
  }

  /** Fills the panel up to its target size from the pool (office), e.g. after a shortfall. */
  async fillPanel(user: AuthUser, id: string, comment: string) {
    const tx = this.transactions.reader();
    const item = await this.items.item(tx, id);
    const { added, conflicts } = await this.forming.fill(tx, item);
    if (added.length === 0) throw new ConflictError('专家库中没有可补充的专家', { id });
    return this.runner.send(achievementWorkflow, item.workflow.id, {
      type: 'ASSIGN_PANEL',
      actor: toWorkflowActor(user),
      comment,
      payload: { panel: [...panelOf(item), ...added], change: null, conflicts },
    });
  }

  async conflicts(id: string): Promise<ExpertConflicts[]> {
    const tx = this.transactions.reader();
    const item = await this.items.item(tx, id);
    return (await this.candidates.conflicts(tx, item)).filter(
      (c) => c.suggested.length > 0 || c.decision,
    );
  }

  /** The office's word on a conflict (see DecideConflict). */
  decideConflict(
    user: AuthUser,
    id: string,
    expertId: string,
    decision: 'falsePositive' | 'confirmed',
    reason: string,
  ) {
    return this.decideConflictCase.execute(user, id, expertId, decision, reason);
  }

  /** A deadline passed: the seat lapses and the solver finds a replacement. Idempotent. */
  async lapse(assignmentId: string): Promise<void> {
    const tx = this.transactions.reader();
    const seat = await this.items.seat(tx, assignmentId);
    if (!seat || seat.status !== 'active') return;
    if (seat.dueAt.getTime() > this.clock.now().getTime()) return;
    const item = await this.items.item(tx, seat.achievement.id);
    // Suspended items keep their seats; the deadline restarts when the dispute is resolved.
    if (item.workflow.state !== 'expertScoring') return;
    const { current, added, conflicts } = await this.forming.replace(tx, item, seat.expert.id);
    const change: PanelChange = { expertId: seat.expert.id, status: 'lapsed' };
    await this.runner.send(achievementWorkflow, item.workflow.id, {
      type: 'ASSIGN_PANEL',
      actor: SYSTEM_ACTOR,
      comment: '评审专家逾期未提交评分,任务已失效并自动改派',
      payload: { panel: [...current, ...added], change, conflicts },
    });
  }
}

export interface PanelView {
  round: number;
  panel: string[];
  target: number;
  seats: PanelSeatView[];
}

function seatView(s: ExpertAssignment): PanelSeatView {
  return {
    assignmentId: s.id,
    expert: {
      id: s.expert.id,
      displayName: s.expert.displayName,
      organization: s.expert.organization.name,
    },
    round: s.round,
    status: s.status,
    source: s.source,
    assignedAt: s.assignedAt.toISOString(),
    dueAt: s.dueAt.toISOString(),
    submittedAt: s.submittedAt?.toISOString() ?? null,
    endReason: s.endReason,
  };
}
