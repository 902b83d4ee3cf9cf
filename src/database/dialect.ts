import type { Platform } from '@mikro-orm/core';
import { BaseSqlitePlatform } from '@mikro-orm/knex';

/**
 * The one place that decides which database a statement is for, and how a datetime travels to
 * and from it. Everything else asks here: an entity manager, a connection, a driver or an ORM
 * configuration all answer `getPlatform()`, so services, repositories, migrations and tests
 * decide the same way (the ORM's platform, not an environment variable read in a second place).
 */
export type Dialect = 'sqlite' | 'postgresql';

/** Both databases, in the order the SQL snapshots list them. */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgresql'];

/** Anything that knows its platform: EntityManager, Connection, driver, Configuration. */
export interface OnPlatform {
  getPlatform(): Platform;
}

/** SQLite under either driver (better-sqlite3, sqlite3), else PostgreSQL. */
export function dialectOf(source: OnPlatform): Dialect {
  return source.getPlatform() instanceof BaseSqlitePlatform ? 'sqlite' : 'postgresql';
}

export function isPostgres(source: OnPlatform): boolean {
  return dialectOf(source) === 'postgresql';
}

/**
 * A datetime as a bound parameter, as the column stores it: epoch milliseconds on SQLite (the
 * ORM writes dates that way there), a timestamp on PostgreSQL.
 */
export function toDbTime(dialect: Dialect, at: Date): Date | number {
  return dialect === 'postgresql' ? at : at.getTime();
}

/** A datetime column as a driver returns it in a raw row, as a Date. */
export type DbTime = Date | number | string;

/**
 * A raw datetime back as a Date: PostgreSQL gives a Date, SQLite epoch milliseconds (a number,
 * or digits as text out of an aggregate such as min()).
 */
export function fromDbTime(raw: DbTime): Date {
  return new Date(typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw);
}

/** The Shanghai month (UTC+8, no daylight saving) of a datetime column, as `YYYY-MM`. */
export function shanghaiMonthSql(dialect: Dialect, column: string): string {
  return dialect === 'postgresql'
    ? `to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM')`
    : `strftime('%Y-%m', ${column} / 1000, 'unixepoch', '+8 hours')`;
}

/** Milliseconds from one datetime column to another, as an integer. */
export function durationMsSql(dialect: Dialect, from: string, to: string): string {
  return dialect === 'postgresql'
    ? `round(extract(epoch from (${to} - ${from})) * 1000)`
    : `${to} - ${from}`;
}
