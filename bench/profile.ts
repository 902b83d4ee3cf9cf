import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { achievementWorkflow } from '../src/achievements/achievement-workflow.definition';
import { toWorkflowActor } from '../src/access/auth-user';
import { sqliteDriverOf } from '../src/config/app-config';
import { CollectionCycleService } from '../src/collection/collection-cycle.service';
import { WorkflowRunner } from '../src/workflow/workflow-runner.service';
import { api, bootApp, createItems, payloadFor, seedWorld } from './engine';
import { SCORE_SHEET, STAGES } from './stages';

/**
 * `node dist/bench/profile.js`: the SQL statements one transition costs, per stage, in-process
 * (WorkflowRunner.send) and through POST /api/achievements/:id/events (guard, item read, host
 * payload, runner, listeners), counted from MikroORM's query log. PROFILE_SQL=1 prints them;
 * DB_DRIVER picks the SQLite driver. Run it under `node --cpu-prof` for where the CPU goes.
 */
async function main() {
  const driver = sqliteDriverOf(process.env);
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'chengguo-profile-'));
  const { app, baseUrl } = await bootApp(join(dir, 'engine'), driver);
  try {
    const world = await seedWorld(baseUrl);
    const logger = app.get(MikroORM).config.getLogger();
    const statements: string[] = [];
    // Collected rather than written to the console.
    logger.logQuery = (context) => {
      statements.push(context.query ?? '');
    };
    const counted = async (work: () => Promise<unknown>): Promise<string[]> => {
      statements.length = 0;
      await work();
      return [...statements];
    };
    const runner = app.get(WorkflowRunner);
    const period = await app.get(CollectionCycleService).periodForRecommendation();
    const [inProcessItem, httpItem] = await createItems(app, world.submitter, 2);

    const rows: string[][] = [];
    for (const stage of STAGES) {
      const inProcess = await counted(() =>
        runner.send(achievementWorkflow, inProcessItem, {
          type: stage.event,
          actor: toWorkflowActor(world[stage.by]),
          payload: payloadFor(stage, period, [world.expert.id]),
        }),
      );
      const http = await counted(() =>
        api(
          baseUrl,
          'POST',
          `/api/achievements/${httpItem}/events`,
          stage.event === 'SUBMIT_SCORE'
            ? { type: stage.event, data: { scores: SCORE_SHEET } }
            : { type: stage.event },
          world[stage.by].token,
        ),
      );
      rows.push([stage.event, String(inProcess.length), String(http.length)]);
      if (process.env.PROFILE_SQL === '1') {
        console.log(`\n## ${stage.event}: in-process`);
        for (const s of inProcess) console.log(`  ${s}`);
        console.log(`## ${stage.event}: HTTP`);
        for (const s of http) console.log(`  ${s}`);
      }
    }
    console.log('\nSQL statements per transition (BEGIN/COMMIT included)');
    console.log('event                 in-process  HTTP');
    for (const [event, a, b] of rows)
      console.log(`${event.padEnd(22)}${a.padStart(10)}${b.padStart(6)}`);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
