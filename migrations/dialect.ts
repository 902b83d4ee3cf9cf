/**
 * Migrations ask src/database/dialect.ts, the one place that decides the database, through this
 * stable path (scripts/migration-create.ts writes `import { isPostgres } from './dialect'`).
 */
export { isPostgres } from '../src/database/dialect';
