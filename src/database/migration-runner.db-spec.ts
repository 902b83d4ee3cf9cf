import { createTestApp, TEST_DB, type TestApp } from '../../test/support/test-app';

describe('migrations at start-up', () => {
  it('let several instances start on one database and apply each migration once', async () => {
    const first = await createTestApp();
    const shared = { dataDir: first.config.dataDir, databaseUrl: first.config.databaseUrl };
    await first.app.close();
    const others: TestApp[] = [];
    try {
      // A fresh database for the race: drop what the first start created.
      if (TEST_DB === 'postgres') {
        const { Client } = await import('pg');
        const client = new Client({ connectionString: shared.databaseUrl! });
        await client.connect();
        await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
        await client.end();
        // PostgreSQL is the multi-instance path: start two at the same moment.
        others.push(
          ...(await Promise.all([
            createTestApp({ config: shared }),
            createTestApp({ config: shared }),
          ])),
        );
      } else {
        // SQLite is single-instance by design; a restart on the same file must apply nothing twice.
        others.push(await createTestApp({ config: shared }));
      }
      const rows = await others[0].orm.em
        .getConnection()
        .execute<{ name: string }[]>('select name from schema_migration order by id');
      const names = rows.map((r: { name: string }) => r.name);
      expect(new Set(names).size).toBe(names.length);
      expect(await others[0].orm.getMigrator().getPendingMigrations()).toEqual([]);
      const admins = await others[0].orm.em
        .getConnection()
        .execute<{ n: number }[]>("select count(*) as n from app_user where username = 'admin'");
      expect(Number(admins[0].n)).toBe(1);
    } finally {
      for (const o of others) await o.app.close();
      await first.close().catch(() => undefined);
    }
  });
});
