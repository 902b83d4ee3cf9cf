import type { RenderedImage } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import {
  METRIC_LABELS,
  RELEASE_METRICS,
  STAGE_METRICS,
  type FunnelCounts,
  type GroupRow,
} from './stats.types';
import type { StageTime, TargetProgress, TrendReport } from './stats.types';

/**
 * ECharts options for the five charts, plain JSON (no functions), so the console hands the same
 * object to the browser's ECharts and the report renders it to SVG on the server.
 */
export type ChartOption = Record<string, unknown>;

/**
 * Noto and WenQuanYi for servers and CI (Debian fonts-wqy-zenhei), then what desktops have. Single
 * quotes: ECharts SSR writes this into a double-quoted style attribute without escaping.
 */
const FONT = {
  fontFamily:
    "'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'PingFang SC', 'Microsoft YaHei', sans-serif",
};

export function funnelChart(totals: FunnelCounts): ChartOption {
  return {
    textStyle: FONT,
    title: { text: '各环节成果数', left: 'center' },
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        top: 40,
        bottom: 10,
        minSize: '10%',
        label: { show: true, position: 'inside', formatter: '{b}:{c}' },
        // Only the stages narrow like a funnel; the release channels get their own chart.
        data: STAGE_METRICS.map((m) => ({ name: METRIC_LABELS[m], value: totals[m] })),
      },
    ],
    animation: false,
  };
}

export function releaseChart(totals: FunnelCounts): ChartOption {
  return {
    textStyle: FONT,
    title: { text: '各发布渠道刊发成果数', left: 'center' },
    tooltip: { trigger: 'axis' },
    grid: { top: 40, bottom: 30, left: 40, right: 10 },
    xAxis: { type: 'category', data: RELEASE_METRICS.map((m) => METRIC_LABELS[m]) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: '成果数', data: RELEASE_METRICS.map((m) => totals[m]) }],
    animation: false,
  };
}

export function cityChart(rows: GroupRow[]): ChartOption {
  return {
    textStyle: FONT,
    title: { text: '各市入库与发布成果', left: 'center' },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { top: 40, bottom: 60, left: 40, right: 10 },
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: { type: 'value', minInterval: 1 },
    series: (['recommended', 'inLibrary', 'published'] as const).map((m) => ({
      type: 'bar',
      name: METRIC_LABELS[m],
      data: rows.map((r) => r.counts[m]),
    })),
    animation: false,
  };
}

export function trendChart(trend: TrendReport): ChartOption {
  return {
    textStyle: FONT,
    title: { text: '逐月趋势', left: 'center' },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { top: 40, bottom: 60, left: 40, right: 10 },
    xAxis: { type: 'category', data: trend.months },
    yAxis: { type: 'value', minInterval: 1 },
    series: (['submitted', 'recommended', 'inLibrary', 'published'] as const).map((m) => ({
      type: 'line',
      name: METRIC_LABELS[m],
      data: trend.series[m],
    })),
    animation: false,
  };
}

export function stageChart(stages: StageTime[]): ChartOption {
  return {
    textStyle: FONT,
    title: { text: '各环节停留时间(小时)', left: 'center' },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { top: 40, bottom: 60, left: 50, right: 10 },
    xAxis: { type: 'category', data: stages.map((s) => s.label) },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', name: '中位数', data: stages.map((s) => s.medianHours ?? 0) },
      { type: 'bar', name: '90分位', data: stages.map((s) => s.p90Hours ?? 0) },
    ],
    animation: false,
  };
}

/**
 * Each target as a share of it (the two targets differ fivefold, so raw counts on one axis would
 * flatten the smaller); the bar's label carries the counts and the line marks 100%.
 */
export function targetChart(targets: TargetProgress): ChartOption {
  const figures = [
    ['入库成果', targets.libraryEntries],
    // Reports drafted before landmark results were counted have no such figure.
    ...(targets.landmarkResults ? [['标志性成果', targets.landmarkResults] as const] : []),
  ] as const;
  const percent = (share: number) => Math.round(share * 1000) / 10;
  return {
    textStyle: FONT,
    title: { text: `${targets.year}年度目标完成情况`, left: 'center' },
    grid: { top: 40, bottom: 30, left: 80, right: 60 },
    xAxis: {
      type: 'value',
      max: Math.max(100, ...figures.map(([, f]) => percent(f.share))),
      axisLabel: { formatter: '{value}%' },
    },
    yAxis: { type: 'category', data: figures.map(([name]) => name) },
    series: [
      {
        type: 'bar',
        name: '完成率',
        data: figures.map(([, f]) => ({
          value: percent(f.share),
          label: { show: true, position: 'right', formatter: `${f.actual} / ${f.target}` },
        })),
        markLine: { symbol: 'none', data: [{ xAxis: 100, name: '年度目标' }] },
      },
    ],
    animation: false,
  };
}

