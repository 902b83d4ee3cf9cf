import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import type { ScheduledTimer } from './scheduled-timer.entity';
import { TimersRepository } from './timers.repository';
import type { Tx } from '../database/tx';

export interface TimerRequest {
  kind: string;
  key: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

/** Due timers read at a time, and the most pages one run works through. */
const DUE_PAGE = 100;
const MAX_DUE_PAGES = 100;

export type TimerHandler = (timer: ScheduledTimer, now: Date) => Promise<void>;

/** How long a claimed timer stays with its instance before another may take it over. */
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * Durable business timers. `schedule` is idempotent on (kind, key). `runDue` claims each due
 * timer with a conditional UPDATE, so of several instances exactly one fires it; a holder that
 * dies leaves a lease that expires, and the timer is fired again elsewhere. Handlers must
 * therefore be idempotent, which every cycle here is.
 */
@Injectable()
export class TimerService {
  private readonly logger = new Logger('Timers');
  private readonly handlers = new Map<string, TimerHandler>();
  /** Identifies this process in lockedBy, for operators reading the table. */
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly timers: TimersRepository,
    private readonly clock: Clock,
  ) {}

  register(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Lays one timer or several; the (kind, key) pairs already laid are left as they are. */
  async schedule(timers: TimerRequest | readonly TimerRequest[], tx?: Tx): Promise<void> {
    const list: readonly TimerRequest[] = 'kind' in timers ? [timers] : timers;
    if (list.length === 0) return;
    await this.timers.insertMissing(
      tx,
      list.map((timer) => ({ ...timer, payload: timer.payload ?? {} })),
      this.clock.now(),
    );
  }

  /** Moves a timer to a new due time and arms it again (e.g. a reopened period's close). */
  async reschedule(tx: Tx, kind: string, key: string, dueAt: Date): Promise<void> {
    await this.timers.rearm(tx, kind, key, dueAt);
  }

  /**
   * Retires the pending timers of a thing that no longer needs them (a seat that was scored or
   * ended), so the cycle does not claim, load and skip each of them when it falls due. Keys are
   * `prefix` itself or start with `prefix:`. A LIKE, not a key range: under a PostgreSQL locale
   * collation punctuation may not sort by code point; only pending rows are scanned, a few hundred.
   */
  async cancel(tx: Tx, kinds: string[], prefix: string): Promise<void> {
    // SQLite's LIKE has no escape character unless told, so a wildcard could not be quoted alike.
    if (/[%_\\]/.test(prefix)) throw new Error(`timer key prefix ${prefix} has a LIKE wildcard`);
    await this.timers.cancelPending(tx, kinds, prefix);
  }

  /**
   * Fires every due timer once; returns how many this instance fired. Reads them a page at a time
   * and goes on until a page comes back short, so a burst (a month's batch seats hundreds of
   * experts at once, and their reminders and lapses fall due together) is worked off in this run
   * instead of a page per tick, which let deadlines slip by days. A fired or failed timer is no
   * longer due now and one another instance holds is not read, so pages run out; the cap only
   * guards against a handler that keeps laying timers already due.
   */
  async runDue(now: Date = this.clock.now()): Promise<number> {
    let fired = 0;
    for (let pages = 0; pages < MAX_DUE_PAGES; pages++) {
      const page = await this.runPage(now);
      fired += page.fired;
      if (page.read < DUE_PAGE) break;
    }
    return fired;
  }

  private async runPage(now: Date): Promise<{ read: number; fired: number }> {
    const tx = this.timers.reader();
    const due = await this.timers.due(tx, now, DUE_PAGE);
    let fired = 0;
    for (const timer of due) {
      const lease = new Date(now.getTime() + LEASE_MS);
      if (!(await this.timers.claim(tx, timer, now, this.owner, lease))) continue;
      const handler = this.handlers.get(timer.kind);
      try {
        if (!handler) throw new Error(`no handler for timer kind ${timer.kind}`);
        await handler(timer, now);
        await this.timers.fired(tx, timer.id, this.owner, now);
        fired++;
      } catch (err) {
        const attempts = timer.attempts + 1;
        const retryAt = new Date(now.getTime() + Math.min(60_000 * 2 ** attempts, MAX_BACKOFF_MS));
        this.logger.error(
          `定时任务 ${timer.kind}/${timer.key} 执行失败(第 ${attempts} 次),将于 ${retryAt.toISOString()} 重试:${String(err)}`,
        );
        await this.timers.failed(tx, timer.id, this.owner, retryAt, String(err).slice(0, 2000));
      }
    }
    return { read: due.length, fired };
  }
}
