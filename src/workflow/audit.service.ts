import { Injectable } from '@nestjs/common';
import type { AuditContent } from './audit-hash';
import { auditContentOf } from './audit-verifier';
import type { AuditEvent } from './audit-event.entity';
import { AuditRepository, type AuditQuery } from './audit.repository';

export type { AuditQuery } from './audit.repository';

/** An audit row as the API shows it: its hashed content, plus its id and hash. */
export interface AuditView extends AuditContent {
  id: string;
  hash: string;
}

/** Reads the audit trail. Deliberately has no method that changes it. */
@Injectable()
export class AuditService {
  constructor(private readonly rows: AuditRepository) {}

  async history(instanceId: string): Promise<AuditView[]> {
    return (await this.rows.history(instanceId)).map(toView);
  }

  async search(query: AuditQuery): Promise<{ items: AuditView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 100;
    const rows = await this.rows.search(query, limit);
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
