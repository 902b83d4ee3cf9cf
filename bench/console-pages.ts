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
    const who = {
      submitter: await signIn(base, 'submitter'),
      recommender: await signIn(base, 'recommender'),
      office: await signIn(base, 'office'),
      expert: await signIn(base, 'expert'),
    };
    // An item well along its path (the newest in the library), for the item page.
    const list = await fetch(`${base}/items?state=inLibrary`, {
      headers: { cookie: who.office.cookie },
    });
    const itemId = /href="\/items\/([0-9a-f-]{36})"/.exec(await list.text())?.[1];
    if (!itemId) throw new Error('no library item on the seeded catalogue');
    const scripts = new Map<string, number>();
    const plan: [keyof typeof who, string, string][] = [
      ['submitter', '我的待办 (submitter)', '/tasks'],
      ['recommender', '我的待办 (recommender)', '/tasks'],
      ['office', '我的待办 (office)', '/tasks'],
      ['expert', '我的待办 (expert)', '/tasks'],
      [
        'office',
        '我的待办 (office), last page of 已入库待发布',
        '/tasks?group=publish&page=100000',
      ],
      ['office', 'item page', `/items/${itemId}`],
      ['office', 'catalogue /items (office)', '/items'],
      ['submitter', 'catalogue /items (submitter)', '/items'],
      ['office', '/audit', '/audit'],
      ['office', '/review', '/review'],
      ['office', '/collection', '/collection'],
      ['office', '/library', '/library'],
      ['office', '/stats', '/stats'],
    ];
    for (const [role, name, path] of plan) {
      const run = await timePage(base, who[role], role, name, path, requests, scripts);
      log(
        `console: ${name}: p50 ${run.p50Ms} ms, p95 ${run.p95Ms} ms, ${run.htmlBytes} B html, ${run.scriptBytes} B script, status ${run.status}`,
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
  } finally {
    await app.close();
  }
  return timeConsolePages(dataDir, items, requests, log, seed);
}
