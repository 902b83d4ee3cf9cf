import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import { auditHash, type AuditContent } from './audit-hash';
import { AuditEvent } from './audit-event.entity';
import { WorkflowInstance } from './workflow-instance.entity';

export interface AuditQuery {
  actor?: string;
  event?: string;
  from?: Date;
  to?: Date;
  instanceId?: string;
  limit?: number;
  afterId?: string;
}

export interface BrokenLink {
  instanceId: string;
  seq: number;
  auditId: string | null;
  reason: string;
}

export type VerifyResult =
  { ok: true; checked: number } | { ok: false; checked: number; firstBroken: BrokenLink };

/** An audit row as the API shows it: its hashed content, plus its id and hash. */
export interface AuditView extends AuditContent {
  id: string;
  hash: string;
}

const PAGE = 500;

/** Reads the audit trail. Deliberately has no method that changes it. */
@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  async history(instanceId: string): Promise<AuditView[]> {
    const rows = await this.em.find(
      AuditEvent,
      { instance: instanceId },
      { orderBy: { seq: 'asc' } },
    );
    return rows.map(toView);
  }

  async search(query: AuditQuery): Promise<{ items: AuditView[]; nextCursor: string | null }> {
    const where: FilterQuery<AuditEvent> = {};
    if (query.actor) where.actorId = query.actor;
    if (query.event) where.eventType = query.event;
    if (query.instanceId) where.instance = query.instanceId;
    if (query.from || query.to) {
      where.at = {
        ...(query.from ? { $gte: query.from } : {}),
        ...(query.to ? { $lte: query.to } : {}),
      };
    }
    if (query.afterId) where.id = { $gt: query.afterId };
    const limit = query.limit ?? 100;
    const rows = await this.em.find(AuditEvent, where, {
      orderBy: { id: 'asc' },
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toView),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  /**
   * Recomputes every chain: per instance, seq runs 1..n without gaps, each row's prevHash is its
   * predecessor's hash, each hash matches the row's content, and the instance's version equals
   * its last seq (a snapshot saved without its audit row, or the reverse, shows up here).
   */
  async verify(): Promise<VerifyResult> {
    const em = this.em.fork();
    let checked = 0;
    let current: { instanceId: string; seq: number; hash: string | null } | null = null;
    const versions = new Map<string, number>();
    for (const inst of await em.find(WorkflowInstance, {}, { fields: ['id', 'version'] })) {
      versions.set(inst.id, inst.version);
    }
    const closeChain = (): BrokenLink | null => {
      if (!current) return null;
      const version = versions.get(current.instanceId);
      versions.delete(current.instanceId);
      if (version !== current.seq) {
        return {
          instanceId: current.instanceId,
          seq: current.seq,
          auditId: null,
          reason: `实例版本 ${version ?? '缺失'} 与审计链末条序号 ${current.seq} 不一致`,
        };
      }
      return null;
    };

    let cursor: { instance: string; seq: number } | null = null;
    for (;;) {
      const where: FilterQuery<AuditEvent> = cursor
        ? {
            $or: [
              { instance: { $gt: cursor.instance } },
              { instance: cursor.instance, seq: { $gt: cursor.seq } },
            ],
          }
        : {};
      const rows: AuditEvent[] = await em.find(AuditEvent, where, {
        orderBy: { instance: 'asc', seq: 'asc' },
        limit: PAGE,
      });
      for (const row of rows) {
        const instanceId = row.instance.id;
        if (!current || current.instanceId !== instanceId) {
          const broken = closeChain();
          if (broken) return { ok: false, checked, firstBroken: broken };
          current = { instanceId, seq: 0, hash: null };
        }
        const reason = this.checkRow(row, current.seq + 1, current.hash);
        if (reason) {
          return {
            ok: false,
            checked,
            firstBroken: { instanceId, seq: row.seq, auditId: row.id, reason },
          };
        }
        current = { instanceId, seq: row.seq, hash: row.hash };
        checked++;
      }
      em.clear();
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      cursor = { instance: last.instance.id, seq: last.seq };
    }
    const broken = closeChain();
    if (broken) return { ok: false, checked, firstBroken: broken };
    const [orphan] = versions.keys();
    if (orphan) {
      return {
        ok: false,
        checked,
        firstBroken: { instanceId: orphan, seq: 0, auditId: null, reason: '实例没有任何审计记录' },
      };
    }
    return { ok: true, checked };
  }

  private checkRow(
    row: AuditEvent,
    expectedSeq: number,
    expectedPrev: string | null,
  ): string | null {
    if (row.seq !== expectedSeq) return `序号应为 ${expectedSeq},实为 ${row.seq}`;
    if (row.prevHash !== expectedPrev) return '前一条记录的哈希不匹配';
    const recomputed = auditHash(auditContentOf(row));
    return recomputed === row.hash ? null : '记录内容与哈希不符(可能被篡改)';
  }
}

function toView(row: AuditEvent): AuditView {
  return { id: String(row.id), ...auditContentOf(row), hash: row.hash };
}

/** The fields of a stored row that its hash covers, in the form they were hashed. */
function auditContentOf(row: AuditEvent): AuditContent {
  return {
    instanceId: row.instance.id,
    seq: row.seq,
    eventType: row.eventType,
    fromState: row.fromState,
    toState: row.toState,
    actorId: row.actorId,
    actorRole: row.actorRole,
    at: row.at.toISOString(),
    comment: row.comment,
    payload: row.payload,
    prevHash: row.prevHash,
  };
}
