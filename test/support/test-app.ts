import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { ManualClock } from '../../src/common/clock';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { configureApp } from '../../src/configure-app';
import { createScratchPostgres } from '../../src/database/scratch-postgres';

export const ADMIN_PASSWORD = 'Chief-pass-2026!';
/** The first start's security administrator `secadmin` (accounts) and audit administrator. */
export const SECURITY_ADMIN_PASSWORD = 'Warden-pass-2026!';
export const AUDIT_ADMIN_PASSWORD = 'Ledger-pass-2026!';

/** Which database the db and e2e tiers run on: TEST_DB=postgres switches from SQLite. */
export const TEST_DB = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export interface TestApp {
  app: INestApplication;
  http: () => TestAgent;
  clock: ManualClock;
  orm: MikroORM;
  config: AppConfig;
  close: () => Promise<void>;
}

/**
 * Boots the real application on a fresh database (a new SQLite file, or a new PostgreSQL
 * database) with a manual clock, exactly as main.ts configures HTTP. `restartOf` boots it again
 * on another test app's data directory and database instead, as a restart would; that app keeps
 * ownership of them (its close() throws them away).
 */
export async function createTestApp(
  options: {
    now?: Date;
    config?: Partial<AppConfig>;
    logger?: LoggerService | LogLevel[];
    restartOf?: TestApp;
  } = {},
): Promise<TestApp> {
  const reused = options.restartOf?.config;
  const dataDir = reused?.dataDir ?? mkdtempSync(join(tmpdir(), 'chengguo-test-'));
  const pg = !reused && TEST_DB === 'postgres' ? await createScratchPostgres() : null;
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir,
    databaseUrl: reused ? reused.databaseUrl : (pg?.url ?? null),
    adminPassword: ADMIN_PASSWORD,
    securityAdminPassword: SECURITY_ADMIN_PASSWORD,
    auditAdminPassword: AUDIT_ADMIN_PASSWORD,
    loginRateLimit: 1000,
    publicRateLimit: 100_000,
    schedulerEnabled: false,
    // The workflow tests run months of the test clock with admin and office users: their
    // passwords do not expire and no second factor is asked for unless a test turns them on
    // (test/accounts.e2e-spec.ts, test/second-factor.e2e-spec.ts do).
    passwordMaxAgeDaysPrivileged: 0,
    requireTotpRoles: [],
    ...options.config,
  };
  const clock = new ManualClock(options.now ?? new Date('2026-11-05T02:00:00Z'));
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config, clock })],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: options.logger ?? ['error'],
  });
  configureApp(app);
  await app.init();
  return {
    app,
    http: () => request(app.getHttpServer()),
    clock,
    orm: app.get(MikroORM),
    config,
    close: async () => {
      await app.close();
      if (reused) return;
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
