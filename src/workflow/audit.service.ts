import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { AuditContent } from './audit-hash';
import { auditContentOf } from './audit-verifier';
import { AuditEvent } from './audit-event.entity';

export interface AuditQuery {
  actor?: string;
  event?: string;
  from?: Date;
  to?: Date;
  instanceId?: string;
  limit?: number;
  afterId?: string;
}

/** An audit row as the API shows it: its hashed content, plus its id and hash. */
export interface AuditView extends AuditContent {
  id: string;
  hash: string;
}

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
}

function toView(row: AuditEvent): AuditView {
  return { id: String(row.id), ...auditContentOf(row), hash: row.hash };
}
