import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  SAME_AS_ENGINE,
  Sqlite3,
  openBetterSqlite3,
  pragmasOfBetterSqlite3,
  pragmasOfSqlite3,
  type Pragmas,
} from './sqlite';
import { ratePerSecond } from './stats';

export interface LimitResult {
  driver: string;
  rows: number;
  elapsedMs: number;
  rowsPerSecond: number;
  rowBytes: number;
  pragmas: Pragmas;
}

export interface Bounds {
  maxCount: number;
  maxMs: number;
}

const DDL =
  'CREATE TABLE bench_row (id INTEGER PRIMARY KEY, instance_id TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL)';
const INSERT = 'INSERT INTO bench_row (instance_id, seq, body) VALUES (?, ?, ?)';

/**
 * The storage limit through the engine's own driver: one row of `rowBytes` per transaction
 * (BEGIN, prepared INSERT, COMMIT), one after the other, as the runner commits one transition.
 */
export async function sqlite3Limit(
  dir: string,
  rowBytes: number,
  bounds: Bounds,
): Promise<LimitResult> {
  const db = await Sqlite3.open(join(dir, 'limit-sqlite3.sqlite'));
  await db.exec(DDL);
  const pragmas = await pragmasOfSqlite3(db);
  const insert = db.prepare(INSERT);
  const body = 'x'.repeat(rowBytes);
  const instance = randomUUID();
  let rows = 0;
  const start = performance.now();
  while (rows < bounds.maxCount && performance.now() - start < bounds.maxMs) {
    await db.run('BEGIN');
    await insert.run([instance, rows, body]);
    await db.run('COMMIT');
    rows++;
  }
  const elapsedMs = performance.now() - start;
  await insert.finalize();
  await db.close();
  return {
    driver: 'sqlite3',
    rows,
    elapsedMs,
    rowsPerSecond: ratePerSecond(rows, elapsedMs),
    rowBytes,
    pragmas,
  };
}

/** The same through better-sqlite3: synchronous calls, a prepared INSERT inside `db.transaction`. */
export function betterSqlite3Limit(
  dir: string,
  rowBytes: number,
  bounds: Bounds,
  pragmas = SAME_AS_ENGINE,
  label = 'better-sqlite3',
): LimitResult {
  const db = openBetterSqlite3(join(dir, `limit-${label.replace(/\W+/g, '-')}.sqlite`), pragmas);
  db.exec(DDL);
  const effective = pragmasOfBetterSqlite3(db);
  const insert = db.prepare(INSERT);
  const commitOne = db.transaction((seq: number) => insert.run(instance, seq, body));
  const body = 'x'.repeat(rowBytes);
  const instance = randomUUID();
  let rows = 0;
  const start = performance.now();
  while (rows < bounds.maxCount && performance.now() - start < bounds.maxMs) {
    commitOne(rows);
    rows++;
  }
  const elapsedMs = performance.now() - start;
  db.close();
  return {
    driver: label,
    rows,
    elapsedMs,
    rowsPerSecond: ratePerSecond(rows, elapsedMs),
    rowBytes,
    pragmas: effective,
  };
}
