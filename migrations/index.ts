import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125171313Initial } from './Migration20261125171313Initial';
import { Migration20261125171400ReferenceData } from './Migration20261125171400ReferenceData';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the same list runs from
 * ts-jest, ts-node and the compiled build. `npm run migration:create -- <name>` appends here.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261125171313Initial', class: Migration20261125171313Initial },
  { name: 'Migration20261125171400ReferenceData', class: Migration20261125171400ReferenceData },
];
