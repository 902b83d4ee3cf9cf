import type { NestExpressApplication } from '@nestjs/platform-express';
import { monthlyPeriod, shanghaiYearMonth } from '../src/releases/release-calendar';
import { ReleasesService } from '../src/releases/releases.service';
import { bootApp, seedWorld } from './engine';
import { startServer } from './http-load';
import { seedProvince, type SeedResult } from './scale';
import { percentile } from './stats';

/**
 * Issue #16: server time of every console page over a seeded province (the scale run's data dir,
 * or one seeded here with BENCH_ONLY=console), signed in through the console's own login form as
 * each role. Sequential requests on one connection, so each time is one page's own work; the
 * script a page loads is the sum of its `<script src>` files, fetched once each.
 */

const PASSWORD = 'Bench-user-2026!';
export const PAGE_P95_TARGET_MS = 200;
export const SCRIPT_TARGET_BYTES = 300 * 1024;
/** Time spent timing one page, beyond its first three requests. */
const PAGE_BUDGET_MS = 20_000;

export interface ConsolePageRun {
  name: string;
  path: string;
  role: string;
  status: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  htmlBytes: number;
  scriptBytes: number;
  met: boolean;
}

export interface ConsolePagesResult {
  items: number;
  seed: SeedResult | null;
  requestsPerPage: number;
  targetP95Ms: number;
  targetScriptBytes: number;
  pages: ConsolePageRun[];
}

interface Session {
  cookie: string;
}

function cookies(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]);
}

/** Signs in through GET/POST /login as a browser would: the pre-session cookie and its CSRF token. */
async function signIn(baseUrl: string, username: string): Promise<Session> {
  const form = await fetch(`${baseUrl}/login`);
  const pre = cookies(form).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('console login page has no CSRF field');
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: PASSWORD, _csrf: csrf, next: '/tasks' }),
  });
  const session = cookies(res).find((c) => c.startsWith('cg_session='));
  if (res.status !== 303 || !session)
    throw new Error(`console login of ${username}: ${res.status}`);
  return { cookie: session };
}

async function scriptBytes(baseUrl: string, html: string, cache: Map<string, number>) {
  let total = 0;
  for (const [, src] of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) {
    if (!cache.has(src)) {
      const body = await (await fetch(new URL(src, baseUrl))).arrayBuffer();
      cache.set(src, body.byteLength);
    }
    total += cache.get(src)!;
  }
  return total;
}

