/**
 * The site's icon: the character 果 (成果) on the console's brand red, as SVG so that one small file is
 * sharp at every size. Served same-origin by the assets controller; no external address.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="12" fill="#b91c1c"/>
<text x="32" y="46" font-size="40" text-anchor="middle" fill="#fff"
 font-family="'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif">果</text>
</svg>
`;

/**
 * Styles of what every page shares beyond the console's own sheet: the breadcrumb trail, the
 * header search, the unread count on 通知, and the public list's highlights and hints. Served
 * after APP_CSS in the same file.
 */
export const HEADER_CSS = `
nav.crumbs ol { list-style:none; display:flex; flex-wrap:wrap; gap:.25rem; padding:0; margin:0 0 .5rem; color:var(--muted); font-size:.9rem; }
nav.crumbs li + li::before { content:"›"; margin-right:.25rem; }
header.site .header-search { display:flex; gap:.25rem; align-items:center; margin:0; }
header.site .header-search input { width:14rem; max-width:60vw; }
.inbox-link .count.unread { margin-left:.2rem; background:var(--brand); color:#fff; }
.inbox li p { white-space:pre-line; }
mark { background:#fef08a; color:inherit; padding:0 .05em; }
.result-count { color:var(--muted); margin:.25rem 0 .75rem; }
.no-results { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.75rem 1rem; }
.no-results ul { margin:.25rem 0; }
.no-results ul.browse-domains { display:flex; flex-wrap:wrap; gap:.25rem 1rem; list-style:none; padding:0; }
@media print { header.site .header-search, nav.crumbs { display:none !important; } }
`;
