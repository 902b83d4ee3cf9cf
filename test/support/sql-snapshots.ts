import type { EntityManager } from '@mikro-orm/core';
import { CollectionPeriodsRepository } from '../../src/collection/collection-periods.repository';
import { CollectionStatusRepository } from '../../src/collection/collection-status.repository';
import { ExportsRepository } from '../../src/exports/exports.repository';
import { PublicSearchRepository } from '../../src/public/public-search.repository';
import { ReleasesRepository } from '../../src/releases/releases.repository';
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
    repository: PublicSearchRepository,
    create: (em) => new PublicSearchRepository(em),
    dir: 'src/public/queries',
    file: 'public-search.repository',
  },
  {
    repository: ReleasesRepository,
    create: (em) => new ReleasesRepository(em),
    dir: 'src/releases/queries',
    file: 'releases.repository',
  },
  {
    repository: ExportsRepository,
    create: (em) => new ExportsRepository(em),
    dir: 'src/exports/queries',
    file: 'exports.repository',
  },
  {
    repository: CollectionStatusRepository,
    create: (em) => new CollectionStatusRepository(em),
    dir: 'src/collection/queries',
    file: 'collection-status.repository',
  },
  {
    repository: CollectionPeriodsRepository,
    create: (em) => new CollectionPeriodsRepository(em),
    dir: 'src/collection/queries',
    file: 'collection-periods.repository',
  },
];
