/**
 * The edition's HTML page (月报, 季度发布, 年度榜单) styled as the printed report it stands for: an
 * A4 column in a Song typeface, the red masthead and rule of an official bulletin, numbered
 * sections with their labelled fields in two columns, and print rules so that the browser's
 * print gives the paper copy. Served from /assets/edition.css (same origin, so the CSP holds).
 */
export const EDITION_CSS = `
html { background:#e5e7eb; }
body {
  box-sizing:border-box; max-width:210mm; min-height:297mm; margin:24px auto; padding:22mm 20mm;
  background:#fff; color:#111; box-shadow:0 2px 12px rgba(0,0,0,.15);
  font-family:"Songti SC","SimSun","Noto Serif CJK SC","Source Han Serif SC",serif;
  font-size:15px; line-height:1.8;
}
h1 {
  margin:0; text-align:center; color:#c00; font-size:32px; letter-spacing:.12em;
  font-family:"STZhongsong","SimSun","Noto Serif CJK SC",serif; font-weight:700;
}
p.number, p.date { margin:.2em 0; text-align:center; }
p.date { border-bottom:3px solid #c00; padding-bottom:.8em; margin-bottom:1.4em; }
p.correction { text-align:center; color:#c00; }
h2 { font-size:18px; margin:1.6em 0 .6em; font-family:"SimHei","Noto Sans CJK SC",sans-serif; }
nav h2 { text-align:center; letter-spacing:1em; }
nav ol { columns:1; padding-left:2em; }
nav a, section a { color:inherit; text-decoration:none; }
section { break-inside:avoid-page; border-top:1px solid #ddd; padding-top:.4em; }
dl { display:grid; grid-template-columns:7em 1fr; gap:.25em 1em; margin:.4em 0 1em; }
dt { font-weight:700; font-family:"SimHei","Noto Sans CJK SC",sans-serif; }
dd { margin:0; text-align:justify; }
table { width:100%; border-collapse:collapse; margin:1em 0; font-size:14px; }
th, td { border:1px solid #333; padding:.35em .5em; vertical-align:top; }
th { background:#f3f4f6; font-family:"SimHei","Noto Sans CJK SC",sans-serif; }
footer { margin-top:2.5em; border-top:1px solid #111; border-bottom:1px solid #111; padding:.4em 0; }
footer h2 { display:inline; font-size:15px; margin:0 .5em 0 0; }
footer p { display:inline; margin:0; }
@page { size:A4; margin:20mm; }
@media print {
  html { background:none; }
  body { margin:0; padding:0; max-width:none; min-height:0; box-shadow:none; }
}
`;
