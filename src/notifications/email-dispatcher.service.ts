import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Tx } from '../database/tx';
import type { OutboxMessage } from './outbox-message.entity';
import { OutboxRepository } from './outbox.repository';

export interface DispatchResult {
  sent: number;
  /** Failed this time, scheduled to try again later. */
  retrying: number;
  /** Failed for the last allowed time; left as `failed` for a person to look at. */
  failed: number;
  /** Claimed by another instance (or run) first. */
  skipped: number;
}

/** First retry after a minute, doubling each time, never waiting more than an hour. */
export const RETRY_BASE_MS = 60_000;
export const RETRY_MAX_MS = 3_600_000;
/**
 * A claimed row is invisible to other dispatchers for this long. It must outlast one SMTP
 * conversation (bounded by the transport timeouts below); if this process dies mid-send, another
 * instance takes the row over when the lease runs out.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;
const BATCH_SIZE = 50;
const MAX_ROUNDS = 20;

export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

/**
 * Delivers the e-mail outbox. Each due row is claimed with a conditional UPDATE (same attempts
 * count, still pending, still due) that also counts the attempt and pushes nextAttemptAt a lease
 * ahead, so two instances never send the same message; only the winner talks to SMTP. A failure
 * records the error and schedules the next attempt with exponential backoff; after
 * `emailMaxAttempts` the row is marked failed. Delivery is at least once: a crash between the
 * SMTP "250 OK" and marking the row sent would resend it after the lease, with the same
 * Message-ID so mail clients can fold the duplicate.
 */
@Injectable()
export class EmailDispatcher implements OnModuleDestroy {
  private readonly logger = new Logger('EmailDispatcher');
  private transport: Transporter | null = null;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.smtpUrl !== null;
  }

  /** Sends every pending message due at `now`. Does nothing while e-mail is off. */
  async dispatchDue(now: Date = this.clock.now()): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
    if (!this.enabled) return result;
    const tx = this.outbox.reader();
    const seen = new Set<string>();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const due = await this.outbox.due(tx, now, BATCH_SIZE);
      const fresh = due.filter((m) => !seen.has(m.id));
      if (fresh.length === 0) break;
      for (const message of fresh) {
        seen.add(message.id);
        await this.deliver(tx, message, now, result);
      }
      if (due.length < BATCH_SIZE) break;
    }
    return result;
  }

  private async deliver(
    tx: Tx,
    message: OutboxMessage,
    now: Date,
    result: DispatchResult,
  ): Promise<void> {
    const attempt = message.attempts + 1;
    const lease = new Date(now.getTime() + CLAIM_LEASE_MS);
    if (!(await this.outbox.claim(tx, message, now, lease))) {
      result.skipped++;
      return;
    }
    const mine = { id: message.id, attempts: attempt, status: 'pending' as const };
    try {
      await this.send(message);
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
      const at = later(now, this.clock.now());
      if (attempt >= this.config.emailMaxAttempts) {
        await this.outbox.failed(tx, mine, error);
        result.failed++;
        this.logger.error(`邮件 ${message.id} 第 ${attempt} 次发送失败,不再重试:${error}`);
      } else {
        const next = new Date(at.getTime() + retryDelayMs(attempt));
        await this.outbox.retryLater(tx, mine, error, next);
        result.retrying++;
        this.logger.warn(
          `邮件 ${message.id} 第 ${attempt} 次发送失败,将于 ${next.toISOString()} 重试:${error}`,
        );
      }
      return;
    }
    await this.outbox.sent(tx, mine, this.clock.now());
    result.sent++;
  }

  private async send(message: OutboxMessage): Promise<void> {
    const n = message.notification;
    const footer = '此邮件由浙里好成果系统自动发送,请勿直接回复。';
    const text = [n.body, n.link ? `查看详情:${n.link}` : null, `——\n${footer}`]
      .filter((part): part is string => part !== null)
      .join('\n\n');
    await this.getTransport().sendMail({
      from: this.config.mailFrom,
      to: message.toAddress,
      subject: n.subject,
      text,
      // Stable per outbox row, so a resend after a crash is recognisably the same message.
      messageId: `<outbox-${message.id}@chengguo>`,
    });
  }

  private getTransport(): Transporter {
    if (!this.transport) {
      // Through the transport class: createTransport({ url, … }) would drop every option but the URL.
      this.transport = createTransport(
        new SMTPTransport({
          url: this.config.smtpUrl ?? undefined,
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 60_000,
        }),
      );
    }
    return this.transport;
  }

  onModuleDestroy(): void {
    this.transport?.close();
    this.transport = null;
  }
}

function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}
