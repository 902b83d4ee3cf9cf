import JSZip from 'jszip';
import { dashboardCharts, scriptBytes } from './support/dashboard-charts';
import { pngSize } from './support/png';
import type { Response } from 'supertest';
import { StatsReportsService } from '../src/stats/stats-reports.service';
import { ItemDriver, buildWorld, type World } from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * The ranking report cycle: drafts once a quarter or year has ended (Asia/Shanghai), once, with
 * catch-up after downtime; the office refreshes and issues; the issued DOCX and HTML never change.
 */
describe('ranking reports (通报)', () => {
  let t: TestApp;
  let w: World;
  let reports: StatsReportsService;
  let q3: { id: string };

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-09-20T02:00:00Z') });
    w = await buildWorld(t);
    reports = t.app.get(StatsReportsService);
    const item = await ItemDriver.create(t, w);
    await item.toLibrary();
  });
  afterAll(() => t.close());

  const get = (path: string, who = w.office) => t.http().get(path).set(who.auth);
  const post = (path: string, who = w.office, body: object = {}) =>
    t.http().post(path).set(who.auth).send(body);

  it('drafts a quarter once it has ended in Shanghai, exactly once', async () => {
    expect(await reports.runDue(new Date('2026-09-30T15:59:59Z'))).toBe(0);
    expect(await reports.runDue(new Date('2026-09-30T16:00:00Z'))).toBe(1);
    expect(await reports.runDue(new Date('2026-10-02T00:00:00Z'))).toBe(0);
    const list = (await get('/api/stats/reports').expect(200)).body;
    expect(list).toEqual([
      expect.objectContaining({
        period: '2026-Q3',
        kind: 'quarterly',
        label: '2026年第三季度',
        state: 'draft',
        issuedAt: null,
      }),
    ]);
    q3 = list[0];
  });

  it('catches up after downtime and stays single on two concurrent runs', async () => {
    expect(await reports.runDue(new Date('2027-01-05T00:00:00Z'))).toBe(2);
    const both = await Promise.all([
      reports.runDue(new Date('2027-04-01T00:00:00Z')),
      reports.runDue(new Date('2027-04-01T00:00:00Z')),
    ]);
    expect(both[0] + both[1]).toBe(1);
    const list = (await get('/api/stats/reports').expect(200)).body;
    expect(list.map((r: { period: string }) => r.period)).toEqual([
      '2027-Q1',
      '2026-Q4',
      '2026-Q3',
      '2026',
    ]);
    expect(list.find((r: { period: string }) => r.period === '2026').kind).toBe('annual');
  });

  it('holds the ranking as generated; a draft has a preview page but no DOCX', async () => {
    const report = (await get(`/api/stats/reports/${q3.id}`).expect(200)).body;
    expect(report.content.cities[0]).toMatchObject({
      name: '杭州',
      rank: 1,
      values: { libraryEntries: 1, published: 0 },
    });
    expect(report.content.funnel).toMatchObject({ submitted: 1, inLibrary: 1, published: 0 });
    expect(report.content.weights).toEqual({
      libraryEntries: 35,
      published: 25,
      landmark: 15,
      discipline: 25,
    });
    const preview = await get(`/api/stats/reports/${q3.id}/report.html`).expect(200);
    expect(preview.text).toContain('草稿(未印发)');
    expect(preview.text).toContain('<svg');
    await get(`/api/stats/reports/${q3.id}/report.docx`).expect(409);
  });

  it('lets the office refresh and issue a draft, and nobody else', async () => {
    await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ weights: { libraryEntries: 50, published: 25, landmark: 0, discipline: 25 } })
      .expect(200);
    await post(`/api/stats/reports/${q3.id}/refresh`, w.recommender).expect(403);
    await post(`/api/stats/reports/${q3.id}/issue`, w.admin).expect(403);
    const refreshed = (await post(`/api/stats/reports/${q3.id}/refresh`).expect(200)).body;
    expect(refreshed.content.weights).toEqual({
      libraryEntries: 50,
      published: 25,
      landmark: 0,
      discipline: 25,
    });
    t.clock.set(new Date('2027-04-02T01:00:00Z'));
    const issued = (
      await post(`/api/stats/reports/${q3.id}/issue`, w.office, { comment: '同意印发' }).expect(200)
    ).body;
    expect(issued).toMatchObject({ state: 'issued', issuedAt: '2027-04-02T01:00:00.000Z' });
    const audit = (await get('/api/audit?event=ISSUE').expect(200)).body;
    expect(JSON.stringify(audit)).toContain('同意印发');
  });

  it('stores the issued DOCX and HTML and refuses any change with 409', async () => {
    const docx = await get(`/api/stats/reports/${q3.id}/report.docx`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(docx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const zip = await JSZip.loadAsync(docx.body as Buffer);
    const xml = await zip.file('word/document.xml')!.async('string');
    for (const text of [
      '2026年第三季度重大科技成果工作通报',
      '表1 设区市排名',
      '杭州',
      '入库成果 50',
    ]) {
      expect(xml).toContain(text);
    }
    // The six charts as PNG images, each referenced from the document.
    const media = Object.keys(zip.files).filter((f) => /^word\/media\/[^/]+\.png$/.test(f));
    expect(media).toHaveLength(6);
    const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
    for (const file of media) {
      const png = await zip.file(file)!.async('nodebuffer');
      expect(pngSize(png).width).toBe(1280);
      const id = new RegExp(`Id="([^"]+)"[^>]*Target="${file.slice('word/'.length)}"`).exec(rels);
      expect(xml).toContain(`r:embed="${id![1]}"`);
    }
    const html = (await get(`/api/stats/reports/${q3.id}/report.html`).expect(200)).text;
    expect(html).toContain('印发时间:2027年4月2日 09:00');
    expect(html.match(/<svg/g)).toHaveLength(6);

    await post(`/api/stats/reports/${q3.id}/issue`).expect(409);
    await post(`/api/stats/reports/${q3.id}/refresh`).expect(409);
    await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ weights: { libraryEntries: 35, published: 25, landmark: 15, discipline: 25 } })
      .expect(200);
    const again = await get(`/api/stats/reports/${q3.id}/report.docx`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(Buffer.compare(again.body as Buffer, docx.body as Buffer)).toBe(0);
    expect((await get(`/api/stats/reports/${q3.id}/report.html`).expect(200)).text).toBe(html);
    expect(
      (await get(`/api/stats/reports/${q3.id}`).expect(200)).body.content.weights.libraryEntries,
    ).toBe(50);
  });

  it('guards the reports and their ids', async () => {
    await get('/api/stats/reports', w.recommender).expect(403);
    await get('/api/stats/reports', w.submitter).expect(403);
    await get(`/api/stats/reports/${q3.id}/report.docx`, w.experts[0]).expect(403);
    await get('/api/stats/reports/00000000-0000-4000-8000-000000000000').expect(404);
    const bad = await get('/api/stats/reports/nope').expect(400);
    expect(bad.body.errors).toEqual({ id: ['不是有效的通报 ID'] });
  });

  it('drafts reports as the simulated clock moves day by day', async () => {
    await post('/api/admin/clock', w.admin, { advanceDays: 91 }).expect(200);
    const list = (await get('/api/stats/reports').expect(200)).body;
    expect(list[0]).toMatchObject({ period: '2027-Q2', state: 'draft' });
    expect(list).toHaveLength(5);
  });

  describe('the console dashboard', () => {
    const page = (path: string, who = w.office) =>
      t.http().get(path).set('Cookie', `cg_session=${who.token}`);

    it('draws the charts on the server as labelled SVG, loading no chart script', async () => {
      const res = await page('/stats?period=2026-Q3').expect(200);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain("script-src 'self' 'unsafe");
      // No inline script, and no ECharts: only the console's own small scripts.
      expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const sources = [...res.text.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
      expect(sources).toEqual(['/assets/htmx.min.js', '/assets/app.js']);
      // Issue 16: no console page loads more than 300 KB of script; ECharts alone is 1.1 MB.
      expect(await scriptBytes(t, res.text)).toBeLessThanOrEqual(300 * 1024);
      const charts = dashboardCharts(res.text);
      expect(Object.keys(charts)).toEqual([
        'funnel',
        'releases',
        'cities',
        'trend',
        'stages',
        'targets',
      ]);
      for (const svg of Object.values(charts)) {
        expect(svg).toMatch(
          /^<svg role="img" aria-label="[^"]+" [^>]*viewBox="0 0 640 \d+"><title>/,
        );
      }
      // The funnel's series: its label on the drawing and its figure in the text alternative.
      expect(charts.funnel).toContain('>入库:1</text>');
      expect(charts.funnel).toMatch(/aria-label="各环节成果数。[^"]*入库 1[、"]/);
      expect(res.text).toContain('<td data-metric="inLibrary">1</td>');
      expect(res.text).toContain('id="figures-cities"');
      expect(res.text).toContain('id="ranking-cities"');
      expect(res.text).toContain(`/stats/reports/${q3.id}/report.docx`);
      // Nothing serves ECharts or the old chart script any more.
      await t.http().get('/assets/echarts.min.js').expect(404);
      await t.http().get('/assets/stats.js').expect(404);
    });

    it('serves the issued documents and the exports to the console session', async () => {
      const docx = await page(`/stats/reports/${q3.id}/report.docx`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
      expect((await page(`/stats/reports/${q3.id}/report.html`).expect(200)).text).toContain(
        '印发时间',
      );
      const csv = await page('/stats/export/items?format=csv&period=2026').expect(200);
      expect(csv.text.split('\r\n')).toHaveLength(3); // headings, one item, final newline
    });

    it('narrows a city bureau to its city and refuses other roles', async () => {
      const own = await page('/stats?period=2026-Q3', w.recommender).expect(200);
      expect(own.text).toContain('name="city" value="杭州" readonly');
      expect(own.text).not.toContain('id="ranking-cities"');
      await page('/stats?city=宁波', w.recommender).expect(403);
      await page('/stats', w.submitter).expect(403);
      await page(`/stats/reports/${q3.id}/report.docx`, w.recommender).expect(403);
      const bad = await page('/stats?period=2026-Q5').expect(400);
      expect(bad.text).toContain('必须是 YYYY、YYYY-Q1…Q4 或 YYYY-MM 格式的统计期');
    });
  });
});
