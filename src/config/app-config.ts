import { resolve } from 'node:path';

/** Everything the host reads from the environment, read once and typed. */
export interface AppConfig {
  port: number;
  dataDir: string;
  /** postgres://… switches storage to PostgreSQL; unset means SQLite in dataDir. */
  databaseUrl: string | null;
  jwtSecret: string | null;
  jwtTtl: string;
  adminPassword: string | null;
  /** Login attempts allowed per minute and client address. */
  loginRateLimit: number;
  /** Day of the month on which collection closes (at the end of that day, Asia/Shanghai). */
  collectionCloseDay: number;
  /** Whether to start cron-driven cycles in this process. */
  schedulerEnabled: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// URL; leave it unset for SQLite');
  }
  const closeDay = int(env.COLLECTION_CLOSE_DAY, 10, 'COLLECTION_CLOSE_DAY');
  if (closeDay < 1 || closeDay > 28) throw new Error('COLLECTION_CLOSE_DAY must be 1–28');
  return {
    port: int(env.PORT, 3000, 'PORT'),
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl,
    jwtSecret: env.JWT_SECRET || null,
    jwtTtl: env.JWT_TTL || '8h',
    adminPassword: env.ADMIN_PASSWORD || null,
    loginRateLimit: int(env.LOGIN_RATE_LIMIT, 10, 'LOGIN_RATE_LIMIT'),
    collectionCloseDay: closeDay,
    schedulerEnabled: env.SCHEDULER !== 'off',
  };
}
