import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { WorkflowActor } from '../../workflows/actor';
import { AchievementsService } from '../achievements/achievements.service';
import { SYSTEM_ACTOR, hasRole, toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { formatChineseDeadline } from '../common/shanghai-time';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions } from '../database/tx';
import { NotificationsService } from '../notifications/notifications.service';
import { CycleRegistry } from '../scheduling/cycle-registry';
import { TimerService } from '../scheduling/timer.service';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { assertPeriod, closesAt, periodFor } from './collection-calendar';
import { collectionPeriodWorkflow, periodInstanceId } from './collection-period.definition';
import { CollectionPeriodsRepository } from './collection-periods.repository';
import { CollectionStatusRepository, isCollectingBody } from './collection-status.repository';
import {
  CollectionStatusService,
  type BodyReportingStatus,
  type PeriodStatus,
} from './collection-status.service';
import { CollectionService, type BatchCloseResult } from './collection.service';

export type { BodyReportingStatus, BodyStatus, PeriodStatus } from './collection-status.service';

export const CLOSE_TIMER = 'collection.close';
export const REMINDER_TIMER = 'collection.reminder';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The monthly collection cycle: each period's window, its reminders and its close are timers;
 * closing moves the month's batch into eligibility check and tells bodies that missed it. Every
 * step is idempotent, so a double run or a second instance changes nothing, and a step missed
 * while the server was down runs on the next tick.
 */
@Injectable()
export class CollectionCycleService implements OnModuleInit {
  private readonly logger = new Logger('CollectionCycle');
  /**
   * Periods this process has already made sure of. Their rows are durable and only ever added, so
   * the daily tick need not ask the database again (a count and three upserts per period and day).
   */
  private readonly ensured = new Set<string>();

  constructor(
    private readonly transactions: Transactions,
    private readonly runner: WorkflowRunner,
    private readonly timers: TimerService,
    private readonly cycles: CycleRegistry,
    private readonly collection: CollectionService,
    private readonly notifications: NotificationsService,
    private readonly statusRows: CollectionStatusRepository,
    private readonly periods: CollectionPeriodsRepository,
    private readonly statuses: CollectionStatusService,
    private readonly achievements: AchievementsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // A recommendation joins a collection period, recorded in the RECOMMEND event's audit row.
    this.achievements.providePayload('RECOMMEND', async () => ({
      period: await this.periodForRecommendation(),
    }));
    this.cycles.register('collection', (now) => this.tick(now));
    this.timers.register(CLOSE_TIMER, (timer) => this.closeAndNotify(String(timer.payload.period)));
    this.timers.register(REMINDER_TIMER, async (timer, now) => {
      await this.remind(String(timer.payload.period), Number(timer.payload.daysBefore), now);
    });
  }

  /**
   * The period a recommendation made now joins: normally the calendar period, but while the
   * office has an earlier period reopened, late reports go into that one.
   */
  async periodForRecommendation(now: Date = this.clock.now()): Promise<string> {
    const calendar = periodFor(now, this.config.collectionCloseDay);
    const reopened = await this.periods.reopenedBefore(calendar);
    const open = reopened.find(
      (p) =>
        new Date((p.snapshot.context as { closesAt: string }).closesAt).getTime() > now.getTime(),
    );
    return open?.batchKey ?? calendar;
  }

  /** Makes sure the periods that matter now exist with their timers, then fires what is due. */
  async tick(now: Date = this.clock.now()): Promise<number> {
    const current = periodFor(now, this.config.collectionCloseDay);
    // Also every period with items still waiting in its batch: if the server was down for the
    // whole of a period, its timers were never laid, and its close must still happen.
    const batches = await this.periods.waitingBatches();
    const periods = new Set([current, nextPeriod(current), ...batches]);
    for (const period of [...periods].sort()) await this.ensurePeriod(period);
    const fired = await this.timers.runDue(now);
    return fired + (await this.closeStragglers(batches));
  }

  /**
   * An item can come back to `submitted` after its batch has closed (a dispute raised before the
   * close and resolved after it); its close timer has fired already, so it follows its batch into
   * eligibility check here. Only closed periods: a reopened one waits for its new close.
   */
  private async closeStragglers(batches: string[]): Promise<number> {
    if (batches.length === 0) return 0;
    let moved = 0;
    for (const period of await this.periods.closedOf(batches)) {
      moved += (await this.collection.closePeriod(period, SYSTEM_ACTOR)).closed;
    }
    return moved;
  }

