import { AlignmentType, Document, ImageRun, Packer, Paragraph, type Table } from 'docx';
import { formatChineseDate, formatChineseDateTime } from '../common/shanghai-time';
import { escapeHtml } from '@kitajs/html';
import {
  bodyParagraph,
  closingParagraphs,
  fixedTable,
  headingParagraph,
  mastheadParagraphs,
  officialSection,
  officialStyles,
  signatureParagraphs,
  titleParagraph,
  TYPE_AREA_WIDTH,
  type ClosingBlock,
} from '../common/official-document/official-layout';
import {
  closingHtml,
  mastheadHtml,
  OFFICIAL_DOCUMENT_CSS,
  signatureHtml,
} from '../common/official-document/official-html';
import type { OfficialDocumentSettings } from '../common/official-document/official-settings';
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
  /** Column widths in parts of the type area. */
  parts: number[];
  rows: (string | number)[][];
  /** The charts drawn from this table's figures; the DOCX puts them above it. */
  charts?: Chart[];
};

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

function rankingGrid(caption: string, rows: RankingRow[]): Grid {
  return {
    caption,
    head: ['名次', '名称', '入库成果', '发布成果', '标志性成果', '报送纪律', '综合得分'],
    parts: [3, 8, 4, 4, 5, 4, 4],
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
    parts: g.head.map((_, i) => (i === 0 ? 2 : 1)),
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

const titleOf = (c: ReportContent) => `${c.label}重大科技成果工作通报`;

/** The ranking report is issued by the office: its name in red over the red rule, then the title. */
function masthead(offices: OfficialDocumentSettings, date: string) {
  return { masthead: offices.issuingOffice, left: '', right: date };
}

function closingOf(offices: OfficialDocumentSettings, date: string): ClosingBlock {
  return {
    principal: offices.principalRecipients,
    copies: offices.copyRecipients,
    printingOffice: offices.printingOffice,
    printedOn: date,
  };
}

/**
 * The report as a self-contained HTML page with the charts as inline SVG, laid out as the issued
 * paper (GB/T 9704) and printing the same on A4. A draft says so in a line that does not print.
 */
export function renderReportHtml(
  c: ReportContent,
  issuedAt: Date | null,
  offices: OfficialDocumentSettings,
): string {
  const charts = figureCharts(c).map(chartSvg);
  const table = (g: Grid) => {
    const total = g.parts.reduce((a, b) => a + b, 0);
    const cols = g.parts.map((p) => `<col style="width:${Math.round((p / total) * 1000) / 10}%">`);
    return `<table><caption>${escapeHtml(g.caption)}</caption><colgroup>${cols.join('')}</colgroup><thead><tr>${g.head
      .map((h) => `<th>${escapeHtml(h)}</th>`)
      .join('')}</tr></thead><tbody>${g.rows
      .map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(String(v))}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  };
  const title = titleOf(c);
  const date = issuedAt ? formatChineseDate(issuedAt) : '(未印发)';
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${OFFICIAL_DOCUMENT_CSS}</style></head><body>`,
    `<p class="meta">${issuedAt ? `印发时间:${escapeHtml(shanghai(issuedAt))}` : '草稿(未印发)'};数据生成于 ${escapeHtml(shanghai(new Date(c.generatedAt)))}。</p>`,
    mastheadHtml(masthead(offices, date)),
    `<h1 class="title">${escapeHtml(title)}</h1>`,
    `<p>权重:${escapeHtml(weightsText(c))}。${escapeHtml(METHOD)}</p>`,
    ...charts.map((svg) => `<figure>${svg}</figure>`),
    ...grids(c).map(table),
    signatureHtml(offices.issuingOffice, date),
    closingHtml(closingOf(offices, date)),
    '</body></html>',
  ].join('\n');
}

/** Fits the 640-pixel charts into the 156 mm type area (590 pixels at 96 dpi). */
const DOCX_CHART_WIDTH = Math.floor((TYPE_AREA_WIDTH / 1440) * 96);

function docxChart(ch: Chart, png: Buffer): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: 240 },
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
  return [
    ...(g.charts ?? []).map((ch) => docxChart(ch, pngs.get(ch)!)),
    headingParagraph(3, g.caption),
    fixedTable(
      g.head,
      g.rows.map((r) => r.map(String)),
      g.parts,
    ),
  ];
}

/**
 * The report as DOCX laid out after GB/T 9704: the issuing office's header, the title, each chart
 * as a PNG image with its figures in a fixed-width table below it, the signature and the closing
 * block.
 */
export async function renderReportDocx(
  c: ReportContent,
  issuedAt: Date,
  offices: OfficialDocumentSettings,
): Promise<Buffer> {
  const tables = grids(c);
  const pngs = new Map<Chart, Buffer>();
  // One at a time: the database driver shares the libuv threads the rendering runs on.
  for (const ch of tables.flatMap((g) => g.charts ?? [])) {
    pngs.set(ch, await renderPng(ch.option, ch.width, ch.height));
  }
  const date = formatChineseDate(issuedAt);
  const doc = new Document({
    creator: offices.issuingOffice,
    title: titleOf(c),
    styles: officialStyles(),
    evenAndOddHeaderAndFooters: true,
    sections: [
      officialSection([
        ...mastheadParagraphs(masthead(offices, date)),
        titleParagraph(titleOf(c)),
        headingParagraph(1, '一、排名方法'),
        bodyParagraph(`权重:${weightsText(c)}。${METHOD}`),
        headingParagraph(1, '二、排名与统计'),
        ...tables.flatMap((g) => docxTable(g, pngs)),
        ...signatureParagraphs(offices.issuingOffice, date),
        ...closingParagraphs(closingOf(offices, date)),
      ]),
    ],
  });
  return Packer.toBuffer(doc);
}

function shanghai(at: Date): string {
  return formatChineseDateTime(at);
}
