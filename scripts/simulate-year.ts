/**
 * `npm run simulate:year -- --seed 42 [--year 2027] [--scale 1] [--out simulation-output]`
 *
 * A year of the province, end to end: starts the real built server on a fresh temporary database
 * with the simulated clock, creates a province through the admin API, then lives through the
 * year day by day acting as every user would, only through the HTTP API. Prints the summary,
 * writes it and the year's documents to the output folder, and exits non-zero if a check fails.
 */
import { fakerZH_CN as faker } from '@faker-js/faker';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiClient } from './year/api-client';
import { startServer } from './support/server-process';
import { buildProvince } from './year/province';
import { YearDriver } from './year/year-driver';
import { YearReport } from './year/year-report';
import { formatSummary } from './year/year-summary';

const ADMIN_PASSWORD = 'Sim-chief-2027!';

export interface SimulationOptions {
  seed: number;
  year: number;
  scale: number;
  out: string;
  quiet?: boolean;
}

export interface SimulationResult {
  ok: boolean;
  summary: string;
  report: YearReport;
  driver: YearDriver;
}

export async function simulateYear(options: SimulationOptions): Promise<SimulationResult> {
  const log = (line: string) => {
    if (!options.quiet) console.log(line);
  };
  // A RAM disk when there is one: the simulation's database is thrown away, so fsync buys nothing.
  const scratchRoot = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dataDir = mkdtempSync(join(scratchRoot, 'chengguo-year-'));
  const started = Date.now();
  const server = await startServer(
    {
      DATA_DIR: dataDir,
      ADMIN_PASSWORD,
      SECURITY_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // The province is set up a week before the run-in starts on 1 October.
      SIMULATED_CLOCK_START: `${options.year - 1}-09-24T09:00:00+08:00`,
      DATABASE_URL: '',
      SMTP_URL: '',
      // The clock step runs every cycle for every simulated day; the real-time interval jobs would
      // only repeat that work (idempotently) every minute of wall time.
      SCHEDULER: 'off',
    },
    {
      // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server's side of the year.
      nodeArgs: process.env.SIMULATION_SERVER_NODE_ARGS?.split(' ').filter(Boolean),
    },
  );
  try {
    faker.seed(options.seed);
    const api = new ApiClient(server.base);
    log(`服务器已在 ${server.base} 启动(模拟时钟,数据目录 ${dataDir})`);
    const province = await buildProvince(api, faker, ADMIN_PASSWORD, options.scale);
    log(
      `已创建省份:${province.bodies.size} 个单位,${province.submitters.size + province.recommenders.size} 个单位账号,${province.experts.length} 位专家`,
    );
    const driver = new YearDriver(api, province, faker, options.year, options.scale);
    await driver.run(log);
    const report = new YearReport(api, province, options.year);
    await report.load();
    await report.runChecks(driver.tally);
    const documents = await report.saveDocuments(join(options.out, 'documents'));
    log(`已写出 ${documents} 份刊物文件到 ${join(options.out, 'documents')}`);
    const summary = formatSummary({
      options,
      province,
      driver,
      report,
      seconds: (Date.now() - started) / 1000,
      requests: [...api.calls.values()].reduce((a, b) => a + b, 0),
    });
    mkdirSync(options.out, { recursive: true });
    writeFileSync(join(options.out, 'summary.txt'), summary);
    writeFileSync(
      join(options.out, 'requests.json'),
      JSON.stringify(
        { timings: Object.fromEntries(driver.timings), routes: api.profile() },
        null,
        2,
      ),
    );
    return { ok: report.checks.every((c) => c.ok), summary, report, driver };
  } catch (err) {
    console.error(server.output().slice(-4000));
    throw err;
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      year: { type: 'string', default: '2027' },
      scale: { type: 'string', default: '1' },
      out: { type: 'string', default: 'simulation-output' },
    },
  });
  const options: SimulationOptions = {
    seed: Number(values.seed),
    year: Number(values.year),
    scale: Number(values.scale),
    out: resolve(values.out),
  };
  if (!Number.isInteger(options.seed)) throw new Error('--seed 须为整数');
  if (!Number.isInteger(options.year) || options.year < 2000) throw new Error('--year 须为年份');
  if (!(options.scale > 0 && options.scale <= 10)) throw new Error('--scale 须在 (0, 10] 之间');
  const result = await simulateYear(options);
  console.log(result.summary);
  process.exitCode = result.ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