  /** Creates the period's workflow instance and timers if missing; safe to call any number of times. */
  async ensurePeriod(period: string): Promise<void> {
    if (this.ensured.has(period)) return;
    const closing = closesAt(period, this.config.collectionCloseDay);
    const id = periodInstanceId(period);
    if (!(await this.periods.exists(id))) {
      try {
        await this.transactions.run((tx) => {
          this.runner.start(
            tx,
            collectionPeriodWorkflow,
            id,
            { period, closesAt: closing.toISOString() },
            SYSTEM_ACTOR,
            'system',
          );
          return Promise.resolve();
        });
      } catch (err) {
        // Another instance created it a moment ago; the primary key made sure there is one.
        if (!(await this.periods.exists(id))) throw err;
      }
    }
    await this.timers.schedule({
      kind: CLOSE_TIMER,
      key: period,
      dueAt: closing,
      payload: { period },
    });
    for (const daysBefore of this.config.reminderDaysBefore) {
      await this.timers.schedule({
        kind: REMINDER_TIMER,
        key: `${period}:${daysBefore}d`,
        dueAt: new Date(closing.getTime() - daysBefore * DAY_MS),
        payload: { period, daysBefore },
      });
    }
    this.ensured.add(period);
  }

  /**
   * The office closes a period by hand, before its close time or after a reopening. The batch
   * moves into eligibility check and the period's machine records the close, so every page that
   * shows the period (征集情况, the stats' reporting discipline) reads it as closed; the scheduled
   * close later finds it closed and only sends its overdue notices and summary.
   */
  async closeByOffice(period: string, actor: WorkflowActor): Promise<BatchCloseResult> {
    assertPeriod(period);
    await this.ensurePeriod(period);
    const result = await this.collection.closePeriod(period, actor);
    try {
      await this.runner.send(collectionPeriodWorkflow, periodInstanceId(period), {
        type: 'CLOSE',
        actor,
      });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err; // closed already, by the timer or a colleague
    }
    return result;
  }

  /** The close: the batch moves on, the period is marked closed, latecomers and the office are told. */
  async closeAndNotify(period: string): Promise<void> {
    const result = await this.collection.closePeriod(period, SYSTEM_ACTOR);
    try {
      await this.runner.send(collectionPeriodWorkflow, periodInstanceId(period), {
        type: 'CLOSE',
        actor: SYSTEM_ACTOR,
      });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err; // already closed by the office or another run
    }
    const status = await this.status(period);
    const missing = status.bodies.filter((b) => b.status === 'pending');
    // Each close of the period gets its summary (a reopened period closes again with late
    // reports); a latecomer's overdue notice stays once per period.
    const reopened = status.reopenings;
    await this.transactions.run(async (tx) => {
      // The notifications still take the transaction's EntityManager (their move is separate).
      const em = tx;
      for (const body of missing) {
        await this.notifications.notify(em, {
          recipients: await this.notifications.recipientsWithRole(
            em,
            body.organization.id,
            'recommender',
          ),
          kind: 'collection.overdue',
          subject: `【逾期提醒】${period} 批次重大科技成果报送已截止`,
          body: `${body.organization.name}:${period} 批次征集已于 ${formatShanghai(closesAt(period, this.config.collectionCloseDay))} 截止,贵单位尚未报送成果,也未提交零报告。请尽快联系省科技厅成果处说明情况。`,
          link: `/collection/periods/${period}`,
          dedupeKey: `overdue:${period}:${body.organization.id}`,
        });
      }
      await this.notifications.notify(em, {
        recipients: await this.notifications.recipientsWithRole(em, null, 'officeStaff'),
        kind: 'collection.summary',
        subject: `【批次截止】${period} 批次征集情况汇总${reopened ? `(第 ${reopened} 次重新开放后)` : ''}`,
        body:
          `${period} 批次${reopened ? '重新开放后' : ''}已截止:${result.closed} 项成果进入形式审查。` +
          `已报送单位 ${status.totals.reported} 家,零报告 ${status.totals.nil} 家,未报送 ${status.totals.pending} 家` +
          (missing.length ? `(${missing.map((b) => b.organization.name).join('、')})。` : '。'),
        link: `/collection/periods/${period}`,
        dedupeKey: reopened ? `summary:${period}:reopened-${reopened}` : `summary:${period}`,
      });
    });
    this.logger.log(
      `${period} 批次截止处理完成:${result.closed} 项进入形式审查,${missing.length} 家未报送`,
    );
  }

