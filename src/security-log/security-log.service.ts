import { Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { Transactions } from '../database/tx';
import type { CheckpointStore } from '../workflow/audit-checkpoint';
import { AuditKeyring } from '../workflow/audit-keyring';
import { AuditVerifier, TAMPERED } from '../workflow/audit-verifier';
import type { SecurityEventKind } from './security-event-kinds';
import { securityHash, type SecurityContent } from './security-hash';
import { SecurityLogRepository } from './security-log.repository';

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
export class SecurityLogService implements OnModuleInit {
  private readonly logger = new Logger('SecurityLog');
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly log: SecurityLogRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly keyring: AuditKeyring,
    @Optional() private readonly verifier?: AuditVerifier,
  ) {}

  /** The audit verification and the daily checkpoint cover this chain too (store `security`). */
  onModuleInit(): void {
    this.verifier?.addStore({
      name: 'security',
      verify: async (_keyring, checkpoint) => {
        const result = await this.verify(checkpoint);
        return {
          checked: result.checked,
          broken: result.ok
            ? []
            : result.broken.map((b) => ({
                instanceId: 'security',
                seq: b.seq,
                auditId: b.id,
                reason: b.reason,
                store: 'security',
              })),
        };
      },
      checkpoint: () => this.checkpoint(),
    });
  }

  record(entry: SecurityEntry): Promise<void> {
    const next = this.tail.then(() => this.append(entry));
    // The queue must go on after a failed append; the caller still sees the failure.
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async append(entry: SecurityEntry): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.transactions.run(async (tx) => {
          const head = await this.log.head(tx);
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
          const seal = this.keyring.seal(content);
          this.log.append(tx, {
            ...content,
            kind: entry.kind,
            at: new Date(content.at),
            hash: seal.hash,
            keyId: seal.keyId,
            hashAlg: seal.alg,
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

  /** The head of the chain, for the daily checkpoint. */
  async checkpoint(): Promise<CheckpointStore> {
    const tx = this.log.reader();
    const head = await this.log.head(tx);
    const legacyUpTo = await this.log.lastLegacyId(tx);
    return {
      rows: await this.log.count(tx),
      legacyUpTo,
      heads: head ? [['security', head.seq, head.hash]] : [],
    };
  }

  /**
   * Walks the whole chain and lists every entry that does not hold: each keyed entry's HMAC under
   * its key (legacy unkeyed entries only before keys began), and the head against the checkpoint.
   */
  async verify(checkpoint?: CheckpointStore): Promise<SecurityVerifyResult> {
    const tx = this.log.reader();
    let legacyLimit: bigint;
    if (checkpoint) {
      legacyLimit = checkpoint.legacyUpTo === null ? 0n : BigInt(checkpoint.legacyUpTo);
    } else {
      const first = await this.log.firstKeyedId(tx);
      legacyLimit = first ? BigInt(first) - 1n : BigInt(Number.MAX_SAFE_INTEGER) ** 2n;
    }
    const head = checkpoint?.heads[0];
    const broken: { seq: number; id: string | null; reason: string }[] = [];
    let prevHash: string | null = null;
    let expectedSeq = 1;
    let checked = 0;
    let afterSeq = 0;
    let keyedSeen = false;
    for (;;) {
      const rows = await this.log.batchAfter(tx, afterSeq, 1000);
      if (rows.length === 0) break;
      for (const row of rows) {
        checked++;
        if (row.seq !== expectedSeq) {
          broken.push({ seq: expectedSeq, id: null, reason: `第 ${expectedSeq} 条缺失` });
        }
        if (row.prevHash !== prevHash) {
          broken.push({ seq: row.seq, id: row.id, reason: '与上一条的链接不符' });
        }
        const content: SecurityContent = {
          seq: row.seq,
          at: row.at.toISOString(),
          kind: row.kind,
          actorId: row.actorId,
          username: row.username,
          clientIp: row.clientIp,
          detail: row.detail,
          prevHash: row.prevHash,
        };
        const reason =
          row.keyId === null
            ? keyedSeen || BigInt(row.id) > legacyLimit
              ? '启用密钥之后出现了无密钥的记录(可能被按公开算法改写)'
              : securityHash(content) === row.hash
                ? null
                : '内容与哈希不符'
            : this.keyring.check(content, {
                keyId: row.keyId,
                alg: row.hashAlg as never,
                hash: row.hash,
              });
        if (reason) {
          broken.push({
            seq: row.seq,
            id: row.id,
            reason: reason === TAMPERED ? '内容与哈希不符' : reason,
          });
        } else if (head && row.seq === head[1] && row.hash !== head[2]) {
          broken.push({ seq: row.seq, id: row.id, reason: '与检查点记录的哈希不一致' });
        }
        keyedSeen ||= row.keyId !== null;
        prevHash = row.hash;
        expectedSeq = row.seq + 1;
        afterSeq = row.seq;
      }
    }
    if (head && afterSeq < head[1]) {
      broken.push({
        seq: head[1],
        id: null,
        reason: `检查点记录安全日志有 ${head[1]} 条,现只有 ${afterSeq} 条(末尾的记录被删除)`,
      });
    }
    return broken.length === 0 ? { ok: true, checked } : { ok: false, checked, broken };
  }
}
