import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { SecurityEvent } from './security-event.entity';
import type { SecurityEventKind } from './security-event-kinds';
import { securityHash, type SecurityContent } from './security-hash';

export interface SecurityEntry {
  kind: SecurityEventKind;
  actorId?: string | null;
  username?: string | null;
  clientIp?: string | null;
  detail?: Record<string, unknown>;
}

export type SecurityVerifyResult =
  | { ok: true; checked: number }
  | { ok: false; checked: number; broken: { seq: number; id: string | null; reason: string }[] };

/**
 * What a request carried may hold NUL, which PostgreSQL cannot store in text or jsonb; it is
 * written as U+FFFD (and long strings are cut) so that logging a hostile request cannot fail it.
 */
function storable<T>(value: T): T {
  if (typeof value === 'string') {
    // eslint-disable-next-line no-control-regex -- NUL is what PostgreSQL refuses
    return value.replace(/\u0000/g, '\uFFFD').slice(0, 2000) as T;
  }
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [storable(k), storable(v)]),
    ) as T;
  }
  return value;
}

/** A short text column (64 characters). */
function column(value: string | null | undefined): string | null {
  return value == null ? null : storable(value).slice(0, 64);
}

/** Writers racing for the next seq (other instances on PostgreSQL) retry this many times. */
const MAX_ATTEMPTS = 20;

/**
 * Appends to the security log. Entries are chained one after the other, so appends are
 * serialised: in this process by a promise queue, across instances by the unique seq (the loser
 * of a race reads the new head and tries again).
 */
@Injectable()
export class SecurityLogService {
  private readonly logger = new Logger('SecurityLog');
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  record(entry: SecurityEntry): Promise<void> {
    const next = this.tail.then(() => this.append(entry));
    // The queue must go on after a failed append; the caller still sees the failure.
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async append(entry: SecurityEntry): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.em.fork().transactional(async (em) => {
          const head = await em.findOne(
            SecurityEvent,
            { seq: { $gt: 0 } },
            { orderBy: { seq: 'desc' }, fields: ['seq', 'hash'] },
          );
          const content: SecurityContent = {
            seq: (head?.seq ?? 0) + 1,
            at: this.clock.now().toISOString(),
            kind: entry.kind,
            actorId: column(entry.actorId),
            username: column(entry.username),
            clientIp: column(entry.clientIp),
            detail: storable(entry.detail ?? {}),
            prevHash: head?.hash ?? null,
          };
          em.create(SecurityEvent, {
            ...content,
            kind: entry.kind,
            at: new Date(content.at),
            hash: securityHash(content),
          });
        });
        return;
      } catch (err) {
        if (!(err instanceof UniqueConstraintViolationException) || attempt >= MAX_ATTEMPTS) {
          throw err;
        }
        this.logger.debug(`另一实例同时写入安全日志,重试第 ${attempt} 次`);
      }
    }
  }

  /** Walks the whole chain and lists every entry that does not hold. */
  async verify(): Promise<SecurityVerifyResult> {
    const em = this.em.fork();
    const broken: { seq: number; id: string | null; reason: string }[] = [];
    let prevHash: string | null = null;
    let expectedSeq = 1;
    let checked = 0;
    let afterSeq = 0;
    for (;;) {
      const rows = await em.find(
        SecurityEvent,
        { seq: { $gt: afterSeq } },
        { orderBy: { seq: 'asc' }, limit: 1000 },
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        checked++;
        if (row.seq !== expectedSeq) {
          broken.push({ seq: expectedSeq, id: null, reason: `第 ${expectedSeq} 条缺失` });
        }
        if (row.prevHash !== prevHash) {
          broken.push({ seq: row.seq, id: row.id, reason: '与上一条的链接不符' });
        }
        const recomputed = securityHash({
          seq: row.seq,
          at: row.at.toISOString(),
          kind: row.kind,
          actorId: row.actorId,
          username: row.username,
          clientIp: row.clientIp,
          detail: row.detail,
          prevHash: row.prevHash,
        });
        if (recomputed !== row.hash) {
          broken.push({ seq: row.seq, id: row.id, reason: '内容与哈希不符' });
        }
        prevHash = row.hash;
        expectedSeq = row.seq + 1;
        afterSeq = row.seq;
      }
      em.clear();
    }
    return broken.length === 0 ? { ok: true, checked } : { ok: false, checked, broken };
  }
}
