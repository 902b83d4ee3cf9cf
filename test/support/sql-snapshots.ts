import type { EntityManager } from '@mikro-orm/core';
import { readdirSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { sqlExamplesOf } from '../../src/database/generate-sql';

/**
 * The repositories whose queries the SQL snapshot test writes out (src/database/
 * sql-snapshots.db-spec.ts): every class exported by a `src/<feature>/…/*.repository.ts` file that
 * marks a method with @GenerateSql, found by scanning, so a feature joins by marking its methods
 * and nothing else (no list for every branch to edit). Its snapshots go to the `queries` folder
 * beside the repository file. A repository is made with `new Repository(em)`; one that needs more
 * gives itself a static `forSqlSnapshot(em)`.
 */
export interface SqlSnapshotSource {
  repository: abstract new (...args: never[]) => object;
  create: (em: EntityManager) => object;
  /** The snapshots' folder, from the repository root: `src/<feature>/queries`. */
  dir: string;
  /** The snapshots' file name before `.<dialect>.sql`. */
  file: string;
}

const ROOT = join(__dirname, '../..');

function repositoryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return repositoryFiles(path);
    return entry.name.endsWith('.repository.ts') ? [path] : [];
  });
}

type RepositoryClass = (new (em: EntityManager) => object) & {
  forSqlSnapshot?: (em: EntityManager) => object;
};

function discover(): SqlSnapshotSource[] {
  const sources: SqlSnapshotSource[] = [];
  for (const path of repositoryFiles(join(ROOT, 'src')).sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(path) as Record<string, unknown>;
    for (const value of Object.values(exported)) {
      if (typeof value !== 'function') continue;
      const repository = value as RepositoryClass;
      if (sqlExamplesOf(repository).length === 0) continue;
      sources.push({
        repository,
        create: (em) => repository.forSqlSnapshot?.(em) ?? new repository(em),
        dir: relative(ROOT, join(path, '..', 'queries'))
          .split(sep)
          .join('/'),
        file: basename(path, '.ts'),
      });
    }
  }
  return sources;
}

export const SQL_SNAPSHOT_SOURCES: readonly SqlSnapshotSource[] = discover();
