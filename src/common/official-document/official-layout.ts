import {
  AlignmentType,
  BorderStyle,
  DocumentGridType,
  Footer,
  LineRuleType,
  PageNumber,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IStylesOptions,
  type ISectionOptions,
} from 'docx';

/**
 * The layout GB/T 9704-2012 (党政机关公文格式) prescribes, shared by every document the office
 * issues (the monthly report, the quarterly release, the annual list and the ranking report), in
 * Word's units: twips (1/1440 inch, 56.7 a millimetre) for lengths, half-points for type sizes,
 * eighths of a point for rules.
 */
const mm = (x: number) => Math.round((x * 1440) / 25.4);

export const PAGE = {
  width: mm(210),
  height: mm(297),
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
} as const;

/** The type area (版心): 156 mm × 225 mm. */
export const TYPE_AREA_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;
const TYPE_AREA_HEIGHT = PAGE.height - PAGE.margin.top - PAGE.margin.bottom;

/** 22 lines a page: the line pitch the grid and the body's exact spacing share. */
export const LINE_PITCH = Math.floor(TYPE_AREA_HEIGHT / 22);

/** Chinese type sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt. */
export const SIZE = { xiaochu: 72, er: 44, san: 32, si: 28, xiaosi: 24 } as const;

/**
 * 28 characters of 3号 to a line: 28 × 16 pt is a little wider than the 156 mm type area, so
 * every character is drawn in by a quarter point (in twentieths of a point, as Word counts it).
 * A line-only grid keeps the 22 lines; a character grid is left out because word processors
 * disagree on how to read its pitch (LibreOffice spreads the characters over two cells).
 */
export const CHAR_SPACING = -5;

/** The faces by their Windows names; what the reader's machine lacks, Word substitutes. */
export const FONT = {
  body: '仿宋_GB2312',
  title: '方正小标宋简体',
  heiti: '黑体',
  kaiti: '楷体_GB2312',
  song: '宋体',
} as const;

export const RED = 'FF0000';

const face = (name: string) => ({ eastAsia: name, ascii: name, hAnsi: name, cs: name });

/** The first-line indent of body text: two characters. */
const INDENT_2 = SIZE.san * 20;
const ONE_CHAR = SIZE.san * 10;

/** The styles every issued document uses: 3号 仿宋 body on the grid, and the heading faces. */
export function officialStyles(): IStylesOptions {
  const exact = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
  const heading = (id: string, name: string, font: string, bold = false) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: face(font), size: SIZE.san, bold, color: '000000' },
    paragraph: { spacing: exact, indent: { firstLine: INDENT_2 }, keepNext: true },
  });
  return {
    default: {
      document: {
        run: {
          font: face(FONT.body),
          size: SIZE.san,
          color: '000000',
          characterSpacing: CHAR_SPACING,
        },
        paragraph: { spacing: exact },
      },
    },
    paragraphStyles: [
      {
        id: 'OfficialTitle',
        name: '公文标题',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font: face(FONT.title), size: SIZE.er },
        paragraph: {
          alignment: AlignmentType.CENTER,
          spacing: { line: mm(14), lineRule: LineRuleType.EXACT, before: 0, after: LINE_PITCH },
        },
      },
      heading('OfficialHeading1', '一级标题', FONT.heiti),
      heading('OfficialHeading2', '二级标题', FONT.kaiti),
      heading('OfficialHeading3', '三级标题', FONT.body, true),
    ],
  };
}

/** A body paragraph, indented two characters. */
export function bodyParagraph(text: string | TextRun[]): Paragraph {
  return new Paragraph({
    indent: { firstLine: INDENT_2 },
    alignment: AlignmentType.JUSTIFIED,
    children: typeof text === 'string' ? [new TextRun(text)] : text,
  });
}

/** A paragraph in one of the three heading levels (黑体, 楷体, 仿宋 bold). */
export function headingParagraph(level: 1 | 2 | 3, text: string): Paragraph {
  return new Paragraph({ style: `OfficialHeading${level}`, children: [new TextRun(text)] });
}

/** 「(一)完成单位：」 in 楷体 before the body text, as the second level runs in a paragraph. */
export function labelledParagraph(label: string, text: string): Paragraph {
  return bodyParagraph([new TextRun({ text: label, font: face(FONT.kaiti) }), new TextRun(text)]);
}

export function titleParagraph(text: string): Paragraph {
  return new Paragraph({ style: 'OfficialTitle', children: [new TextRun(text)] });
}

export function centredParagraph(text: string, font: string = FONT.body): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ text, font: face(font) })],
  });
}

/** The red rule under a header block, the width of the type area. */
const redRule = { style: BorderStyle.SINGLE, size: 16, color: RED, space: 4 };

/**
 * The header block (版头): the masthead in red 小标宋, the issue number, then the compiling
 * office on the left and the date on the right over the red rule.
 */
