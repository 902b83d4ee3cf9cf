import 'reflect-metadata';
import { txOf } from '../src/database/tx';
import { MikroORM } from '@mikro-orm/core';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, sqliteDriverOf, type SqliteDriverName } from '../src/config/app-config';
import type { WorkflowActor } from '../workflows/achievement.machine';
import { WorkflowRunner } from '../src/workflow/workflow-runner.service';
import { approvalWorkflow } from './approval.definition';
import { enginePragmas, rowSizes, timeWalks, type EngineResult } from './engine';
import { RunnerBenchModule } from './runner-bench.module';
import { STAGES, type StageActor } from './stages';
import type { Bounds } from './storage-limit';
import { percentile } from './stats';

/** The stage actors as the runner sees them; they need no rows (actor_id is a plain column). */
function benchActors(): Record<StageActor, WorkflowActor> {
  const actor = (role: WorkflowActor['roles'][number]): WorkflowActor => ({
    userId: randomUUID(),
    roles: [role],
    organizationId: randomUUID(),
  });
  return {
    submitter: actor('submitter'),
    recommender: actor('recommender'),
    office: actor('officeStaff'),
    expert: actor('expert'),
  };
}

/**
 * WorkflowRunner.send on the bench approval (approval.machine.ts, the bpmn-engine peer's process)
 * in an application context of the database and workflow modules only, on a fresh SQLite file
 * in `dataDir` opened with the application's options. Each send is the runner's whole path: load
 * and lock the row with its last hash, restore, authorise, send, check the machine moved, and
 * commit snapshot + version + hash-chained audit row in one transaction. Instances are started
 * untimed in batches (`WorkflowRunner.start`, audit row 1), as the peer's are.
 */
export async function runnerInProcess(
  dataDir: string,
  sqliteDriver: SqliteDriverName,
  bounds: Bounds,
  batch = 100,
): Promise<EngineResult> {
  const config = { ...loadConfig({}), dataDir, sqliteDriver, schedulerEnabled: false };
  const app = await NestFactory.createApplicationContext(RunnerBenchModule.forRoot(config), {
    logger: ['error'],
  });
  try {
    const runner = app.get(WorkflowRunner);
    const orm = app.get(MikroORM);
    const actors = benchActors();
    const events = STAGES.map((stage) => ({ type: stage.event, actor: actors[stage.by] }));
    const start = async (count: number): Promise<string[]> => {
      const ids = Array.from({ length: count }, () => randomUUID());
      for (const [n, id] of ids.entries()) {
        const em = orm.em.fork();
        runner.start(
          txOf(em),
          approvalWorkflow,
          id,
          { title: `高性能碳化硅功率芯片 ${n}` },
          actors.submitter,
          'submitter',
        );
        // The instance row and its audit row 1 in one implicit transaction.
        await em.flush();
      }
      return ids;
    };

    // Warm-up: one instance through all stages, not counted (the peer does the same).
    const [warm] = await start(1);
    for (const input of events) await runner.send(approvalWorkflow, warm, input);

    const timed = await timeWalks(
      (id, s) => runner.send(approvalWorkflow, id, events[s]),
      () => start(batch),
      bounds,
    );
    return {
      ...timed,
      ...(await rowSizes(orm.em.fork(), approvalWorkflow.name)),
      pragmas: await enginePragmas(orm.em.fork()),
    };
  } finally {
    await app.close();
  }
}

/**
 * `node [--cpu-prof] dist/bench/runner-bench.js [seconds]`: only this figure, on a scratch file
 * (DB_DRIVER picks the driver, BENCH_DIR the disk), to profile the runner without the rest.
 */
if (require.main === module) {
  const seconds = Number(process.argv[2] ?? '10');
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'chengguo-runner-'));
  runnerInProcess(join(dir, 'runner'), sqliteDriverOf(process.env), {
    maxCount: 100_000,
    maxMs: seconds * 1000,
  })
    .then((r) => {
      console.log(
        `${r.transitions} transitions, ${r.transitionsPerSecond.toFixed(1)}/s, ${r.cpuMsPerTransition} ms CPU each, p50 ${percentile(r.latency, 50).toFixed(2)} ms, ${r.avgSnapshotBytes} + ${r.avgAuditRowBytes} bytes`,
      );
    })
    .finally(() => rmSync(dir, { recursive: true, force: true }))
    .then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
}
