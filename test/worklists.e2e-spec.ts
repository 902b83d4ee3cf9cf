import { RequestContext } from '@mikro-orm/core';
import {
  AUTHORITY,
  type AchievementEventType,
  type AchievementState,
} from '../workflows/achievement.machine';
import { AchievementsService } from '../src/achievements/achievements.service';
import type { AuthUser } from '../src/access/auth-user';
import { EvaluationService } from '../src/evaluation/evaluation.service';
import { WorklistRepository } from '../src/web/tasks/worklist.repository';
import { WorklistsService } from '../src/web/tasks/worklists.service';
import { consoleSignIn } from './support/console-session';
import { createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  addUser,
  buildWorld,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';

/**
 * 我的待办 in SQL (WorklistRepository) against the API's own answer: on a world with items in
 * every state, on reporting chains of one and two levels, the SQL worklist of every user for every
 * (state, event) of the machine's AUTHORITY table is exactly the visible items in that state whose
 * `allowedEvents` include the event. Then the console's counts against the API's lists, and paging.
 */
let t: TestApp;
let w: World;
const items: string[] = [];
let users: { login: Login; user: AuthUser }[] = [];
let panelItem: ItemDriver;
let scoredItem: ItemDriver;

async function authUser(login: Login, username: string): Promise<AuthUser> {
  const me = (await t.http().get('/api/auth/me').set(login.auth).expect(200)).body as AuthUser;
  return { ...me, username };
}

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
  w = await buildWorld(t);
  const org = async (body: Record<string, unknown>) =>
    (await t.http().post('/api/organizations').set(w.admin.auth).send(body).expect(201)).body as {
      id: string;
    };
  const county = await org({
    name: '余杭区科学技术局',
    type: 'countyBureau',
    city: '杭州',
    reportsThroughId: w.orgs.hzBureau.id,
  });
  const countyUnit = await org({
    name: '余杭某某装备有限公司',
    type: 'enterprise',
    city: '杭州',
    reportsThroughId: county.id,
  });
  const countySubmitter = await addUser(t, w.securityAdmin, 'county-submitter', countyUnit.id, [
    'submitter',
  ]);
  const countyRecommender = await addUser(t, w.securityAdmin, 'county-recommender', county.id, [
    'recommender',
  ]);
  const create = async (who: Login, title: string) => {
    const res = await t
      .http()
      .post('/api/achievements')
      .set(who.auth)
      .send(techBreakthrough({ title }))
      .expect(201);
    items.push(res.body.id as string);
    return new ItemDriver(t, w, res.body.id as string);
  };

  await create(w.submitter, '草稿成果');
  await (await create(w.submitter, '待市局推荐')).ok(w.submitter, 'SUBMIT');
  const returned = await create(w.submitter, '退回成果');
  await returned.ok(w.submitter, 'SUBMIT');
  await returned.ok(w.recommender, 'RETURN_FOR_AMENDMENT', { comment: '请补充材料' });
  await (await create(w.submitter, '已报送成果')).toSubmitted();
  await (await create(w.submitter, '形式审查成果')).toEligibility();
  const scoring = await create(w.submitter, '评审中成果');
  await scoring.toScoring();
  await scoring.score([88]);
  scoredItem = scoring;
  panelItem = await create(w.submitter, '专家组不足成果');
  await panelItem.toScoring();
  const panel = ((await panelItem.get()) as { scoring: { panel: string[] } }).scoring.panel;
  await panelItem.ok(w.office, 'ASSIGN_PANEL', {
    data: { panel: panel.slice(0, 2) },
    comment: '缩小专家组',
  });
  await (await create(w.submitter, '核查成果')).toVerification();
  await (await create(w.submitter, '入库成果')).toLibrary();
  await (await create(w.submitter, '发布成果')).toPublished();
  const disputed = await create(w.submitter, '争议成果');
  await disputed.toSubmitted();
  await disputed.ok(w.office, 'RAISE_DISPUTE', { comment: '有异议' });
  const withdrawn = await create(w.submitter, '撤回成果');
  await withdrawn.ok(w.submitter, 'WITHDRAW', { comment: '不再申报' });

  const county1 = await create(countySubmitter, '待县局推荐');
  await county1.ok(countySubmitter, 'SUBMIT');
  const county2 = await create(countySubmitter, '县局已推荐待市局推荐');
  await county2.ok(countySubmitter, 'SUBMIT');
  await county2.ok(countyRecommender, 'RECOMMEND');
  await (await create(w.uniSubmitter, '高校成果')).ok(w.uniSubmitter, 'SUBMIT');
  await (await create(w.nbSubmitter, '宁波成果')).ok(w.nbSubmitter, 'SUBMIT');

  const logins: [Login, string][] = [
    [w.submitter, 'submitter'],
    [w.recommender, 'recommender'],
    [w.office, 'office'],
    [w.uniSubmitter, 'uni-submitter'],
    [w.uniRecommender, 'uni-recommender'],
    [w.nbSubmitter, 'nb-submitter'],
    [w.nbRecommender, 'nb-recommender'],
    [w.ownExpert, 'own-expert'],
    [countySubmitter, 'county-submitter'],
    [countyRecommender, 'county-recommender'],
    ...w.experts.map((e, i): [Login, string] => [e, `expert${i + 1}`]),
  ];
  users = await Promise.all(
    logins.map(async ([login, name]) => ({ login, user: await authUser(login, name) })),
  );
}, 240_000);

