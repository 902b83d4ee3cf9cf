import { resolve } from 'node:path';
import { ROLES, type UserRole } from '../../workflows/achievement.machine';
import { parseTrustProxy } from '../common/client-ip';

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
/**
 * The roles whose passwords expire sooner and who must sign in with a second factor by default:
 * the three administrators and the office staff, who can change other people's data.
 */
const ADMINISTRATIVE_ROLES: UserRole[] = ['admin', 'securityAdmin', 'auditAdmin', 'officeStaff'];

export interface AppConfig {
  port: number;
  dataDir: string;
  /** postgres://… switches storage to PostgreSQL; unset means SQLite in dataDir. */
  databaseUrl: string | null;
  /** The SQLite driver (DB_DRIVER); ignored on PostgreSQL. */
  sqliteDriver: SqliteDriverName;
  jwtSecret: string | null;
  /** A session's absolute lifetime, and its token's `exp` (JWT_TTL, default 8h). */
  sessionMaxAgeMs: number;
  /** A session unused this long ends (SESSION_IDLE_TIMEOUT, default 30m). */
  sessionIdleMs: number;
  adminPassword: string | null;
  /** The first start's security administrator `secadmin` (SECURITY_ADMIN_PASSWORD). */
  securityAdminPassword: string | null;
  /** The first start's audit administrator `auditadmin` (AUDIT_ADMIN_PASSWORD). */
  auditAdminPassword: string | null;
  /**
   * Password changes and second-factor codes allowed per minute and client address
   * (LOGIN_RATE_LIMIT); sign-in itself is throttled by the login limiter below.
   */
  loginRateLimit: number;
  /** Requests to the public platform (pages and API) allowed per minute and client address. */
  publicRateLimit: number;
  /**
   * The reverse proxies whose X-Forwarded-For is believed (TRUST_PROXY: addresses or CIDRs; empty
   * = none, the socket's address is the client's). See src/common/client-ip.ts.
   */
  trustProxy: string[];
  /**
   * Roles whose passwords expire sooner (PRIVILEGED_ROLES, default admin and office staff): the
   * accounts that can change other people's data.
   */
  privilegedRoles: UserRole[];
  /** Days a privileged user's password lasts (PASSWORD_MAX_AGE_DAYS_PRIVILEGED, default 90; 0 = never). */
  passwordMaxAgeDaysPrivileged: number;
  /** Days everyone else's password lasts (PASSWORD_MAX_AGE_DAYS, default 0 = never). */
  passwordMaxAgeDays: number;
  /** Base64 of the 32-byte key for TOTP secrets (TOTP_KEY); null: DATA_DIR/totp-key. */
  totpKey: string | null;
  /** Roles that must sign in with a second factor (REQUIRE_TOTP_ROLES, default admin,officeStaff). */
  requireTotpRoles: UserRole[];
  /**
   * Login throttling (one limiter for the API and the console, kept in the database). Wrong
   * passwords allowed for one account from one client before each further attempt waits, doubling
   * from one second up to loginMaxDelayMs (LOGIN_FREE_FAILURES, LOGIN_MAX_DELAY).
   */
  loginFreeFailures: number;
  loginMaxDelayMs: number;
  /** The same for one account from all clients: looser, and never a lock (LOGIN_ACCOUNT_…). */
  loginAccountFreeFailures: number;
  loginAccountMaxDelayMs: number;
  /** The same for one client over all account names (LOGIN_CLIENT_…). */
  loginClientFreeFailures: number;
  loginClientMaxDelayMs: number;
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
  /**
   * AUDIT_ALGORITHM: the digest of the audit trail, `sha256` (default) or `sm3` (GB/T 32905, for a
   * 商用密码 assessment). Each new audit row's hash is an HMAC with it (HMAC-SHA256 or HMAC-SM3)
   * and so is each checkpoint's signature; rows keep the algorithm they were written with.
   */
  auditAlgorithm: AuditAlgorithm;
  /**
   * AUDIT_KEYS: `id:hex,id:hex…` (each key at least 32 bytes, the last one signs new rows). Unset:
   * the keys are files under DATA_DIR/audit-keys, the first made on the first start.
   */
  auditKeys: { id: string; secret: Buffer }[] | null;
}

export const AUDIT_ALGORITHMS = ['sha256', 'sm3'] as const;
export type AuditAlgorithm = (typeof AUDIT_ALGORITHMS)[number];

/** AUDIT_KEYS parsed; key ids are what the audit rows name, so they are short and plain. */
export function parseAuditKeys(value: string | undefined): { id: string; secret: Buffer }[] | null {
  if (!value?.trim()) return null;
  return value.split(',').map((entry) => {
    const match = /^([A-Za-z0-9_-]{1,32}):([0-9a-fA-F]{64,})$/.exec(entry.trim());
    if (!match) {
      throw new Error(
        'AUDIT_KEYS must be a comma-separated list of id:hex with ids of 1–32 letters, digits, - or _ and keys of at least 32 bytes (64 hex digits)',
      );
    }
    return { id: match[1], secret: Buffer.from(match[2], 'hex') };
  });
}

