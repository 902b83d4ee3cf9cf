import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  formatChineseDate,
  formatChineseInterval,
  formatInterval,
  formatQuarter,
} from '../common/shanghai-time';
import type { EditionEventDetails, EditionKind } from './release-edition.entity';
import { withoutBidiControls } from '../common/input-text';

/** Everything a rendered edition shows; only public fields, so the document can go anywhere. */
export interface EditionDocumentData {
  kind: EditionKind;
  number: string;
  /** The issue date as printed, e.g. "2026年11月25日". */
  dateLabel: string;
  /** What the edition covers, in words, e.g. "发布2026年第三季度成果(2026年7月1日至2026年9月30日)". */
  coverage: string;
  correctsNumber: string | null;
  distributionList: string[];
  eventDetails: EditionEventDetails | null;
  items: EditionDocumentItem[];
}

export interface EditionDocumentItem {
  rank: number;
  title: string;
  units: string[];
  completers: string[];
  domain: string;
  category: string;
  achieved: string;
  significance: string;
  latestProgress: string | null;
  blurb: string;
}

export const EDITION_TITLES: Record<EditionKind, string> = {
  monthly: '重大科技成果月报',
  quarterly: '重大科技成果季度发布',
  annual: '年度重大科技成果榜单',
};

export function formatShanghaiDate(at: Date): string {
  return formatChineseDate(at);
}

/**
 * What an edition covers, as a document says it. Its period is half-open [start, end), and people
 * read both ends as days that belong to it. A quarterly edition is published in the quarter after
 * the one whose results it carries, so it names that quarter in words.
 */
export function editionCoverage(
  kind: EditionKind,
  start: Date | string,
  end: Date | string,
): string {
  const interval = formatChineseInterval(start, end);
  return kind === 'quarterly'
    ? `发布${formatQuarter(start)}成果(${interval})`
    : `统计区间:${interval}`;
}

/** The same for the console's pages, with the console's dates (2026/07/01 至 2026/09/30). */
export function editionCoverageShort(
  kind: EditionKind,
  start: Date | string,
  end: Date | string,
): string {
  const interval = `统计区间 ${formatInterval(start, end)}`;
  return kind === 'quarterly' ? `发布${formatQuarter(start)}成果 · ${interval}` : interval;
}

function sectionsOf(item: EditionDocumentItem): [string, string][] {
  const rows: [string, string][] = [
    ['完成单位', item.units.join('、')],
    ['主要完成人', item.completers.join('、')],
    ['所属领域', `${item.domain}(${item.category})`],
    ['主要成果', item.achieved],
    ['重大意义', item.significance],
  ];
  if (item.latestProgress) rows.push(['最新进展', item.latestProgress]);
  if (item.blurb) rows.push(['推荐语', item.blurb]);
  return rows;
}

function eventLines(event: EditionEventDetails | null): [string, string][] {
  if (!event) return [];
  const lines: [string, string][] = [];
  if (event.date) lines.push(['发布时间', event.date]);
  if (event.venue) lines.push(['发布地点', event.venue]);
  if (event.coHosts.length) lines.push(['联合主办', event.coHosts.join('、')]);
  if (event.presenters.length) lines.push(['发布人', event.presenters.join('、')]);
  if (event.linkedActivities.length) lines.push(['配套活动', event.linkedActivities.join('、')]);
  return lines;
}

const labelled = (label: string, text: string) =>
  new Paragraph({ children: [new TextRun({ text: `${label}:`, bold: true }), new TextRun(text)] });

