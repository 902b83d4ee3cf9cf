import { Migration } from '@mikro-orm/migrations';
import { AUDIT_SEAL_EXTENSION, type AuditSealer } from './audit-seal';
import { isPostgres } from './dialect';

/**
 * Editions run on the edition machine (workflows/edition.machine.ts) from here on: every existing
 * edition gets its workflow instance, under the edition's own id, in the state it stands in, with
 * its first audit row. That row is a creation whose input says where the edition was adopted
 * (the machine starts there), so replaying the trail gives the stored snapshot and no step is
 * invented. Frozen here as they were at this version of the machine (EDITION_MACHINE_VERSION 1):
 * the snapshot's shape and the row's fields, so a later machine change does not rewrite what this
 * migration did.
 */
const DEFINITION = 'edition';
const DEFINITION_VERSION = 1;
const STATES = ['draft', 'underReview', 'issued'];

interface EditionRow {
  id: string;
  kind: string;
  number: string;
  state: string;
  corrects_edition_id: string | null;
  submitted_by_id: string | null;
  issued_by_id: string | null;
  issued_at: Date | number | string | null;
}

export class Migration20261207210000EditionWorkflows extends Migration {
  override async up(): Promise<void> {
    const postgres = isPostgres(this.config);
    const editions = (await this.execute(
      'select id, kind, number, state, corrects_edition_id, submitted_by_id, issued_by_id, issued_at from release_edition where id not in (select id from workflow_instance) order by created_at, id',
    )) as EditionRow[];
    if (!editions.length) return;
    const seal = this.config.getExtension<AuditSealer>(AUDIT_SEAL_EXTENSION);
    if (!seal) {
      throw new Error(
        '迁移需要审计密钥为既有刊期写入审计记录,请通过应用启动(MigrationRunner)执行数据库迁移',
      );
    }
    const now = new Date();
    // As the ORM stores a datetime: epoch milliseconds on SQLite, timestamptz on PostgreSQL.
    const stored = (at: Date) => (postgres ? at.toISOString() : at.getTime());
    for (const e of editions) {
      if (!STATES.includes(e.state)) throw new Error(`刊期 ${e.id} 的状态无法识别:${e.state}`);
      const issuedAt = e.issued_at === null ? null : toDate(e.issued_at).toISOString();
      const adopted = {
        state: e.state,
        submittedBy: e.submitted_by_id,
        issuedAt,
        issuedBy: e.issued_by_id,
      };
      const input = {
        kind: e.kind,
        number: e.number,
        correctsEditionId: e.corrects_edition_id,
        adopted,
      };
      const snapshot = {
        status: e.state === 'issued' ? 'done' : 'active',
        value: e.state,
        historyValue: {},
        context: {
          kind: e.kind,
          number: e.number,
          correctsEditionId: e.corrects_edition_id,
          submittedBy: e.submitted_by_id,
          issuedAt,
          issuedBy: e.issued_by_id,
          adoptedIn: e.state,
        },
        children: {},
      };
      await this.execute(
        'insert into workflow_instance (id, definition, definition_version, state, batch_key, snapshot, version, created_at, updated_at) values (?, ?, ?, ?, null, ?, 1, ?, ?)',
        [
          e.id,
          DEFINITION,
          DEFINITION_VERSION,
          e.state,
          JSON.stringify(snapshot),
          stored(now),
          stored(now),
        ],
      );
      const content = {
        instanceId: e.id,
        seq: 1,
        eventType: 'CREATE',
        fromState: null,
        toState: e.state,
        actorId: 'system',
        actorRole: 'system',
        at: now.toISOString(),
        comment: '既有刊期纳入流程管理',
        payload: { input },
        prevHash: null,
      };
      const sealed = seal(content);
      await this.execute(
        'insert into audit_event (instance_id, seq, event_type, from_state, to_state, actor_id, actor_role, at, comment, payload, prev_hash, hash, key_id, hash_alg) values (?, 1, ?, null, ?, ?, ?, ?, ?, ?, null, ?, ?, ?)',
        [
          e.id,
          content.eventType,
          content.toState,
          content.actorId,
          content.actorRole,
          stored(now),
          content.comment,
          JSON.stringify(content.payload),
          sealed.hash,
          sealed.keyId,
          sealed.alg,
        ],
      );
    }
  }

  /**
   * Nothing to undo: the audit trail is append-only (its guard triggers refuse deletes), so the
   * instances and their rows stay. The code before this migration never reads them.
   */
  override down(): void {}
}

/** A datetime column as read raw: epoch milliseconds on SQLite, a Date or text on PostgreSQL. */
function toDate(value: Date | number | string): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || /^\d+$/.test(value)) return new Date(Number(value));
  return new Date(value);
}