  /** A reminder to every collecting body that has neither reported nor filed a nil report. */
  async remind(period: string, daysBefore: number, now: Date = this.clock.now()): Promise<number> {
    const status = await this.status(period);
    // A reminder caught up after downtime past the close would only confuse; the overdue notice
    // of the close says what needs saying.
    if (status.state === 'closed' || now.getTime() >= new Date(status.closesAt).getTime()) return 0;
    const pending = status.bodies.filter((b) => b.status === 'pending');
    let sent = 0;
    await this.transactions.run(async (tx) => {
      const em = tx;
      for (const body of pending) {
        sent += await this.notifications.notify(em, {
          recipients: await this.notifications.recipientsWithRole(
            em,
            body.organization.id,
            'recommender',
          ),
          kind: 'collection.reminder',
          subject: `【报送提醒】${period} 批次重大科技成果报送将于 ${daysBefore} 天后截止`,
          body: `${body.organization.name}:${period} 批次征集将于 ${formatShanghai(new Date(status.closesAt))} 截止。贵单位尚未报送成果,如本月无成果可报,请提交零报告。`,
          link: `/collection/periods/${period}`,
          dedupeKey: `reminder:${period}:${body.organization.id}:${daysBefore}d`,
        });
      }
    });
    return sent;
  }

  /** Every collecting body's reporting status in a period (CollectionStatusService). */
  status(period: string): Promise<PeriodStatus> {
    return this.statuses.status(period);
  }

  /** How many of the period's items wait in `submitted` for its batch to close, counted in SQL. */
  waitingInBatch(period: string): Promise<number> {
    return this.statuses.waitingInBatch(period);
  }

  /** A body's explicit "nothing this month", by one of its recommenders. */
  async fileNilReport(
    user: AuthUser,
    period: string,
    comment?: string,
  ): Promise<BodyReportingStatus> {
    assertPeriod(period);
    if (!hasRole(user, 'recommender'))
      throw new ForbiddenError('只有推荐单位的推荐人可以提交零报告');
    const body = await this.statusRows.organization(user.organizationId);
    if (!isCollectingBody(body))
      throw new ForbiddenError('只有直接向省里报送的征集单位需要提交零报告');
    const reported = await this.statusRows.reportedBy(body.id, period);
    if (reported > 0) throw new ConflictError('本批次已报送成果,无需提交零报告');
    if (await this.statusRows.hasNilReport(body.id, period)) {
      throw new ConflictError('本批次已提交过零报告');
    }
    await this.statusRows.fileNilReport({
      organization: body.id,
      period,
      filedBy: user.id,
      filedAt: this.clock.now(),
      comment: comment?.trim() || null,
    });
    const status = await this.status(period);
    return status.bodies.find((b) => b.organization.id === body.id)!;
  }

  /** The office reopens a closed period until a new close time, with the reason in the audit trail. */
  async reopen(user: AuthUser, period: string, reason: string, until: Date): Promise<PeriodStatus> {
    assertPeriod(period);
    // The reason is what the audit trail keeps of the decision; blanks would pass the DTO.
    const why = reason.trim();
    if (!why) throw InvalidInputError.field('reason', '必须填写重新开放的理由');
    if (until.getTime() <= this.clock.now().getTime()) {
      throw InvalidInputError.field('closesAt', '新的截止时间必须晚于当前时间');
    }
    await this.ensurePeriod(period);
    await this.runner.send(
      collectionPeriodWorkflow,
      periodInstanceId(period),
      {
        type: 'REOPEN',
        actor: toWorkflowActor(user),
        comment: why,
        payload: { closesAt: until.toISOString() },
      },
      { afterTransition: (em) => this.timers.reschedule(em, CLOSE_TIMER, period, until) },
    );
    return this.status(period);
  }
}

export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** A close at Shanghai midnight reads as 24:00 of the close day, as the console shows it. */
function formatShanghai(at: Date): string {
  return formatChineseDeadline(at);
}