async function timePage(
  baseUrl: string,
  session: Session,
  role: string,
  name: string,
  path: string,
  requests: number,
  scripts: Map<string, number>,
): Promise<ConsolePageRun> {
  const get = () => fetch(`${baseUrl}${path}`, { headers: { cookie: session.cookie } });
  // Warm-up: the first request of a page pays for its code paths' compilation and caches.
  let html = '';
  let status = 0;
  for (let i = 0; i < 2; i++) {
    const res = await get();
    status = res.status;
    html = await res.text();
  }
  const latencies: number[] = [];
  // Bounded by count and by time: a page far off its target (seconds a request) still ends.
  const until = performance.now() + PAGE_BUDGET_MS;
  for (let i = 0; i < requests && (i < 3 || performance.now() < until); i++) {
    const t0 = performance.now();
    const res = await get();
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    if (res.status !== status) status = res.status;
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  const p95 = round(percentile(latencies, 95));
  const script = await scriptBytes(baseUrl, html, scripts);
  return {
    name,
    path,
    role,
    status,
    requests: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: p95,
    maxMs: round(Math.max(...latencies)),
    htmlBytes: Buffer.byteLength(html),
    scriptBytes: script,
    met: status === 200 && p95 < PAGE_P95_TARGET_MS && script < SCRIPT_TARGET_BYTES,
  };
}

type Who = Record<'submitter' | 'recommender' | 'office' | 'expert', Session>;

/** The first id a page links to with `prefix` (e.g. `/items/`), or an error naming the page. */
async function firstId(baseUrl: string, session: Session | null, path: string, prefix: string) {
  const res = await fetch(`${baseUrl}${path}`, {
    headers: session ? { cookie: session.cookie } : {},
  });
  const escaped = prefix.replace(/[/]/g, '\\/');
  const id = new RegExp(`href="${escaped}([0-9a-f-]{36})"`).exec(await res.text())?.[1];
  if (!id) throw new Error(`no link to ${prefix}… on ${path} of the seeded province`);
  return id;
}

/**
 * Every console page each role opens (test/support/access-matrix.ts's GET pages), with the ids
 * of the seeded province's items in the states each page needs.
 */
async function consolePlan(
  base: string,
  who: Who,
): Promise<[keyof Who | 'public', string, string][]> {
  // An item well along its path (the newest in the library), for the item pages.
  const library = await firstId(base, who.office, '/items?state=inLibrary', '/items/');
  const own = await firstId(base, who.submitter, '/items', '/items/');
  const draft = await firstId(base, who.submitter, '/items?state=draft', '/items/');
  const visit = await firstId(base, who.office, '/items?state=onSiteVerification', '/items/');
  const seat = await firstId(base, who.expert, '/tasks', '/items/');
  const published = await firstId(base, null, '/public', '/public/');
  const edition = await firstId(base, who.office, '/editions', '/editions/').catch(() => null);
  const number = library.slice(0, 8);
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return [
    ['submitter', '我的待办 (submitter)', '/tasks'],
    ['recommender', '我的待办 (recommender)', '/tasks'],
    ['office', '我的待办 (office)', '/tasks'],
    ['expert', '我的待办 / 待我评分 (expert)', '/tasks'],
    ['office', '我的待办 (office), last page of 已入库待发布', '/tasks?group=publish&page=100000'],
    ['office', '我的待办 (office), by last change', '/tasks?sort=updated'],
    ['office', 'item page (library item)', `/items/${library}`],
    ['office', 'item page (on-site verification)', `/items/${visit}`],
    ['submitter', 'item page (own item)', `/items/${own}`],
    ['submitter', 'item edit form (own draft)', `/items/${draft}/edit`],
    ['submitter', 'new item form', '/items/new'],
    ['expert', 'item page (scoring form, open seat)', `/items/${seat}`],
    ['office', 'item print view', `/items/${library}/print`],
    ['office', 'item state diagram', `/items/${library}/diagram`],
    ['office', 'verification page', `/verification/${visit}`],
    ['office', 'catalogue /items (office)', '/items'],
    ['office', 'catalogue /items, search (office)', `/items?q=${encodeURIComponent('碳化硅')}`],
    [
      'office',
      'catalogue /items, filtered (office)',
      `/items?state=inLibrary&city=${encodeURIComponent('宁波')}`,
    ],
    ['submitter', 'catalogue /items (submitter)', '/items'],
    ['recommender', 'catalogue /items (recommender)', '/items'],
    ['office', '/audit', '/audit'],
    ['office', '/audit, item title', `/audit?q=${encodeURIComponent('碳化硅')}`],
    ['office', '/audit, item number', `/audit?q=${number}`],
    ['office', '/audit, person', `/audit?person=${encodeURIComponent('submitter-17')}`],
    ['office', '/audit, event', '/audit?event=PUBLISH'],
    ['office', '/audit, dates', `/audit?from=${month}-01&to=${day}`],
    ['office', '/audit, event and dates', `/audit?event=SUBMIT&from=${month}-01&to=${day}`],
    ['office', '/review', '/review'],
    ['recommender', '/recommend', '/recommend'],
    ['office', '/collection', '/collection'],
    [
      'office',
      '/collection, last month',
      `/collection?period=${month.slice(0, 4)}-${month.slice(5) === '01' ? '12' : String(Number(month.slice(5)) - 1).padStart(2, '0')}`,
    ],
    ['office', '/library', '/library'],
    [
      'office',
      '/library, filtered',
      `/library?city=${encodeURIComponent('温州')}&flag=provincialAwardRecommended`,
    ],
    ['recommender', '/library (recommender)', '/library'],
    // The recommender is 杭州's bureau: its own city, and a city where it sees (next to) nothing.
    [
      'recommender',
      '/library (recommender), its city',
      `/library?city=${encodeURIComponent('杭州')}`,
    ],
    [
      'recommender',
      '/library (recommender), another city',
      `/library?city=${encodeURIComponent('宁波')}`,
    ],
    ['submitter', '/library (submitter)', '/library'],
    ['office', 'library entry', `/library/${library}`],
    ['office', '/stats', '/stats'],
    ['recommender', '/stats (recommender)', '/stats'],
    ['office', '/editions', '/editions'],
    ...(edition
      ? ([
          ['office', 'edition', `/editions/${edition}`],
          ['office', 'edition preview', `/editions/${edition}/preview`],
        ] as [keyof Who, string, string][])
      : []),
    ['expert', '已评 /reviews/mine (expert)', '/reviews/mine'],
    ['submitter', '/inbox (submitter)', '/inbox'],
    ['expert', '/inbox (expert)', '/inbox'],
    ['office', '/inbox (office)', '/inbox'],
    ['public', 'public catalogue', '/public'],
    ['public', 'public search', `/public?q=${encodeURIComponent('碳化硅 功率器件')}`],
    ['public', 'public item', `/public/${published}`],
    ['public', 'public editions', '/public/editions'],
  ];
}

/** Times every console page on a data dir that already holds a seeded province. */
export async function timeConsolePages(
  dataDir: string,
  items: number,
  requests: number,
  log: (message: string) => void,
  seed: SeedResult | null = null,
): Promise<ConsolePagesResult> {
  const server = await startServer(dataDir, 120_000);
  const pages: ConsolePageRun[] = [];
  try {
    const base = server.baseUrl;
    const who: Who = {
      submitter: await signIn(base, 'submitter'),
      recommender: await signIn(base, 'recommender'),
      office: await signIn(base, 'office'),
      expert: await signIn(base, 'expert'),
    };
    const plan = await consolePlan(base, who);
    const scripts = new Map<string, number>();
    // BENCH_PAGES: a regular expression on the page names, to time some pages while tuning them.
    const only = process.env.BENCH_PAGES ? new RegExp(process.env.BENCH_PAGES) : null;
    for (const [role, name, path] of plan) {
      if (only && !only.test(name)) continue;
      const session = role === 'public' ? { cookie: '' } : who[role];
      const run = await timePage(base, session, role, name, path, requests, scripts);
      log(
        `console: ${name}: p50 ${run.p50Ms} ms, p95 ${run.p95Ms} ms${run.p95Ms >= PAGE_P95_TARGET_MS ? ' (OVER 200 ms)' : ''}, ${run.htmlBytes} B html, ${run.scriptBytes} B script, status ${run.status}`,
      );
      pages.push(run);
    }
  } finally {
    await server.stop();
  }
  return {
    items,
    seed,
    requestsPerPage: requests,
    targetP95Ms: PAGE_P95_TARGET_MS,
    targetScriptBytes: SCRIPT_TARGET_BYTES,
    pages,
  };
}

/** Last month's edition, drafted from the library as the monthly cycle does, for /editions. */
export async function draftLastEdition(app: NestExpressApplication): Promise<void> {
  const { year, month } = shanghaiYearMonth(new Date());
  const last = month === 1 ? monthlyPeriod(year - 1, 12) : monthlyPeriod(year, month - 1);
  await app.get(ReleasesService).draft(last);
}

/** BENCH_ONLY=console: seeds a province of `items` into `dataDir`, then times the pages. */
export async function runConsolePages(
  dataDir: string,
  items: number,
  requests: number,
  log: (message: string) => void,
): Promise<ConsolePagesResult> {
  const { app, baseUrl } = await bootApp(dataDir);
  let seed: SeedResult;
  try {
    const world = await seedWorld(baseUrl);
    seed = await seedProvince(app, world, { items, auditRows: items * 10 }, log);
    log(`console: seeded ${seed.items} items in ${seed.seedMs} ms`);
    await draftLastEdition(app);
  } finally {
    await app.close();
  }
  return timeConsolePages(dataDir, items, requests, log, seed);
}
