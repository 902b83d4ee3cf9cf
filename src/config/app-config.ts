import { resolve } from 'node:path';

export const SQLITE_DRIVERS = ['sqlite', 'better-sqlite'] as const;
export type SqliteDriverName = (typeof SQLITE_DRIVERS)[number];

/** DB_DRIVER: which MikroORM driver opens the SQLite file (`sqlite`, the default, or `better-sqlite`). */
export function sqliteDriverOf(env: NodeJS.ProcessEnv): SqliteDriverName {
  const value = env.DB_DRIVER?.trim() || 'sqlite';
  if (!(SQLITE_DRIVERS as readonly string[]).includes(value)) {
    throw new Error(`DB_DRIVER must be one of ${SQLITE_DRIVERS.join(', ')}, got "${value}"`);
  }
  return value as SqliteDriverName;
}

/** Everything the host reads from the environment, read once and typed. */
export interface AppConfig {
  port: number;
  dataDir: string;
  /** postgres://… switches storage to PostgreSQL; unset means SQLite in dataDir. */
  databaseUrl: string | null;
  /** The SQLite driver (DB_DRIVER); ignored on PostgreSQL. */
  sqliteDriver: SqliteDriverName;
  jwtSecret: string | null;
  jwtTtl: string;
  adminPassword: string | null;
  /** The first start's security administrator `secadmin` (SECURITY_ADMIN_PASSWORD). */
  securityAdminPassword: string | null;
  /** The first start's audit administrator `auditadmin` (AUDIT_ADMIN_PASSWORD). */
  auditAdminPassword: string | null;
  /** Login attempts allowed per minute and client address. */
  loginRateLimit: number;
  /** Wrong passwords within the lockout window that lock an account (LOGIN_LOCKOUT_THRESHOLD). */
  loginLockoutThreshold: number;
  /** Both the window failures are counted in and how long a lock lasts (LOGIN_LOCKOUT_MINUTES). */
  loginLockoutMinutes: number;
  /** Day of the month on which collection closes (at the end of that day, Asia/Shanghai). */
  collectionCloseDay: number;
  /** Whether to start cron-driven cycles in this process. */
  schedulerEnabled: boolean;
  /** Days before a period's close on which pending bodies are reminded (REMINDER_DAYS_BEFORE). */
  reminderDaysBefore: number[];
  /**
   * SIMULATED_CLOCK_START turns on a clock that stands still until an admin advances it
   * (POST /api/admin/clock): for demos and the simulated year, never for production.
   */
  simulatedClockStart: Date | null;
  /** smtp://user:pass@host:port or smtps://… for notification e-mail; null turns e-mail off. */
  smtpUrl: string | null;
  /** The From header of notification e-mails. */
  mailFrom: string;
  /** Delivery attempts per e-mail before the outbox gives up and marks it failed. */
  emailMaxAttempts: number;
  /** Largest attachment accepted, in bytes (ATTACHMENT_MAX_MB, default 20 MB). */
  attachmentMaxBytes: number;
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
  const attachmentMaxMb = int(env.ATTACHMENT_MAX_MB, 20, 'ATTACHMENT_MAX_MB');
  // Uploads are buffered in memory while checked, so the limit stays modest.
  if (attachmentMaxMb < 1 || attachmentMaxMb > 100)
    throw new Error('ATTACHMENT_MAX_MB must be 1–100');
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new Error(
      'SMTP_URL must be an smtp:// or smtps:// URL; leave it unset to turn e-mail off',
    );
  }
  const emailMaxAttempts = int(env.EMAIL_MAX_ATTEMPTS, 8, 'EMAIL_MAX_ATTEMPTS');
  if (emailMaxAttempts < 1) throw new Error('EMAIL_MAX_ATTEMPTS must be at least 1');
  const reminderDaysBefore = (env.REMINDER_DAYS_BEFORE ?? '5,1')
    .split(',')
    .filter((d) => d.trim() !== '')
    .map((d) => int(d.trim(), 0, 'REMINDER_DAYS_BEFORE'));
  if (reminderDaysBefore.some((d) => d < 1 || d > 27)) {
    throw new Error('REMINDER_DAYS_BEFORE must be a comma-separated list of days 1–27');
  }
  const loginLockoutThreshold = int(env.LOGIN_LOCKOUT_THRESHOLD, 5, 'LOGIN_LOCKOUT_THRESHOLD');
  if (loginLockoutThreshold < 1) throw new Error('LOGIN_LOCKOUT_THRESHOLD must be at least 1');
  const loginLockoutMinutes = int(env.LOGIN_LOCKOUT_MINUTES, 15, 'LOGIN_LOCKOUT_MINUTES');
  if (loginLockoutMinutes < 1) throw new Error('LOGIN_LOCKOUT_MINUTES must be at least 1');
  const simulatedClockStart = env.SIMULATED_CLOCK_START
    ? new Date(env.SIMULATED_CLOCK_START)
    : null;
  if (simulatedClockStart && Number.isNaN(simulatedClockStart.getTime())) {
    throw new Error('SIMULATED_CLOCK_START must be an ISO-8601 time');
  }
  // PostgreSQL means a shared, real deployment: a stopped clock there would silently stall every
  // deadline, so it takes a second, deliberate flag.
  if (simulatedClockStart && databaseUrl && env.SIMULATED_CLOCK_ON_POSTGRES !== '1') {
    throw new Error(
      'SIMULATED_CLOCK_START is refused on PostgreSQL; set SIMULATED_CLOCK_ON_POSTGRES=1 if you really mean it',
    );
  }
  return {
    reminderDaysBefore,
    simulatedClockStart,
    port: int(env.PORT, 3000, 'PORT'),
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl,
    sqliteDriver: sqliteDriverOf(env),
    jwtSecret: env.JWT_SECRET || null,
    jwtTtl: env.JWT_TTL || '8h',
    adminPassword: env.ADMIN_PASSWORD || null,
    securityAdminPassword: env.SECURITY_ADMIN_PASSWORD || null,
    auditAdminPassword: env.AUDIT_ADMIN_PASSWORD || null,
    loginRateLimit: int(env.LOGIN_RATE_LIMIT, 10, 'LOGIN_RATE_LIMIT'),
    loginLockoutThreshold,
    loginLockoutMinutes,
    collectionCloseDay: closeDay,
    schedulerEnabled: env.SCHEDULER !== 'off',
    smtpUrl,
    mailFrom: env.MAIL_FROM?.trim() || '浙里好成果 <noreply@localhost>',
    emailMaxAttempts,
    attachmentMaxBytes: attachmentMaxMb * 1024 * 1024,
  };
}