afterAll(() => t.close());

/** The answer the old worklists gave: each visible item's full view and its allowedEvents. */
async function viewsOf(user: AuthUser) {
  const service = t.app.get(AchievementsService);
  const views = await Promise.all(items.map((id) => service.get(user, id).catch(() => null)));
  return (state: AchievementState, event: AchievementEventType) =>
    views
      .filter((v) => v && v.state === state && v.allowedEvents.includes(event))
      .map((v) => v!.id)
      .sort();
}

describe('worklists in SQL', () => {
  it('the world covers the states the worklists read', async () => {
    const states = new Set<string>();
    for (const id of items)
      states.add(
        (
          (await t.http().get(`/api/achievements/${id}`).set(w.office.auth)).body as {
            state: string;
          }
        ).state,
      );
    for (const s of [
      'draft',
      'recommendation',
      'returned',
      'submitted',
      'eligibilityCheck',
      'expertScoring',
      'onSiteVerification',
      'inLibrary',
      'published',
      'suspended',
      'withdrawn',
    ]) {
      expect(states).toContain(s);
    }
  });

  it('equal allowedEvents for every user and every (state, event) of the authority table', async () => {
    const repo = t.app.get(WorklistRepository);
    let nonEmpty = 0;
    for (const { user } of users) {
      const byAllowedEvents = await viewsOf(user);
      for (const state of Object.keys(AUTHORITY) as AchievementState[]) {
        for (const event of Object.keys(AUTHORITY[state]) as AchievementEventType[]) {
          const expected = byAllowedEvents(state, event);
          const actual = (await repo.ids(user, { state, event })).sort();
          expect({ user: user.username, state, event, ids: actual }).toEqual({
            user: user.username,
            state,
            event,
            ids: expected,
          });
          expect(await repo.count(user, { state, event })).toBe(expected.length);
          if (expected.length) nonEmpty++;
        }
      }
    }
    // Not a vacuous match: many of the pairs have items for somebody.
    expect(nonEmpty).toBeGreaterThan(20);
  }, 180_000);

  it('the office panel group is the panels short of experts, as the evaluation module counts them', () =>
    // The services read settings through the request's EntityManager, as under HTTP.
    RequestContext.create(t.orm.em, async () => {
      const evaluation = t.app.get(EvaluationService);
      const office = users.find((u) => u.user.username === 'office')!.user;
      const expected: string[] = [];
      for (const id of await t.app.get(WorklistRepository).ids(office, {
        state: 'expertScoring',
        event: 'ASSIGN_PANEL',
      })) {
        const panel = await evaluation.panel(id);
        const conflicts = await evaluation.conflicts(id);
        const open = conflicts.filter((c) => !c.decision && panel.panel.includes(c.expertId));
        if (panel.target > panel.panel.length || open.length) expected.push(id);
      }
      const worklists = t.app.get(WorklistsService);
      const { total, rows: review } = await worklists.panelsNeedingReview();
      expect(total).toBe(expected.length);
      expect(review.map((r) => r.id).sort()).toEqual(expected.sort());
      expect(review.map((r) => r.id)).toContain(panelItem.id);
      expect(review.find((r) => r.id === panelItem.id)!.note).toMatch(/^缺 \d+ 名专家$/);
      // A page of the list (the notes worked out for its rows alone) is that slice of the whole.
      for (let from = 0; from < review.length; from++) {
        const page = await worklists.panelsNeedingReview(() => ({ from, to: from + 1 }));
        expect(page).toEqual({ total, rows: review.slice(from, from + 1) });
      }
    }));
});

