import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { formatChineseDeadline, formatTimestamp } from '../common/shanghai-time';
import type { AchievementContext } from '../../workflows/achievement.machine';
import { Clock } from '../common/clock';
import { Transactions, type Tx } from '../database/tx';
import { NotificationsService } from '../notifications/notifications.service';
import { TimerService, type TimerRequest } from '../scheduling/timer.service';
import type { WorkflowEventInput } from '../workflow/workflow-definition';
import type { TransitionResult, TransitionTx } from '../workflow/workflow-runner.service';
import { AssignmentsRepository } from './assignments.repository';
import { EvaluationSettingsService } from './evaluation-settings.service';
import type {
  AssignmentSource,
  AssignmentStatus,
  ExpertAssignment,
} from './expert-assignment.entity';

export const REMINDER_TIMER = 'evaluation.reminder';
export const LAPSE_TIMER = 'evaluation.lapse';
const DAY_MS = 24 * 3600 * 1000;

/** How a seat ended, as the host tells it in an ASSIGN_PANEL payload. */
export interface PanelChange {
  expertId: string;
  status: Extract<AssignmentStatus, 'lapsed' | 'removed' | 'conflict'>;
}

const PANEL_EVENTS = ['PASS_ELIGIBILITY', 'ASSIGN_PANEL', 'RECUSE', 'OPEN_SECOND_ROUND'];

/**
 * Keeps the assignment rows in step with the machine's panel, in the same transaction as the
 * event: a new member gets a seat, a deadline, reminder and lapse timers and a notification; a
 * member who left gets the status the event says (recused, lapsed, removed, conflict); a score
 * closes the seat. Lapse itself is decided by EvaluationService when the timer fires.
 */
@Injectable()
export class AssignmentTrackerService implements OnModuleInit {
  private readonly logger = new Logger('Assignments');

  constructor(
    private readonly transactions: Transactions,
    private readonly seats: AssignmentsRepository,
    private readonly timers: TimerService,
    private readonly notifications: NotificationsService,
    private readonly settings: EvaluationSettingsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timers.register(REMINDER_TIMER, (timer) => this.remind(String(timer.payload.assignment)));
  }

  /**
   * Declared in src/workflow-reactions.ts: the seats follow the panel events. The transition's
   * TransitionTx goes to the seat repository as a Tx and, as it is, to the timers and
   * notifications, which still take an EntityManager (ADR 0009's move).
   */
  async follow(transition: Tx, result: TransitionResult, input: WorkflowEventInput): Promise<void> {
    const tx = transition;
    const context = (result.snapshot as { context: AchievementContext }).context;
    if (PANEL_EVENTS.includes(input.type)) await this.syncPanel(tx, result.id, context, input);
    if (input.type === 'SUBMIT_SCORE') await this.recordScore(tx, result.id, context, input);
    if (input.type === 'REVISE_SCORE') await this.recordRevision(tx, result.id, context, input);
    if (result.fromState === 'suspended' && result.state === 'expertScoring') {
      await this.restartDeadlines(tx, result.id);
    }
    await this.seats.flush(tx);
  }

  private async syncPanel(
    tx: TransitionTx,
    id: string,
    context: AchievementContext,
    input: WorkflowEventInput,
  ): Promise<void> {
    const now = this.clock.now();
    const panel = context.panel ?? [];
    const round = context.round ?? 1;
    const change = (input.payload?.change ?? null) as PanelChange | null;
    const seats = await this.seats.seatsOf(tx, id, ['active', 'submitted']);
    for (const seat of seats) {
      const stays = seat.round === round && panel.includes(seat.expert.id);
      if (stays || (seat.status === 'submitted' && seat.round !== round)) continue;
      seat.status =
        input.type === 'RECUSE' && seat.expert.id === input.actor.userId
          ? 'recused'
          : change?.expertId === seat.expert.id
            ? change.status
            : 'removed';
      seat.endedAt = now;
      seat.endReason = input.comment ?? null;
      await this.retireTimers(tx, seat.id);
    }
    const seated = new Set(
      seats.filter((s) => s.round === round && panel.includes(s.expert.id)).map((s) => s.expert.id),
    );
    const source: AssignmentSource =
      input.type === 'PASS_ELIGIBILITY' || input.type === 'OPEN_SECOND_ROUND'
        ? 'auto'
        : input.type === 'RECUSE' || change?.status === 'lapsed' || change?.status === 'conflict'
          ? 'replacement'
          : 'office';
    const newcomers = panel.filter((expertId) => !seated.has(expertId));
    if (newcomers.length === 0) return;
    const item = await this.seats.item(tx, id);
    const settings = await this.settings.get(tx);
    const dueAt = new Date(now.getTime() + settings.deadlineDays * DAY_MS);
    for (const expertId of newcomers) {
      const seat = this.seats.open(tx, {
        achievement: item,
        expert: expertId,
        round,
        status: 'active',
        source,
        assignedAt: now,
        dueAt,
      });
      await this.scheduleTimers(tx, seat, settings.reminderDaysBefore);
      await this.notifications.notify(tx, {
        recipients: [expertId],
        kind: 'evaluation.assigned',
        subject: `新的评审任务:《${item.title}》`,
        body: `您被选入该成果的评审专家组,请于 ${formatChineseDeadline(dueAt)} 前提交评分。如存在利益冲突,请申请回避。`,
        link: `/achievements/${id}`,
        dedupeKey: `evaluation-assigned:${seat.id}`,
      });
    }
  }

