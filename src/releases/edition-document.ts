import { Document, Packer, type Paragraph, type Table } from 'docx';
import {
  formatChineseDate,
  formatChineseInterval,
  formatInterval,
  formatQuarter,
} from '../common/shanghai-time';
import type { EditionEventDetails, EditionKind } from './release-edition.entity';
import {
  bodyParagraph,
  centredParagraph,
  chineseNumeral,
  closingParagraphs,
  fixedTable,
  headingParagraph,
  labelledParagraph,
  mastheadParagraphs,
  officialSection,
  officialStyles,
  signatureParagraphs,
  titleParagraph,
  type ClosingBlock,
} from '../common/official-document/official-layout';
import {
  closingHtml,
  escapeHtml,
  mastheadHtml,
  signatureHtml,
} from '../common/official-document/official-html';
import type { OfficialDocumentSettings } from '../common/official-document/official-settings';

export { escapeHtml };

/** Everything a rendered edition shows; only public fields, so the document can go anywhere. */
export interface EditionDocumentData {
  kind: EditionKind;
  number: string;
  /** The issue date as printed, e.g. "2026年11月25日". */
  dateLabel: string;
  /** What the edition covers, in words, e.g. "发布2026年第三季度成果(2026年7月1日至2026年9月30日)". */
  coverage: string;
  correctsNumber: string | null;
  /** The edition's own 报 list; when empty, the office's default list is printed. */
  distributionList: string[];
  /** The edition's own 抄送 list; null prints the office's default list. */
  copyList: string[] | null;
  /** The offices and default lists the office keeps as settings. */
  offices: OfficialDocumentSettings;
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

/** 报 is the edition's own list or the office's default; 抄送 likewise. */
function closingOf(data: EditionDocumentData): ClosingBlock {
  return {
    principal: data.distributionList.length
      ? data.distributionList
      : data.offices.principalRecipients,
    copies: data.copyList ?? data.offices.copyRecipients,
    printingOffice: data.offices.printingOffice,
    printedOn: data.dateLabel,
  };
}

/** The monthly report opens with its 版头; the release and the list are issued under a title. */
const hasMasthead = (kind: EditionKind) => kind === 'monthly';
/** The annual list is issued by the office: its name in red over the red rule, then the title. */
const hasOfficeHeader = (kind: EditionKind) => kind === 'annual';

function leadSentence(data: EditionDocumentData): string {
  const title = EDITION_TITLES[data.kind];
  return data.kind === 'monthly'
    ? `本期《${title}》刊发重大科技成果${data.items.length}项。`
    : `现将《${title}》发布如下,共${data.items.length}项。`;
}

const ANNUAL_HEAD = ['名次', '成果名称', '完成单位', '所属领域', '主要成果'];
/** The annual list's column widths, in parts of the type area. */
const ANNUAL_PARTS = [2, 6, 5, 4, 8];

const annualRow = (item: EditionDocumentItem) => [
  String(item.rank),
  item.title,
  item.units.join('、'),
  item.domain,
  item.achieved,
];

/**
 * The edition as a Word document laid out after GB/T 9704: the monthly report's header block (or
 * the title of a release or list), the items under 一、 headings with their fields as (一)…, the
 * annual list as a fixed-width table, the signature, and the closing block with 报 and 抄送.
 */
export async function renderEditionDocx(data: EditionDocumentData): Promise<Buffer> {
  const title = EDITION_TITLES[data.kind];
  const body: (Paragraph | Table)[] = hasMasthead(data.kind)
    ? mastheadParagraphs({
        masthead: title,
        issue: data.number,
        left: `${data.offices.compilingOffice}编`,
        right: data.dateLabel,
      })
    : [
        ...(hasOfficeHeader(data.kind)
          ? mastheadParagraphs({
              masthead: data.offices.issuingOffice,
              left: '',
              right: data.dateLabel,
            })
          : []),
        titleParagraph(`《${title}》`),
        centredParagraph(data.number),
      ];
  if (data.correctsNumber) {
    body.push(centredParagraph(`(本期为${data.correctsNumber}的更正版)`));
  }
  body.push(bodyParagraph(leadSentence(data)), bodyParagraph(data.coverage));
  for (const [label, text] of eventLines(data.eventDetails)) {
    body.push(labelledParagraph(`${label}:`, text));
  }
  if (data.kind === 'annual') {
    body.push(fixedTable(ANNUAL_HEAD, data.items.map(annualRow), ANNUAL_PARTS));
  } else {
    for (const item of data.items) {
      body.push(headingParagraph(1, `${chineseNumeral(item.rank)}、${item.title}`));
      sectionsOf(item).forEach(([label, text], i) =>
        body.push(labelledParagraph(`(${chineseNumeral(i + 1)})${label}:`, text)),
      );
    }
  }
  if (!hasMasthead(data.kind)) {
    body.push(...signatureParagraphs(data.offices.issuingOffice, data.dateLabel));
  }
  body.push(...closingParagraphs(closingOf(data)));
  const doc = new Document({
    title: `${title} ${data.number}`,
    creator: data.offices.issuingOffice,
    styles: officialStyles(),
    evenAndOddHeaderAndFooters: true,
    sections: [officialSection(body)],
  });
  return Packer.toBuffer(doc);
}

/**
 * The same edition as a standalone HTML page (the platform links it and the DOCX side by side),
 * styled as the printed report by the site's /assets/edition.css, and printing the same on A4.
 */
export function renderEditionHtml(data: EditionDocumentData): string {
  const e = escapeHtml;
  const title = EDITION_TITLES[data.kind];
  const field = (label: string, text: string) =>
    `<p><span class="label">${e(label)}</span>${e(text)}</p>`;
  const parts: string[] = hasMasthead(data.kind)
    ? [
        mastheadHtml({
          masthead: title,
          isTitle: true,
          issue: data.number,
          left: `${data.offices.compilingOffice}编`,
          right: data.dateLabel,
        }),
      ]
    : [
        hasOfficeHeader(data.kind)
          ? mastheadHtml({ masthead: data.offices.issuingOffice, left: '', right: data.dateLabel })
          : '',
        `<h1>《${e(title)}》</h1>`,
        `<p class="number">${e(data.number)}</p>`,
      ];
  if (data.correctsNumber)
    parts.push(`<p class="correction">(本期为${e(data.correctsNumber)}的更正版)</p>`);
  parts.push(`<p>${e(leadSentence(data))}</p>`, `<p class="coverage">${e(data.coverage)}</p>`);
  for (const [label, text] of eventLines(data.eventDetails)) parts.push(field(`${label}:`, text));
  if (data.kind === 'annual') {
    const total = ANNUAL_PARTS.reduce((a, b) => a + b, 0);
    parts.push(
      `<table><colgroup>${ANNUAL_PARTS.map((p) => `<col style="width:${Math.round((p / total) * 1000) / 10}%">`).join('')}</colgroup>` +
        `<thead><tr>${ANNUAL_HEAD.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>` +
        data.items
          .map(
            (i) =>
              `<tr>${annualRow(i)
                .map((v) => `<td>${e(v)}</td>`)
                .join('')}</tr>`,
          )
          .join('') +
        '</tbody></table>',
    );
  } else {
    for (const item of data.items) {
      parts.push(
        `<section id="item-${item.rank}"><h2>${chineseNumeral(item.rank)}、${e(item.title)}</h2>${sectionsOf(
          item,
        )
          .map(([label, text], i) => field(`(${chineseNumeral(i + 1)})${label}:`, text))
          .join('')}</section>`,
      );
    }
  }
  if (!hasMasthead(data.kind))
    parts.push(signatureHtml(data.offices.issuingOffice, data.dateLabel));
  parts.push(closingHtml(closingOf(data)));
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(title)} ${e(data.number)}</title><link rel="stylesheet" href="/assets/edition.css"></head><body>${parts.join('')}</body></html>`;
}
