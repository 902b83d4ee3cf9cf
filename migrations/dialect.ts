import type { Configuration } from '@mikro-orm/core';

/** Migrations carry DDL for both databases; this picks the branch for the one they run on. */
export function isPostgres(config: Configuration): boolean {
  return config.getDriver().constructor.name === 'PostgreSqlDriver';
}
