import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { CollectionCycleService } from '../src/collection/collection-cycle.service';
import { codesIn } from './support/browser';
import { consoleSignIn } from './support/console-session';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, basicResearch, buildWorld, type Login, type World } from './support/world';

/**
 * Issue 16, breakages 4 and 6 outside the browser: what the system writes for people (editions
 * as DOCX and HTML, CSV and XLSX exports, notification and e-mail texts) carries Asia/Shanghai
 * dates with inclusive interval ends, and no event code, state key or enum value.
 */
const binary = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  // The words of each paragraph (its w:t runs), one paragraph a line.
  return [...xml.matchAll(/<w:p[ >][^]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((r) => r[1]).join(''))
    .join('\n');
}

const htmlText = (html: string) => html.replace(/<[^>]+>/g, ' ');

describe('dates and words in what the system writes', () => {
  let t: TestApp;
  let w: World;
  let early: ItemDriver;
  let late: ItemDriver;

  const get = (path: string, who: Login = w.office) => t.http().get(path).set(who.auth);

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    early = await ItemDriver.create(t, w);
    await early.toLibrary();
    // 2026-11-30 16:30 UTC is 2026-12-01 00:30 in Shanghai: the day a UTC date gets wrong.
    t.clock.set(new Date('2026-11-30T16:30:00Z'));
    late = await ItemDriver.create(t, w, basicResearch());
    await late.ok(w.submitter, 'SUBMIT');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('shows the December edition’s interval inclusive, in Shanghai days', async () => {
    const created = await t
      .http()
      .post('/api/editions')
      .set(w.office.auth)
      .send({ kind: 'monthly', period: '2026-12' })
      .expect(201);
    const office = await consoleSignIn(t, 'office');
    const page = await t
      .http()
      .get(`/editions/${created.body.id}`)
      .set('Cookie', office.cookie)
      .expect(200);
    expect(page.text).toContain('统计区间 2026/12/01 至 2026/12/31');
    expect(page.text).not.toContain('2026-11-30');
    const html = await get(`/api/editions/${created.body.id}/document.html`).expect(200);
    expect(html.text).toContain('统计区间:2026年12月1日至2026年12月31日');
  });

  it('says in words that the Q4 event publishes the third quarter’s results', async () => {
    const created = await t
      .http()
      .post('/api/editions')
      .set(w.office.auth)
      .send({ kind: 'quarterly', period: '2026-Q4' })
      .expect(201);
    const docx = await get(`/api/editions/${created.body.id}/document.docx`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const text = await docxText(docx.body as Buffer);
    expect(text).toContain('发布2026年第三季度成果(2026年7月1日至2026年9月30日)');
    expect(codesIn(text)).toEqual([]);
    const html = await get(`/api/editions/${created.body.id}/document.html`).expect(200);
    expect(html.text).toContain('发布2026年第三季度成果');
    expect(codesIn(htmlText(html.text))).toEqual([]);
  });

  it('writes export times in Shanghai time and no codes in any export', async () => {
    const items = await get('/api/exports/items').expect(200);
    expect(items.text).toContain('2026-12-01 00:30:00');
    expect(items.text).not.toContain('2026-11-30 16:30');
    for (const path of [
      '/api/exports/items',
      '/api/exports/audit',
      '/api/exports/expert-records',
    ]) {
      const csv = await get(path).expect(200);
      expect([path, codesIn(csv.text)]).toEqual([path, []]);
      const xlsx = await get(`${path}?format=xlsx`)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.body);
      const cells: string[] = [];
      book.eachSheet((sheet) =>
        sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))),
      );
      expect([path, codesIn(cells.join('\n'))]).toEqual([path, []]);
    }
    const audit = await get('/api/exports/audit').expect(200);
    expect(audit.text).toContain('形式审查通过');
    expect(audit.text).toContain('省科技厅成果处');
    expect(audit.text).not.toMatch(/PASS_ELIGIBILITY|officeStaff|eligibilityCheck/);
  });

  it('writes a collection close in a letter as 24:00 of the close day', async () => {
    t.clock.set(new Date('2026-11-05T02:00:00Z'));
    await t.app.get(CollectionCycleService).ensurePeriod('2026-11');
    const sent = await t.app.get(CollectionCycleService).remind('2026-11', 5);
    expect(sent).toBeGreaterThan(0);
    const inbox = await get('/api/notifications', w.uniRecommender).expect(200);
    const reminder = (inbox.body.items as { kind: string; body: string }[]).find(
      (n) => n.kind === 'collection.reminder',
    )!;
    expect(reminder.body).toContain('2026年11月10日 24:00');
    expect(reminder.body).not.toContain('11日 00:00');
  });

  it('sends no notification or e-mail text with a code in it', async () => {
    const people = [w.office, w.submitter, w.recommender, w.uniRecommender, ...w.experts];
    for (const who of people) {
      const inbox = await get('/api/notifications', who).expect(200);
      for (const n of inbox.body.items as { subject: string; body: string }[]) {
        expect([n.subject, codesIn(`${n.subject}\n${n.body}`)]).toEqual([n.subject, []]);
      }
    }
  });
});