describe('console worklists', () => {
  it("the office's group counts equal the API's lists", async () => {
    const office = await consoleSignIn(t, 'office');
    const page = (await t.http().get('/tasks').set('Cookie', office.cookie).expect(200)).text;
    const countOf = (key: string) => {
      const m = new RegExp(`id="tasks-${key}"[\\s\\S]*?<span class="count">(\\d+)</span>`).exec(
        page,
      );
      return Number(m?.[1]);
    };
    const apiCount = async (state: string) => {
      let n = 0;
      let cursor: string | undefined;
      do {
        const res = await t
          .http()
          .get('/api/achievements')
          .query({ state, limit: 100, ...(cursor ? { cursor } : {}) })
          .set(w.office.auth)
          .expect(200);
        n += (res.body.items as unknown[]).length;
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      return n;
    };
    const groups: [string, string][] = [
      ['batch', 'submitted'],
      ['eligibility', 'eligibilityCheck'],
      ['consensus', 'consensus'],
      ['verification', 'onSiteVerification'],
      ['disputes', 'suspended'],
      ['publish', 'inLibrary'],
    ];
    for (const [key, state] of groups) {
      expect({ key, count: countOf(key) }).toEqual({ key, count: await apiCount(state) });
    }
    const total = Number(/id="task-total">\s*(\d+)/.exec(page)?.[1]);
    const sum = [
      'batch',
      'eligibility',
      'panels',
      'consensus',
      'verification',
      'disputes',
      'publish',
    ]
      .map(countOf)
      .reduce((a, b) => a + b, 0);
    expect(total).toBe(sum);
  });

  it("names the people on an item's page: the timeline's actors and the scoring experts", async () => {
    // The page reads the names of the item's own people only, not every account.
    const office = await consoleSignIn(t, 'office');
    const page = (await t.http().get(`/items/${scoredItem.id}`).set('Cookie', office.cookie)).text;
    const nameOf = (username: string) => users.find((u) => u.user.username === username)!.user;
    const timeline = /<table class="timeline" id="timeline">[\s\S]*?<\/table>/.exec(page)![0];
    expect(timeline).toContain(`>${nameOf('submitter').displayName}<`);
    expect(timeline).toContain(`>${nameOf('office').displayName}<`);
    const scores = /<h2>评分<\/h2>[\s\S]*?<\/table>/.exec(page)![0];
    const expert = nameOf('expert1');
    expect(scores).toContain(`<td>${expert.displayName}</td>`);
    expect(scores).not.toContain(expert.id);
  });

  it('pages a group of more than 20 items, with a link to the next page', async () => {
    for (let i = 0; i < 22; i++) {
      await t
        .http()
        .post('/api/achievements')
        .set(w.uniSubmitter.auth)
        .send(techBreakthrough({ title: `高校草稿${String(i).padStart(2, '0')}` }))
        .expect(201);
    }
    const uni = await consoleSignIn(t, 'uni-submitter');
    const first = (await t.http().get('/tasks').set('Cookie', uni.cookie).expect(200)).text;
    const drafts = /id="tasks-drafts"[\s\S]*?<\/section>/.exec(first)![0];
    expect(drafts).toMatch(/<span class="count">22<\/span>/);
    expect(drafts.match(/<tr/g)!.length - 1).toBe(20);
    expect(drafts).toContain('第 1–20 项,共 22 项');
    const next = /<a class="next" href="([^"]+)"/.exec(drafts)![1].replace(/&amp;/g, '&');
    expect(next).toBe('/tasks?sort=deadline&group=drafts&page=2#tasks-drafts');
    const second = (await t.http().get(next.split('#')[0]).set('Cookie', uni.cookie).expect(200))
      .text;
    const rest = /id="tasks-drafts"[\s\S]*?<\/section>/.exec(second)![0];
    expect(rest.match(/<tr/g)!.length - 1).toBe(2);
    expect(rest).toContain('第 21–22 项,共 22 项');
    // A page past the end shows the last page, and nonsense shows the first: never an error.
    const far = await t.http().get('/tasks?group=drafts&page=99').set('Cookie', uni.cookie);
    expect(far.status).toBe(200);
    expect(far.text).toContain('第 21–22 项,共 22 项');
    const junk = await t.http().get('/tasks?group=drafts&page=abc').set('Cookie', uni.cookie);
    expect(junk.status).toBe(200);
    expect(junk.text).toContain('第 1–20 项,共 22 项');
  });
});