  private async scheduleTimers(
    tx: TransitionTx,
    seat: ExpertAssignment,
    reminderDaysBefore: number[],
  ): Promise<void> {
    const now = this.clock.now().getTime();
    const timers: TimerRequest[] = [];
    for (const days of reminderDaysBefore) {
      const at = new Date(seat.dueAt.getTime() - days * DAY_MS);
      if (at.getTime() <= now) continue;
      timers.push({
        kind: REMINDER_TIMER,
        key: `${seat.id}:${days}d`,
        dueAt: at,
        payload: { assignment: seat.id, days },
      });
    }
    timers.push({
      kind: LAPSE_TIMER,
      key: seat.id,
      dueAt: seat.dueAt,
      payload: { assignment: seat.id },
    });
    await this.timers.schedule(timers, tx);
  }

  private async recordScore(
    tx: TransitionTx,
    id: string,
    context: AchievementContext,
    input: WorkflowEventInput,
  ): Promise<void> {
    const expertId = input.actor.userId;
    const seat = await this.seats.seatOf(tx, id, expertId, context.round ?? 1, 'active');
    if (!seat) {
      this.logger.warn(`成果 ${id} 的评分没有对应的评审任务(专家 ${expertId})`);
      return;
    }
    seat.status = 'submitted';
    seat.submittedAt = this.clock.now();
    // The draft became the sheet.
    seat.draft = null;
    seat.weighted = context.scores.find((s) => s.expertId === expertId)?.weighted ?? null;
    await this.retireTimers(tx, seat.id);
  }

  /** A revised sheet changes the seat's weighted score; the seat keeps its first submission time. */
  private async recordRevision(
    tx: Tx,
    id: string,
    context: AchievementContext,
    input: WorkflowEventInput,
  ): Promise<void> {
    const expertId = input.actor.userId;
    const seat = await this.seats.seatOf(tx, id, expertId, context.round ?? 1, 'submitted');
    if (!seat) return;
    seat.weighted = context.scores.find((s) => s.expertId === expertId)?.weighted ?? null;
    seat.draft = null;
  }

  /**
   * A seat that ended needs neither its reminders nor its lapse: both would only load the seat
   * and find it closed. Left pending, every scored seat cost the daily cycle two or three such
   * firings, most of the simulated year's clock time.
   */
  private retireTimers(tx: TransitionTx, seatId: string): Promise<void> {
    return this.timers.cancel(tx, [REMINDER_TIMER, LAPSE_TIMER], seatId);
  }

  /** After a dispute the panel gets its full time again; the old timers are re-armed. */
  private async restartDeadlines(tx: TransitionTx, id: string): Promise<void> {
    const settings = await this.settings.get(tx);
    const now = this.clock.now();
    for (const seat of await this.seats.seatsOf(tx, id, ['active'])) {
      seat.dueAt = new Date(now.getTime() + settings.deadlineDays * DAY_MS);
      await this.timers.reschedule(tx, LAPSE_TIMER, seat.id, seat.dueAt);
      for (const days of settings.reminderDaysBefore) {
        const at = new Date(seat.dueAt.getTime() - days * DAY_MS);
        await this.timers.reschedule(tx, REMINDER_TIMER, `${seat.id}:${days}d`, at);
      }
    }
  }

  private async remind(assignmentId: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const seat = await this.seats.seatWithItem(tx, assignmentId);
      if (!seat || seat.status !== 'active') return;
      const left = Math.max(
        1,
        Math.round((seat.dueAt.getTime() - this.clock.now().getTime()) / DAY_MS),
      );
      // The notifications still take an EntityManager (ADR 0009's move); a Tx is one at run time.
      await this.notifications.notify(tx, {
        recipients: [seat.expert.id],
        kind: 'evaluation.reminder',
        subject: `评审提醒:《${seat.achievement.title}》还有 ${left} 天截止`,
        body: `请于 ${formatChineseDeadline(seat.dueAt)} 前提交评分;逾期未提交,该任务将改派其他专家,并计入您的信誉记录。`,
        link: `/achievements/${seat.achievement.id}`,
        dedupeKey: `evaluation-reminder:${seat.id}:${formatDay(seat.dueAt)}:${left}d`,
      });
    });
  }
}

/** The due minute in Asia/Shanghai, as a stable part of a reminder's once-only key. */
export function formatDay(at: Date): string {
  return formatTimestamp(at)!.slice(0, 16);
}
