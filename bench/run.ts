import 'reflect-metadata';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { SQLITE_DRIVERS, sqliteDriverOf, type SqliteDriverName } from '../src/config/app-config';
import { bpmnPeer, type PeerResult } from './bpmn-peer';
import { runConsolePages, timeConsolePages, type ConsolePagesResult } from './console-pages';
import { exportRun } from './export';
import { bootApp, createItems, engineInProcess, seedWorld, type EngineResult } from './engine';
import { httpLoad, loginWorld, startServer, stateOf, type HttpRunResult } from './http-load';
import { runnerInProcess } from './runner-bench';
import { runScale, type ScaleResult } from './scale';
import { type Pragmas } from './sqlite';
import { STAGES } from './stages';
import { compare, formatNumber, formatTable, percentile, type Comparison } from './stats';
import { betterSqlite3Limit, sqlite3Limit, type LimitResult } from './storage-limit';

/**
 * `npm run bench`: every figure and its baseline in one run on one machine, printed as a table and
 * written to bench/results.json. Every loop is bounded by a count and by time; BENCH_SCALE
 * (default 1) scales the time bounds, e.g. 0.2 for a quick check. All traffic stays on 127.0.0.1.
 */
const SCALE = Number(process.env.BENCH_SCALE ?? '1') || 1;
const ms = (seconds: number) => Math.round(seconds * 1000 * SCALE);

const BOUNDS = {
  runner: { maxCount: 9000, maxMs: ms(10) },
  engine: { maxCount: 9000, maxMs: ms(10) },
  peer: { maxCount: 6000, maxMs: ms(10) },
  sqlite3: { maxCount: 30_000, maxMs: ms(5) },
  betterSqlite3: { maxCount: 200_000, maxMs: ms(5) },
};
const HTTP_SECONDS = Math.max(1, Math.round(6 * SCALE));
const HTTP_CONNECTIONS = [1, 10, 50];
/** The most items one HTTP run may use (six transitions each): its count bound. */
const HTTP_MAX_ITEMS = 1500;
/** Issue #9's scale: BENCH_ITEMS library items and about BENCH_AUDIT_ROWS audit rows. */
const SCALE_ITEMS = Number(process.env.BENCH_ITEMS ?? '100000') || 100_000;
const SCALE_AUDIT_ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? String(SCALE_ITEMS * 10));
const SCALE_REQUESTS = Math.max(50, Math.round(200 * SCALE));

/** Issue #16: timed requests per console page (sequential, after two warm-ups). */
const CONSOLE_REQUESTS = Math.max(20, Math.round(40 * SCALE));

/** BENCH_DRIVERS=sqlite,better-sqlite (the default): the SQLite drivers the engine is run on. */
const DRIVERS = (process.env.BENCH_DRIVERS ?? SQLITE_DRIVERS.join(','))
  .split(',')
  .map((d) => sqliteDriverOf({ DB_DRIVER: d }));
/** BENCH_ONLY=engine: the engine, peer and raw rows only, no CSV export and no scale run. */
const ENGINE_ONLY = process.env.BENCH_ONLY === 'engine';

/** The like-for-like row: WorkflowRunner alone on the peer's six-stage process. */
const RUNNER = 'engine in-process: runner, bench approval';
/** The application's row: the same six stages through every listener of the product workflow. */
const APPLICATION = 'application transition: achievement workflow with its listeners';

