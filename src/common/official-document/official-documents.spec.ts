import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { renderEditionDocx, type EditionDocumentData } from '../../releases/edition-document';
import type { ReportContent } from '../../stats/report-content';
import { renderReportDocx } from '../../stats/report-document';
import { rank } from '../../stats/stats-math';
import { FUNNEL_METRICS, type FunnelCounts } from '../../stats/stats.types';
import { DEFAULT_OFFICIAL_DOCUMENT_SETTINGS as OFFICES } from './official-settings';

/**
 * Every kind of issued document, opened as a word processor opens it (word/document.xml and
 * word/styles.xml), checked against GB/T 9704: A4 and its margins, 3号 仿宋 body on 22 lines,
 * the header block with its red rule, the closing block with 报 and 抄送, 「— PAGE —」 in the
 * footers, and no table of contents. With DOCUMENT_SAMPLES_DIR set, the files are also written
 * there (docs/domain/documents.md converts them into the page images).
 */
const item = (rank: number, title: string) => ({
  rank,
  title,
  units: ['浙江大学', '杭州某某半导体有限公司'],
  completers: ['张三(浙江大学)', '李四(杭州某某半导体有限公司)'],
  domain: '集成电路',
  category: '技术突破类',
  achieved: '突破车规级碳化硅MOSFET栅氧可靠性与沟槽刻蚀关键工艺,器件良率达到百分之九十五。',
  significance: '达到国际先进水平;打破国外垄断',
  latestProgress: '已建成年产六万片生产线,进入三家整车企业供应链。',
  blurb: '车规级功率芯片实现自主可控。',
});

const edition = (kind: EditionDocumentData['kind']): EditionDocumentData => ({
  kind,
  number: { monthly: '2027年第3期', quarterly: '2027年第一季度', annual: '2026年度' }[kind],
  dateLabel: '2027年3月23日',
  coverage:
    kind === 'quarterly'
      ? '发布2026年第四季度成果(2026年10月1日至2026年12月31日)'
      : '统计区间:2027年2月1日至2027年2月28日',
  correctsNumber: null,
  distributionList: kind === 'monthly' ? ['省委办公厅', '省政府办公厅'] : [],
  copyList: kind === 'monthly' ? ['科技部成果转化与区域创新司', '各设区市科技局'] : null,
  offices: OFFICES,
  eventDetails: null,
  items: [
    item(1, '高性能碳化硅功率芯片'),
    item(2, '大口径光学元件超精密加工技术'),
    item(3, '高精度MEMS惯性传感器'),
  ],
});

const counts = (n: number): FunnelCounts =>
  Object.fromEntries(FUNNEL_METRICS.map((m, i) => [m, Math.max(0, n - i)])) as FunnelCounts;
const weights = { libraryEntries: 35, published: 25, landmark: 15, discipline: 25 };
const report: ReportContent = {
  period: '2027-Q1',
  kind: 'quarterly',
  label: '2027年第一季度',
  generatedAt: '2027-03-23T01:00:00.000Z',
  weights,
  cities: rank(
    [
      {
        key: '杭州',
        name: '杭州',
        values: { libraryEntries: 5, published: 2, landmark: 1, discipline: 1 },
      },
      {
        key: '宁波',
        name: '宁波',
        values: { libraryEntries: 3, published: 1, landmark: 0, discipline: 0.5 },
      },
    ],
    weights,
  ),
  bodies: [],
  funnel: counts(9),
  funnelByCity: [{ key: '杭州', label: '杭州', counts: counts(6) }],
  trend: {
    period: '2027-Q1',
    months: ['2027-01', '2027-02', '2027-03'],
    series: Object.fromEntries(FUNNEL_METRICS.map((m) => [m, [1, 3, 2]])) as never,
  },
  targets: {
    year: 2027,
    libraryEntries: { target: 100, actual: 8, share: 0.08 },
    landmarkResults: { target: 20, actual: 1, share: 0.05 },
  },
  stages: [{ state: 'expertScoring', label: '专家评审', count: 4, medianHours: 30, p90Hours: 70 }],
};

