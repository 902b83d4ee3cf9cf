/**
 * The one place where instants become the dates and times people read: console pages, editions
 * (DOCX/HTML), exports, reports, e-mails and in-app notifications. Everyone who uses the system
 * lives in Asia/Shanghai, which has had no daylight saving time since 1991, so a fixed +8 h offset
 * is exact and needs no time-zone database. Stored instants and API payloads stay ISO/UTC; only
 * what a person reads goes through here.
 */
const OFFSET_MS = 8 * 3600 * 1000;

export interface ShanghaiParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

type Instant = string | Date | null | undefined;

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(at: string | Date): Date {
  return at instanceof Date ? at : new Date(at);
}

/** The wall-clock fields of an instant in Asia/Shanghai. */
export function shanghaiParts(at: string | Date): ShanghaiParts {
  const local = new Date(toDate(at).getTime() + OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The calendar day (YYYY-MM-DD) an instant falls on in Asia/Shanghai; also a grouping key. */
export function shanghaiDay(at: string | Date): string {
  const p = shanghaiParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** 00:00 Asia/Shanghai of a calendar day (month and day may overflow, as with Date.UTC). */
export function shanghaiMidnight(year: number, month: number, day = 1): Date {
  return new Date(Date.UTC(year, month - 1, day) - OFFSET_MS);
}

/** The console's date and time: 2026/12/01 00:30. */
export function formatDateTime(at: Instant): string {
  if (!at) return '—';
  const p = shanghaiParts(at);
  return `${p.year}/${pad(p.month)}/${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The console's date: 2026/12/01. */
export function formatDate(at: Instant): string {
  if (!at) return '—';
  const p = shanghaiParts(at);
  return `${p.year}/${pad(p.month)}/${pad(p.day)}`;
}

/** True when the instant is 00:00 in Shanghai, i.e. the end ("24:00") of the day before. */
function isMidnight(at: Date): boolean {
  const p = shanghaiParts(at);
  return p.hour === 0 && p.minute === 0 && p.second === 0 && at.getTime() % 1000 === 0;
}

/** A close "at 24:00" of a day reads as that day's 24:00, not as 00:00 of the next. */
export function formatDeadline(at: Instant): string {
  if (!at) return '—';
  const instant = toDate(at);
  if (isMidnight(instant)) return `${formatDate(new Date(instant.getTime() - 1))} 24:00`;
  return formatDateTime(instant);
}

/** Spreadsheet cells and machine-friendly text: 2026-12-01 00:30:00. */
export function formatTimestamp(at: Instant): string | null {
  if (!at) return null;
  const p = shanghaiParts(at);
  return `${shanghaiDay(at)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** Documents and letters: 2026年12月1日. */
export function formatChineseDate(at: string | Date): string {
  const p = shanghaiParts(at);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** Documents and letters: 2026年12月1日 00:30. */
export function formatChineseDateTime(at: string | Date): string {
  const p = shanghaiParts(at);
  return `${formatChineseDate(at)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** A deadline in a letter: 2026年12月10日 24:00 rather than 2026年12月11日 00:00. */
export function formatChineseDeadline(at: string | Date): string {
  const instant = toDate(at);
  if (isMidnight(instant)) return `${formatChineseDate(new Date(instant.getTime() - 1))} 24:00`;
  return formatChineseDateTime(instant);
}

/**
 * A half-open interval [start, end) as people read it: both ends are days that belong to it, so
 * December reads 2026/12/01 至 2026/12/31, never up to the first day of January.
 */
export function formatInterval(start: string | Date, endExclusive: string | Date): string {
  const last = new Date(toDate(endExclusive).getTime() - 1);
  return `${formatDate(start)} 至 ${formatDate(last)}`;
}

/** The same interval in a document's words: 2026年12月1日至2026年12月31日. */
export function formatChineseInterval(start: string | Date, endExclusive: string | Date): string {
  const last = new Date(toDate(endExclusive).getTime() - 1);
  return `${formatChineseDate(start)}至${formatChineseDate(last)}`;
}

const QUARTER_NUMERALS = ['一', '二', '三', '四'];

/** 2026年第三季度: the quarter an instant falls in, in words. */
export function formatQuarter(at: string | Date): string {
  const p = shanghaiParts(at);
  return `${p.year}年第${QUARTER_NUMERALS[Math.floor((p.month - 1) / 3)]}季度`;
}
