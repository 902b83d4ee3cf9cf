import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Achievement } from '../src/achievements/achievement.entity';
import { AuditEvent } from '../src/workflow/audit-event.entity';
import { WorkflowInstance } from '../src/workflow/workflow-instance.entity';
import { LOGINS, bootApp, createItems, loginAs, seedWorld } from './engine';
import { startServer } from './http-load';

export interface ExportRunResult {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** The server process's RSS just before the request, its peak while serving it, and the rise. */
  rssBeforeMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
  /** The kernel's high-water mark of the server's RSS over its life (VmHWM), start-up included. */
  serverHwmMb: number | null;
}

const CHUNK = 1000;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * Copies one real draft (made by AchievementsService.create: record, workflow row, first audit
 * row) until the table holds `rows` items. Cloned rows, not 100,000 trips through the service:
 * the export only reads, and the service path would take most of an hour here.
 */
async function fill(orm: MikroORM, templateId: string, rows: number): Promise<void> {
  const em = orm.em.fork();
  const item = await em.findOneOrFail(Achievement, templateId);
  const instance = await em.findOneOrFail(WorkflowInstance, templateId);
  const audit = await em.findOneOrFail(AuditEvent, { instance: templateId, seq: 1 });
  const start = item.createdAt.getTime();
  for (let done = 1; done < rows; done += CHUNK) {
    const n = Math.min(CHUNK, rows - done);
    const ids = Array.from({ length: n }, () => randomUUID());
    const at = (i: number) => new Date(start + done + i);
    // A fresh manager per chunk: nothing loaded above may be flushed back (audit rows are append-only).
    await orm.em.fork().transactional(async (tx) => {
      await tx.insertMany(
        WorkflowInstance,
        ids.map((id, i) => ({
          id,
          definition: instance.definition,
          definitionVersion: instance.definitionVersion,
          state: instance.state,
          batchKey: instance.batchKey,
          snapshot: instance.snapshot,
          version: 1,
          createdAt: at(i),
          updatedAt: at(i),
        })),
      );
      await tx.insertMany(
        AuditEvent,
        ids.map((id, i) => ({
          instance: id,
          seq: 1,
          eventType: audit.eventType,
          fromState: null,
          toState: audit.toState,
          actorId: audit.actorId,
          actorRole: audit.actorRole,
          at: at(i),
          comment: null,
          payload: {},
          prevHash: null,
          hash: audit.hash,
        })),
      );
      await tx.insertMany(
        Achievement,
        ids.map((id, i) => ({
          id,
          workflow: id,
          ownerOrganization: item.ownerOrganization.id,
          recommenderOrganization: item.recommenderOrganization.id,
          createdBy: item.createdBy.id,
          title: `${item.title} ${done + i}`,
          summary: item.summary,
          category: item.category,
          domain: item.domain.key,
          levelClaim: item.levelClaim,
          breaksMonopoly: item.breaksMonopoly,
          fillsGap: item.fillsGap,
          completingUnits: item.completingUnits,
          completers: item.completers,
          ip: item.ip,
          evidence: item.evidence,
          createdAt: at(i),
          updatedAt: at(i),
        })),
      );
    });
  }
}

/** One field of /proc/PID/status in MB (VmRSS now, VmHWM the peak so far), null once it is gone. */
function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * `GET /api/exports/items?format=csv` of `rows` items over HTTP on 127.0.0.1. The rows are seeded
 * in this process; the export is served by the built server in its own process (as in the scale
 * run), so the figure is the server's memory alone, not the seeding's or the client's. Its RSS is
 * sampled every 20 ms from just before the request to the last byte.
 */
export async function exportRun(dataDir: string, rows = 100_000): Promise<ExportRunResult> {
  const { app, baseUrl: seedUrl } = await bootApp(dataDir);
  try {
    const world = await seedWorld(seedUrl);
    const [template] = await createItems(app, world.submitter, 1);
    await fill(app.get(MikroORM), template, rows);
  } finally {
    await app.close();
  }
  const server = await startServer(dataDir, 120_000);
  try {
    const office = await loginAs(server.baseUrl, ...LOGINS.office);
    const rss = () => procStatusMb(server.pid, 'VmRSS') ?? 0;
    const rssBefore = rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rss());
    }, 20);
    const began = performance.now();
    const res = await fetch(`${server.baseUrl}/api/exports/items?format=csv`, {
      headers: { authorization: `Bearer ${office.token}` },
    });
    if (!res.ok || !res.body) throw new Error(`export → ${res.status}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    const seconds = (performance.now() - began) / 1000;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, rss());
    const hwm = procStatusMb(server.pid, 'VmHWM');
    const exported = lines - 1; // the headings
    if (exported !== rows) throw new Error(`exported ${exported} rows, expected ${rows}`);
    return {
      rows: exported,
      bytes,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round(exported / seconds),
      rssBeforeMb: mb(rssBefore),
      rssPeakMb: mb(rssPeak),
      rssGrowthMb: mb(rssPeak - rssBefore),
      serverHwmMb: hwm === null ? null : mb(hwm),
    };
  } finally {
    await server.stop();
  }
}

/** `node dist/bench/export.js [rows]`: this measurement alone. */
if (require.main === module) {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'chengguo-bench-export-'));
  exportRun(dir, Number(process.argv[2] ?? 100_000))
    .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}
