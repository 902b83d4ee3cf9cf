import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { ChainHead } from './audit-checkpoint';

/** What a checkpoint records of the workflow trail. */
export interface AuditHeads {
  heads: ChainHead[];
  rows: number;
  lastLegacyId: string | null;
}

@Injectable()
export class AuditHeadsRepository {
  constructor(private readonly em: EntityManager) {}

  /** The last row of every workflow chain, and how many rows and legacy rows there are. */
  async heads(): Promise<AuditHeads> {
    const connection = this.em.fork().getConnection();
    const heads = (await connection.execute(
      'select a.instance_id, a.seq, a.hash from audit_event a where a.seq = (select max(b.seq) from audit_event b where b.instance_id = a.instance_id) order by a.instance_id',
    )) as { instance_id: string; seq: number | string; hash: string }[];
    const [counts] = (await connection.execute(
      'select count(*) as n, max(case when key_id is null then id end) as legacy from audit_event',
    )) as { n: number | string; legacy: number | string | null }[];
    return {
      heads: heads.map((h) => [String(h.instance_id), Number(h.seq), String(h.hash)]),
      rows: Number(counts.n),
      lastLegacyId: counts.legacy === null ? null : String(counts.legacy),
    };
  }
}