export const APP_CONFIG = Symbol('APP_CONFIG');

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as `90s`, `30m`, `8h` or `1d` (a bare number is seconds), in milliseconds. */
export function duration(value: string | undefined, fallback: string, name: string): number {
  const text = value?.trim() || fallback;
  const match = /^(\d+)\s*([smhd]?)$/.exec(text);
  const ms = match ? Number(match[1]) * DURATION_UNITS[match[2] || 's'] : NaN;
  if (!Number.isSafeInteger(ms) || ms < 1000) {
    throw new Error(`${name} must be a duration such as 90s, 30m, 8h or 1d, got "${text}"`);
  }
  return ms;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${value}"`);
  return n;
}

function roles(value: string | undefined, fallback: UserRole[], name: string): UserRole[] {
  if (value === undefined) return fallback;
  const list = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = list.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) {
    throw new Error(
      `${name} must be a comma-separated list of ${ROLES.join(', ')}, got "${value}"`,
    );
  }
  return list as UserRole[];
}

function days(value: string | undefined, fallback: number, name: string): number {
  const n = int(value, fallback, name);
  if (n < 0 || n > 3650) throw new Error(`${name} must be 0–3650 days (0 = never)`);
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
  const atLeastOne = (name: string, fallback: number) => {
    const n = int(env[name], fallback, name);
    if (n < 1) throw new Error(`${name} must be at least 1`);
    return n;
  };
  const sessionMaxAgeMs = duration(env.JWT_TTL, '8h', 'JWT_TTL');
  const sessionIdleMs = duration(env.SESSION_IDLE_TIMEOUT, '30m', 'SESSION_IDLE_TIMEOUT');
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
  const auditAlgorithm = (env.AUDIT_ALGORITHM?.trim() || 'sha256').toLowerCase();
  if (!(AUDIT_ALGORITHMS as readonly string[]).includes(auditAlgorithm)) {
    throw new Error(`AUDIT_ALGORITHM must be one of ${AUDIT_ALGORITHMS.join(', ')}`);
  }
  return {
    auditAlgorithm: auditAlgorithm as AuditAlgorithm,
    auditKeys: parseAuditKeys(env.AUDIT_KEYS),
    reminderDaysBefore,
    simulatedClockStart,
    port: int(env.PORT, 3000, 'PORT'),
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl,
    sqliteDriver: sqliteDriverOf(env),
    jwtSecret: env.JWT_SECRET || null,
    sessionMaxAgeMs,
    sessionIdleMs,
    adminPassword: env.ADMIN_PASSWORD || null,
    securityAdminPassword: env.SECURITY_ADMIN_PASSWORD || null,
    auditAdminPassword: env.AUDIT_ADMIN_PASSWORD || null,
    loginRateLimit: int(env.LOGIN_RATE_LIMIT, 10, 'LOGIN_RATE_LIMIT'),
    publicRateLimit: int(env.PUBLIC_RATE_LIMIT, 300, 'PUBLIC_RATE_LIMIT'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    privilegedRoles: roles(env.PRIVILEGED_ROLES, ADMINISTRATIVE_ROLES, 'PRIVILEGED_ROLES'),
    passwordMaxAgeDaysPrivileged: days(
      env.PASSWORD_MAX_AGE_DAYS_PRIVILEGED,
      90,
      'PASSWORD_MAX_AGE_DAYS_PRIVILEGED',
    ),
    passwordMaxAgeDays: days(env.PASSWORD_MAX_AGE_DAYS, 0, 'PASSWORD_MAX_AGE_DAYS'),
    totpKey: env.TOTP_KEY?.trim() || null,
    requireTotpRoles: roles(env.REQUIRE_TOTP_ROLES, ADMINISTRATIVE_ROLES, 'REQUIRE_TOTP_ROLES'),
    loginFreeFailures: atLeastOne('LOGIN_FREE_FAILURES', 5),
    loginMaxDelayMs: duration(env.LOGIN_MAX_DELAY, '15m', 'LOGIN_MAX_DELAY'),
    loginAccountFreeFailures: atLeastOne('LOGIN_ACCOUNT_FREE_FAILURES', 50),
    loginAccountMaxDelayMs: duration(env.LOGIN_ACCOUNT_MAX_DELAY, '30s', 'LOGIN_ACCOUNT_MAX_DELAY'),
    loginClientFreeFailures: atLeastOne('LOGIN_CLIENT_FREE_FAILURES', 100),
    loginClientMaxDelayMs: duration(env.LOGIN_CLIENT_MAX_DELAY, '5m', 'LOGIN_CLIENT_MAX_DELAY'),
    collectionCloseDay: closeDay,
    schedulerEnabled: env.SCHEDULER !== 'off',
    smtpUrl,
    mailFrom: env.MAIL_FROM?.trim() || '浙里好成果 <noreply@localhost>',
    emailMaxAttempts,
    attachmentMaxBytes: attachmentMaxMb * 1024 * 1024,
  };
}
