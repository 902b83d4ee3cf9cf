import { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { REFERENCE_SEED } from '../migrations/data/reference-seed';
import { shanghaiMonthSql } from '../src/database/dialect';
import { txOf } from '../src/database/tx';
import { StageStaysService } from '../src/stats/stage-stays.service';
import { bootApp } from './engine';
import { timeStats } from './scale';

/**
 * `node dist/bench/stats-time.js <dataDir> [period] [--spread]`: the dashboard queries of
 * bench/scale.ts (timeStats) on a province already seeded by scale-seed.js, so a change to the
 * statistics is timed without seeding again; a database from before a migration is migrated by
 * the boot. The seed gives every item one city, body, domain and category and its stays one
 * month, which the count tables fold into a few rows. `--spread` first gives each item one of 11
 * cities, 100 bodies, 15 domains and 3 categories and moves its stays back by 0–10 whole months
 * (the same shift for all of an item's stays, so durations and order hold), then rebuilds the
 * count tables from the stays: the most rows a year of the seeded items can make them hold.
 */
async function main() {
  const args = process.argv.slice(2);
  const spread = args.includes('--spread');
  const [dir, period = String(new Date().getUTCFullYear())] = args.filter((a) => a !== '--spread');
  if (!dir) throw new Error('usage: stats-time <dataDir> [period] [--spread]');
  const began = performance.now();
  const { app } = await bootApp(dir);
  console.log(`boot with migrations: ${Math.round(performance.now() - began)} ms`);
  try {
    if (spread) {
      const em = (app.get(MikroORM).em as SqlEntityManager).fork();
      const t0 = performance.now();
      // A number per item from its id's hex digits (SQLite has no hash function).
      const hash = [1, 2, 3, 4, 5, 6]
        .map((i) => `instr('0123456789abcdef', substr("instance_id", ${i}, 1)) * ${16 ** (i - 1)}`)
        .join(' + ');
      const pick = (values: string[], salt: number) =>
        `(case ((${hash}) / ${salt}) % ${values.length} ${values.map((v, i) => `when ${i} then '${v}'`).join(' ')} end)`;
      const cities = REFERENCE_SEED.cities.map((c) => c.name);
      const shift = `((${hash}) / 7) % 11 * ${30 * 86_400_000}`;
      await em.transactional(async (tx) => {
        await tx.execute(
          `update "stage_stay" set "city" = ${pick(cities, 1)},
             "body_id" = 'body-' || (((${hash}) / 3) % 100),
             "domain_key" = 'domain' || (((${hash}) / 5) % 15),
             "category" = ${pick(['basicResearch', 'techBreakthrough', 'majorApplication'], 11)},
             "entered_at" = "entered_at" - ${shift}, "left_at" = "left_at" - ${shift},
             "metric_prev_at" = "metric_prev_at" - ${shift}, "library_prev_at" = "library_prev_at" - ${shift}`,
        );
        await app.get(StageStaysService).rebuildCounts(txOf(tx));
      });
      const [row] = await em.execute<Record<string, number>[]>(
        `select count(*) as "entries", count(distinct ${shanghaiMonthSql('sqlite', '"entered_at"')}) as "months" from "stage_stay"`,
      );
      console.log(
        `spread and counts rebuilt in ${Math.round(performance.now() - t0)} ms (${row.entries} stays over ${row.months} months)`,
      );
    }
    for (const r of await timeStats(app, period)) console.log(`${r.name}: ${r.ms.join(', ')} ms`);
  } finally {
    await app.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
