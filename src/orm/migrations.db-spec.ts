import { ReferenceKind } from '@mikro-orm/core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '../../migrations';
import { createTestOrm } from '../../test/support/test-database';
import { TEST_DB } from '../../test/support/test-app';
import { City } from '../reference/city.entity';
import { StrategicDomain } from '../reference/strategic-domain.entity';

describe('migrations', () => {
  it('bring a fresh database to the schema the entities describe, with reference data', async () => {
    const { orm, close } = await createTestOrm();
    try {
      expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
      if (TEST_DB === 'postgres') {
        // Any entity change without a migration shows up here as pending DDL.
        expect(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).toBe('');
      } else {
        // MikroORM's SQLite diff always proposes rebuilding tables with foreign keys (a known
        // false positive), so on SQLite compare the columns of every table instead.
        const connection = orm.em.getConnection();
        for (const meta of orm.getMetadata().getAll()
          ? Object.values(orm.getMetadata().getAll())
          : []) {
          if (meta.embeddable || meta.virtual) continue;
          const expected = meta.props
            .filter(
              (p) =>
                [ReferenceKind.SCALAR, ReferenceKind.MANY_TO_ONE].includes(p.kind) ||
                (p.kind === ReferenceKind.ONE_TO_ONE && p.owner),
            )
            .flatMap((p) => p.fieldNames)
            .sort();
          const columns = (
            await connection.execute<{ name: string }[]>(`pragma table_info(\`${meta.tableName}\`)`)
          )
            .map((c: { name: string }) => c.name)
            .sort();
          expect({ table: meta.tableName, columns }).toEqual({
            table: meta.tableName,
            columns: expected,
          });
        }
      }
      const em = orm.em.fork();
      expect(await em.count(City)).toBe(11);
      expect(await em.count(StrategicDomain, { provisional: true })).toBe(15);
    } finally {
      await close();
    }
  });

  it('are all listed, in order, in migrations/index.ts', () => {
    const files = readdirSync(join(__dirname, '../../migrations'))
      .filter((f) => /^Migration\d+\w*\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(MIGRATIONS.map((m) => m.name)).toEqual(files);
  });
});