export function mastheadParagraphs(h: {
  masthead: string;
  issue?: string;
  left: string;
  right: string;
}): Paragraph[] {
  const paragraphs = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: mm(20), lineRule: LineRuleType.EXACT, before: 0, after: mm(4) },
      children: [
        new TextRun({ text: h.masthead, font: face(FONT.title), size: SIZE.xiaochu, color: RED }),
      ],
    }),
  ];
  if (h.issue) paragraphs.push(centredParagraph(h.issue));
  paragraphs.push(
    new Paragraph({
      tabStops: [{ type: TabStopType.RIGHT, position: TYPE_AREA_WIDTH - ONE_CHAR }],
      indent: { left: ONE_CHAR },
      border: { bottom: redRule },
      spacing: { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: LINE_PITCH },
      children: [new TextRun({ children: [h.left, new Tab(), h.right] })],
    }),
  );
  return paragraphs;
}

/** The signature and date at the end of a document the office issues (发文机关署名, 成文日期). */
export function signatureParagraphs(office: string, date: string): Paragraph[] {
  const right = (text: string) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: INDENT_2 },
      children: [new TextRun(text)],
    });
  return [new Paragraph({}), right(office), right(date)];
}

export interface ClosingBlock {
  principal: string[];
  copies: string[];
  printingOffice: string;
  /** The printing date as printed, e.g. 2026年11月25日. */
  printedOn: string;
}

const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 1 };
const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 1 };

/**
 * The closing block (版记): 报 and 抄送 in 4号 仿宋, one character in from each side, then the
 * printing office and date, between a thick rule above, thin rules between and a thick rule
 * under. A list left empty is left out.
 */
export function closingParagraphs(c: ClosingBlock): Paragraph[] {
  const rows: { label: string; text: string }[] = [];
  if (c.principal.length) rows.push({ label: '报：', text: c.principal.join('、') });
  if (c.copies.length) rows.push({ label: '抄送：', text: c.copies.join('、') });
  const spacing = { line: mm(7), lineRule: LineRuleType.EXACT, before: 60, after: 60 };
  const out: Paragraph[] = [new Paragraph({ spacing: { before: LINE_PITCH } })];
  rows.forEach((row, i) =>
    out.push(
      new Paragraph({
        spacing,
        indent: { left: ONE_CHAR, right: ONE_CHAR, hanging: 0 },
        border: { ...(i === 0 ? { top: thick } : {}), bottom: thin },
        keepNext: true,
        children: [new TextRun({ text: `${row.label}${row.text}`, size: SIZE.si })],
      }),
    ),
  );
  out.push(
    new Paragraph({
      spacing,
      indent: { left: ONE_CHAR, right: ONE_CHAR },
      tabStops: [{ type: TabStopType.RIGHT, position: TYPE_AREA_WIDTH - 2 * ONE_CHAR }],
      border: { ...(rows.length ? {} : { top: thick }), bottom: thick },
      children: [
        new TextRun({
          size: SIZE.si,
          children: [c.printingOffice, new Tab(), `${c.printedOn}印发`],
        }),
      ],
    }),
  );
  return out;
}

/** 「— 1 —」 in 4号 宋体: odd pages at the right, even pages at the left, one character in. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: ONE_CHAR } : { left: ONE_CHAR },
        spacing: { line: 240, lineRule: LineRuleType.AUTO },
        children: [
          new TextRun({
            font: face(FONT.song),
            size: SIZE.si,
            children: ['— ', PageNumber.CURRENT, ' —'],
          }),
        ],
      }),
    ],
  });
}

/** The A4 section with the margins, the 22 × 28 grid and the page-number footers. */
export function officialSection(children: ISectionOptions['children']): ISectionOptions {
  return {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        margin: { ...PAGE.margin, header: mm(15), footer: mm(21) },
      },
      grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH },
    },
    footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
    children,
  };
}

/**
 * A table with fixed column widths (in parts of the type area) that fits the type area, its
 * header row repeated on each page, in 小四 so five columns stay legible.
 */
export function fixedTable(head: string[], rows: string[][], parts: number[]): Table {
  const total = parts.reduce((a, b) => a + b, 0);
  const widths = parts.map((p) => Math.floor((p * TYPE_AREA_WIDTH) / total));
  widths[widths.length - 1] += TYPE_AREA_WIDTH - widths.reduce((a, b) => a + b, 0);
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      children: [
        new Paragraph({
          alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
          // Exact spacing and no snapping: a 小四 table row takes 18 pt, not a 3号 grid line.
          spacing: { line: 360, lineRule: LineRuleType.EXACT, before: 40, after: 40 },
          children: [
            new TextRun({
              text,
              size: SIZE.xiaosi,
              snapToGrid: false,
              ...(header ? { font: face(FONT.heiti) } : {}),
            }),
          ],
        }),
      ],
    });
  return new Table({
    width: { size: TYPE_AREA_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v, i) => cell(v, i, false)) })),
    ],
  });
}

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 20 → 二十: the numerals of the 一、 and (一) heading levels. */
export function chineseNumeral(n: number): string {
  if (n < 10) return NUMERALS[n];
  if (n < 20) return `十${NUMERALS[n % 10]}`;
  if (n < 100) return `${NUMERALS[Math.floor(n / 10)]}十${NUMERALS[n % 10]}`;
  return String(n);
}
