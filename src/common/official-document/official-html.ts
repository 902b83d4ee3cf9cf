import { withoutBidiControls } from '../input-text';
import type { ClosingBlock } from './official-layout';

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
 * The header block: the red masthead, the issue number, the office and date over the red rule.
 * The monthly report's masthead is its title (h1); an issuing office's name heads a document
 * whose own title follows.
 */
export function mastheadHtml(h: {
  masthead: string;
  issue?: string;
  left: string;
  right: string;
  isTitle?: boolean;
}) {
  const e = escapeHtml;
  const tag = h.isTitle ? 'h1' : 'p';
  return [
    '<header class="masthead">',
    `<${tag} class="masthead-title">${e(h.masthead)}</${tag}>`,
    h.issue ? `<p class="issue">${e(h.issue)}</p>` : '',
    `<p class="masthead-line"><span>${e(h.left)}</span><span>${e(h.right)}</span></p>`,
    '</header>',
  ].join('');
}

/** The signature and date at the end, right-aligned. */
export function signatureHtml(office: string, date: string): string {
  return `<p class="signature">${escapeHtml(office)}<br>${escapeHtml(date)}</p>`;
}

/** The closing block (版记) between its rules: 报, 抄送, then the printing office and date. */
export function closingHtml(c: ClosingBlock): string {
  const e = escapeHtml;
  const rows: string[] = [];
  if (c.principal.length) rows.push(`<p class="to">报：${e(c.principal.join('、'))}</p>`);
  if (c.copies.length) rows.push(`<p class="cc">抄送：${e(c.copies.join('、'))}</p>`);
  rows.push(
    `<p class="printed"><span>${e(c.printingOffice)}</span><span>${e(c.printedOn)}印发</span></p>`,
  );
  return `<footer class="closing">${rows.join('')}</footer>`;
}

/**
 * The page as GB/T 9704 lays it out: A4 with margins 37/26/35/28 mm (top, right, bottom, left),
 * 3号 (16 pt) 仿宋 on 22 lines of 28 characters, titles in 小标宋, headings in 黑体 and 楷体, the
 * red header rule, the closing block between its rules, and on paper 「— 1 —」 at the outer
 * corner. On screen each document is one A4 sheet on a grey desk; printing drops the desk.
 */
export const OFFICIAL_DOCUMENT_CSS = `
html { background:#e5e7eb; }
body {
  box-sizing:border-box; width:210mm; max-width:210mm; min-height:297mm; margin:24px auto;
  padding:37mm 26mm 35mm 28mm; background:#fff; color:#000; box-shadow:0 2px 12px rgba(0,0,0,.15);
  font-family:"仿宋_GB2312","仿宋","FangSong","STFangsong","FangSong_GB2312","Noto Serif CJK SC",serif;
  font-size:16pt; line-height:28.9pt; letter-spacing:-0.2pt;
}
h1, .title {
  margin:0 0 28.9pt; text-align:center; font-size:22pt; line-height:40pt; font-weight:normal;
  font-family:"方正小标宋简体","小标宋","FZXiaoBiaoSong-B05S","STZhongsong","宋体","SimSun",serif;
}
.masthead { margin-bottom:28.9pt; }
.masthead .masthead-title {
  margin:0; color:#c00; font-size:36pt; line-height:56pt; letter-spacing:.1em; text-indent:0;
  text-align:center; font-weight:normal;
  font-family:"方正小标宋简体","小标宋","FZXiaoBiaoSong-B05S","STZhongsong","宋体","SimSun",serif;
}
.masthead .issue { margin:0; text-align:center; }
.masthead-line {
  display:flex; justify-content:space-between; margin:0; padding:0 16pt 4pt;
  border-bottom:2px solid #c00;
}
h2, h3 { font-size:16pt; font-weight:normal; margin:0; text-indent:2em; }
h2 { font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif; }
h3 { font-family:"楷体_GB2312","楷体","KaiTi","STKaiti",serif; }
p { margin:0; text-indent:2em; text-align:justify; }
p.number, p.date, p.coverage, p.correction, p.issue { text-indent:0; text-align:center; }
.label { font-family:"楷体_GB2312","楷体","KaiTi","STKaiti",serif; }
p.signature { text-indent:0; text-align:right; padding-right:2em; margin-top:28.9pt; }
p.meta { text-indent:0; color:#555; font-size:12pt; }
section { break-inside:auto; }
dl.event { margin:0; }
dl.event dt { display:inline; font-family:"楷体_GB2312","楷体","KaiTi",serif; }
dl.event dd { display:inline; margin:0; }
dl.event dd::after { content:""; display:block; }
table { width:100%; table-layout:fixed; border-collapse:collapse; margin:.5em 0; font-size:12pt; line-height:1.5; }
caption { font-family:"黑体","SimHei",sans-serif; text-align:left; }
th, td { border:1px solid #000; padding:.2em .35em; vertical-align:top; text-align:left; word-break:break-all; }
th { font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif; font-weight:normal; text-align:center; }
thead { display:table-header-group; }
figure { margin:.5em 0; text-align:center; }
figure svg { max-width:100%; height:auto; }
footer.closing { margin-top:28.9pt; border-top:1.5px solid #000; border-bottom:1.5px solid #000; break-inside:avoid; }
footer.closing p { font-size:14pt; line-height:20pt; padding:3pt 14pt; text-indent:0; border-bottom:1px solid #000; }
footer.closing p:last-child { border-bottom:0; }
footer.closing p.printed { display:flex; justify-content:space-between; }
@page { size:A4; margin:37mm 26mm 35mm 28mm; }
@page :right { @bottom-right { content:"— " counter(page) " —"; font:14pt "宋体","SimSun",serif; padding-right:14pt; } }
@page :left { @bottom-left { content:"— " counter(page) " —"; font:14pt "宋体","SimSun",serif; padding-left:14pt; } }
@media print {
  html { background:none; }
  body { width:auto; max-width:none; min-height:0; margin:0; padding:0; box-shadow:none; }
  p.meta { display:none; }
}
`;
