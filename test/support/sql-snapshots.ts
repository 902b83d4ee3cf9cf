import type { EntityManager } from '@mikro-orm/core';
import { EligibilityRepository } from '../../src/evaluation/eligibility.repository';
import { EvaluationRepository } from '../../src/evaluation/evaluation.repository';
import { PanelRepository } from '../../src/evaluation/panel.repository';
import { CreditRepository } from '../../src/experts/credit.repository';
import { ExpertsRepository } from '../../src/experts/experts.repository';
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
    repository: PanelRepository,
    create: (em) => new PanelRepository(em),
    dir: 'src/evaluation/queries',
    file: 'panel.repository',
  },
  {
    repository: EligibilityRepository,
    create: (em) => new EligibilityRepository(em),
    dir: 'src/evaluation/queries',
    file: 'eligibility.repository',
  },
  {
    repository: EvaluationRepository,
    create: (em) => new EvaluationRepository(em),
    dir: 'src/evaluation/queries',
    file: 'evaluation.repository',
  },
  {
    repository: ExpertsRepository,
    create: (em) => new ExpertsRepository(em),
    dir: 'src/experts/queries',
    file: 'experts.repository',
  },
  {
    repository: CreditRepository,
    create: (em) => new CreditRepository(em),
    dir: 'src/experts/queries',
    file: 'credit.repository',
  },
];