/** Server-side rendering to a standalone SVG string (ECharts SSR, no DOM, no canvas). */
export function renderSvg(option: ChartOption, width = 640, height = 320): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

type SeriesDatum = number | { name?: string; value: number };
type Axis = { type?: string; data?: string[]; axisLabel?: { formatter?: string } };

/**
 * The figures a chart draws, in words: "成果数:月度 4、季度 2". The SVG's text alternative, so a
 * screen reader hears the numbers the picture shows (bar heights have no text of their own).
 */
export function describeChart(option: ChartOption): string {
  const axes = [option.xAxis, option.yAxis] as (Axis | undefined)[];
  const categories = axes.find((a) => a?.type === 'category')?.data ?? [];
  const format = axes.find((a) => a?.type === 'value')?.axisLabel?.formatter ?? '{value}';
  const series = (option.series ?? []) as { name?: string; data: SeriesDatum[] }[];
  return series
    .map((s) => {
      const figures = s.data.map((d, i) => {
        const value = typeof d === 'number' ? d : d.value;
        const name = typeof d === 'number' ? categories[i] : (d.name ?? categories[i]);
        return `${name} ${format.replace('{value}', String(value))}`;
      });
      return `${s.name ? `${s.name}:` : ''}${figures.join('、')}`;
    })
    .join(';');
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A chart as inline SVG for an HTML page (the console dashboard and the report's web page): drawn
 * on the server, so the page loads no chart script; role="img" with a <title> and an aria-label
 * naming the chart and its figures, as the text alternative.
 */
export function chartSvg(chart: {
  title: string;
  option: ChartOption;
  width: number;
  height: number;
}): string {
  const figures = describeChart(chart.option);
  const label = escapeXml(figures ? `${chart.title}。${figures}` : chart.title);
  return renderSvg(chart.option, chart.width, chart.height).replace(
    /^<svg ([^>]*)>/,
    `<svg role="img" aria-label="${label}" $1><title>${label}</title>`,
  );
}

/**
 * CJK fonts tried in this order when the chart's own families are missing: resvg falls back only
 * to the one default family, and a font without CJK glyphs would draw the labels as empty boxes.
 */
const CJK_FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
];
const CJK_FAMILIES: Record<string, string> = {
  'NotoSansCJK-Regular.ttc': 'Noto Sans CJK SC',
  'wqy-zenhei.ttc': 'WenQuanYi Zen Hei',
  'wqy-microhei.ttc': 'WenQuanYi Micro Hei',
};

let cjkFont: { file: string; family: string } | null | undefined;
function findCjkFont(): { file: string; family: string } | null {
  if (cjkFont === undefined) {
    const file = CJK_FONT_FILES.find((f) => existsSync(f));
    cjkFont = file ? { file, family: CJK_FAMILIES[basename(file)] } : null;
  }
  return cjkFont;
}

/**
 * Draws an SVG with resvg at `width` pixels, with the CJK font, off the event loop (one libuv
 * thread, as a database query would use). Only that font file is loaded when one is known,
 * because scanning every system font costs more than the drawing.
 */
export async function rasterise(svg: string, width: number): Promise<RenderedImage> {
  // Loaded when a report is first drawn, not with every server.
  const { renderAsync } = await import('@resvg/resvg-js');
  const font = findCjkFont();
  return renderAsync(svg, {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: font
      ? {
          loadSystemFonts: false,
          fontFiles: [font.file],
          defaultFontFamily: font.family,
          sansSerifFamily: font.family,
        }
      : { loadSystemFonts: true },
  });
}

/**
 * The chart as PNG, drawn from the same SSR SVG as the HTML page: every Word processor shows PNG,
 * while an SVG image needs a raster fallback anyway. `scale` times the layout size so that it
 * prints sharply.
 */
export async function renderPng(
  option: ChartOption,
  width = 640,
  height = 320,
  scale = 2,
): Promise<Buffer> {
  return (await rasterise(renderSvg(option, width, height), width * scale)).asPng();
}