const KINDS: [string, () => Promise<Buffer>][] = [
  ['monthly', () => renderEditionDocx(edition('monthly'))],
  ['quarterly', () => renderEditionDocx(edition('quarterly'))],
  ['annual', () => renderEditionDocx(edition('annual'))],
  ['ranking-report', () => renderReportDocx(report, new Date('2027-03-23T01:00:00Z'), OFFICES)],
];

interface Opened {
  document: string;
  styles: string;
  footers: string[];
  settings: string;
}

async function open(name: string, bytes: Buffer): Promise<Opened> {
  const dir = process.env.DOCUMENT_SAMPLES_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.docx`), bytes);
  }
  const zip = await JSZip.loadAsync(bytes);
  const read = (path: string) => zip.file(path)!.async('string');
  const footers = Object.keys(zip.files).filter((f) => /^word\/footer\d+\.xml$/.test(f));
  return {
    document: await read('word/document.xml'),
    styles: await read('word/styles.xml'),
    footers: await Promise.all(footers.map(read)),
    settings: await read('word/settings.xml'),
  };
}

/** The words of each paragraph (its w:t runs joined), one paragraph a line. */
const paragraphs = (xml: string) => [...xml.matchAll(/<w:p[ >][^]*?<\/w:p>/g)].map((p) => p[0]);
const words = (p: string) =>
  [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((r) => r[1]).join('');

describe.each(KINDS)('the issued %s DOCX', (name, build) => {
  let doc: Opened;
  beforeAll(async () => {
    doc = await open(name, await build());
  }, 60_000);

  it('is A4 with margins 37/35/28/26 mm and a grid of 22 lines', () => {
    expect(doc.document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margins = /<w:pgMar ([^>]*)\/>/.exec(doc.document)![1];
    // 37 mm = 2098 twips, 35 mm = 1984, 28 mm = 1587, 26 mm = 1474.
    expect(margins).toContain('w:top="2098"');
    expect(margins).toContain('w:bottom="1984"');
    expect(margins).toContain('w:left="1587"');
    expect(margins).toContain('w:right="1474"');
    // (297 − 37 − 35) mm over 22 lines.
    expect(doc.document).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"/);
  });

  it('sets the body in 3号 仿宋_GB2312 on exact 22-line spacing, titles in 小标宋', () => {
    const defaults = /<w:docDefaults>[^]*?<\/w:docDefaults>/.exec(doc.styles)![0];
    expect(defaults).toMatch(/<w:rFonts [^>]*w:eastAsia="仿宋_GB2312"/);
    expect(defaults).toContain('<w:sz w:val="32"/>');
    // 28 characters to the line: each drawn in by a quarter point.
    expect(defaults).toContain('<w:spacing w:val="-5"/>');
    expect(defaults).toMatch(/<w:spacing [^>]*w:line="579" w:lineRule="exact"/);
    const title = /<w:style [^>]*w:styleId="OfficialTitle"[^]*?<\/w:style>/.exec(doc.styles)![0];
    expect(title).toMatch(/w:eastAsia="方正小标宋简体"/);
    expect(title).toContain('<w:sz w:val="44"/>');
    const h1 = /<w:style [^>]*w:styleId="OfficialHeading1"[^]*?<\/w:style>/.exec(doc.styles)![0];
    expect(h1).toMatch(/w:eastAsia="黑体"/);
    // Word's default blue headings are not used.
    expect(doc.document).not.toMatch(/w:pStyle w:val="(Heading\d|Title)"/);
  });

  it('has no table of contents', () => {
    expect(doc.document).not.toMatch(/TOC \\|w:sdt>|目录/);
  });

  it('ends with the closing block: 报 and 抄送 between rules, then the printing office and date', () => {
    const ps = paragraphs(doc.document);
    const to = ps.findIndex((p) => words(p).startsWith('报：'));
    expect(to).toBeGreaterThan(0);
    const expected =
      name === 'monthly'
        ? ['报：省委办公厅、省政府办公厅', '抄送：科技部成果转化与区域创新司、各设区市科技局']
        : ['报：省委办公厅、省政府办公厅', '抄送：科技部、各设区市科技局'];
    expect(ps.slice(to, to + 2).map(words)).toEqual(expected);
    expect(words(ps[to + 2])).toBe('浙江省科学技术厅办公室2027年3月23日印发');
    // A thick rule over 报, thin rules between, a thick one under the printing line.
    expect(ps[to]).toMatch(/<w:top w:val="single" w:color="000000" w:sz="8"/);
    expect(ps[to + 1]).toMatch(/<w:bottom w:val="single" w:color="000000" w:sz="4"/);
    expect(ps[to + 2]).toMatch(/<w:bottom w:val="single" w:color="000000" w:sz="8"/);
    expect(ps.length).toBe(to + 3);
  });

  it('numbers pages 「— 1 —」 in 4号 宋体 with a PAGE field, odd right and even left', () => {
    expect(doc.settings).toContain('<w:evenAndOddHeaders/>');
    expect(doc.footers).toHaveLength(2);
    const sides = doc.footers.map((f) => /<w:jc w:val="(\w+)"/.exec(f)![1]).sort();
    expect(sides).toEqual(['left', 'right']);
    for (const footer of doc.footers) {
      expect(footer).toMatch(
        /<w:t[^>]*>— <\/w:t>[^]*<w:instrText[^>]*>PAGE<\/w:instrText>[^]*<w:t[^>]*> —<\/w:t>/,
      );
      expect(footer).toMatch(/w:eastAsia="宋体"/);
      expect(footer).toContain('<w:sz w:val="28"/>');
    }
  });
});

describe('the header blocks', () => {
  it('heads the monthly report with the red masthead, the issue, the office and date over a red rule', async () => {
    const { document } = await open('monthly', await renderEditionDocx(edition('monthly')));
    const ps = paragraphs(document);
    expect(words(ps[0])).toBe('重大科技成果月报');
    expect(ps[0]).toContain('<w:color w:val="FF0000"/>');
    expect(ps[0]).toMatch(/w:eastAsia="方正小标宋简体"/);
    expect(words(ps[1])).toBe('2027年第3期');
    expect(words(ps[2])).toBe('浙江省科学技术厅编2027年3月23日');
    expect(ps[2]).toMatch(/<w:bottom w:val="single" w:color="FF0000"/);
    // Items under 一、 in 黑体, their fields as (一)… in 楷体.
    expect(document).toContain('一、高性能碳化硅功率芯片');
    expect(document).toContain('三、高精度MEMS惯性传感器');
    expect(document).toContain('(一)完成单位:');
  });

  it('signs the annual list by the issuing office, as a table with fixed widths that fit the type area', async () => {
    const { document } = await open('annual', await renderEditionDocx(edition('annual')));
    expect(document).toContain('<w:tblLayout w:type="fixed"/>');
    const widths = [...document.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(5);
    // The type area is 210 − 28 − 26 = 156 mm, 8845 twips.
    expect(widths.reduce((a, b) => a + b, 0)).toBe(8845);
    const ps = paragraphs(document).map(words);
    expect(ps).toContain('浙江省科学技术厅');
  });

  it('heads the ranking report with the issuing office in red over a red rule', async () => {
    const { document } = await open(
      'ranking-report',
      await renderReportDocx(report, new Date('2027-03-23T01:00:00Z'), OFFICES),
    );
    const ps = paragraphs(document);
    expect(words(ps[0])).toBe('浙江省科学技术厅');
    expect(ps[0]).toContain('<w:color w:val="FF0000"/>');
    expect(ps[1]).toMatch(/<w:bottom w:val="single" w:color="FF0000"/);
    expect(words(ps[1])).toContain('2027年3月23日');
    expect(words(ps[2])).toBe('2027年第一季度重大科技成果工作通报');
  });
});
