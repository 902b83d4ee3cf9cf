import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { formatChineseDateTime } from '../common/shanghai-time';
import { escapeHtml } from '@kitajs/html';
import type { ReportContent } from './report-content';
import { RANKING_INDICATORS, type RankingRow } from './stats-math';
import { figureCharts, figureGrids, type Chart } from './chart-figures';
import { chartSvg, renderPng } from './stats-charts';

export const INDICATOR_LABELS: Record<string, string> = {
  libraryEntries: '入库成果',
  published: '发布成果',
  landmark: '标志性成果',
  discipline: '报送纪律',
};

type Grid = {
  caption: string;
  head: string[];
  rows: (string | number)[][];
  /** The charts drawn from this table's figures; the DOCX puts them above it. */
  charts?: Chart[];
};

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

function rankingGrid(caption: string, rows: RankingRow[]): Grid {
  return {
    caption,
    head: ['名次', '名称', '入库成果', '发布成果', '标志性成果', '报送纪律', '综合得分'],
    rows: rows.map((r) => [
      r.rank,
      r.name,
      r.values.libraryEntries,
      r.values.published,
      // Drafts generated before the indicator existed have no landmark value.
      r.values.landmark ?? '—',
      pct(r.values.discipline),
      r.score,
    ]),
  };
}

/** Every table of the report: the rankings, then each chart's figures under a numbered caption. */
function grids(c: ReportContent): Grid[] {
  const figures = figureGrids(c).map((g, i): Grid => ({
    caption: `表${i + 3} ${g.name}(${g.unit ? `${g.unit},` : ''}${g.note})`,
    head: g.head,
    rows: g.rows,
    charts: g.charts,
  }));
  return [
    rankingGrid('表1 设区市排名', c.cities),
    rankingGrid('表2 征集单位排名', c.bodies),
    ...figures,
  ];
}

function weightsText(c: ReportContent): string {
  return RANKING_INDICATORS.filter((k) => c.weights[k] !== undefined)
    .map((k) => `${INDICATOR_LABELS[k]} ${c.weights[k]}`)
    .join(',');
}

const METHOD =
  '综合得分:各项指标以本表最高者为100折算,按权重加权平均。标志性成果:入选本年度已签发年度榜单的成果。报送纪律:按时报送与零报告计满分,逾期报送计一半,未报送不计分。';

/** The report as a self-contained HTML page with the charts as inline SVG. */
export function renderReportHtml(c: ReportContent, issuedAt: Date | null): string {
  const charts = figureCharts(c).map(chartSvg);
  const table = (g: Grid) =>
    `<table><caption>${escapeHtml(g.caption)}</caption><thead><tr>${g.head
      .map((h) => `<th>${escapeHtml(h)}</th>`)
      .join('')}</tr></thead><tbody>${g.rows
      .map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(String(v))}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const title = `${c.label}重大科技成果工作通报`;
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:960px;margin:2rem auto;color:#1f2937}',
    'table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #cbd5e1;padding:.3rem .5rem;text-align:left}',
    'caption{font-weight:600;text-align:left;margin-bottom:.3rem}figure{margin:1rem 0}.muted{color:#6b7280}</style></head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="muted">${issuedAt ? `印发时间:${escapeHtml(shanghai(issuedAt))}` : '草稿(未印发)'};数据生成于 ${escapeHtml(shanghai(new Date(c.generatedAt)))}。</p>`,
    `<p>权重:${escapeHtml(weightsText(c))}。${escapeHtml(METHOD)}</p>`,
    ...charts.map((svg) => `<figure>${svg}</figure>`),
    ...grids(c).map(table),
    '</body></html>',
  ].join('\n');
}

/** Fits the 640-pixel charts into the A4 text width (about 6.3 inches, 605 pixels at 96 dpi). */
const DOCX_CHART_WIDTH = 600;

function docxChart(ch: Chart, png: Buffer): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [
      new ImageRun({
        type: 'png',
        data: png,
        transformation: {
          width: DOCX_CHART_WIDTH,
          height: Math.round((ch.height * DOCX_CHART_WIDTH) / ch.width),
        },
        altText: { name: ch.title, title: ch.title, description: `${ch.title}(数据见下表)` },
      }),
    ],
  });
}

function docxTable(g: Grid, pngs: Map<Chart, Buffer>): (Paragraph | Table)[] {
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  return [
    ...(g.charts ?? []).map((ch) => docxChart(ch, pngs.get(ch)!)),
    new Paragraph({ text: g.caption, heading: HeadingLevel.HEADING_2 }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: g.head.map((h) => cell(h, true)) }),
        ...g.rows.map((r) => new TableRow({ children: r.map((v) => cell(String(v))) })),
      ],
    }),
  ];
}

/** The report as DOCX: each chart as a PNG image, with its figures in a table below it. */
export async function renderReportDocx(c: ReportContent, issuedAt: Date): Promise<Buffer> {
  const tables = grids(c);
  const pngs = new Map<Chart, Buffer>();
  // One at a time: the database driver shares the libuv threads the rendering runs on.
  for (const ch of tables.flatMap((g) => g.charts ?? [])) {
    pngs.set(ch, await renderPng(ch.option, ch.width, ch.height));
  }
  const doc = new Document({
    creator: '浙江省科学技术厅',
    title: `${c.label}重大科技成果工作通报`,
    styles: { default: { document: { run: { font: 'SimSun', size: 24 } } } },
    sections: [
      {
        children: [
          new Paragraph({
            text: `${c.label}重大科技成果工作通报`,
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
          }),
          new Paragraph({ text: `印发时间:${shanghai(issuedAt)}` }),
          new Paragraph({ text: `权重:${weightsText(c)}。${METHOD}` }),
          ...tables.flatMap((g) => docxTable(g, pngs)),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function shanghai(at: Date): string {
  return formatChineseDateTime(at);
}
