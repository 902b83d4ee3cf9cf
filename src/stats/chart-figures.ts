import type { ReportContent } from './report-content';
import {
  cityChart,
  funnelChart,
  releaseChart,
  stageChart,
  targetChart,
  trendChart,
  type ChartOption,
} from './stats-charts';
import { FUNNEL_METRICS, METRIC_LABELS } from './stats.types';

/**
 * The six charts and the tables of their figures, built once for both places that show them: the
 * console dashboard (/stats) and the ranking report (通报, HTML and DOCX). Both draw the charts on
 * the server (ECharts SSR), so no page needs ECharts in the browser.
 */
export type ChartFigures = Pick<
  ReportContent,
  'funnel' | 'funnelByCity' | 'trend' | 'stages' | 'targets'
>;

export interface Chart {
  /** Stable name of the chart (the dashboard's element ids). */
  key: string;
  /** What the chart shows: its heading, and the text alternative of the image. */
  title: string;
  option: ChartOption;
  width: number;
  height: number;
}

/** A table of figures; the charts drawn from it come with it. */
export interface FigureGrid {
  name: string;
  /** The unit of the figures, when they are not counts. */
  unit?: string;
  /** Which chart the table belongs to, in the report's caption. */
  note: string;
  head: string[];
  rows: (string | number)[][];
  charts: Chart[];
}

const fmt = (x: number | null) => (x === null ? '—' : String(x));
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The charts, in order. */
export function figureCharts(c: ChartFigures): Chart[] {
  const chart = (key: string, title: string, option: ChartOption, height = 320): Chart => ({
    key,
    title,
    option,
    width: 640,
    height,
  });
  return [
    chart('funnel', '各环节成果数', funnelChart(c.funnel)),
    chart('releases', '各发布渠道刊发成果数', releaseChart(c.funnel)),
    chart('cities', '各市入库与发布成果', cityChart(c.funnelByCity)),
    chart('trend', '逐月趋势', trendChart(c.trend)),
    chart('stages', '各环节停留时间', stageChart(c.stages)),
    chart('targets', '年度目标完成情况', targetChart(c.targets), 240),
  ];
}

/** The charts grouped with the table of their figures: copyable and readable without the images. */
export function figureGrids(c: ChartFigures): FigureGrid[] {
  const [funnel, release, city, trend, stage, target] = figureCharts(c);
  return [
    {
      name: '各环节与各发布渠道成果数',
      note: '对应“各环节成果数”“各发布渠道刊发成果数”图',
      head: FUNNEL_METRICS.map((m) => METRIC_LABELS[m]),
      rows: [FUNNEL_METRICS.map((m) => c.funnel[m] ?? '—')],
      charts: [funnel, release],
    },
    {
      name: '各市入库与发布成果',
      note: '对应柱状图',
      head: ['设区市', ...FUNNEL_METRICS.map((m) => METRIC_LABELS[m])],
      rows: c.funnelByCity.map((r) => [r.label, ...FUNNEL_METRICS.map((m) => r.counts[m] ?? '—')]),
      charts: [city],
    },
    {
      name: '逐月趋势',
      note: '对应折线图',
      head: ['月份', ...FUNNEL_METRICS.map((m) => METRIC_LABELS[m])],
      rows: c.trend.months.map((month, i) => [
        month,
        ...FUNNEL_METRICS.map((m) => c.trend.series[m]?.[i] ?? '—'),
      ]),
      charts: [trend],
    },
    {
      name: '各环节停留时间',
      unit: '小时',
      note: '对应停留时间图',
      head: ['环节', '完成次数', '中位数', '90分位'],
      rows: c.stages.map((s) => [s.label, s.count, fmt(s.medianHours), fmt(s.p90Hours)]),
      charts: [stage],
    },
    {
      name: `${c.targets.year}年度目标进度`,
      note: '对应目标进度图',
      head: ['指标', '年度目标', '已完成', '完成率'],
      rows: [
        [
          '入库成果',
          c.targets.libraryEntries.target,
          c.targets.libraryEntries.actual,
          pct(c.targets.libraryEntries.share),
        ],
        ...(c.targets.landmarkResults
          ? [
              [
                '标志性成果(年度榜单)',
                c.targets.landmarkResults.target,
                c.targets.landmarkResults.actual,
                pct(c.targets.landmarkResults.share),
              ],
            ]
          : []),
      ],
      charts: [target],
    },
  ];
}
