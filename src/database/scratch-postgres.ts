import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server used for scratch databases in tests and tooling; the `test` database must exist. */
export const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Creates a fresh, empty PostgreSQL database, hands its URL to `use`, and drops it afterwards, so
 * every test file (and the migration generator) starts from nothing and leaves nothing behind.
 */
export async function createScratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `chengguo_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function withScratchPostgres<T>(use: (url: string) => Promise<T>): Promise<T> {
  const db = await createScratchPostgres();
  try {
    return await use(db.url);
  } finally {
    await db.drop();
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
