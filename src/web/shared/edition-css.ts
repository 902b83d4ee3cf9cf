import { OFFICIAL_DOCUMENT_CSS } from '../../common/official-document/official-html';

/**
 * The edition's HTML page (月报, 季度发布, 年度榜单) styled as the printed document it stands for:
 * the GB/T 9704 layout every issued document shares (A4, 3号 仿宋 on 22 × 28, the red header
 * block, the closing block, page numbers on paper). Served from /assets/edition.css (same
 * origin, so the CSP holds).
 */
export const EDITION_CSS = OFFICIAL_DOCUMENT_CSS;
