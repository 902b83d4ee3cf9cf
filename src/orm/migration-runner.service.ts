import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Client } from 'pg';
import { AUDIT_SEAL_EXTENSION, type AuditSealer } from '../../migrations/audit-seal';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditKeyring } from '../workflow/audit-keyring';

/** An arbitrary constant naming "schema migration" among PostgreSQL advisory locks. */
const MIGRATION_LOCK_KEY = 726_2026;

/** Schema changes happen only through committed migrations, applied here at every start. */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    private readonly orm: MikroORM,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly keyring?: AuditKeyring,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.databaseUrl) return this.migrate();
    // Several instances may start together against one PostgreSQL database; a session-level
    // advisory lock lets one migrate while the others wait, then find nothing left to do.
    const lock = new Client({ connectionString: this.config.databaseUrl });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await this.migrate();
    } finally {
      await lock
        .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
        .catch(() => undefined);
      await lock.end();
    }
  }

  private async migrate(): Promise<void> {
    // Data migrations that append to the audit trail seal their rows with the application's key.
    const keyring = this.keyring;
    if (keyring) {
      const sealer: AuditSealer = (content) => keyring.seal(content);
      this.orm.config.registerExtension(AUDIT_SEAL_EXTENSION, () => sealer);
    }
    const applied = await this.orm.getMigrator().up();
    if (applied.length)
      this.logger.log(`已执行数据库迁移:${applied.map((m) => m.name).join(', ')}`);
  }
}
