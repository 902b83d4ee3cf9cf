import JSZip from 'jszip';
import { DEFAULT_OFFICIAL_DOCUMENT_SETTINGS } from '../common/official-document/official-settings';
import { pngSize } from '../../test/support/png';
import type { ReportContent } from './report-content';
import { renderReportDocx } from './report-document';
import { rank, type RankingWeights } from './stats-math';
import { FUNNEL_METRICS, type FunnelCounts } from './stats.types';

const counts = (n: number): FunnelCounts =>
  Object.fromEntries(FUNNEL_METRICS.map((m, i) => [m, Math.max(0, n - i)])) as FunnelCounts;
const weights: RankingWeights = { libraryEntries: 35, published: 25, landmark: 15, discipline: 25 };
const target = (actual: number, of: number) => ({ target: of, actual, share: actual / of });

const withData: ReportContent = {
  period: '2026-Q3',
  kind: 'quarterly',
  label: '2026年第三季度',
  generatedAt: '2026-10-01T00:00:00.000Z',
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
  funnelByCity: [
    { key: '杭州', label: '杭州', counts: counts(6) },
    { key: '宁波', label: '宁波', counts: counts(3) },
  ],
  trend: {
    period: '2026-Q3',
    months: ['2026-07', '2026-08', '2026-09'],
    series: Object.fromEntries(FUNNEL_METRICS.map((m) => [m, [1, 3, 2]])) as TrendReportSeries,
  },
  targets: { year: 2026, libraryEntries: target(8, 100), landmarkResults: target(1, 20) },
  stages: [{ state: 'expertScoring', label: '专家评审', count: 4, medianHours: 30, p90Hours: 70 }],
};
type TrendReportSeries = ReportContent['trend']['series'];

const empty: ReportContent = {
  ...withData,
  cities: [],
  bodies: [],
  funnel: counts(0),
  funnelByCity: [],
  trend: { period: '2026-Q3', months: ['2026-07', '2026-08', '2026-09'], series: {} as never },
  targets: { year: 2026, libraryEntries: target(0, 100), landmarkResults: target(0, 20) },
  stages: [],
};

/** The DOCX's images in document order, each with the PNG bytes its relationship points at. */
async function images(docx: Buffer): Promise<{ xml: string; pngs: Buffer[] }> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
  const targets = new Map(
    [...rels.matchAll(/<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map((m) => [
      m[1],
      m[2],
    ]),
  );
  const embeds = [...xml.matchAll(/r:embed="([^"]+)"/g)].map((m) => targets.get(m[1]));
  const pngs = await Promise.all(
    embeds.map(async (target) => {
      expect(target).toMatch(/^media\/[^/]+\.png$/);
      return zip.file(`word/${target}`)!.async('nodebuffer');
    }),
  );
  expect(Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f))).toHaveLength(
    new Set(embeds).size,
  );
  return { xml, pngs };
}

describe('ranking report DOCX', () => {
  it.each([
    ['with data', withData],
    ['with no data at all', empty],
  ])('embeds the six charts as PNG images above their tables (%s)', async (_, content) => {
    const { xml, pngs } = await images(
      await renderReportDocx(
        content,
        new Date('2026-10-02T01:00:00Z'),
        DEFAULT_OFFICIAL_DOCUMENT_SETTINGS,
      ),
    );
    expect(pngs).toHaveLength(6);
    const sizes = pngs.map(pngSize);
    expect(sizes.slice(0, 5)).toEqual(Array(5).fill({ width: 1280, height: 640 }));
    expect(sizes[5]).toEqual({ width: 1280, height: 480 });
    for (const png of pngs) {
      expect(png.length).toBeGreaterThan(3_000);
      expect(png.length).toBeLessThan(500_000);
    }
    // Alternative text names each chart, and each table follows its chart(s).
    expect(xml).toContain('descr="各环节成果数(数据见下表)"');
    expect(xml.indexOf('descr="逐月趋势')).toBeLessThan(xml.indexOf('表5 逐月趋势'));
    expect(xml.indexOf('表4 ')).toBeLessThan(xml.indexOf('descr="逐月趋势'));
    expect(xml).toContain('表1 设区市排名');
  });
});
