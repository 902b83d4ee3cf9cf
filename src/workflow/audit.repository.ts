import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import { AuditEvent } from './audit-event.entity';
import { WorkflowInstance } from './workflow-instance.entity';

/** What the audit search filters on; every field is optional. */
export interface AuditQuery {
  actor?: string;
  event?: string;
  from?: Date;
  to?: Date;
  instanceId?: string;
  limit?: number;
  afterId?: string;
}

/** One page of workflow instances with their whole audit chains, seq by seq. */
export interface InstanceChains {
  instances: WorkflowInstance[];
  chains: Map<string, AuditEvent[]>;
}

/** Reads the workflow audit trail (the runner alone writes it). */
@Injectable()
export class AuditRepository {
  constructor(private readonly em: EntityManager) {}

  /** One instance's rows, oldest first. */
  history(instanceId: string): Promise<AuditEvent[]> {
    return this.em.find(AuditEvent, { instance: instanceId }, { orderBy: { seq: 'asc' } });
  }

  /** Rows matching the query in id order after `afterId`; one more than `limit` to tell a next page. */
  search(query: AuditQuery, limit: number): Promise<AuditEvent[]> {
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
    return this.em.find(AuditEvent, where, { orderBy: { id: 'asc' }, limit: limit + 1 });
  }

  /**
   * Up to `limit` instances after `cursor` in id order, with every audit row of each. A fork of its
   * own per page, so that a verification of every chain holds one page in memory at a time.
   */
  async instanceChains(cursor: string | null, limit: number): Promise<InstanceChains> {
    const em = this.em.fork();
    const instances: WorkflowInstance[] = await em.find(
      WorkflowInstance,
      cursor ? { id: { $gt: cursor } } : {},
      { orderBy: { id: 'asc' }, limit },
    );
    const chains = new Map<string, AuditEvent[]>();
    if (!instances.length) return { instances, chains };
    const rows = await em.find(
      AuditEvent,
      { instance: { $in: instances.map((i) => i.id) } },
      { orderBy: { instance: 'asc', seq: 'asc' } },
    );
    for (const row of rows) {
      const list = chains.get(row.instance.id) ?? [];
      list.push(row);
      chains.set(row.instance.id, list);
    }
    return { instances, chains };
  }

  /** The id of the first row sealed with a key, or null while every row is a legacy one. */
  async firstKeyedId(): Promise<string | null> {
    const first = await this.em
      .fork()
      .findOne(AuditEvent, { keyId: { $ne: null } }, { orderBy: { id: 'asc' }, fields: ['id'] });
    return first ? String(first.id) : null;
  }
}