function log(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

function samePragmas(a: Pragmas, b: Pragmas): boolean {
  return (
    String(a.journal_mode).toLowerCase() === String(b.journal_mode).toLowerCase() &&
    Number(a.foreign_keys) === Number(b.foreign_keys) &&
    Number(a.busy_timeout) === Number(b.busy_timeout) &&
    Number(a.synchronous) === Number(b.synchronous)
  );
}

interface DriverRun {
  driver: SqliteDriverName;
  /** WorkflowRunner alone on the bench approval: the peer's process, like for like. */
  runner: EngineResult;
  /** Raw single-row transactions of the driver's library, measured right after the runner. */
  runnerRaw: LimitResult;
  /** The application's transition: the achievement workflow with its listeners. */
  engine: EngineResult;
  http: HttpRunResult[];
  peakRssMb: number | null;
  peer: PeerResult;
}

/**
 * Per SQLite driver: the bare runner on the peer's process, then the bpmn-engine peer persisting
 * through the same driver library (sqlite3 or better-sqlite3) with plain SQL, right after it so
 * that the like-for-like pair meets the machine in the same state; then the application's
 * transition in-process on a fresh file, and the built server on that file under HTTP load.
 */
async function driverRun(dir: string, driver: SqliteDriverName): Promise<DriverRun> {
  const runner = await runnerInProcess(join(dir, `runner-${driver}`), driver, BOUNDS.runner);
  log(
    `[${driver}] runner in-process (bench approval): ${formatNumber(runner.transitionsPerSecond)} transitions/s (${runner.transitions}), ${runner.cpuMsPerTransition} ms CPU each`,
  );
  const peer = await bpmnPeer(dir, BOUNDS.peer, driver === 'sqlite' ? 'sqlite3' : 'better-sqlite3');
  log(
    `[${peer.driver}] bpmn-engine: ${formatNumber(peer.transitionsPerSecond)} transitions/s (${peer.transitions})`,
  );
  // The raw rate beside the pair, not minutes later: this disk's fsync rate moves 2× within
  // minutes, and the runner's ratio to raw means something only if both met the same disk.
  const rawDir = join(dir, `runner-raw-${driver}`);
  mkdirSync(rawDir);
  const runnerBytes = runner.avgSnapshotBytes + runner.avgAuditRowBytes;
  const runnerRaw =
    driver === 'sqlite'
      ? await sqlite3Limit(rawDir, runnerBytes, BOUNDS.sqlite3)
      : betterSqlite3Limit(rawDir, runnerBytes, BOUNDS.betterSqlite3);
  log(
    `[${runnerRaw.driver}] raw beside the runner: ${formatNumber(runnerRaw.rowsPerSecond)} rows/s`,
  );

  const dataDir = join(dir, `engine-${driver}`);
  const { app, baseUrl } = await bootApp(dataDir, driver);
  const world = await seedWorld(baseUrl);
  const engine = await engineInProcess(app, world, BOUNDS.engine);
  log(
    `[${driver}] application transition in-process: ${formatNumber(engine.transitionsPerSecond)} transitions/s (${engine.transitions}), ${engine.cpuMsPerTransition} ms CPU each`,
  );
  // Enough items for each HTTP run at twice the in-process rate, at least two per connection.
  const poolSize = (connections: number) =>
    Math.min(
      HTTP_MAX_ITEMS,
      Math.max(2 * connections, Math.ceil((2 * engine.transitionsPerSecond * HTTP_SECONDS) / 6)),
    );
  const t0 = performance.now();
  const httpPools = [await createItems(app, world.submitter, 20)];
  for (const connections of HTTP_CONNECTIONS) {
    httpPools.push(await createItems(app, world.submitter, poolSize(connections)));
  }
  log(
    `[${driver}] created ${httpPools.flat().length} draft items for HTTP in ${Math.round(performance.now() - t0)} ms`,
  );
  await app.close();

  const server = await startServer(dataDir, undefined, driver);
  const http: HttpRunResult[] = [];
  let peakRssMb: number | null = null;
  try {
    const httpWorld = await loginWorld(server.baseUrl);
    await httpLoad(server.baseUrl, httpWorld, httpPools[0], 2, 1); // warm-up, not reported
    for (const [i, connections] of HTTP_CONNECTIONS.entries()) {
      const run = await httpLoad(
        server.baseUrl,
        httpWorld,
        httpPools[i + 1],
        connections,
        HTTP_SECONDS,
      );
      log(
        `[${driver}] HTTP ×${connections}: ${formatNumber(run.transitionsPerSecond)} transitions/s, p50 ${run.latencyP50Ms} ms, p99 ${run.latencyP99Ms} ms, errors ${run.errors}`,
      );
      http.push(run);
    }
    // The ×1 connection walks its first item through all six stages once it has made six.
    if (http[0].transitions >= STAGES.length) {
      const walked = httpPools[1][0];
      const finalState = await stateOf(server.baseUrl, httpWorld, walked);
      if (finalState !== 'inLibrary')
        throw new Error(`HTTP-walked item ${walked} is ${finalState}, not inLibrary`);
    }
    peakRssMb = server.peakRssMb();
  } finally {
    await server.stop();
  }
  return { driver, runner, runnerRaw, engine, http, peakRssMb, peer };
}

/** Runs the scale benchmarks and prints their table. */
async function scaleSection(
  dir: string,
): Promise<ScaleResult & { items: number; auditRowsTarget: number }> {
  const scale = await runScale(
    join(dir, 'scale'),
    { items: SCALE_ITEMS, auditRows: SCALE_AUDIT_ROWS },
    SCALE_REQUESTS,
    log,
  );
  console.log(
    `\nScale: ${scale.seed.items} items (${Object.entries(scale.seed.byState)
      .map(([s, n]) => `${s} ${n}`)
      .join(
        ', ',
      )}), ${scale.seed.auditRows} audit rows, seeded in ${(scale.seed.seedMs / 1000).toFixed(1)} s\n`,
  );
  console.log(
    formatTable(
      ['scale figure', 'value', 'unit', 'target', 'ratio to target', 'met'],
      scale.targets.map((t) => [
        t.name,
        String(t.value),
        t.unit,
        `< ${t.target}`,
        t.ratioToTarget.toFixed(3),
        t.met ? 'yes' : 'NO',
      ]),
    ),
  );
  console.log('');
  console.log(
    formatTable(
      [
        'public query (HTTP, 4 connections)',
        'requests',
        'items',
        'p50 ms',
        'p95 ms',
        'max ms',
        'errors',
      ],
      scale.http.map((h) => [
        h.name,
        String(h.requests),
        String(h.hits),
        String(h.p50Ms),
        String(h.p95Ms),
        String(h.maxMs),
        String(h.errors),
      ]),
    ),
  );
  return { ...scale, items: SCALE_ITEMS, auditRowsTarget: SCALE_AUDIT_ROWS };
}

/** Prints the console pages' table (issue #16) and returns the figures. */
function printConsolePages(result: ConsolePagesResult): ConsolePagesResult {
  console.log(
    `\nConsole pages over ${result.items} items (${result.requestsPerPage} sequential requests each; target p95 < ${result.targetP95Ms} ms, script < ${Math.round(result.targetScriptBytes / 1024)} KB)\n`,
  );
  console.log(
    formatTable(
      ['console page', 'role', 'p50 ms', 'p95 ms', 'max ms', 'HTML KB', 'script KB', 'met'],
      result.pages.map((p) => [
        p.name,
        p.role,
        String(p.p50Ms),
        String(p.p95Ms),
        String(p.maxMs),
        (p.htmlBytes / 1024).toFixed(1),
        (p.scriptBytes / 1024).toFixed(1),
        p.status !== 200 ? `NO (${p.status})` : p.met ? 'yes' : 'NO',
      ]),
    ),
  );
  return result;
}

/** Merges one section into bench/results.json, keeping the rest of the previous run. */
function writeSection(key: string, value: unknown) {
  const out = join(__dirname, '..', '..', 'bench', 'results.json');
  const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as object) : {};
  writeFileSync(out, `${JSON.stringify({ ...previous, [key]: value }, null, 2)}\n`);
  log(`wrote the ${key} section of ${out}`);
}

