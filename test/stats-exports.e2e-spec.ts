import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { ExportsService } from '../src/exports/exports.service';
import { ItemDriver, buildWorld, techBreakthrough, type World } from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Parses our CSV (RFC 4180, BOM, CRLF) back into rows. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.slice(1);
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  expect(row).toEqual([]);
  return rows;
}

/**
 * Exports stream keyset-paged queries; with a page of two rows, five items and their audit rows
 * cross several page boundaries, including items created at the same instant.
 */
describe('exports', () => {
  let t: TestApp;
  let w: World;
  const items: ItemDriver[] = [];
  const tricky = '碳化硅"芯片",第二代\n量产';

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-05T02:00:00Z') });
    w = await buildWorld(t);
    t.app.get(ExportsService).pageSize = 2;
    for (const title of ['甲', tricky, '=1+2', '丁', '戊']) {
      items.push(await ItemDriver.create(t, w, techBreakthrough({ title })));
    }
    await items[0].toLibrary();
    await items[1].ok(w.submitter, 'SUBMIT');
  });
  afterAll(() => t.close());

  const get = (path: string, who = w.office) => t.http().get(path).set(who.auth);

  it('streams items as CSV with Chinese, commas, quotes and line breaks escaped', async () => {
    const res = await get('/api/exports/items?format=csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="items.csv"');
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([
      '成果ID',
      '成果名称',
      '类别',
      '领域',
      '城市',
      '申报单位',
      '征集单位',
      '状态',
      '批次',
      '创建时间',
      '评审得分',
      '评分极差',
      '评审轮次',
    ]);
    expect(rows).toHaveLength(6);
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect([...byId.keys()].sort()).toEqual(items.map((i) => i.id).sort());
    expect(byId.get(items[1].id)!.slice(1, 10)).toEqual([
      tricky,
      '技术突破类',
      expect.any(String),
      '杭州',
      '某某科技有限公司',
      '杭州市科学技术局',
      '待推荐',
      '',
      '2026-11-05 10:00:00',
    ]);
    expect(byId.get(items[2].id)![1]).toBe("'=1+2");
    const first = byId.get(items[0].id)!;
    expect(first[7]).toBe('已入库');
    expect(first[8]).toBe('2026-11');
    expect(Number(first[10])).toBeGreaterThan(80);
    expect(res.text).toContain(`"${tricky.replace(/"/g, '""')}"`);
  });

  it('gives the same rows as XLSX, read back with exceljs', async () => {
    const csv = parseCsv((await get('/api/exports/items').expect(200)).text);
    const res = await get('/api/exports/items?format=xlsx').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const book = new ExcelJS.Workbook();
    // exceljs types its Buffer against an older @types/node.
    await book.xlsx.load(res.body as never);
    const sheet = book.getWorksheet('成果清单')!;
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      rows.push(
        Array.from((row.values as unknown[]).slice(1), (v) =>
          v === null || v === undefined ? '' : String(v as string | number),
        ),
      );
    });
    const pad = (r: string[]) => [...r, ...Array(13 - r.length).fill('')];
    // The CSV defuses formulas; the sheet holds the text as typed (a string cell never runs).
    const expected = csv.map((r) => r.map((c) => (c === "'=1+2" ? '=1+2' : c)));
    expect(rows.map(pad)).toEqual(expected);
  });

  it('streams the audit trail and expert records across pages', async () => {
    const audit = parseCsv((await get('/api/exports/audit?period=2026-11').expect(200)).text);
    const count = await t.orm.em
      .fork()
      .getConnection()
      .execute('select count(*) as n from audit_event');
    expect(audit.length - 1).toBe(Number((count[0] as { n: number | string }).n));
    const seqs = audit.slice(1).map((r) => Number(r[0]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(
      audit
        .slice(1)
        .filter((r) => r[2] === items[0].id)
        .map((r) => r[4]),
    ).toEqual([
      '创建',
      '提交推荐',
      '择优推荐',
      '批次截止',
      '形式审查通过',
      '提交评分',
      '提交评分',
      '提交评分',
      '提交评分',
      '提交评分',
      '核查通过',
    ]);
    expect(
      parseCsv((await get('/api/exports/audit?period=2026-12').expect(200)).text),
    ).toHaveLength(1);

    const experts = parseCsv((await get('/api/exports/expert-records').expect(200)).text);
    expect(experts).toHaveLength(6);
    expect(experts.slice(1).map((r) => [r[2], r[5], r[10]])).toEqual(
      Array(5).fill([items[0].id, '已评分', '是']),
    );
  });

  it('gives a city bureau its own city without scores, and refuses other roles', async () => {
    const rows = parseCsv((await get('/api/exports/items', w.recommender).expect(200)).text);
    expect(rows[0]).toHaveLength(10);
    expect(rows).toHaveLength(6);
    const nb = parseCsv((await get('/api/exports/items', w.nbRecommender).expect(200)).text);
    expect(nb).toHaveLength(1);
    await get('/api/exports/items?city=宁波', w.recommender).expect(403);
    await get('/api/exports/audit', w.recommender).expect(403);
    await get('/api/exports/expert-records', w.experts[0]).expect(403);
    await get('/api/exports/items', w.submitter).expect(403);
    await get('/api/exports/items', w.uniRecommender).expect(403);
  });

  it('refuses bad filters with a message per field', async () => {
    const res = await get('/api/exports/items?format=pdf&period=26').expect(400);
    expect(res.body.errors).toEqual({
      format: ['取值不在允许范围内(csv, xlsx)'],
      period: ['必须是 YYYY、YYYY-Q1…Q4 或 YYYY-MM 格式的统计期'],
    });
  });
});
