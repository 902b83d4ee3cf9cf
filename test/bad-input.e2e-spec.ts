import type { Response } from 'supertest';
import { EVENTS_REQUIRING_COMMENT } from '../workflows/achievement.machine';
import {
  ItemDriver,
  basicResearch,
  buildWorld,
  login,
  majorApplication,
  PASSWORD,
  scoreSheet,
  setOwnPassword,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';
import {
  ADMIN_PASSWORD,
  createTestApp,
  SECURITY_ADMIN_PASSWORD,
  type TestApp,
} from './support/test-app';

const CATEGORIES = 'basicResearch, techBreakthrough, majorApplication';
const NOT_ALLOWED = '不允许的字段';

/** A 400 in the one error shape: a Chinese summary and Chinese messages keyed by field path. */
function expectInvalid(res: Response, errors: Record<string, string[]>) {
  expect({ status: res.status, body: res.body }).toEqual({
    status: 400,
    body: { statusCode: 400, error: 'Bad Request', message: '提交的数据有误', errors },
  });
}

describe('bad input (HTTP)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  /** Everything a request could have written: items and their versions, the audit trail, orgs, users. */
  async function footprint() {
    const items = (
      await t.http().get('/api/achievements?limit=100').set(w.office.auth).expect(200)
    ).body.items.map((i: { id: string; version: number; updatedAt: string }) => [
      i.id,
      i.version,
      i.updatedAt,
    ]);
    const audit = (await t.http().get('/api/audit/verify').set(w.office.auth).expect(200)).body;
    const orgs = (await t.http().get('/api/organizations').set(w.admin.auth).expect(200)).body;
    const users = (await t.http().get('/api/users').set(w.securityAdmin.auth).expect(200)).body;
    return { items, audit, orgs, users };
  }

  /** The item as its owner and the office see it, with its full history. */
  async function itemFootprint(item: ItemDriver) {
    return {
      record: await item.get(),
      history: (
        await t.http().get(`/api/achievements/${item.id}/history`).set(w.office.auth).expect(200)
      ).body,
    };
  }

  describe('POST /api/achievements', () => {
    const post = (body: unknown, who: Login = w.submitter) =>
      t
        .http()
        .post('/api/achievements')
        .set(who.auth)
        .send(body as object);

    const cases: [string, () => unknown, Record<string, string[]>][] = [
      ['an empty title', () => techBreakthrough({ title: '' }), { title: ['不能为空'] }],
      [
        'a title that is not text',
        () => techBreakthrough({ title: 42 }),
        { title: ['长度不能超过200个字符', '必须是文本'] },
      ],
      [
        'an unknown category (its evidence then matches no category)',
        () => techBreakthrough({ category: 'software' }),
        {
          category: [`取值不在允许范围内(${CATEGORIES})`],
          'evidence.replaces': [NOT_ALLOWED],
          'evidence.industrialization': [NOT_ALLOWED],
        },
      ],
      [
        'an unknown strategic domain',
        () => techBreakthrough({ domain: 'spaceElevators' }),
        { domain: ['不是有效的战略领域(见 /api/reference/domains)'] },
      ],
      [
        'an unknown level claim',
        () => techBreakthrough({ levelClaim: 'worldFirst' }),
        { levelClaim: ['取值不在允许范围内(internationalAdvanced, domesticLeading)'] },
      ],
      [
        'breaksMonopoly that is not a boolean',
        () => techBreakthrough({ breaksMonopoly: 'yes' }),
        { breaksMonopoly: ['必须是 true 或 false'] },
      ],
      [
        'an IP declaration with a known dispute',
        () =>
          techBreakthrough({
            ip: { owner: '某某科技有限公司', patents: ['ZL202310000000.1'], noDispute: false },
          }),
        { 'ip.noDispute': ['必须确认知识产权权属清晰、无争议'] },
      ],
      [
        'an IP declaration without owner and confirmation',
        () => techBreakthrough({ ip: { patents: 'ZL202310000000.1' } }),
        {
          'ip.owner': ['长度不能超过200个字符', '不能为空', '必须是文本'],
          'ip.patents': ['最多200项', '必须是列表'],
          'ip.noDispute': ['必须确认知识产权权属清晰、无争议'],
        },
      ],
      [
        'no completing units and a completer without unit',
        () => techBreakthrough({ completingUnits: [], completers: [{ name: '李四' }] }),
        {
          completingUnits: ['至少需要1项'],
          'completers.0.unit': ['长度不能超过200个字符', '不能为空', '必须是文本'],
        },
      ],
      [
        'basicResearch without papers',
        () => basicResearch({ evidence: {} }),
        { 'evidence.papers': ['最多50项', '至少需要1项', '必须是列表'] },
      ],
      [
        'basicResearch with an empty list of papers',
        () => basicResearch({ evidence: { papers: [] } }),
        { 'evidence.papers': ['至少需要1项'] },
      ],
      [
        'basicResearch with a bad DOI and year',
        () =>
          basicResearch({
            evidence: { papers: [{ journal: 'Nature', year: 1850, doi: 'doi:10.1038/x' }] },
          }),
        {
          'evidence.papers.0.year': ['不能小于1900'],
          'evidence.papers.0.doi': ['必须是有效的 DOI(以 10. 开头)'],
        },
      ],
      [
        'basicResearch carrying techBreakthrough evidence',
        () =>
          basicResearch({
            evidence: { replaces: '进口碳化硅MOSFET', industrialization: '已量产' },
          }),
        {
          'evidence.replaces': [NOT_ALLOWED],
          'evidence.industrialization': [NOT_ALLOWED],
          'evidence.papers': ['最多50项', '至少需要1项', '必须是列表'],
        },
      ],
      [
        'techBreakthrough without industrialisation evidence',
        () => techBreakthrough({ evidence: { replaces: '进口碳化硅MOSFET' } }),
        { 'evidence.industrialization': ['长度不能超过2000个字符', '不能为空', '必须是文本'] },
      ],
      [
        'majorApplication without the use it is put to',
        () => majorApplication({ evidence: { project: '某国家重大科技基础设施', usage: '' } }),
        { 'evidence.usage': ['不能为空'] },
      ],
      [
        'evidence that is not an object',
        () => techBreakthrough({ evidence: '见附件' }),
        {
          evidence: ['必须是对象'],
        },
      ],
      [
        'an extra unknown property',
        () => techBreakthrough({ priority: 'urgent' }),
        { priority: [NOT_ALLOWED] },
      ],
      [
        'an extra property inside a nested object',
        () =>
          techBreakthrough({
            completers: [{ name: '李四', unit: '某某科技有限公司', idCard: '330102…' }],
          }),
        { 'completers.0.idCard': [NOT_ALLOWED] },
      ],
    ];

    it.each(cases)('refuses %s with 400 per field and writes nothing', async (_, body, errors) => {
      const before = await footprint();
      expectInvalid(await post(body()), errors);
      expect(await footprint()).toEqual(before);
    });

    it('names every missing field of an empty body', async () => {
      const before = await footprint();
      const res = await post({});
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(
        [
          'category',
          'completers',
          'completingUnits',
          'domain',
          'evidence',
          'ip',
          'levelClaim',
          'summary',
          'title',
        ].sort(),
      );
      for (const messages of Object.values<string[]>(res.body.errors)) {
        expect(messages.length).toBeGreaterThan(0);
        for (const m of messages) expect(m).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(await footprint()).toEqual(before);
    });

    it('refuses a body that is not JSON with 400 and writes nothing', async () => {
      const before = await footprint();
      const res = await t
        .http()
        .post('/api/achievements')
        .set(w.submitter.auth)
        .set('Content-Type', 'application/json')
        .send('{"title": "未闭合');
      expect(res.status).toBe(400);
      expect(await footprint()).toEqual(before);
    });

    it('accepts each category with its own evidence (the controls for the cases above)', async () => {
      for (const body of [techBreakthrough(), basicResearch(), majorApplication()]) {
        const res = await post(body).expect(201);
        expect(res.body).toMatchObject({ state: 'draft', version: 1 });
      }
    });
  });

  describe('PATCH /api/achievements/:id', () => {
    let item: ItemDriver;
    beforeAll(async () => {
      item = await ItemDriver.create(t, w);
    });

    const cases: [string, Record<string, unknown>, Record<string, string[]>][] = [
      ['an empty title', { title: '' }, { title: ['不能为空'] }],
      [
        'a category change that leaves the old evidence behind',
        { category: 'basicResearch' },
        {
          'evidence.replaces': [NOT_ALLOWED],
          'evidence.industrialization': [NOT_ALLOWED],
          'evidence.papers': ['最多50项', '至少需要1项', '必须是列表'],
        },
      ],
      [
        'evidence that misses a required field of the category',
        { evidence: { replaces: '进口碳化硅MOSFET' } },
        { 'evidence.industrialization': ['长度不能超过2000个字符', '不能为空', '必须是文本'] },
      ],
      ['evidence that is not an object', { evidence: '见附件' }, { evidence: ['必须是对象'] }],
      [
        'an unknown domain',
        { domain: 'spaceElevators' },
        { domain: ['不是有效的战略领域(见 /api/reference/domains)'] },
      ],
      [
        'an IP declaration with a known dispute',
        { ip: { owner: '某某科技有限公司', patents: [], noDispute: false } },
        { 'ip.noDispute': ['必须确认知识产权权属清晰、无争议'] },
      ],
      ['no completers', { completers: [] }, { completers: ['至少需要1项'] }],
      ['an extra unknown property', { state: 'published' }, { state: [NOT_ALLOWED] }],
    ];

    it.each(cases)('refuses %s with 400 and changes nothing', async (_, body, errors) => {
      const before = await itemFootprint(item);
      const res = await t
        .http()
        .patch(`/api/achievements/${item.id}`)
        .set(w.submitter.auth)
        .send(body);
      expectInvalid(res, errors);
      expect(await itemFootprint(item)).toEqual(before);
    });

    it('accepts a valid change of category together with its evidence (control)', async () => {
      const evidence = {
        papers: [{ journal: 'Science', year: 2025, doi: '10.1126/science.abc1234' }],
      };
      const res = await t
        .http()
        .patch(`/api/achievements/${item.id}`)
        .set(w.submitter.auth)
        .send({ category: 'basicResearch', evidence })
        .expect(200);
      expect(res.body).toMatchObject({ category: 'basicResearch', evidence, version: 1 });
    });
  });

  describe('POST /api/achievements/:id/events', () => {
    it('refuses an unknown or missing event type', async () => {
      const item = await ItemDriver.create(t, w);
      const before = await itemFootprint(item);
      for (const body of [{ type: 'FLY' }, {}, { type: 'submit' }, { type: 7 }]) {
        const res = await t
          .http()
          .post(`/api/achievements/${item.id}/events`)
          .set(w.submitter.auth)
          .send(body);
        expect(res.status).toBe(400);
        expect(Object.keys(res.body.errors)).toEqual(['type']);
        expect(res.body.errors.type).toEqual([
          expect.stringMatching(/^取值不在允许范围内\(SUBMIT, /),
        ]);
      }
      expect(await itemFootprint(item)).toEqual(before);
    });

    it('requires a reason for DECLINE and RETURN_FOR_AMENDMENT in recommendation', async () => {
      const item = await ItemDriver.create(t, w);
      await item.ok(w.submitter, 'SUBMIT');
      const before = await itemFootprint(item);
      for (const type of ['DECLINE', 'RETURN_FOR_AMENDMENT']) {
        for (const extra of [{}, { comment: '' }, { comment: '   ' }]) {
          expectInvalid(await item.send(w.recommender, type, extra), {
            comment: ['该操作必须填写理由'],
          });
        }
      }
      expect(await itemFootprint(item)).toEqual(before);
      // With a reason the same sender succeeds.
      expect((await item.ok(w.recommender, 'DECLINE', { comment: '不符合推荐条件' })).state).toBe(
        'rejected',
      );
    });

    it('requires a reason for REJECT and RETURN_FOR_AMENDMENT in eligibilityCheck', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toEligibility();
      const before = await itemFootprint(item);
      for (const type of ['REJECT', 'RETURN_FOR_AMENDMENT']) {
        expectInvalid(await item.send(w.office, type), { comment: ['该操作必须填写理由'] });
        expectInvalid(await item.send(w.office, type, { comment: ' \n\t ' }), {
          comment: ['该操作必须填写理由'],
        });
      }
      expect(await itemFootprint(item)).toEqual(before);
    });

    it.each(EVENTS_REQUIRING_COMMENT)('requires a reason for %s', async (type) => {
      const item = await ItemDriver.create(t, w);
      await item.ok(w.submitter, 'SUBMIT');
      const before = await itemFootprint(item);
      expectInvalid(await item.send(w.office, type), { comment: ['该操作必须填写理由'] });
      expect(await itemFootprint(item)).toEqual(before);
    });

    it('refuses comments that are too long or not text', async () => {
      const item = await ItemDriver.create(t, w);
      const before = await itemFootprint(item);
      expectInvalid(await item.send(w.submitter, 'SUBMIT', { comment: '长'.repeat(2001) }), {
        comment: ['长度不能超过2000个字符'],
      });
      expectInvalid(await item.send(w.submitter, 'SUBMIT', { comment: 42 }), {
        comment: ['长度不能超过2000个字符', '必须是文本'],
      });
      expect(await itemFootprint(item)).toEqual(before);
    });

    it('refuses data on an event that takes none, so nobody can smuggle in a period or a policy', async () => {
      const item = await ItemDriver.create(t, w);
      const before = await itemFootprint(item);
      expectInvalid(await item.send(w.submitter, 'SUBMIT', { data: { note: '加急' } }), {
        data: ['该操作不接受附加数据'],
      });
      expectInvalid(await item.send(w.submitter, 'SUBMIT', { data: '加急' }), {
        data: ['必须是对象'],
      });
      expect(await itemFootprint(item)).toEqual(before);

      await item.ok(w.submitter, 'SUBMIT');
      const recommending = await itemFootprint(item);
      expectInvalid(await item.send(w.recommender, 'RECOMMEND', { data: { period: '2026-01' } }), {
        data: ['该操作不接受附加数据'],
      });
      expect(await itemFootprint(item)).toEqual(recommending);

      await item.ok(w.recommender, 'RECOMMEND');
      await item.ok(w.office, 'BATCH_CLOSE');
      const checking = await itemFootprint(item);
      expectInvalid(
        await item.send(w.office, 'PASS_ELIGIBILITY', {
          data: { scoring: { weights: { innovation: 1 }, quorum: 1, threshold: 0 } },
        }),
        { data: ['该操作不接受附加数据'] },
      );
      expect(await itemFootprint(item)).toEqual(checking);
      await item.ok(w.office, 'PASS_ELIGIBILITY');
      expect((await item.get()).scoring.policy).toMatchObject({ quorum: 5, threshold: 75 });
    });

    it('refuses an invalid expectedVersion and extra properties', async () => {
      const item = await ItemDriver.create(t, w);
      const before = await itemFootprint(item);
      const cases: [unknown, string[]][] = [
        [0, ['不能小于1']],
        [-3, ['不能小于1']],
        [1.5, ['必须是整数']],
        ['1', ['不能小于1', '必须是整数']],
        ['abc', ['不能小于1', '必须是整数']],
      ];
      for (const [expectedVersion, messages] of cases) {
        expectInvalid(await item.send(w.submitter, 'SUBMIT', { expectedVersion }), {
          expectedVersion: messages,
        });
      }
      expectInvalid(await item.send(w.submitter, 'SUBMIT', { urgent: true }), {
        urgent: [NOT_ALLOWED],
      });
      expect(await itemFootprint(item)).toEqual(before);
      // A well-formed but stale version is a conflict, not bad input.
      const stale = await item.send(w.submitter, 'SUBMIT', { expectedVersion: 7 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ currentVersion: 1, state: 'draft' });
      expect(await itemFootprint(item)).toEqual(before);
    });

    describe('SUBMIT_SCORE', () => {
      let item: ItemDriver;
      let expert: Login;
      beforeAll(async () => {
        item = await ItemDriver.create(t, w);
        await item.toScoring();
        expert = w.experts[0];
      });

      const full = scoreSheet(80);
      const cases: [string, unknown, Record<string, string[]>][] = [
        [
          'a missing criterion',
          { scores: { ...full, maturity: undefined } },
          { 'data.scores.maturity': ['缺少评分项 maturity'] },
        ],
        [
          'a value of 101',
          { scores: { ...full, innovation: 101 } },
          { 'data.scores.innovation': ['评分项 innovation 必须是 0–100 之间的数字'] },
        ],
        [
          'a negative value',
          { scores: { ...full, benefit: -1 } },
          { 'data.scores.benefit': ['评分项 benefit 必须是 0–100 之间的数字'] },
        ],
        [
          'a value that is text',
          { scores: { ...full, significance: '90' } },
          { 'data.scores.significance': ['评分项 significance 必须是 0–100 之间的数字'] },
        ],
        [
          'an unknown criterion',
          { scores: { ...full, beauty: 100 } },
          { 'data.scores.beauty': ['未知的评分项 beauty'] },
        ],
        [
          'several problems at once',
          { scores: { innovation: 101, advancement: 80, significance: 80, benefit: 80, x: 1 } },
          {
            'data.scores.innovation': ['评分项 innovation 必须是 0–100 之间的数字'],
            'data.scores.maturity': ['缺少评分项 maturity'],
            'data.scores.x': ['未知的评分项 x'],
          },
        ],
        ['no scores', {}, { 'data.scores': ['必须是对象'] }],
        ['scores as a list', { scores: [80, 80, 80, 80, 80] }, { 'data.scores': ['必须是对象'] }],
        [
          'an unknown field in the data',
          { scores: full, weights: { innovation: 100 } },
          { 'data.weights': [NOT_ALLOWED] },
        ],
      ];

      it.each(cases)('refuses %s and records no score', async (_, data, errors) => {
        const before = await itemFootprint(item);
        expectInvalid(await item.send(expert, 'SUBMIT_SCORE', { data }), errors);
        expect(await itemFootprint(item)).toEqual(before);
        expect((await item.get(expert)).allowedEvents).toEqual(['SUBMIT_SCORE', 'RECUSE']);
      });

      it('refuses a score sent without data', async () => {
        const before = await itemFootprint(item);
        expectInvalid(await item.send(expert, 'SUBMIT_SCORE'), { 'data.scores': ['必须是对象'] });
        expect(await itemFootprint(item)).toEqual(before);
      });

      it('still takes a valid sheet from the same expert afterwards (the issue’s example body)', async () => {
        const res = await t
          .http()
          .post(`/api/achievements/${item.id}/events`)
          .set(expert.auth)
          .send({
            type: 'SUBMIT_SCORE',
            data: {
              scores: {
                innovation: 90,
                advancement: 85,
                significance: 88,
                benefit: 80,
                maturity: 75,
              },
              comment: '…',
            },
          })
          .expect(200);
        expect(res.body).toMatchObject({ state: 'expertScoring', version: 6 });
        const seen = await item.get(expert);
        // (90·30 + 85·25 + 88·20 + 80·15 + 75·10) / 100 = 85.35
        expect(seen.scoring.scores).toEqual([
          {
            expertId: expert.id,
            criteria: {
              innovation: 90,
              advancement: 85,
              significance: 88,
              benefit: 80,
              maturity: 75,
            },
            weighted: 85.35,
            at: t.clock.now().toISOString(),
            comment: '…',
          },
        ]);
      });
    });
  });

  describe('paths and queries', () => {
    it('refuses a collection period that is not YYYY-MM and closes nothing', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toSubmitted();
      const before = await footprint();
      for (const period of ['2026-13', '2026-00', '202611', '2026-1', 'November', '2026-11-01']) {
        const res = await t
          .http()
          .post(`/api/collection/periods/${period}/close`)
          .set(w.office.auth);
        expectInvalid(res, { period: ['必须是 YYYY-MM 格式的月份'] });
      }
      expect(await footprint()).toEqual(before);
      expect((await item.get()).state).toBe('submitted');
    });

    it('refuses an id that is not a UUID on every item route', async () => {
      const before = await footprint();
      for (const id of ['not-a-uuid', '123', '6f1c2b9e-3d4a-1f5b-8c7d-0e1f2a3b4c5d']) {
        const routes = [
          t.http().get(`/api/achievements/${id}`).set(w.office.auth),
          t.http().get(`/api/achievements/${id}/history`).set(w.office.auth),
          t.http().patch(`/api/achievements/${id}`).set(w.submitter.auth).send({ title: '新标题' }),
          t
            .http()
            .post(`/api/achievements/${id}/events`)
            .set(w.submitter.auth)
            .send({ type: 'SUBMIT' }),
        ];
        for (const res of await Promise.all(routes)) {
          expectInvalid(res, { id: ['不是有效的成果 ID'] });
        }
      }
      expect(await footprint()).toEqual(before);
    });

    it('answers 404 for a well-formed id that does not exist', async () => {
      const id = '6f1c2b9e-3d4a-4f5b-8c7d-0e1f2a3b4c5d';
      const get = await t.http().get(`/api/achievements/${id}`).set(w.office.auth).expect(404);
      expect(get.body).toMatchObject({ statusCode: 404, message: '成果不存在' });
      await t
        .http()
        .post(`/api/achievements/${id}/events`)
        .set(w.submitter.auth)
        .send({ type: 'SUBMIT' })
        .expect(404);
    });

    it('refuses invalid list queries', async () => {
      const list = (query: string) => t.http().get(`/api/achievements?${query}`).set(w.office.auth);
      expectInvalid(await list('limit=0'), { limit: ['不能小于1'] });
      expectInvalid(await list('limit=101'), { limit: ['不能大于100'] });
      expectInvalid(await list('limit=ten'), { limit: ['不能大于100', '不能小于1', '必须是整数'] });
      expectInvalid(await list('state=approved'), {
        state: [expect.stringMatching(/^取值不在允许范围内\(draft, /)],
      });
      expectInvalid(await list('category=software'), {
        category: [`取值不在允许范围内(${CATEGORIES})`],
      });
      expectInvalid(await list('sort=title'), { sort: [NOT_ALLOWED] });
      expectInvalid(await list('cursor=garbage'), { cursor: ['分页游标无效'] });
      // Base64 of JSON, but not the list of keys a cursor holds.
      const forged = Buffer.from(JSON.stringify({ createdAt: 'x' })).toString('base64url');
      expectInvalid(await list(`cursor=${forged}`), { cursor: ['分页游标无效'] });

      // Controls: a real cursor pages on.
      const first = await list('limit=1').expect(200);
      expect(first.body.items).toHaveLength(1);
      expect(typeof first.body.nextCursor).toBe('string');
      const second = await list(`limit=1&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    });

    it('refuses invalid audit queries', async () => {
      const audit = (query: string) => t.http().get(`/api/audit?${query}`).set(w.office.auth);
      expectInvalid(await audit('from=yesterday'), { from: ['必须是有效的日期'] });
      expectInvalid(await audit('to=2026-13-45'), { to: ['必须是有效的日期'] });
      expectInvalid(await audit('limit=0'), { limit: ['不能小于1'] });
      expectInvalid(await audit('cursor=abc'), { cursor: ['格式不正确'] });
    });
  });

  describe('organisations and users', () => {
    it('refuses invalid organisations and writes nothing', async () => {
      const before = await footprint();
      const cases: [Record<string, unknown>, Record<string, string[]>][] = [
        [
          { name: '某某公司', type: 'startup', city: '杭州' },
          {
            type: [
              '取值不在允许范围内(provincialDepartment, cityBureau, countyBureau, university, researchInstitute, provincialLab, techInnovationCenter, newRdInstitution, cobuiltCarrier, industryDepartment, industryAssociation, enterprise)',
            ],
          },
        ],
        [{ name: '', type: 'enterprise', city: '杭州' }, { name: ['不能为空'] }],
        [
          { name: '上海某某公司', type: 'enterprise', city: '上海' },
          { city: ['不是浙江省的设区市'] },
        ],
        [
          { name: '某某公司', type: 'enterprise', city: '杭州', reportsThroughId: 'bureau' },
          { reportsThroughId: ['必须是有效的 ID'] },
        ],
        [
          {
            name: '某某公司',
            type: 'enterprise',
            city: '杭州',
            reportsThroughId: w.orgs.university.id,
          },
          { reportsThroughId: ['只能通过设区市或县(市、区)科技局报送'] },
        ],
        [
          {
            name: '某某公司',
            type: 'enterprise',
            city: '杭州',
            reportsThroughId: w.orgs.nbBureau.id,
          },
          { reportsThroughId: ['上级报送单位必须在同一设区市'] },
        ],
        [
          { name: '某某公司', type: 'enterprise', city: '杭州', ceo: '王五' },
          { ceo: [NOT_ALLOWED] },
        ],
      ];
      for (const [body, errors] of cases) {
        expectInvalid(
          await t.http().post('/api/organizations').set(w.admin.auth).send(body),
          errors,
        );
      }
      expect(await footprint()).toEqual(before);
    });

    it('refuses invalid users and writes nothing', async () => {
      const before = await footprint();
      const valid = {
        username: 'wang',
        password: 'S3cure-pass!',
        displayName: '王五',
        organizationId: w.orgs.enterprise.id,
        roles: ['submitter'],
      };
      const cases: [Record<string, unknown>, Record<string, string[]>][] = [
        [{ ...valid, username: 'w a' }, { username: ['只能包含字母、数字和 _ . -,长度 3–64'] }],
        [{ ...valid, password: 'Ab3-xyz' }, { password: ['长度不能少于12个字符'] }],
        [{ ...valid, roles: [] }, { roles: ['至少需要1项'] }],
        [
          { ...valid, roles: ['king'] },
          {
            roles: [
              '取值不在允许范围内(submitter, recommender, officeStaff, expert, admin, securityAdmin, auditAdmin)',
            ],
          },
        ],
        [{ ...valid, roles: ['expert', 'expert'] }, { roles: ['不能有重复项'] }],
        [{ ...valid, organizationId: 'acme' }, { organizationId: ['必须是有效的 ID'] }],
        [
          { ...valid, organizationId: '6f1c2b9e-3d4a-4f5b-8c7d-0e1f2a3b4c5d' },
          { organizationId: ['单位不存在'] },
        ],
      ];
      for (const [body, errors] of cases) {
        expectInvalid(
          await t.http().post('/api/users').set(w.securityAdmin.auth).send(body),
          errors,
        );
      }
      expect(await footprint()).toEqual(before);
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'wang', password: 'S3cure-pass!' })
        .expect(401);
    });
  });

  describe('the example bodies of the issue, on a fresh database', () => {
    let fresh: TestApp;
    beforeAll(async () => {
      fresh = await createTestApp();
    });
    afterAll(() => fresh.close());

    it('accepts them exactly as written', async () => {
      const admin = await login(fresh, 'admin', ADMIN_PASSWORD);
      const bureau = await fresh
        .http()
        .post('/api/organizations')
        .set(admin.auth)
        .send({ name: '杭州市科学技术局', type: 'cityBureau', city: '杭州' })
        .expect(201);
      expect(bureau.body).toMatchObject({
        name: '杭州市科学技术局',
        type: 'cityBureau',
        city: '杭州',
        county: null,
        reportsThroughId: null,
      });
      const enterprise = await fresh
        .http()
        .post('/api/organizations')
        .set(admin.auth)
        .send({
          name: '某某科技有限公司',
          type: 'enterprise',
          city: '杭州',
          reportsThroughId: bureau.body.id,
        })
        .expect(201);
      expect(enterprise.body).toMatchObject({
        type: 'enterprise',
        reportsThroughId: bureau.body.id,
      });

      const securityAdmin = await login(fresh, 'secadmin', SECURITY_ADMIN_PASSWORD);
      const user = await fresh
        .http()
        .post('/api/users')
        .set(securityAdmin.auth)
        .send({
          username: 'zhang',
          password: 'S3cure-pass!',
          displayName: '张三',
          organizationId: enterprise.body.id,
          roles: ['submitter'],
        })
        .expect(201);
      expect(user.body).toMatchObject({
        username: 'zhang',
        displayName: '张三',
        organizationId: enterprise.body.id,
        roles: ['submitter'],
      });
      expect(user.body).not.toHaveProperty('password');
      expect(user.body).not.toHaveProperty('passwordHash');

      // A new user first replaces the password the administrator gave (#17), then works.
      await setOwnPassword(fresh, 'zhang', 'S3cure-pass!');
      const zhang = await login(fresh, 'zhang', PASSWORD);
      const domains = (await fresh.http().get('/api/reference/domains').set(zhang.auth).expect(200))
        .body as { key: string }[];
      expect(domains.length).toBeGreaterThan(0);
      const body = {
        title: '高性能碳化硅功率芯片',
        summary: '…',
        category: 'techBreakthrough',
        domain: domains[0].key,
        levelClaim: 'domesticLeading',
        breaksMonopoly: true,
        completingUnits: [{ name: '某某科技有限公司' }],
        completers: [{ name: '李四', unit: '某某科技有限公司' }],
        ip: { owner: '某某科技有限公司', patents: ['ZL202310000000.1'], noDispute: true },
        evidence: { replaces: '进口碳化硅MOSFET', industrialization: '已量产,年销售额2亿元' },
      };
      const created = await fresh
        .http()
        .post('/api/achievements')
        .set(zhang.auth)
        .send(body)
        .expect(201);
      expect(created.body).toMatchObject({ state: 'draft', version: 1 });
      const seen = await fresh
        .http()
        .get(`/api/achievements/${created.body.id}`)
        .set(zhang.auth)
        .expect(200);
      expect(seen.body).toMatchObject({
        ...body,
        domain: { key: domains[0].key },
        fillsGap: false,
        ownerOrganization: { id: enterprise.body.id },
        recommenderOrganization: { id: bureau.body.id },
      });
    });
  });

  it('stores SQL injection strings as typed and searches them as text', async () => {
    const title = "碳化硅'); DROP TABLE achievement; --";
    const item = await ItemDriver.create(t, w, techBreakthrough({ title }));
    const seen = await t.http().get(`/api/achievements/${item.id}`).set(w.office.auth).expect(200);
    expect(seen.body.title).toBe(title);
    const all = await t.http().get('/api/achievements?limit=100').set(w.office.auth).expect(200);
    const injected = await t
      .http()
      .get('/api/achievements')
      .query({ q: "' OR 1=1 --", limit: 100 })
      .set(w.office.auth)
      .expect(200);
    // The condition is text to look for, not SQL: it matches nothing, not everything.
    expect(all.body.items.length).toBeGreaterThan(0);
    expect(injected.body.items).toEqual([]);
    const found = await t
      .http()
      .get('/api/achievements')
      .query({ q: 'DROP TABLE', limit: 100 })
      .set(w.office.auth)
      .expect(200);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([item.id]);
    const publicSearch = await t
      .http()
      .get('/api/public/achievements')
      .query({ q: "碳化硅' OR '1'='1" })
      .expect(200);
    expect(publicSearch.body.items).toEqual([]);
  });
});
