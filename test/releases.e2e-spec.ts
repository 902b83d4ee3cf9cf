import JSZip from 'jszip';
import { AuditEvent } from '../src/workflow/audit-event.entity';
import {
  ItemDriver,
  addSecondOffice,
  buildWorld,
  firstLogin,
  INITIAL_PASSWORD,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

interface EditionView {
  id: string;
  kind: string;
  number: string;
  state: string;
  version: number;
  cycleKey: string | null;
  correctsEditionId: string | null;
  distributionList: string[];
  items: {
    achievementId: string;
    position: number;
    blurb: string;
    shortlisted: boolean;
    selected: boolean;
    title: string;
    score: number | null;
  }[];
}

/** Collects a binary response body (a DOCX) into a Buffer; supertest's types only know text parsers. */
const binary = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

async function documentXml(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('word/document.xml')!.async('string');
}

describe('release editions', () => {
  let t: TestApp;
  let w: World;
  let chip: ItemDriver;
  let optics: ItemDriver;
  let sensor: ItemDriver;
  let battery: ItemDriver;
  let cityOffice: Login;
  /** Issues what `office` submitted: the four-eyes rule (on by default) keeps them apart. */
  let secondOffice: Login;
  let monthly: EditionView;

  const api = (who: Login) => ({
    get: (path: string) => t.http().get(path).set(who.auth),
    post: (path: string, body: object = {}) => t.http().post(path).set(who.auth).send(body),
    patch: (path: string, body: object) => t.http().patch(path).set(who.auth).send(body),
    put: (path: string, body: object) => t.http().put(path).set(who.auth).send(body),
  });
  const office = () => api(w.office);
  const office2 = () => api(secondOffice);
  const edition = async (id: string) =>
    (await office().get(`/api/editions/${id}`).expect(200)).body as EditionView;
  const auditRows = () => t.orm.em.fork().count(AuditEvent, {});

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
    w = await buildWorld(t);
    // Distinct panel scores (lower for later items), so that ranking by score is visible.
    let offset = 0;
    const toLibrary = async (body: ReturnType<typeof techBreakthrough>) => {
      const item = await ItemDriver.create(t, w, body);
      await item.toScoring();
      await item.score([90, 88, 85, 80, 92].map((v) => v - offset));
      await item.ok(w.office, 'CONFIRM_VERIFICATION');
      offset += 3;
      t.clock.advance(3600_000);
      return item;
    };
    chip = await toLibrary(techBreakthrough({ title: '高性能碳化硅功率芯片' }));
    optics = await toLibrary(techBreakthrough({ title: '大口径光学元件超精密加工技术' }));
    sensor = await toLibrary(techBreakthrough({ title: '高精度MEMS惯性传感器' }));
    battery = await toLibrary(techBreakthrough({ title: '固态锂电池电解质材料' }));
    await t
      .http()
      .post('/api/users')
      .set(w.securityAdmin.auth)
      .send({
        username: 'city-office',
        password: INITIAL_PASSWORD,
        displayName: '市局工作人员',
        organizationId: w.orgs.hzBureau.id,
        roles: ['officeStaff'],
      })
      .expect(201);
    cityOffice = await firstLogin(t, 'city-office');
    secondOffice = await addSecondOffice(t, w);
  });
  afterAll(() => t.close());

  it('is for the provincial office only: 401 anonymous, 403 other roles and other organisations', async () => {
    await t.http().get('/api/editions').expect(401);
    for (const who of [w.submitter, w.recommender, w.experts[0], w.admin, cityOffice]) {
      await api(who).get('/api/editions').expect(403);
      await api(who).post('/api/editions', { kind: 'monthly', period: '2026-11' }).expect(403);
    }
    expect((await office().get('/api/editions').expect(200)).body).toEqual([]);
  });

  it('refuses bad input with a Chinese message per field and writes nothing', async () => {
    const res = await office()
      .post('/api/editions', { kind: 'weekly', period: 'soon' })
      .expect(400);
    expect(Object.keys(res.body.errors).sort()).toEqual(['kind', 'period']);
    expect(res.body.errors.period[0]).toMatch(/YYYY-MM/);
    const mismatch = await office()
      .post('/api/editions', { kind: 'quarterly', period: '2026-11' })
      .expect(400);
    expect(mismatch.body.errors.period).toEqual(['期别格式与刊物类型不符']);
    await office().get('/api/editions/not-a-uuid').expect(400);
    expect((await office().get('/api/editions').expect(200)).body).toEqual([]);
  });

  it('drafts a monthly edition proposing library items, newest first, and only once', async () => {
    const created = await office()
      .post('/api/editions', { kind: 'monthly', period: '2026-11' })
      .expect(201);
    monthly = created.body;
    expect(monthly).toMatchObject({
      kind: 'monthly',
      number: '2026年第11期',
      state: 'draft',
      version: 1,
      cycleKey: 'monthly:2026-11',
    });
    expect(monthly.items.map((i) => i.title)).toEqual([
      '固态锂电池电解质材料',
      '高精度MEMS惯性传感器',
      '大口径光学元件超精密加工技术',
      '高性能碳化硅功率芯片',
    ]);
    expect(typeof monthly.items[0].score).toBe('number');
    await office().post('/api/editions', { kind: 'monthly', period: '2026-11' }).expect(409);
  });

  it('curates: items must be in the library, edits need the current version', async () => {
    // An item still in draft cannot go into an edition; nothing changes.
    const draftItem = await ItemDriver.create(t, w, techBreakthrough({ title: '尚未入库的成果' }));
    const bad = await office()
      .put(`/api/editions/${monthly.id}/items`, {
        expectedVersion: 1,
        items: [
          { achievementId: chip.id },
          { achievementId: draftItem.id },
          { achievementId: chip.id },
        ],
      })
      .expect(400);
    expect(bad.body.errors['items.1.achievementId'][0]).toContain('不在成果库中');
    expect(bad.body.errors['items.2.achievementId']).toEqual(['同一成果在本期中重复出现']);
    expect((await edition(monthly.id)).version).toBe(1);

    const curated = await office()
      .put(`/api/editions/${monthly.id}/items`, {
        expectedVersion: 1,
        items: [
          { achievementId: chip.id, blurb: '车规级碳化硅芯片实现自主可控' },
          { achievementId: optics.id, blurb: '支撑国家重大科技基础设施' },
        ],
      })
      .expect(200);
    expect(curated.body.version).toBe(2);
    expect(curated.body.items.map((i: { title: string }) => i.title)).toEqual([
      '高性能碳化硅功率芯片',
      '大口径光学元件超精密加工技术',
    ]);

    // Two editors on version 2: one wins, the other gets 409.
    const [a, b] = await Promise.all([
      office().patch(`/api/editions/${monthly.id}`, {
        expectedVersion: 2,
        distributionList: ['省委办公厅', '省政府办公厅'],
      }),
      office().patch(`/api/editions/${monthly.id}`, {
        expectedVersion: 2,
        distributionList: ['科技部成果转化司'],
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? ['省委办公厅', '省政府办公厅'] : ['科技部成果转化司'];
    expect((await edition(monthly.id)).distributionList).toEqual(winner);
    await office()
      .patch(`/api/editions/${monthly.id}`, {
        expectedVersion: 3,
        distributionList: ['省委办公厅', '省政府办公厅', '各设区市科技局'],
      })
      .expect(200);
    await office()
      .patch(`/api/editions/${monthly.id}`, { expectedVersion: 4, eventDetails: { venue: '杭州' } })
      .expect(400);
  });

  it('issues: publishes the items, stores the documents, and serves them publicly', async () => {
    await office().post(`/api/editions/${monthly.id}/issue`, { expectedVersion: 4 }).expect(409);
    await office().post(`/api/editions/${monthly.id}/submit`, { expectedVersion: 4 }).expect(200);
    const issued = await office2()
      .post(`/api/editions/${monthly.id}/issue`, { expectedVersion: 5 })
      .expect(200);
    expect(issued.body).toMatchObject({ state: 'issued', version: 6, issuedBy: 'office2' });
    expect((await chip.get()).state).toBe('published');
    expect((await optics.get()).state).toBe('published');
    expect((await sensor.get()).state).toBe('inLibrary');
    const history = (await office().get(`/api/achievements/${chip.id}/history`).expect(200)).body;
    expect(JSON.stringify(history.at(-1))).toContain('PUBLISH');

    const docx = await office()
      .get(`/api/editions/${monthly.id}/document.docx`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const xml = await documentXml(docx.body as Buffer);
    for (const text of [
      '《重大科技成果月报》',
      '2026年第11期',
      '2026年11月',
      '高性能碳化硅功率芯片',
      '大口径光学元件超精密加工技术',
      '车规级碳化硅芯片实现自主可控',
      // The closing block (版记): the edition's list as 报, the office's default 抄送.
      '报：省委办公厅、省政府办公厅、各设区市科技局',
      '抄送：科技部、各设区市科技局',
    ]) {
      expect(xml).toContain(text);
    }
    expect(xml).not.toContain('高精度MEMS惯性传感器');

    const html = await office().get(`/api/editions/${monthly.id}/document.html`).expect(200);
    expect(html.text).toContain('高性能碳化硅功率芯片');

    // Anyone may read an issued edition: the same stored document, public fields only.
    const list = (await t.http().get('/api/public/editions').expect(200)).body;
    expect(list.map((e: { id: string }) => e.id)).toEqual([monthly.id]);
    const one = (await t.http().get(`/api/public/editions/${monthly.id}`).expect(200)).body;
    expect(one.items.map((i: { achievement: { title: string } }) => i.achievement.title)).toEqual([
      '高性能碳化硅功率芯片',
      '大口径光学元件超精密加工技术',
    ]);
    expect(one.documents.docx).toBe(`/api/public/editions/${monthly.id}/document.docx`);
    const json = JSON.stringify(one);
    for (const secret of ['score', 'expert', 'panel', 'aggregate', 'comment', 'ip', 'patents']) {
      expect(json).not.toContain(`"${secret}"`);
    }
    const publicDocx = await t
      .http()
      .get(`/api/public/editions/${monthly.id}/document.docx`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(Buffer.compare(publicDocx.body as Buffer, docx.body as Buffer)).toBe(0);
    await t.http().get(`/api/public/editions/${monthly.id}/document.html`).expect(200);
  });

  it('keeps an issued edition immutable: every change is 409, the document never changes', async () => {
    const before = await edition(monthly.id);
    const docBefore = (
      await office()
        .get(`/api/editions/${monthly.id}/document.docx`)
        .buffer(true)
        .parse(binary as never)
    ).body as Buffer;
    t.clock.advance(3 * 24 * 3600_000);
    const v = before.version;
    const attempts = [
      office().patch(`/api/editions/${monthly.id}`, {
        expectedVersion: v,
        distributionList: ['x'],
      }),
      office().put(`/api/editions/${monthly.id}/items`, { expectedVersion: v, items: [] }),
      office().post(`/api/editions/${monthly.id}/submit`, { expectedVersion: v }),
      office().post(`/api/editions/${monthly.id}/return`, { expectedVersion: v }),
      office().post(`/api/editions/${monthly.id}/issue`, { expectedVersion: v }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('已签发');
    }
    expect(await edition(monthly.id)).toEqual(before);
    const docAfter = (
      await office()
        .get(`/api/editions/${monthly.id}/document.docx`)
        .buffer(true)
        .parse(binary as never)
    ).body as Buffer;
    expect(Buffer.compare(docAfter, docBefore)).toBe(0);
  });

  it('does not propose items featured in the last six months without newer progress', async () => {
    const december = await office()
      .post('/api/editions', { kind: 'monthly', period: '2026-12' })
      .expect(201);
    expect(december.body.items.map((i: { title: string }) => i.title)).toEqual([
      '固态锂电池电解质材料',
      '高精度MEMS惯性传感器',
    ]);
  });

  it('proposes a featured item again, first, once the office approves newer progress', async () => {
    t.clock.advance(24 * 3600_000);
    const progress = await t
      .http()
      .post(`/api/library/${chip.id}/progress`)
      .set(w.submitter.auth)
      .send({ title: '第二代产品量产', content: '年产能提升至十万片。' })
      .expect(201);
    // Pending progress does not count yet.
    const before = await office()
      .post('/api/editions', { kind: 'monthly', period: '2027-01' })
      .expect(201);
    expect(before.body.items.map((i: { title: string }) => i.title)).not.toContain(
      '高性能碳化硅功率芯片',
    );
    await t
      .http()
      .post(`/api/library/${chip.id}/progress/${progress.body.id}/decision`)
      .set(w.office.auth)
      .send({ decision: 'approve' })
      .expect(201);
    const after = await office()
      .post('/api/editions', { kind: 'monthly', period: '2027-02' })
      .expect(201);
    expect(after.body.items[0].title).toBe('高性能碳化硅功率芯片');
  });

  it('issues atomically: one item revoked → 409 naming it, nothing published, no audit rows', async () => {
    const q = (
      await office().post('/api/editions', { kind: 'quarterly', period: '2027-Q1' }).expect(201)
    ).body as EditionView;
    await office()
      .put(`/api/editions/${q.id}/items`, {
        expectedVersion: q.version,
        items: [
          { achievementId: sensor.id, blurb: '惯性导航核心器件' },
          { achievementId: battery.id, blurb: '固态电池关键材料' },
        ],
      })
      .expect(200);
    await office()
      .patch(`/api/editions/${q.id}`, {
        expectedVersion: q.version + 1,
        eventDetails: {
          date: '2027-01-18',
          venue: '杭州国际博览中心',
          coHosts: ['杭州市人民政府'],
          presenters: ['省科技厅'],
        },
      })
      .expect(200);
    await office()
      .post(`/api/editions/${q.id}/submit`, { expectedVersion: q.version + 2 })
      .expect(200);
    await battery.ok(w.office, 'REVOKE', { comment: '发现数据造假' });

    const rowsBefore = await auditRows();
    const refused = await office2()
      .post(`/api/editions/${q.id}/issue`, { expectedVersion: q.version + 3 })
      .expect(409);
    expect(refused.body.message).toContain('固态锂电池电解质材料');
    expect(refused.body.message).toContain('已撤销');
    expect(await auditRows()).toBe(rowsBefore);
    expect((await sensor.get()).state).toBe('inLibrary');
    const after = await edition(q.id);
    expect(after).toMatchObject({ state: 'underReview', version: q.version + 3 });
    expect((await t.http().get('/api/public/editions').expect(200)).body).toHaveLength(1);
    await t.http().get(`/api/public/editions/${q.id}`).expect(404);

    // Back to draft, drop the revoked item, and it issues.
    await office()
      .post(`/api/editions/${q.id}/return`, { expectedVersion: q.version + 3 })
      .expect(200);
    await office()
      .put(`/api/editions/${q.id}/items`, {
        expectedVersion: q.version + 4,
        items: [{ achievementId: sensor.id }],
      })
      .expect(200);
    await office()
      .post(`/api/editions/${q.id}/submit`, { expectedVersion: q.version + 5 })
      .expect(200);
    const issued = await office2()
      .post(`/api/editions/${q.id}/issue`, { expectedVersion: q.version + 6 })
      .expect(200);
    expect(issued.body.items.map((i: { blurb: string }) => i.blurb)).toEqual(['惯性导航核心器件']);
    expect((await sensor.get()).state).toBe('published');
    const html = (await t.http().get(`/api/public/editions/${q.id}/document.html`).expect(200))
      .text;
    expect(html).toContain('杭州国际博览中心');
    expect(html).toContain('高精度MEMS惯性传感器');
  });

  it('corrects an issued edition with a new draft that refers to it', async () => {
    const res = await office().post(`/api/editions/${monthly.id}/corrections`).expect(201);
    expect(res.body).toMatchObject({
      state: 'draft',
      number: '2026年第11期',
      correctsEditionId: monthly.id,
      cycleKey: null,
    });
    expect(res.body.items).toHaveLength(2);
    await api(w.submitter).post(`/api/editions/${monthly.id}/corrections`).expect(403);
  });

  it('runs the annual list: shortlist by score, expert vote, office pick, ranked table', async () => {
    const annual = (
      await office().post('/api/editions', { kind: 'annual', period: '2026' }).expect(201)
    ).body as EditionView & { items: { votes: number }[] };
    // The revoked item has left the library; the other three are shortlisted by score.
    const [chipItem, opticsItem, sensorItem] = annual.items;
    expect(annual.items.map((i) => i.title)).toEqual([
      '高性能碳化硅功率芯片',
      '大口径光学元件超精密加工技术',
      '高精度MEMS惯性传感器',
    ]);
    expect(annual.items.every((i) => i.shortlisted && !i.selected)).toBe(true);
    expect(chipItem.score!).toBeGreaterThan(opticsItem.score!);
    expect(opticsItem.score!).toBeGreaterThan(sensorItem.score!);
    await office().post(`/api/editions/${annual.id}/submit`, { expectedVersion: 1 }).expect(409);

    // Expert vote: opened by the office, ballots by experts, never for their own unit's items.
    await office().post(`/api/editions/${annual.id}/vote/open`, { expectedVersion: 1 }).expect(200);
    await office().post(`/api/editions/${annual.id}/submit`, { expectedVersion: 2 }).expect(409);
    await api(w.submitter).get(`/api/editions/${annual.id}/ballot`).expect(403);
    await api(w.office)
      .put(`/api/editions/${annual.id}/ballot`, { achievementIds: [] })
      .expect(403);
    const ballot = (await api(w.experts[0]).get(`/api/editions/${annual.id}/ballot`).expect(200))
      .body;
    expect(ballot).toMatchObject({ votingState: 'open', maxVotes: 20, myVotes: [] });
    expect(ballot.items).toHaveLength(3);
    const own = await api(w.ownExpert)
      .put(`/api/editions/${annual.id}/ballot`, { achievementIds: [chip.id] })
      .expect(400);
    expect(own.body.errors['achievementIds.0'][0]).toContain('回避');
    const outside = await api(w.experts[0])
      .put(`/api/editions/${annual.id}/ballot`, { achievementIds: [battery.id] })
      .expect(400);
    expect(outside.body.errors['achievementIds.0']).toEqual(['该成果不在本榜单候选名单中']);
    const cast = (ids: string[], who = 0) =>
      api(w.experts[who])
        .put(`/api/editions/${annual.id}/ballot`, { achievementIds: ids })
        .expect(200);
    await cast([sensor.id, chip.id], 0);
    await cast([optics.id], 1);
    await cast([sensor.id], 1); // a recast replaces the ballot
    await cast([optics.id], 2);
    const tally = await edition(annual.id);
    expect(
      Object.fromEntries(
        (tally.items as (EditionView['items'][number] & { votes: number })[]).map((i) => [
          i.title,
          i.votes,
        ]),
      ),
    ).toEqual({
      高精度MEMS惯性传感器: 2,
      高性能碳化硅功率芯片: 1,
      大口径光学元件超精密加工技术: 1,
    });

    // Closing selects the most-voted (ties: higher score) in vote order.
    const closed = (
      await office()
        .post(`/api/editions/${annual.id}/vote/close`, { expectedVersion: 2, size: 2 })
        .expect(200)
    ).body as EditionView;
    expect(closed.items.map((i) => [i.title, i.selected])).toEqual([
      ['高精度MEMS惯性传感器', true],
      ['高性能碳化硅功率芯片', true],
      ['大口径光学元件超精密加工技术', false],
    ]);
    await api(w.experts[0])
      .put(`/api/editions/${annual.id}/ballot`, { achievementIds: [chip.id] })
      .expect(409);

    // The office has the last word: it reorders the pick, then issues.
    await office()
      .put(`/api/editions/${annual.id}/items`, {
        expectedVersion: 3,
        items: [
          { achievementId: chip.id },
          { achievementId: sensor.id },
          { achievementId: optics.id, selected: false },
        ],
      })
      .expect(200);
    await office().post(`/api/editions/${annual.id}/submit`, { expectedVersion: 4 }).expect(200);
    await office2().post(`/api/editions/${annual.id}/issue`, { expectedVersion: 5 }).expect(200);
    const pub = (await t.http().get(`/api/public/editions/${annual.id}`).expect(200)).body;
    expect(
      pub.items.map((i: { rank: number; achievement: { title: string } }) => [
        i.rank,
        i.achievement.title,
      ]),
    ).toEqual([
      [1, '高性能碳化硅功率芯片'],
      [2, '高精度MEMS惯性传感器'],
    ]);
    expect(JSON.stringify(pub)).not.toContain('votes');
    const docx = await t
      .http()
      .get(`/api/public/editions/${annual.id}/document.docx`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const xml = await documentXml(docx.body as Buffer);
    expect(xml).toContain('《年度重大科技成果榜单》');
    expect(xml).toContain('<w:tbl>');
    expect(xml.indexOf('高性能碳化硅功率芯片')).toBeLessThan(xml.indexOf('高精度MEMS惯性传感器'));
    expect(xml).not.toContain('大口径光学元件超精密加工技术');
  });
});
