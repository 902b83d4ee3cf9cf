import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from './support/test-app';
import { buildWorld, ItemDriver, type World } from './support/world';

interface Entry {
  seq: number;
  kind: string;
  kindLabel: string;
  actorId: string | null;
  actorUsername: string | null;
  username: string | null;
  clientIp: string | null;
  detail: Record<string, unknown>;
  description: string;
}

/**
 * The security log for the audit administrator: refusals and exports of unpublished data are
 * written to it; the audit administrator alone searches, exports and verifies it.
 */
describe('security log (HTTP)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const search = async (query: string) =>
    (await t.http().get(`/api/security-log?${query}`).set(w.auditAdmin.auth).expect(200)).body as {
      entries: Entry[];
      nextCursor: string | null;
    };

  it('records every refusal with the route and method, from the API and the console, never the body', async () => {
    await t
      .http()
      .post('/api/users')
      .set(w.submitter.auth)
      .send({ username: 'intruder', password: 'Secret-body-2026!' })
      .expect(403);
    await t
      .http()
      .get('/audit?q=secret-query')
      .set('Cookie', `cg_session=${w.admin.token}`)
      .expect(403);
    const { entries } = await search('kind=accessDenied');
    const api = entries.find((e) => e.actorId === w.submitter.id);
    expect(api).toMatchObject({
      kindLabel: '越权访问被拒绝',
      actorUsername: 'submitter',
      detail: { method: 'POST', path: '/api/users', route: '/api/users' },
      description: 'POST /api/users',
    });
    const web = entries.find((e) => e.actorId === w.admin.id);
    expect(web?.detail).toMatchObject({ method: 'GET', path: '/audit' });
    expect(JSON.stringify(entries)).not.toMatch(/Secret-body|secret-query/);
  });

  it('records exports of unpublished data and downloads of an unpublished item’s files', async () => {
    await t.http().get('/api/exports/items?format=csv').set(w.office.auth).expect(200);
    await t.http().get('/api/exports/audit?format=xlsx').set(w.auditAdmin.auth).expect(200);
    await t
      .http()
      .get('/stats/export/items?format=csv')
      .set('Cookie', `cg_session=${w.office.token}`)
      .expect(200);
    const item = await ItemDriver.create(t, w);
    const file = await t
      .http()
      .post(`/api/achievements/${item.id}/attachments`)
      .set(w.submitter.auth)
      .field('kind', 'other')
      .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'proof.pdf')
      .expect(201);
    await t
      .http()
      .get(`/api/achievements/${item.id}/attachments/${file.body.id}`)
      .set(w.office.auth)
      .expect(200);
    const exported = (await search('kind=dataExported')).entries;
    expect(exported.map((e) => e.description)).toEqual(
      expect.arrayContaining(['成果清单(CSV)', '审计记录(XLSX)']),
    );
    expect(exported.filter((e) => e.detail.what === 'items')).toHaveLength(2);
    const downloads = (await search('kind=fileDownloaded')).entries;
    expect(downloads[0]).toMatchObject({
      actorId: w.office.id,
      detail: { itemId: item.id, attachmentId: file.body.id, fileName: 'proof.pdf' },
    });
  });

  it('searches by kind, user name, actor, address and dates, a page at a time', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http().get('/api/users').set(w.recommender.auth).expect(403);
    }
    const byActor = await search('actor=RECOMMENDER&kind=accessDenied');
    expect(byActor.entries.length).toBeGreaterThanOrEqual(3);
    expect(byActor.entries.every((e) => e.actorUsername?.includes('recommender'))).toBe(true);
    const byUser = await search('username=Recommender');
    expect(byUser.entries.every((e) => e.username === 'recommender')).toBe(true);
    const ip = byActor.entries[0].clientIp!;
    expect((await search(`ip=${encodeURIComponent(ip)}`)).entries.length).toBeGreaterThan(0);
    expect((await search('ip=10.9.9.9')).entries).toEqual([]);
    const today = '2026-11-05';
    expect((await search(`from=${today}&to=${today}`)).entries.length).toBeGreaterThan(0);
    expect((await search('from=2026-11-06')).entries).toEqual([]);
    // Newest first, and the cursor leads to the older entries without overlap.
    const all = (await search('')).entries;
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => b - a));

    const bad = await t
      .http()
      .get('/api/security-log?kind=bogus&from=2026-13-01&cursor=x')
      .set(w.auditAdmin.auth)
      .expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['cursor', 'from', 'kind']);
  });

  it('exports the search as CSV and XLSX with labels, and logs the export', async () => {
    const csv = await t
      .http()
      .get('/api/security-log/export?format=csv&kind=accessDenied')
      .set(w.auditAdmin.auth)
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['cache-control']).toBe('no-store');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('序号,时间,事件,操作人,涉及账号,IP 地址,说明,哈希');
    expect(lines.slice(1).every((l) => l.includes('越权访问被拒绝'))).toBe(true);
    expect(csv.text).not.toContain('accessDenied');

    const xlsx = await t
      .http()
      .get('/api/security-log/export?format=xlsx')
      .set(w.auditAdmin.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    expect(book.worksheets[0].getRow(1).getCell(3).value).toBe('事件');
    const logged = (await search('kind=dataExported')).entries.filter(
      (e) => e.detail.what === 'securityLog',
    );
    expect(logged.map((e) => e.detail.format).sort()).toEqual(['csv', 'xlsx']);
  });

  it('verifies its chain', async () => {
    const res = await t.http().get('/api/security-log/verify').set(w.auditAdmin.auth).expect(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.checked).toBeGreaterThan(10);
  });

  it('is the audit administrator’s alone', async () => {
    for (const who of [w.admin, w.securityAdmin, w.office, w.submitter]) {
      for (const path of [
        '/api/security-log',
        '/api/security-log/verify',
        '/api/security-log/export?format=csv',
      ]) {
        await t.http().get(path).set(who.auth).expect(403);
      }
    }
  });
});