async function main() {
  const cpuList = cpus();
  const machine = {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'chengguo-bench-'));
  log(
    `machine ${machine.cpuModel} ×${machine.cores}, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}; files in ${dir}`,
  );
  const began = performance.now();
  if (process.env.BENCH_ONLY === 'console') {
    // The console pages alone, on a province of BENCH_ITEMS seeded here (issue #16).
    try {
      // BENCH_CONSOLE_DIR: a data dir seeded before (`node dist/bench/scale-seed.js DIR N`), kept.
      const seeded = process.env.BENCH_CONSOLE_DIR;
      const pages = seeded
        ? await timeConsolePages(seeded, SCALE_ITEMS, CONSOLE_REQUESTS, log)
        : await runConsolePages(join(dir, 'console'), SCALE_ITEMS, CONSOLE_REQUESTS, log);
      writeSection('consolePages', printConsolePages(pages));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  if (process.env.BENCH_ONLY === 'scale') {
    try {
      const scale = await scaleSection(dir);
      const out = join(__dirname, '..', '..', 'bench', 'results.json');
      const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as object) : {};
      writeFileSync(out, `${JSON.stringify({ ...previous, scaleRun: scale }, null, 2)}\n`);
      log(`wrote the scale section of ${out}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  try {
    // 1–2. The engine (in-process, then HTTP) and the peer, once per SQLite driver.
    const runs: DriverRun[] = [];
    for (const driver of DRIVERS) runs.push(await driverRun(dir, driver));
    const [{ engine, runner }] = runs;
    const peer = runs[0].peer;

    // 3. The limit, at the larger of the two workloads' bytes per transition (one raw run serves
    // both rows; the bytes barely move an fsync-bound commit rate).
    const rowBytes = Math.max(
      engine.avgSnapshotBytes + engine.avgAuditRowBytes,
      runner.avgSnapshotBytes + runner.avgAuditRowBytes,
    );
    const raw = await sqlite3Limit(dir, rowBytes, BOUNDS.sqlite3);
    log(`sqlite3 raw: ${formatNumber(raw.rowsPerSecond)} rows/s`);
    const better = betterSqlite3Limit(dir, rowBytes, BOUNDS.betterSqlite3);
    log(`better-sqlite3: ${formatNumber(better.rowsPerSecond)} rows/s`);
    const betterNormal = betterSqlite3Limit(
      dir,
      rowBytes,
      { maxCount: BOUNDS.betterSqlite3.maxCount, maxMs: ms(3) },
      'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;',
      'better-sqlite3 synchronous=NORMAL',
    );
    const rawOf = (driver: SqliteDriverName) => (driver === 'sqlite' ? raw : better);

    // 4. A streamed CSV export of 100,000 items (BENCH_EXPORT_ROWS; 0 skips it).
    const exportRows = ENGINE_ONLY ? 0 : Number(process.env.BENCH_EXPORT_ROWS ?? '100000');
    const csvExport = exportRows > 0 ? await exportRun(join(dir, 'export'), exportRows) : null;
    if (csvExport) {
      log(
        `CSV export: ${formatNumber(csvExport.rows)} rows in ${csvExport.seconds} s, peak RSS ${csvExport.rssPeakMb} MB (+${csvExport.rssGrowthMb} MB)`,
      );
    }

    const pragmasMatch = runs.every(
      (r) =>
        samePragmas(r.engine.pragmas, raw.pragmas) &&
        samePragmas(r.runner.pragmas, r.engine.pragmas) &&
        samePragmas(r.runner.pragmas, r.runnerRaw.pragmas) &&
        samePragmas(r.engine.pragmas, better.pragmas) &&
        samePragmas(r.engine.pragmas, r.peer.pragmas),
    );
    if (!pragmasMatch) log("WARNING: the raw connections do not run with the engine's pragmas");

    const tps = 'transitions/s';
    const figures: Comparison[] = runs.flatMap(
      ({ driver, runner: r, runnerRaw, engine: e, peer: p, http: h }) => [
        compare(
          `${RUNNER} [${driver}]`,
          r.transitionsPerSecond,
          tps,
          `bpmn-engine, same persistence [${p.driver}]`,
          p.transitionsPerSecond,
          5,
        ),
        compare(
          `${RUNNER} [${driver}]`,
          r.transitionsPerSecond,
          tps,
          `${runnerRaw.driver} raw single-row tx, beside the runner`,
          runnerRaw.rowsPerSecond,
          0.3,
        ),
        // The application's own transition: not the peer's work, so no target; shown for scale.
        compare(
          `${APPLICATION} [${driver}]`,
          e.transitionsPerSecond,
          tps,
          `bpmn-engine, same persistence [${p.driver}]`,
          p.transitionsPerSecond,
        ),
        compare(
          `${APPLICATION} [${driver}]`,
          e.transitionsPerSecond,
          tps,
          `${rawOf(driver).driver} raw single-row tx`,
          rawOf(driver).rowsPerSecond,
        ),
        // The server runs the application's transition, so HTTP is held against that in-process.
        ...h.map((run) =>
          compare(
            `engine HTTP ×${run.connections} [${driver}]`,
            run.transitionsPerSecond,
            tps,
            `${APPLICATION} [${driver}]`,
            e.transitionsPerSecond,
            run.connections === 50 ? 0.5 : undefined,
          ),
        ),
        compare(
          `bpmn-engine + persistence [${p.driver}]`,
          p.transitionsPerSecond,
          tps,
          `${rawOf(driver).driver} raw single-row tx`,
          rawOf(driver).rowsPerSecond,
        ),
      ],
    );
    figures.push(
      compare(
        'sqlite3 raw single-row tx',
        raw.rowsPerSecond,
        'rows/s',
        'better-sqlite3 single-row tx',
        better.rowsPerSecond,
      ),
      compare(
        'better-sqlite3, synchronous=NORMAL',
        betterNormal.rowsPerSecond,
        'rows/s',
        'better-sqlite3 single-row tx',
        better.rowsPerSecond,
      ),
    );
    const limits = runs.flatMap(({ driver, runner: r, engine: e, http: h }) => [
      ...h.map((run) => ({
        name: `engine HTTP ×${run.connections} latency [${driver}]`,
        p50Ms: run.latencyP50Ms,
        p99Ms: run.latencyP99Ms,
        ...(run.connections === 50 ? { target: 'p99 < 100 ms', met: run.latencyP99Ms < 100 } : {}),
      })),
      {
        name: `${RUNNER} latency [${driver}]`,
        p50Ms: Math.round(percentile(r.latency, 50) * 100) / 100,
        p99Ms: Math.round(percentile(r.latency, 99) * 100) / 100,
      },
      {
        name: `${APPLICATION} latency [${driver}]`,
        p50Ms: Math.round(percentile(e.latency, 50) * 100) / 100,
        p99Ms: Math.round(percentile(e.latency, 99) * 100) / 100,
      },
    ]);

    const rows = figures.map((f) => [
      f.name,
      formatNumber(f.value),
      f.unit,
      f.baselineName,
      formatNumber(f.baseline),
      Number.isFinite(f.ratio) ? `${f.ratio.toFixed(3)}` : '—',
      f.target ?? '',
      f.met === undefined ? '' : f.met ? 'yes' : 'NO',
    ]);
    console.log(
      `\nChengguo benchmark — ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`,
    );
    console.log(
      `bytes per transition (snapshot + audit row): runner ${runner.avgSnapshotBytes} + ${runner.avgAuditRowBytes}, application ${engine.avgSnapshotBytes} + ${engine.avgAuditRowBytes}; bpmn-engine state: ${peer.avgStateBytes}\n`,
    );
    console.log(
      formatTable(
        ['figure', 'value', 'unit', 'baseline', 'baseline value', 'ratio', 'target', 'met'],
        rows,
      ),
    );
    console.log('');
    console.log(
      formatTable(
        ['latency', 'p50 ms', 'p99 ms', 'target', 'met'],
        limits.map((l) => [
          l.name,
          String(l.p50Ms),
          String(l.p99Ms),
          l.target ?? '',
          l.met === undefined ? '' : l.met ? 'yes' : 'NO',
        ]),
      ),
    );
    console.log(
      `\nserver peak RSS under HTTP load: ${runs.map((r) => `${r.peakRssMb ?? '—'} MB [${r.driver}]`).join(', ')} (target < 300 MB); CPU per transition, runner: ${runs.map((r) => `${r.runner.cpuMsPerTransition} ms [${r.driver}]`).join(', ')}, application: ${runs.map((r) => `${r.engine.cpuMsPerTransition} ms [${r.driver}]`).join(', ')}; pragmas match the engine's: ${pragmasMatch ? 'yes' : 'NO'}`,
    );

    // 4. Scale (issue #9): a seeded province, last, on its own data dir. BENCH_ONLY=engine keeps
    // the previous run's scale and export figures in results.json.
    const out = join(__dirname, '..', '..', 'bench', 'results.json');
    const previous = (existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {}) as {
      scaleRun?: unknown;
      csvExport?: unknown;
      consolePages?: unknown;
    };
    const scale = ENGINE_ONLY ? (previous.scaleRun ?? null) : await scaleSection(dir);
    // 5. The console pages (issue #16) on the province the scale run just seeded.
    const consolePages = ENGINE_ONLY
      ? (previous.consolePages ?? null)
      : printConsolePages(
          await timeConsolePages(join(dir, 'scale'), SCALE_ITEMS, CONSOLE_REQUESTS, log),
        );

    const results = {
      generatedAt: new Date().toISOString(),
      machine,
      durationSeconds: Math.round((performance.now() - began) / 100) / 10,
      scale: SCALE,
      bounds: { ...BOUNDS, httpSeconds: HTTP_SECONDS, httpMaxItemsPerRun: HTTP_MAX_ITEMS },
      figures,
      latency: limits,
      serverPeakRssMb: Object.fromEntries(runs.map((r) => [r.driver, r.peakRssMb])),
      csvExport: ENGINE_ONLY ? (previous.csvExport ?? null) : csvExport,
      bytesPerTransition: {
        runnerSnapshot: runner.avgSnapshotBytes,
        runnerAuditRow: runner.avgAuditRowBytes,
        snapshot: engine.avgSnapshotBytes,
        auditRow: engine.avgAuditRowBytes,
        bpmnEngineState: peer.avgStateBytes,
      },
      pragmas: {
        engine: engine.pragmas,
        engineBetterSqlite: runs[1]?.engine.pragmas,
        peerBetterSqlite: runs[1]?.peer.pragmas,
        sqlite3: raw.pragmas,
        betterSqlite3: better.pragmas,
        peer: peer.pragmas,
        match: pragmasMatch,
      },
      scaleRun: scale,
      consolePages,
      runs: {
        ...Object.fromEntries(
          runs.map((r) => [
            r.driver,
            {
              runner: { ...r.runner, latency: undefined },
              runnerRaw: r.runnerRaw,
              engine: { ...r.engine, latency: undefined },
              http: r.http,
              peer: r.peer,
            },
          ]),
        ),
        sqlite3: raw,
        betterSqlite3: better,
        betterSqlite3Normal: betterNormal,
      },
    };
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${out} in ${results.durationSeconds} s`);
  } finally {
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
