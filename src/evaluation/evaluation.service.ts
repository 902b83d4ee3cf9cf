import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { AchievementContext, AchievementEventType } from '../../workflows/achievement.machine';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { Achievement } from '../achievements/achievement.entity';
import { AchievementsService } from '../achievements/achievements.service';
import { SYSTEM_ACTOR, hasRole, toWorkflowActor, type AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../common/domain-errors';
import { ExpertPoolService } from '../experts/expert-pool.service';
import { SettingsService } from '../settings/settings.service';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { LAPSE_TIMER, type PanelChange } from './assignment-tracker.service';
import { TimerService } from '../scheduling/timer.service';
import { ConflictDecision } from './conflict-decision.entity';
import { CONFLICT_LABELS } from './conflicts/conflict-rules';
import { EligibilityService } from './eligibility.service';
import { panelSizeFor } from './evaluation-settings';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { ExpertAssignment } from './expert-assignment.entity';
import { PanelCandidatesService, type ExpertConflicts } from './panel-candidates.service';

const POPULATE = ['workflow', 'ownerOrganization', 'domain'] as const;

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

@Injectable()
export class EvaluationService implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly runner: WorkflowRunner,
    private readonly timers: TimerService,
    private readonly candidates: PanelCandidatesService,
    private readonly eligibility: EligibilityService,
    private readonly settings: EvaluationSettingsService,
    private readonly pool: ExpertPoolService,
    private readonly scoring: SettingsService,
    private readonly achievements: AchievementsService,
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
      itemsOf: async (expertId) => {
        const seats = await this.em
          .fork()
          .find(ExpertAssignment, { expert: expertId }, { fields: ['achievement'] });
        return [...new Set(seats.map((s) => s.achievement.id))];
      },
      holds: async (expertId, itemId) =>
        (await this.em.fork().count(ExpertAssignment, { expert: expertId, achievement: itemId })) >
        0,
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
    const em = this.em.fork();
    switch (type) {
      case 'PASS_ELIGIBILITY': {
        const item = await this.load(em, itemId);
        const eligibility = await this.eligibility.passDecision(em, item, comment);
        return { ...(await this.proposeFor(em, [item]))[item.id], eligibility };
      }
      case 'ASSIGN_PANEL': {
        const panel = await this.checkPanel(em, await this.load(em, itemId), data?.panel);
        return { panel, change: null };
      }
      case 'RECUSE': {
        const item = await this.load(em, itemId);
        const current = panelOf(item).filter((id) => id !== user.id);
        const proposal = await this.candidates.propose(
          em,
          [{ item, current, alsoExclude: [user.id], size: panelOf(item).length }],
          await this.settings.get(em),
        );
        return {
          replacement: proposal.added[item.id] ?? [],
          conflicts: excludedConflicts(proposal, item.id),
        };
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
        const item = await this.load(em, itemId);
        const panel =
          data?.panel === undefined ? panelOf(item) : await this.checkPanel(em, item, data.panel);
        return { panel };
      }
      default:
        return null;
    }
  }

  /** Passes several items' eligibility at once, solving their panels together. */
  async passBatch(
    user: AuthUser,
    ids: string[],
    comment: string | undefined,
  ): Promise<{ id: string; state: string; panel: number; shortfall: number }[]> {
    if (!hasRole(user, 'officeStaff'))
      throw new ForbiddenError('只有省科技厅工作人员可以批量通过形式审查');
    const em = this.em.fork();
    const items = [];
    for (const id of [...new Set(ids)]) {
      const item = await this.load(em, id);
      if (item.workflow.state !== 'eligibilityCheck') {
        throw new ConflictError('只有形式审查中的成果可以通过', { id, state: item.workflow.state });
      }
      items.push(item);
    }
    const decisions = new Map<string, unknown>();
    for (const item of items) {
      decisions.set(item.id, await this.eligibility.passDecision(em, item, comment));
    }
    const proposals = await this.proposeFor(em, items);
    const scoring = await this.scoring.scoringPolicy();
    const results = [];
    for (const item of items) {
      const payload = { scoring, ...proposals[item.id], eligibility: decisions.get(item.id) };
      const result = await this.runner.send(achievementWorkflow, item.workflow.id, {
        type: 'PASS_ELIGIBILITY',
        actor: toWorkflowActor(user),
        comment,
        payload,
      });
      results.push({
        id: item.id,
        state: result.state,
        panel: proposals[item.id].panel.length,
        shortfall: proposals[item.id].shortfall,
      });
    }
    return results;
  }

  /** The size a panel must reach in each domain: the larger of the quorum and the domain's size. */
  async panelTargets(): Promise<(domain: string) => number> {
    const settings = await this.settings.get(this.em.fork());
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
    const em = this.em.fork();
    const items = await em.find(
      Achievement,
      { id: { $in: [...ids] } },
      { populate: POPULATE, refresh: true },
    );
    const seats = await em.find(
      ExpertAssignment,
      { achievement: { $in: [...ids] } },
      { populate: ['expert.organization'], orderBy: { round: 'asc', assignedAt: 'asc' } },
    );
    const settings = await this.settings.get(em);
    const { quorum } = await this.scoring.scoringPolicy();
    const conflicts = withConflicts
      ? await this.candidates.conflictsOfMany(em, items)
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
    const seats = await this.em.fork().find(
      ExpertAssignment,
      {
        expert: user.id,
        status: 'active',
        achievement: { workflow: { state: 'expertScoring' } },
      },
      { populate: ['achievement.domain'], orderBy: { dueAt: 'asc' } },
    );
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
    const em = this.em.fork();
    const item = await this.load(em, id);
    const proposal = await this.candidates.propose(
      em,
      [{ item, current: panelOf(item) }],
      await this.settings.get(em),
    );
    const added = proposal.added[item.id] ?? [];
    if (added.length === 0) throw new ConflictError('专家库中没有可补充的专家', { id });
    return this.runner.send(achievementWorkflow, item.workflow.id, {
      type: 'ASSIGN_PANEL',
      actor: toWorkflowActor(user),
      comment,
      payload: {
        panel: [...panelOf(item), ...added],
        change: null,
        conflicts: excludedConflicts(proposal, item.id),
      },
    });
  }

  async conflicts(id: string): Promise<ExpertConflicts[]> {
    const em = this.em.fork();
    const item = await this.load(em, id);
    return (await this.candidates.conflicts(em, item)).filter(
      (c) => c.suggested.length > 0 || c.decision,
    );
  }

  /**
   * The office's word on a conflict. A false positive lets the expert be assigned; a confirmed
   * conflict keeps the expert off the item, removes and replaces them if they sit on the open
   * panel, and counts against their credit as found after the fact if they ever held a seat on
   * it. Either way the decision is in the item's audit trail.
   */
  async decideConflict(
    user: AuthUser,
    id: string,
    expertId: string,
    decision: 'falsePositive' | 'confirmed',
    reason: string,
  ) {
    const em = this.em.fork();
    const item = await this.load(em, id);
    const member = await this.pool.member(em, expertId);
    if (!member) throw new NotFoundError('该用户不是评审专家', { expertId });
    const suggested = (await this.candidates.conflicts(em, item, [member]))[0].suggested;
    if (decision === 'falsePositive' && suggested.length === 0) {
      throw new ConflictError('系统未提示该专家与成果存在利益冲突', { expertId });
    }
    const onPanel = panelOf(item).includes(expertId) && item.workflow.state === 'expertScoring';
    // Found after the fact: the expert held a seat on this item (scoring, scored, lapsed or taken
    // off), also when scoring has closed since. Counted once per item; a recusal was the expert's
    // own disclosure and does not count.
    const foundAfterAssignment =
      decision === 'confirmed' &&
      (await em.count(ExpertAssignment, {
        achievement: id,
        expert: expertId,
        status: { $in: ['active', 'submitted', 'lapsed', 'removed'] },
      })) > 0 &&
      (await em.count(ConflictDecision, {
        achievement: id,
        expert: expertId,
        decision: 'confirmed',
        foundAfterAssignment: true,
      })) === 0;
    const record = (tx: EntityManager) => {
      tx.create(ConflictDecision, {
        achievement: id,
        expert: expertId,
        decision,
        kinds: suggested.map((c) => c.kind),
        foundAfterAssignment,
        reason,
        decidedBy: user.id,
        decidedAt: this.clock.now(),
      });
    };
    const audit = { expertId, decision, kinds: suggested.map((c) => c.kind), foundAfterAssignment };
    if (decision === 'confirmed' && onPanel) {
      const current = panelOf(item).filter((e) => e !== expertId);
      const proposal = await this.candidates.propose(
        em,
        [{ item, current, alsoExclude: [expertId], size: panelOf(item).length }],
        await this.settings.get(em),
      );
      const change: PanelChange = { expertId, status: 'conflict' };
      return this.runner.send(
        achievementWorkflow,
        item.workflow.id,
        {
          type: 'ASSIGN_PANEL',
          actor: toWorkflowActor(user),
          comment: `确认利益冲突:${reason}`,
          payload: {
            panel: [...current, ...proposal.added[item.id]],
            change,
            conflict: audit,
            conflicts: excludedConflicts(proposal, item.id),
          },
        },
        { afterTransition: (tx) => Promise.resolve(record(tx)) },
      );
    }
    return this.runner.record(
      achievementWorkflow,
      item.workflow.id,
      {
        type: decision === 'falsePositive' ? 'CONFLICT_CLEARED' : 'CONFLICT_CONFIRMED',
        actor: toWorkflowActor(user),
        actorRole: 'officeStaff',
        comment: reason,
        payload: audit,
      },
      { apply: (tx) => Promise.resolve(record(tx)) },
    );
  }

  /** A deadline passed: the seat lapses and the solver finds a replacement. Idempotent. */
  async lapse(assignmentId: string): Promise<void> {
    const em = this.em.fork();
    const seat = await em.findOne(ExpertAssignment, assignmentId);
    if (!seat || seat.status !== 'active') return;
    if (seat.dueAt.getTime() > this.clock.now().getTime()) return;
    const item = await this.load(em, seat.achievement.id);
    // Suspended items keep their seats; the deadline restarts when the dispute is resolved.
    if (item.workflow.state !== 'expertScoring') return;
    const current = panelOf(item).filter((e) => e !== seat.expert.id);
    const proposal = await this.candidates.propose(
      em,
      [{ item, current, alsoExclude: [seat.expert.id], size: panelOf(item).length }],
      await this.settings.get(em),
    );
    const change: PanelChange = { expertId: seat.expert.id, status: 'lapsed' };
    await this.runner.send(achievementWorkflow, item.workflow.id, {
      type: 'ASSIGN_PANEL',
      actor: SYSTEM_ACTOR,
      comment: '评审专家逾期未提交评分,任务已失效并自动改派',
      payload: {
        panel: [...current, ...(proposal.added[item.id] ?? [])],
        change,
        conflicts: excludedConflicts(proposal, item.id),
      },
    });
  }

  private async proposeFor(em: EntityManager, items: Achievement[]) {
    const settings = await this.settings.get(em);
    // A panel never smaller than the scoring quorum, or it could never close.
    const { quorum } = await this.scoring.scoringPolicy();
    const proposal = await this.candidates.propose(
      em,
      items.map((item) => ({
        item,
        current: [],
        size: Math.max(quorum, panelSizeFor(settings, item.domain.key)),
      })),
      settings,
    );
    return Object.fromEntries(
      items.map((item) => [
        item.id,
        {
          panel: proposal.added[item.id] ?? [],
          shortfall: proposal.shortfall[item.id] ?? 0,
          conflicts: excludedConflicts(proposal, item.id),
        },
      ]),
    ) as Record<string, { panel: string[]; shortfall: number; conflicts: ExcludedConflict[] }>;
  }

  /** An office-chosen panel: distinct experts from the pool, none with a standing conflict. */
  private async checkPanel(
    em: EntityManager,
    item: Achievement,
    value: unknown,
  ): Promise<string[]> {
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      value.length > 25 ||
      !value.every((v) => typeof v === 'string')
    ) {
      throw InvalidInputError.field('data.panel', '专家组须为 1–25 名专家的用户 ID 列表');
    }
    const panel = [...new Set(value)];
    const members = await this.pool.members(em, panel);
    const unknown = panel.filter((id) => !members.some((m) => m.user.id === id && m.available));
    if (unknown.length) {
      throw InvalidInputError.field(
        'data.panel',
        `以下用户不是可用的评审专家:${unknown.join('、')}`,
      );
    }
    const settings = await this.settings.get(em);
    const newcomers = panel.filter((id) => !panelOf(item).includes(id));
    const low = await this.candidates.belowFloor(em, newcomers, settings);
    if (low.length) {
      throw InvalidInputError.field(
        'data.panel',
        `以下专家信誉分低于准入下限 ${settings.creditFloor},不能选入专家组:${low
          .map((id) => members.find((m) => m.user.id === id)!.user.displayName)
          .join('、')}`,
      );
    }
    const blocked = (await this.candidates.conflicts(em, item, members)).filter((c) => c.excluded);
    if (blocked.length) {
      throw InvalidInputError.field(
        'data.panel',
        `以下专家与该成果存在利益冲突,须先由工作人员认定为误报:${blocked
          .map(
            (b) =>
              `${members.find((m) => m.user.id === b.expertId)!.user.displayName}(${b.suggested.map((s) => CONFLICT_LABELS[s.kind]).join('、') || '省办已确认存在冲突'})`,
          )
          .join(';')}`,
      );
    }
    return panel;
  }

  private async load(em: EntityManager, id: string): Promise<Achievement> {
    const item = await em.findOne(Achievement, { id }, { populate: POPULATE, refresh: true });
    if (!item) throw new NotFoundError('成果不存在', { id });
    return item;
  }
}

interface ExcludedConflict {
  expertId: string;
  kinds: string[];
}

/**
 * The experts the solver kept off this item for a conflict, for the audit row of the event that
 * seats the panel or its replacements: every automatic exclusion is on the record, not only the
 * first panel's.
 */
function excludedConflicts(
  proposal: { conflicts: Record<string, ExpertConflicts[]> },
  itemId: string,
): ExcludedConflict[] {
  return (proposal.conflicts[itemId] ?? [])
    .filter((c) => c.excluded)
    .map((c) => ({ expertId: c.expertId, kinds: c.suggested.map((k) => k.kind) }));
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

function contextOf(item: Achievement): AchievementContext {
  return (item.workflow.snapshot as { context: AchievementContext }).context;
}

function panelOf(item: Achievement): string[] {
  return contextOf(item).panel ?? [];
}
