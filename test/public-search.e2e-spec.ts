import type { SqlEntityManager } from '@mikro-orm/knex';
import { PublicSearchIndexService } from '../src/public/public-search-index.service';
import { TEST_DB, createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  basicResearch,
  buildWorld,
  firstLogin,
  INITIAL_PASSWORD,
  scoreSheet,
  techBreakthrough,
  type World,
} from './support/world';

/** Every key the public may see, per level of the view. */
const ITEM_KEYS = [
  'id',
  'title',
  'summary',
  'category',
  'categoryLabel',
  'domain',
  'levelClaimLabel',
  'breaksMonopoly',
  'fillsGap',
  'city',
  'organization',
  'completingUnits',
  'completers',
];
const DOMAIN_KEYS = ['key', 'name'];
const UNIT_KEYS = ['name', 'parent'];
const COMPLETER_KEYS = ['name', 'unit'];
const MARKER = 'ZZPRIVATEMARKER';

function expectPublicShape(item: Record<string, unknown>): void {
  const allowed = (keys: string[], value: object) =>
    expect(Object.keys(value).filter((k) => !keys.includes(k))).toEqual([]);
  allowed(ITEM_KEYS, item);
  allowed(DOMAIN_KEYS, item.domain as object);
  for (const u of item.completingUnits as object[]) allowed(UNIT_KEYS, u);
  for (const c of item.completers as object[]) allowed(COMPLETER_KEYS, c);
}

