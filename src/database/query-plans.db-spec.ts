import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AchievementEventType, AchievementState } from '../../workflows/achievement.machine';
import { visibilityFilter } from '../achievements/achievement-access';
import { AchievementsRepository } from '../achievements/achievements.repository';
import type { ListAchievementsQuery } from '../achievements/dto/list-achievements.query';
import type { AuthUser } from '../access/auth-user';
import type { AppConfig } from '../config/app-config';
import type { LibraryQuery } from '../library/dto/library.dto';
import { LibraryRepository } from '../library/library.repository';
import { WorklistRepository, type WorklistOrder } from '../web/tasks/worklist.repository';
import { buildOrmOptions } from '../orm/mikro-orm.config';

/**
 * The plans SQLite picks for the console's hot lists (issue #16: every page under 200 ms at
 * 100,000 items). The server never runs ANALYZE, so SQLite keeps no statistics and plans from the
 * schema and the statement alone: the plan on this empty database is the plan at 100,000 items
 * (the first test checks that no statistics table appeared). What the test refuses is a sort of
 * a big table's rows before the page is taken ('USE TEMP B-TREE FOR ORDER BY' with a SCAN of
 * achievement, workflow_instance or library_entry): at 100,000 items that sorted some 78,000
 * library entries on every page (0.3–2.7 s). The lists that should walk their order's index and
 * stop after a page may not sort at all.
 */

const BIG_TABLES = ['achievement', 'workflow_instance', 'library_entry'];

const CITY_BUREAU = '00000000-0000-4000-8000-0000000000b1';
const UNIT_ORG = '00000000-0000-4000-8000-0000000000b2';
const person = (name: string, roles: AuthUser['roles'], organizationId: string): AuthUser => ({
  id: `00000000-0000-4000-8000-00000000000${roles.length}`,
  username: name,
  displayName: name,
  roles,
  organizationId,
});
const OFFICE = person('office', ['officeStaff'], '00000000-0000-4000-8000-0000000000b0');
const RECOMMENDER = person('recommender', ['recommender'], CITY_BUREAU);
const SUBMITTER = person('submitter', ['submitter'], UNIT_ORG);
const EXPERT = person('expert', ['expert'], '00000000-0000-4000-8000-0000000000b3');

interface Sent {
  sql: string;
  bindings: readonly unknown[];
}

interface Plan {
  statement: string;
  lines: string[];
}

let orm: MikroORM;
let dataDir: string;
let sent: Sent[] | null = null;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'chengguo-plans-'));
  orm = await MikroORM.init(buildOrmOptions({ dataDir, databaseUrl: null }));
  await orm.getMigrator().up();
  // Every statement, whether the ORM or a repository's own knex query sends it.
  knex().on('query', (q: { sql: string; bindings?: readonly unknown[] }) => {
    sent?.push({ sql: q.sql, bindings: q.bindings ?? [] });
  });
  // The recommender's own body, so that its own city is known (its other cities are not).
  await knex()('organization').insert([
    {
      id: CITY_BUREAU,
      name: '杭州市科学技术局',
      type: 'cityBureau',
      city: '杭州',
      created_at: Date.now(),
    },
  ]);
});

