import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { ReflectMetadataProvider, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { join } from 'node:path';
import { MIGRATIONS } from '../../migrations';
import { sqliteDriverOf, type SqliteDriverName } from '../config/app-config';
import { ENTITIES } from './entities';
import { chmodSync, existsSync } from 'node:fs';
import {
  ensurePrivateDirSync,
  ensurePrivateFileSync,
  PRIVATE_FILE_MODE,
} from '../common/private-files';

export interface StorageOptions {
  dataDir: string;
  databaseUrl: string | null;
  /** Overrides the SQLite file name inside dataDir. */
  sqliteFile?: string;
  /** Which SQLite driver; defaults to DB_DRIVER from the environment (see AppConfig.sqliteDriver). */
  sqliteDriver?: SqliteDriverName;
  debug?: boolean;
}

/**
 * SQLite connections get WAL (readers never block the writer) and foreign keys. synchronous is
 * FULL, SQLite's own default: an acknowledged decision must survive a power cut, not just a crash.
 * It is spelled out because better-sqlite3 builds SQLite with a WAL default of NORMAL.
 */
export const SQLITE_PRAGMAS =
  'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;';

export function buildOrmOptions(storage: StorageOptions): Options {
  const common: Options = {
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'schema_migration',
      transactional: true,
      allOrNothing: true,
      silent: true,
      // We generate migrations by diffing scratch databases (scripts/migration-create.ts), not snapshots.
      snapshot: false,
    },
    // The public full-text index (FTS5 on SQLite, a pg_trgm-indexed table on PostgreSQL) and the
    // public listing are DDL in their migrations, maintained by PublicSearchIndex, not entities.
    schemaGenerator: {
      skipTables: [
        /^achievement_fts/,
        'achievement_search',
        'public_listing',
        'stage_stay',
        'stage_count',
        'stage_count_body',
        'stage_count_field',
        'stage_duration',
        'stage_decision',
      ],
    },
    forceUtcTimezone: true,
    debug: storage.debug ?? false,
    allowGlobalContext: false,
  };
  if (storage.databaseUrl) {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: storage.databaseUrl,
      pool: { min: 0, max: 10 },
    };
  }
  const dbName = join(storage.dataDir, storage.sqliteFile ?? 'chengguo.sqlite');
  // Created 0600 in a 0700 folder before SQLite opens it; SQLite gives its -wal and -shm files
  // the database file's mode.
  ensurePrivateDirSync(storage.dataDir);
  ensurePrivateFileSync(dbName);
  for (const side of [`${dbName}-wal`, `${dbName}-shm`]) {
    if (existsSync(side)) chmodSync(side, PRIVATE_FILE_MODE);
  }
  if ((storage.sqliteDriver ?? sqliteDriverOf(process.env)) === 'better-sqlite') {
    // Synchronous calls on the main thread: no hop through libuv's thread pool per statement.
    return {
      ...common,
      driver: BetterSqliteDriver,
      dbName,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (
          conn: { exec: (sql: string) => void },
          done: (err: Error | null, conn: unknown) => void,
        ) => {
          try {
            conn.exec(SQLITE_PRAGMAS);
            done(null, conn);
          } catch (err) {
            done(err as Error, conn);
          }
        },
      },
    };
  }
  return {
    ...common,
    driver: SqliteDriver,
    dbName,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (
        conn: { exec: (sql: string, cb: (err: Error | null) => void) => void },
        done: (err: Error | null, conn: unknown) => void,
      ) => {
        conn.exec(SQLITE_PRAGMAS, (err) => done(err, conn));
      },
    },
  };
}