describe('public platform search (HTTP, no login)', () => {
  let t: TestApp;
  let w: World;
  const ids: Record<string, string> = {};

  const search = async (query: Record<string, string>) => {
    const res = await t.http().get('/api/public/achievements').query(query).expect(200);
    for (const item of res.body.items) expectPublicShape(item);
    return (res.body.items as { id: string }[]).map((i) => i.id).sort();
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    const publish = async (key: string, body: ReturnType<typeof techBreakthrough>) => {
      const item = await ItemDriver.create(t, w, body);
      await item.toPublished();
      ids[key] = item.id;
      return item;
    };
    await publish('sic', techBreakthrough());
    await publish(
      'quantum',
      basicResearch({
        summary: '在拓扑绝缘体中观测到新型量子态。',
        completingUnits: [{ name: '某某科技有限公司' }, { name: '之江实验室' }],
      }),
    );
    await publish(
      'optics',
      techBreakthrough({
        title: '大口径光学元件超精密加工技术',
        summary: '为光刻机提供超精密光学元件,打破国外垄断。',
        domain: 'intelligentManufacturing',
      }),
    );
    const unpublished = await ItemDriver.create(
      t,
      w,
      techBreakthrough({ title: '车规级碳化硅模块封装', summary: '尚在库中,未发布。' }),
    );
    await unpublished.toLibrary();
    ids.unpublished = unpublished.id;
  });
  afterAll(() => t.close());

  it('finds Chinese terms of three or more characters through the trigram index', async () => {
    expect(await search({ q: '碳化硅' })).toEqual([ids.sic]);
    expect(await search({ q: '拓扑绝缘体' })).toEqual([ids.quantum]);
    // Units are searchable too.
    expect(await search({ q: '之江实验室' })).toEqual([ids.quantum]);
    expect(await search({ q: 'mosfet' })).toEqual([ids.sic]);
  });

  it('falls back to LIKE for terms shorter than three characters, and ANDs terms', async () => {
    expect(await search({ q: '芯片' })).toEqual([ids.sic]);
    expect(await search({ q: '量子' })).toEqual([ids.quantum]);
    expect(await search({ q: '光学 元件' })).toEqual([ids.optics]);
    expect(await search({ q: '光学 碳化硅' })).toEqual([]);
    expect(await search({ q: '垄断' })).toEqual([ids.optics]);
    // LIKE wildcards are literal characters.
    expect(await search({ q: '%' })).toEqual([]);
    expect(await search({ q: '_' })).toEqual([]);
  });

  it('combines search with the filters and never returns unpublished items', async () => {
    expect(await search({ q: '碳化硅', category: 'basicResearch' })).toEqual([]);
    expect(await search({ q: '碳化硅', category: 'techBreakthrough', city: '杭州' })).toEqual([
      ids.sic,
    ]);
    expect(await search({ domain: 'advancedPolymers' })).toEqual([ids.quantum]);
    expect(await search({})).toEqual([ids.sic, ids.quantum, ids.optics].sort());
    await t.http().get(`/api/public/achievements/${ids.unpublished}`).expect(404);
  });

  it('pages with a cursor', async () => {
    const first = await t.http().get('/api/public/achievements').query({ limit: 2 }).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await t
      .http()
      .get('/api/public/achievements')
      .query({ limit: 2, cursor: first.body.nextCursor })
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it('gives the same pages when a common term walks the listing in order', async () => {
    const index = t.app.get(PublicSearchIndexService);
    const pages = async (q: string) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await t
          .http()
          .get('/api/public/achievements')
          .query({ q, limit: 1, ...(cursor ? { cursor } : {}) })
          .expect(200);
        seen.push(...(res.body.items as { id: string }[]).map((i) => i.id));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const queries = ['某某科技有限公司', '碳化硅', '超精密 光学', '碳化硅 芯片', '无此成果'];
    try {
      index.orderedWalkAbove = Number.POSITIVE_INFINITY;
      const sorted = await Promise.all(queries.map(pages));
      expect(sorted[0].length).toBeGreaterThan(1);
      index.orderedWalkAbove = 0;
      expect(await Promise.all(queries.map(pages))).toEqual(sorted);
    } finally {
      index.orderedWalkAbove = 200;
    }
  });

  it('rejects bad filters with a Chinese message per field', async () => {
    const res = await t
      .http()
      .get('/api/public/achievements')
      .query({ category: 'bogus', limit: 0, state: 'draft', q: 'x'.repeat(101) })
      .expect(400);
    expect(Object.keys(res.body.errors).sort()).toEqual(['category', 'limit', 'q', 'state']);
    for (const messages of Object.values<string[]>(res.body.errors)) {
      expect(messages.join('')).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('keeps the index in step with the state: revoked and disputed items drop out', async () => {
    const quantum = new ItemDriver(t, w, ids.quantum);
    await quantum.ok(w.office, 'RAISE_DISPUTE', { comment: '收到知识产权异议' });
    expect(await search({ q: '之江实验室' })).toEqual([]);
    await quantum.ok(w.office, 'RESOLVE_DISPUTE', { comment: '异议不成立' });
    expect(await search({ q: '之江实验室' })).toEqual([ids.quantum]);

    await new ItemDriver(t, w, ids.sic).ok(w.office, 'REVOKE', { comment: '撤销' });
    expect(await search({ q: '碳化硅' })).toEqual([]);
    expect(await search({ q: '芯片' })).toEqual([]);
  });

  it('never shows scores, experts, IP and dispute details, internal comments or contact data', async () => {
    // A unit user with contact data of their own, so the creator cannot leak either.
    await t
      .http()
      .post('/api/users')
      .set(w.securityAdmin.auth)
      .send({
        username: 'marker-submitter',
        password: INITIAL_PASSWORD,
        displayName: `${MARKER}申报人`,
        organizationId: w.orgs.enterprise.id,
        roles: ['submitter'],
        email: `${MARKER.toLowerCase()}@example.org`,
      })
      .expect(201);
    const markerSubmitter = await firstLogin(t, 'marker-submitter');
    const created = await t
      .http()
      .post('/api/achievements')
      .set(markerSubmitter.auth)
      .send(
        techBreakthrough({
          title: '公开字段检验成果',
          completers: [{ name: '王五', unit: '某某科技有限公司', title: `${MARKER}职称` }],
          ip: { owner: `${MARKER}权利人`, patents: [`${MARKER}-ZL1`], noDispute: true },
          evidence: {
            replaces: `${MARKER}替代进口`,
            industrialization: `${MARKER}产业化`,
          },
        }),
      )
      .expect(201);
    const item = new ItemDriver(t, w, created.body.id);
    await item.ok(markerSubmitter, 'SUBMIT', { comment: `${MARKER}提交说明` });
    await item.ok(w.recommender, 'RECOMMEND', { comment: `${MARKER}推荐意见` });
    await item.ok(w.office, 'BATCH_CLOSE');
    await item.ok(w.office, 'PASS_ELIGIBILITY', { comment: `${MARKER}审查意见` });
    for (const [i, v] of [93, 91, 90, 89, 88].entries()) {
      await item.ok(w.experts[i], 'SUBMIT_SCORE', {
        data: { scores: scoreSheet(v), comment: `${MARKER}专家${i}意见` },
      });
    }
    // The verification report, the library's evaluations, flags and progress are internal too.
    const verification = `/api/verification/items/${item.id}`;
    const office = (method: 'put' | 'post', path: string, body: object, who = w.office) =>
      t.http()[method](path).set(who.auth).send(body);
    await office('put', `${verification}/team`, { members: [w.office.id, w.experts[0].id] }).expect(
      200,
    );
    await office('put', `${verification}/schedule`, {
      date: '2026-11-05',
      place: `${MARKER}核查地点`,
    }).expect(200);
    await office('post', `${verification}/findings`, {
      checklist: [{ item: `${MARKER}核查项`, passed: true, note: `${MARKER}备注` }],
      narrative: `${MARKER}核查记录`,
      conclusion: 'pass',
    }).expect(201);
    await item.ok(w.office, 'CONFIRM_VERIFICATION', { comment: `${MARKER}核查意见` });
    await item.ok(w.office, 'PUBLISH', { comment: `${MARKER}发布意见` });
    const library = `/api/library/${item.id}`;
    await office('post', `${library}/evaluations`, {
      type: 'thirdParty',
      evaluator: `${MARKER}评价机构`,
      date: '2026-11-05',
      findings: `${MARKER}评价结论`,
      rating: 'excellent',
    }).expect(201);
    await office('put', `${library}/flags`, {
      provincialAwardRecommended: true,
      reason: `${MARKER}推荐理由`,
    }).expect(200);
    const progress = await office(
      'post',
      `${library}/progress`,
      { title: `${MARKER}进展`, content: `${MARKER}进展内容` },
      markerSubmitter,
    ).expect(201);
    await office('post', `${library}/progress/${progress.body.id}/decision`, {
      decision: 'approve',
    }).expect(201);
    await item.ok(w.office, 'RAISE_DISPUTE', { comment: `${MARKER}争议详情` });
    await item.ok(w.office, 'RESOLVE_DISPUTE', { comment: `${MARKER}争议处理` });
    expect((await item.get()).state).toBe('published');
    const aggregate = String((await item.get()).scoring.aggregate);

    const bodies = [
      await t.http().get('/api/public/achievements').expect(200),
      await t.http().get('/api/public/achievements').query({ q: '公开字段检验' }).expect(200),
      await t.http().get('/api/public/achievements').query({ q: '检验' }).expect(200),
      await t.http().get(`/api/public/achievements/${item.id}`).expect(200),
    ];
    const listed = bodies[1].body.items as Record<string, unknown>[];
    expect(listed.map((i) => i.id)).toEqual([item.id]);
    expectPublicShape(bodies[3].body);
    for (const res of bodies) {
      expect(res.text).not.toContain(MARKER);
      expect(res.text.toLowerCase()).not.toContain(MARKER.toLowerCase());
      expect(res.text).not.toMatch(
        /score|panel|expert|dispute|comment|email|ip"|evidence|verification|progress|flag|award/i,
      );
      expect(res.text).not.toContain(`:${aggregate}`);
      for (const expert of w.experts) expect(res.text).not.toContain(expert.id);
    }
  });

  // Last: the migration round trip takes every newer table down and up again, sessions too.
  it('links every listed item to its own search row, also when migrated onto published items', async () => {
    // SQLite's listing carries its FTS5 rowid (migrations/public-search-rowid.sql.ts); the rows
    // have been through publish, dispute, resolution and revocation above.
    const links = async () =>
      TEST_DB === 'sqlite'
        ? await (t.orm.em.fork() as SqlEntityManager).execute<
            { achievement_id: string; fts_item: string | null }[]
          >(
            'select p.`achievement_id`, f.`achievement_id` as `fts_item` from `public_listing` p left join `achievement_fts` f on f.`rowid` = p.`search_rowid` order by p.`achievement_id`',
          )
        : [];
    const ftsRows = async () =>
      TEST_DB === 'sqlite'
        ? Number(
            (
              await (t.orm.em.fork() as SqlEntityManager).execute<{ n: number }[]>(
                'select count(*) as `n` from `achievement_fts`',
              )
            )[0].n,
          )
        : 0;
    const before = await links();
    if (TEST_DB === 'sqlite') expect(before.length).toBeGreaterThan(1);
    for (const row of before) expect(row.fts_item).toBe(row.achievement_id);
    expect(await ftsRows()).toBe(before.length);
    const found = await search({ q: '某某科技有限公司' });

    const migrator = t.orm.getMigrator();
    await migrator.down({ to: 'Migration20261126090000StageCounts' });
    await migrator.up();
    expect(await links()).toEqual(before);
    expect(await search({ q: '某某科技有限公司' })).toEqual(found);
    const index = t.app.get(PublicSearchIndexService);
    try {
      index.orderedWalkAbove = 0;
      expect(await search({ q: '某某科技有限公司' })).toEqual(found);
    } finally {
      index.orderedWalkAbove = 200;
    }
  });
});