afterAll(async () => {
  await orm?.close(true);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function knex() {
  return (orm.em as SqlEntityManager).getKnex();
}

/** The plans of the statements `work` sends that read a big table in an order. */
async function plansOf(work: () => Promise<unknown>): Promise<Plan[]> {
  sent = [];
  await work();
  const statements = sent;
  sent = null;
  const plans: Plan[] = [];
  for (const s of statements) {
    if (!/\border by\b/i.test(s.sql) || !BIG_TABLES.some((t) => s.sql.includes(t))) continue;
    const rows = await knex().raw<{ detail: string }[]>(`explain query plan ${s.sql}`, [
      ...s.bindings,
    ] as never);
    plans.push({ statement: s.sql, lines: rows.map((r) => r.detail) });
  }
  return plans;
}

/** `alias → table` for the statement's FROM and JOIN clauses. */
function aliases(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sql.matchAll(/(?:from|join)\s+[`"]?(\w+)[`"]?\s+(?:as\s+)?[`"]?(\w+)[`"]?/gi)) {
    out.set(m[2], m[1]);
    out.set(m[1], m[1]);
  }
  return out;
}

/** The big tables a plan reads in full (a SCAN, with or without an index) before sorting. */
function sortedScans(plan: Plan): string[] {
  if (!plan.lines.some((l) => /USE TEMP B-TREE FOR (RIGHT PART OF )?ORDER BY/.test(l))) return [];
  const tables = aliases(plan.statement);
  return plan.lines.flatMap((l) => {
    const scan = /^SCAN (\w+)/.exec(l);
    const table = scan && tables.get(scan[1]);
    return table && BIG_TABLES.includes(table) ? [`${table} (${l})`] : [];
  });
}

const sorts = (plan: Plan) => plan.lines.filter((l) => /USE TEMP B-TREE/.test(l));

it('plans without statistics, as the server does (nothing runs ANALYZE)', async () => {
  const stats = await knex()('sqlite_master').where('name', 'like', 'sqlite_stat%');
  expect(stats).toEqual([]);
});

describe('library list', () => {
  const library = () => new LibraryRepository(orm.em);
  const cases: [string, AuthUser, LibraryQuery, 'walk' | 'no big sort'][] = [
    ['office', OFFICE, {}, 'walk'],
    ['office, edition draft candidates', OFFICE, { limit: 100 }, 'walk'],
    ['office, city and flag', OFFICE, { city: '温州', flag: 'provincialAwardRecommended' }, 'walk'],
    ['office, domain and year', OFFICE, { domain: 'integratedCircuits', year: 2026 }, 'walk'],
    ['recommender', RECOMMENDER, {}, 'walk'],
    ['recommender, its own city', RECOMMENDER, { city: '杭州' }, 'walk'],
    ['recommender, another city', RECOMMENDER, { city: '宁波' }, 'no big sort'],
    ['office, one unit', OFFICE, { unit: UNIT_ORG }, 'no big sort'],
    ['unit (submitter)', SUBMITTER, {}, 'no big sort'],
  ];

  it.each(cases)('%s', async (_, user, query, expected) => {
    const plans = await plansOf(() => library().list(user, query));
    expect(plans).toHaveLength(1);
    expect(sortedScans(plans[0])).toEqual([]);
    if (expected === 'walk') {
      // In list order off the (entered_at, id) index: a page reads about its own rows.
      expect(sorts(plans[0])).toEqual([]);
      expect(plans[0].lines[0]).toMatch(/library_entry_entered_at_id_index/);
    }
  });
});

describe('catalogue list', () => {
  const cases: [string, AuthUser, ListAchievementsQuery][] = [
    ['office', OFFICE, {}],
    ['office, 已入库 in a city', OFFICE, { state: 'inLibrary', city: '宁波' }],
    ['office, search', OFFICE, { q: '碳化硅' }],
    ['recommender', RECOMMENDER, {}],
    ['unit (submitter)', SUBMITTER, {}],
  ];

  it.each(cases)('%s', async (_, user, query) => {
    const plans = await plansOf(async () => {
      await new AchievementsRepository(orm.em).page(query, visibilityFilter(user));
    });
    expect(plans).toHaveLength(1);
    expect(sortedScans(plans[0])).toEqual([]);
  });
});

describe('我的待办 pages', () => {
  const worklists = () =>
    new WorklistRepository(orm.em, { databaseUrl: null } as unknown as AppConfig);
  const cases: [string, AuthUser, AchievementState, AchievementEventType, WorklistOrder][] = [
    ['submitter, drafts', SUBMITTER, 'draft', 'SUBMIT', 'updated'],
    ['submitter, returned', SUBMITTER, 'returned', 'RESUBMIT', 'updated'],
    ['recommender, to recommend by arrival', RECOMMENDER, 'recommendation', 'RECOMMEND', 'arrival'],
    ['recommender, to recommend by update', RECOMMENDER, 'recommendation', 'RECOMMEND', 'updated'],
    ['office, batch', OFFICE, 'submitted', 'BATCH_CLOSE', 'updated'],
    ['office, 已入库待发布', OFFICE, 'inLibrary', 'PUBLISH', 'updated'],
    ['office, 已入库待发布 by arrival', OFFICE, 'inLibrary', 'PUBLISH', 'arrival'],
    [
      'office, verification by visit',
      OFFICE,
      'onSiteVerification',
      'CONFIRM_VERIFICATION',
      'visit',
    ],
    ['office, disputes', OFFICE, 'suspended', 'RESOLVE_DISPUTE', 'updated'],
    ['expert, to score by due date', EXPERT, 'expertScoring', 'SUBMIT_SCORE', 'due'],
    ['expert, to score by update', EXPERT, 'expertScoring', 'SUBMIT_SCORE', 'updated'],
  ];

  it.each(cases)('%s', async (_, user, state, event, order) => {
    // The last page of a big group too: the offset must not turn the walk into a sort.
    for (const offset of [0, 100_000]) {
      const plans = await plansOf(() =>
        worklists().page(user, { state, event }, order, offset, 20),
      );
      expect(plans.length).toBeGreaterThan(0);
      for (const plan of plans) expect(sortedScans(plan)).toEqual([]);
    }
  });
});
