import BetterSqlite3 from 'better-sqlite3';
import sqlite3 from 'sqlite3';
import { SQLITE_PRAGMAS } from '../src/orm/mikro-orm.config';

/**
 * The engine's own connection set-up (src/orm/mikro-orm.config.ts), for every raw
 * connection too. `synchronous = FULL` is SQLite's default and the engine's; it is set explicitly
 * because better-sqlite3 compiles SQLite with a WAL default of NORMAL. `pragmasOf` reads the
 * effective values back from every connection, so the run proves they match.
 */
export const SAME_AS_ENGINE = SQLITE_PRAGMAS;

export interface Pragmas {
  journal_mode: string;
  foreign_keys: number;
  busy_timeout: number;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA */
  synchronous: number;
}

export const PRAGMA_NAMES = [
  'journal_mode',
  'foreign_keys',
  'busy_timeout',
  'synchronous',
] as const;

/** The few calls the peer benchmark makes, on either driver. */
export interface SqlConnection {
  exec(sql: string): Promise<void>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  get<T>(sql: string, params?: unknown[]): Promise<T | undefined>;
  pragmas(): Promise<Pragmas>;
  close(): Promise<void>;
}

/** A promise face on the callback API of the `sqlite3` driver, the one MikroORM's driver uses. */
export class Sqlite3 implements SqlConnection {
  private constructor(private readonly db: sqlite3.Database) {}

  static async open(file: string, pragmas = SAME_AS_ENGINE): Promise<Sqlite3> {
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const handle = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(handle)));
    });
    const conn = new Sqlite3(db);
    await conn.exec(pragmas);
    return conn;
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.db.exec(sql, (err) => (err ? reject(err) : resolve())),
    );
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return new Promise((resolve, reject) =>
      this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve(this.changes);
      }),
    );
  }

  get<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return new Promise((resolve, reject) =>
      this.db.get(sql, params, (err: Error | null, row: T | undefined) =>
        err ? reject(err) : resolve(row),
      ),
    );
  }

  pragmas(): Promise<Pragmas> {
    return pragmasOfSqlite3(this);
  }

  prepare(sql: string): PreparedSqlite3 {
    return new PreparedSqlite3(this.db.prepare(sql));
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.db.close((err) => (err ? reject(err) : resolve())),
    );
  }
}

export class PreparedSqlite3 {
  constructor(private readonly stmt: sqlite3.Statement) {}

  run(params: unknown[]): Promise<void> {
    return new Promise((resolve, reject) =>
      this.stmt.run(params, (err: Error | null) => (err ? reject(err) : resolve())),
    );
  }

  finalize(): Promise<void> {
    return new Promise((resolve) => this.stmt.finalize(() => resolve()));
  }
}

export async function pragmasOfSqlite3(db: Sqlite3): Promise<Pragmas> {
  const out: Record<string, unknown> = {};
  for (const name of PRAGMA_NAMES) {
    const row = await db.get<Record<string, unknown>>(`PRAGMA ${name}`);
    out[name] = row ? Object.values(row)[0] : null;
  }
  return out as unknown as Pragmas;
}

export function openBetterSqlite3(file: string, pragmas = SAME_AS_ENGINE): BetterSqlite3.Database {
  const db = new BetterSqlite3(file);
  db.exec(pragmas);
  return db;
}

export function pragmasOfBetterSqlite3(db: BetterSqlite3.Database): Pragmas {
  const out: Record<string, unknown> = {};
  for (const name of PRAGMA_NAMES) out[name] = db.pragma(name, { simple: true });
  return out as unknown as Pragmas;
}

/**
 * better-sqlite3 behind the same promise face, each statement prepared once and cached, as
 * MikroORM's better-sqlite driver runs through knex: the calls themselves are synchronous.
 */
export class BetterSqlite3Connection implements SqlConnection {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  private constructor(private readonly db: BetterSqlite3.Database) {}

  static open(file: string, pragmas = SAME_AS_ENGINE): Promise<BetterSqlite3Connection> {
    return Promise.resolve(new BetterSqlite3Connection(openBetterSqlite3(file, pragmas)));
  }

  private prepared(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  exec(sql: string): Promise<void> {
    this.db.exec(sql);
    return Promise.resolve();
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return Promise.resolve(this.prepared(sql).run(...params).changes);
  }

  get<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return Promise.resolve(this.prepared(sql).get(...params) as T | undefined);
  }

  pragmas(): Promise<Pragmas> {
    return Promise.resolve(pragmasOfBetterSqlite3(this.db));
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
