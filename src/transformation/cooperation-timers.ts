import { Injectable, type OnModuleInit } from '@nestjs/common';
import type {
  CooperationContext,
  CooperationStatus,
} from '../../workflows/cooperation-request.machine';
import { SYSTEM_ACTOR } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ConflictError } from '../common/domain-errors';
import { Transactions, type Tx } from '../database/tx';
import { TimerService } from '../scheduling/timer.service';
import type { TransitionResult } from '../workflow/workflow-runner.service';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { cooperationRequestWorkflow } from './cooperation-request.definition';
import { COOPERATION_STATUS_LABELS } from './transformation-labels';
import { TransformationRepository } from './transformation.repository';
import { addWorkingDays } from './working-days';

export const ANSWER_REMINDER_TIMER = 'cooperation.answerReminder';
export const ANSWER_OVERDUE_TIMER = 'cooperation.answerOverdue';
export const STALE_TIMER = 'cooperation.stale';
const STALE_DAYS = 60;
const DAY_MS = 86_400_000;
const FINAL: CooperationStatus[] = ['declined', 'agreed', 'closed'];

/** A new request's timers: a reminder to the unit at 3 working days, the office told at 5, the stale close at 60 days. */
export async function scheduleAnswerTimers(
  repository: TransformationRepository,
  tx: Tx,
  id: string,
  now: Date,
): Promise<void> {
  await repository.schedule(tx, [
    { kind: ANSWER_REMINDER_TIMER, key: id, dueAt: addWorkingDays(now, 3), payload: { id } },
    { kind: ANSWER_OVERDUE_TIMER, key: id, dueAt: addWorkingDays(now, 5), payload: { id } },
    staleTimer(id, now),
  ]);
}

/** Keyed on the last move: each move lays a new one, and an older one finds the request moved on. */
function staleTimer(id: string, movedAt: Date) {
  return {
    kind: STALE_TIMER,
    key: `${id}:${movedAt.toISOString()}`,
    dueAt: new Date(movedAt.getTime() + STALE_DAYS * DAY_MS),
    payload: { id, movedAt: movedAt.toISOString() },
  };
}

/**
 * The request's own reactions (ADR 0008: a feature's listener to its own workflow stays in the
 * feature): after every transition, the read model, the next stale timer and a message to the
 * other side; and the timers' handlers.
 */
@Injectable()
export class CooperationTimers implements OnModuleInit {
  constructor(
    private readonly runner: WorkflowRunner,
    private readonly timers: TimerService,
    private readonly transactions: Transactions,
    private readonly repository: TransformationRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.runner.onTransition(cooperationRequestWorkflow.name, (tx, result) =>
      this.afterMove(tx, result),
    );
    this.timers.register(ANSWER_REMINDER_TIMER, (timer) =>
      this.remind(String(timer.payload.id), false),
    );
    this.timers.register(ANSWER_OVERDUE_TIMER, (timer) =>
      this.remind(String(timer.payload.id), true),
    );
    this.timers.register(STALE_TIMER, (timer) =>
      this.closeIfStale(String(timer.payload.id), String(timer.payload.movedAt)),
    );
  }

  private async afterMove(tx: Tx, result: TransitionResult): Promise<void> {
    const context = result.snapshot.context as CooperationContext;
    const state = result.state as CooperationStatus;
    const row = await this.repository.findRequest(tx, result.id);
    if (!row) return;
    const now = this.clock.now();
    await this.repository.afterMove(tx, result.id, {
      state,
      lastMovedAt: now,
      meetingAt: context.meeting ? new Date(context.meeting.meetingAt) : null,
      meetingPlace: context.meeting?.place ?? null,
      dealMode: context.deal?.mode ?? null,
      dealAmountYuan: context.deal?.amountYuan ?? null,
      contractDate: context.deal?.contractDate ?? null,
      parties: context.deal?.parties ?? null,
      registrationNumber: context.deal?.registrationNumber ?? null,
    });
    if (!FINAL.includes(state)) await this.repository.schedule(tx, [staleTimer(result.id, now)]);
    const item = await this.repository.item(tx, row.achievementId);
    const unit = await this.repository.userIdsWithRole(tx, row.unitOrganizationId, 'submitter');
    await this.repository.notify(tx, {
      recipients: [row.partnerUserId, ...unit],
      kind: `cooperation.${state}`,
      subject: `对接请求「${item?.title ?? ''}」:${COOPERATION_STATUS_LABELS[state]}`,
      body: `对接请求的状态已更新为「${COOPERATION_STATUS_LABELS[state]}」。`,
      link: `/transfer/requests/${result.id}`,
      dedupeKey: `cooperation:${result.id}:${result.version}`,
    });
  }

  /** The unit is reminded at 3 working days; at 5 the office is told. Nothing if it answered. */
  private async remind(id: string, overdue: boolean): Promise<void> {
    await this.transactions.run(async (tx) => {
      const row = await this.repository.findRequest(tx, id);
      if (!row || row.state !== 'submitted') return;
      const item = await this.repository.item(tx, row.achievementId);
      const recipients = overdue
        ? await this.repository.userIdsWithRole(tx, null, 'officeStaff')
        : await this.repository.userIdsWithRole(tx, row.unitOrganizationId, 'submitter');
      await this.repository.notify(tx, {
        recipients,
        kind: overdue ? 'cooperation.answerOverdue' : 'cooperation.answerReminder',
        subject: overdue
          ? `对接请求超期未答复:「${item?.title ?? ''}」(${item?.ownerName ?? ''})`
          : `请尽快答复对接请求:「${item?.title ?? ''}」`,
        body: overdue
          ? '该对接请求已超过 5 个工作日未获单位答复。'
          : '对接请求已等待 3 个工作日,请在 5 个工作日内答复。',
        link: `/transfer/requests/${id}`,
        dedupeKey: `cooperation:${id}:${overdue ? 'overdue' : 'reminder'}`,
      });
    });
  }

  /** Closes a request that has not moved since `movedAt` (60 days); both sides are told by afterMove. */
  private async closeIfStale(id: string, movedAt: string): Promise<void> {
    const row = await this.repository.findRequest(this.transactions.reader(), id);
    if (!row || FINAL.includes(row.state)) return;
    if (row.lastMovedAt.toISOString() !== movedAt) return;
    try {
      await this.runner.send(cooperationRequestWorkflow, id, {
        type: 'STALE_CLOSE',
        actor: SYSTEM_ACTOR,
        comment: `${STALE_DAYS} 天无进展,自动关闭`,
      });
    } catch (err) {
      // Moved or closed meanwhile by someone else: nothing left to do.
      if (!(err instanceof ConflictError)) throw err;
    }
  }
}
