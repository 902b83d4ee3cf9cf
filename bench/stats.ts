/**
 * Pure helpers for the benchmark suite: percentiles, rates, ratios and the printed table. No I/O,
 * so they are unit-tested (bench/stats.spec.ts) without timing anything.
 */

/** The p-th percentile (0–100) of the samples, nearest-rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile must be 0–100, got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Operations per second; 0 when no time passed. */
export function ratePerSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (count * 1000) / elapsedMs : 0;
}

/** figure / baseline, rounded to 3 decimals; NaN when the baseline is not positive. */
export function ratio(figure: number, baseline: number): number {
  if (!(baseline > 0) || !Number.isFinite(figure)) return Number.NaN;
  return Math.round((figure / baseline) * 1000) / 1000;
}

export interface Comparison {
  name: string;
  value: number;
  unit: string;
  baselineName: string;
  baseline: number;
  ratio: number;
  /** What the issue asks of the ratio, e.g. "≥ 5"; absent when the row is informative only. */
  target?: string;
  met?: boolean;
}

/** A comparison row: the ratio and whether it meets `atLeast` (if given). */
export function compare(
  name: string,
  value: number,
  unit: string,
  baselineName: string,
  baseline: number,
  atLeast?: number,
): Comparison {
  const r = ratio(value, baseline);
  const row: Comparison = { name, value, unit, baselineName, baseline, ratio: r };
  if (atLeast !== undefined) {
    row.target = `≥ ${atLeast}`;
    row.met = r >= atLeast;
  }
  return row;
}

/** A number for a table cell: thousands separators, at most one decimal under 100. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const digits = Math.abs(value) < 100 ? 1 : 0;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  });
}

/** A plain-text table with a header rule; numbers right-aligned, text left-aligned. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => /^[-\d.,×%—≥< ]*$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
