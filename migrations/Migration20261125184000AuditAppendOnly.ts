import { Migration } from '@mikro-orm/migrations';
import { AUDIT_GUARD_SQL } from './audit-guard.sql';
import { isPostgres } from './dialect';

export class Migration20261125184000AuditAppendOnly extends Migration {
  override up(): void {
    const sql = isPostgres(this.config) ? AUDIT_GUARD_SQL.postgres : AUDIT_GUARD_SQL.sqlite;
    for (const statement of sql.create) this.addSql(statement);
  }

  override down(): void {
    const sql = isPostgres(this.config) ? AUDIT_GUARD_SQL.postgres : AUDIT_GUARD_SQL.sqlite;
    for (const statement of sql.drop) this.addSql(statement);
  }
}