/** The edition as a Word document: title, number and date, contents, one section per item. */
export async function renderEditionDocx(data: EditionDocumentData): Promise<Buffer> {
  const title = EDITION_TITLES[data.kind];
  const body: (Paragraph | Table)[] = [
    new Paragraph({
      text: `《${title}》`,
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
    }),
    new Paragraph({ text: data.number, alignment: AlignmentType.CENTER }),
    new Paragraph({ text: data.dateLabel, alignment: AlignmentType.CENTER }),
    new Paragraph({ text: data.coverage, alignment: AlignmentType.CENTER }),
  ];
  if (data.correctsNumber) {
    body.push(new Paragraph({ text: `(本期为${data.correctsNumber}的更正版)` }));
  }
  for (const [label, text] of eventLines(data.eventDetails)) body.push(labelled(label, text));

  if (data.kind === 'annual') {
    const cell = (text: string, bold = false) =>
      new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
    body.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({
            tableHeader: true,
            children: ['名次', '成果名称', '完成单位', '所属领域', '主要成果'].map((h) =>
              cell(h, true),
            ),
          }),
          ...data.items.map(
            (item) =>
              new TableRow({
                children: [
                  cell(String(item.rank)),
                  cell(item.title),
                  cell(item.units.join('、')),
                  cell(item.domain),
                  cell(item.achieved),
                ],
              }),
          ),
        ],
      }),
    );
  } else {
    body.push(new Paragraph({ text: '目录', heading: HeadingLevel.HEADING_1 }));
    for (const item of data.items)
      body.push(new Paragraph({ text: `${item.rank}. ${item.title}` }));
    for (const item of data.items) {
      body.push(
        new Paragraph({ text: `${item.rank}. ${item.title}`, heading: HeadingLevel.HEADING_2 }),
      );
      for (const [label, text] of sectionsOf(item)) body.push(labelled(label, text));
    }
  }

  if (data.distributionList.length) {
    body.push(new Paragraph({ text: '报送范围', heading: HeadingLevel.HEADING_1 }));
    body.push(new Paragraph({ text: data.distributionList.join('、') }));
  }
  const doc = new Document({
    title: `${title} ${data.number}`,
    creator: '浙江省科学技术厅',
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Escapes markup, and drops bidi controls so a stored title cannot display reordered. */
export const escapeHtml = (text: string) =>
  withoutBidiControls(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch]);

/**
 * The same edition as a standalone HTML page (the platform links it and the DOCX side by side),
 * styled as the printed report by the site's /assets/edition.css.
 */
export function renderEditionHtml(data: EditionDocumentData): string {
  const e = escapeHtml;
  const title = EDITION_TITLES[data.kind];
  const dl = (rows: [string, string][]) =>
    `<dl>${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`;
  const parts: string[] = [
    `<h1>《${e(title)}》</h1>`,
    `<p class="number">${e(data.number)}</p>`,
    `<p class="date">${e(data.dateLabel)}</p>`,
    `<p class="coverage">${e(data.coverage)}</p>`,
  ];
  if (data.correctsNumber)
    parts.push(`<p class="correction">(本期为${e(data.correctsNumber)}的更正版)</p>`);
  const event = eventLines(data.eventDetails);
  if (event.length) parts.push(dl(event));
  if (data.kind === 'annual') {
    parts.push(
      '<table><thead><tr><th>名次</th><th>成果名称</th><th>完成单位</th><th>所属领域</th><th>主要成果</th></tr></thead><tbody>' +
        data.items
          .map(
            (i) =>
              `<tr><td>${i.rank}</td><td>${e(i.title)}</td><td>${e(i.units.join('、'))}</td><td>${e(i.domain)}</td><td>${e(i.achieved)}</td></tr>`,
          )
          .join('') +
        '</tbody></table>',
    );
  } else {
    parts.push(
      `<nav><h2>目录</h2><ol>${data.items.map((i) => `<li><a href="#item-${i.rank}">${e(i.title)}</a></li>`).join('')}</ol></nav>`,
    );
    for (const item of data.items) {
      parts.push(
        `<section id="item-${item.rank}"><h2>${item.rank}. ${e(item.title)}</h2>${dl(sectionsOf(item))}</section>`,
      );
    }
  }
  if (data.distributionList.length) {
    parts.push(`<footer><h2>报送范围</h2><p>${e(data.distributionList.join('、'))}</p></footer>`);
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(title)} ${e(data.number)}</title><link rel="stylesheet" href="/assets/edition.css"></head><body>${parts.join('')}</body></html>`;
}
