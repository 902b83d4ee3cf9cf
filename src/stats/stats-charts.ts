import * as echarts from 'echarts';
import { FUNNEL_METRICS, METRIC_LABELS, type FunnelCounts, type GroupRow } from './stats.service';
import type { StageTime, TargetProgress, TrendReport } from './stats.service';

/**
 * ECharts options for the five charts, plain JSON (no functions), so the console hands the same
 * object to the browser's ECharts and the report renders it to SVG on the server.
 */
export type ChartOption = Record<string, unknown>;

const FONT = { fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif' };

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
        data: FUNNEL_METRICS.map((m) => ({ name: METRIC_LABELS[m], value: totals[m] })),
      },
    ],
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

export function targetChart(targets: TargetProgress): ChartOption {
  const { actual, target } = targets.libraryEntries;
  return {
    textStyle: FONT,
    title: { text: `${targets.year}年入库目标完成情况`, left: 'center' },
    grid: { top: 40, bottom: 30, left: 80, right: 30 },
    xAxis: { type: 'value', max: Math.max(target, actual, 1) },
    yAxis: { type: 'category', data: ['入库成果'] },
    series: [
      {
        type: 'bar',
        name: '已完成',
        data: [actual],
        label: { show: true, position: 'right', formatter: `${actual} / ${target}` },
        markLine: { symbol: 'none', data: [{ xAxis: target, name: '年度目标' }] },
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
