import type { EntityManager } from '@mikro-orm/core';
import { LibraryRepository } from '../../src/library/library.repository';
import { StatsLookupsRepository } from '../../src/stats/stats-lookups.repository';
import { StatsRepository } from '../../src/stats/stats.repository';

/**
 * The repositories whose queries the SQL snapshot test writes out (src/database/
 * sql-snapshots.db-spec.ts): each with how to make one on an entity manager and the folder of
 * its feature's snapshots. A feature joins by marking its repository's methods with
 * @GenerateSql and adding a line here.
 */
export interface SqlSnapshotSource {
  repository: abstract new (...args: never[]) => object;
  create: (em: EntityManager) => object;
  /** The snapshots' folder, from the repository root: `src/<feature>/queries`. */
  dir: string;
  /** The snapshots' file name before `.<dialect>.sql`. */
  file: string;
}

export const SQL_SNAPSHOT_SOURCES: readonly SqlSnapshotSource[] = [
  {
    repository: LibraryRepository,
    create: (em) => new LibraryRepository(em),
    dir: 'src/library/queries',
    file: 'library.repository',
  },
  {
    repository: StatsRepository,
    create: (em) => new StatsRepository(em),
    dir: 'src/stats/queries',
    file: 'stats.repository',
  },
  {
    repository: StatsLookupsRepository,
    create: (em) => new StatsLookupsRepository(em),
    dir: 'src/stats/queries',
    file: 'stats-lookups.repository',
  },
  {
  },
  {
  },
  {
  },
  {
  },
  {
  },
];
