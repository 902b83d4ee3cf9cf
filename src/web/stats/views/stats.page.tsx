import { escapeHtml as e } from '@kitajs/html';
import type { AuthUser } from '../../../access/auth-user';
import { CATEGORIES, CATEGORY_LABELS } from '../../../reference/achievement-category';
import type { FigureGrid } from '../../../stats/chart-figures';
import { chartSvg } from '../../../stats/stats-charts';
import type { StatsFilterOptions } from '../../../stats/stats-filters';
import type { ReportSummary } from '../../../stats/stats-reports.service';
import {
  DISCIPLINE_LABELS,
  FUNNEL_METRICS,
  METRIC_LABELS,
  type DisciplineReport,
  type FunnelReport,
  type ProcessReport,
  type RankingReport,
  type TargetProgress,
} from '../../../stats/stats.types';
import { CsrfField, Layout } from '../../shared/layout';

export interface StatsPageProps {
  user: AuthUser;
  csrf: string;
  filters: { period: string; city?: string; domain?: string; category?: string };
  /** A city bureau's own city, fixed. */
  fixedCity: string | null;
  funnel: FunnelReport;
  targets: TargetProgress;
  process: ProcessReport;
  discipline: DisciplineReport;
  ranking: RankingReport | null;
  reports: ReportSummary[] | null;
  /** Ended quarters and years without a report, which the office may draft. */
  draftable: { period: string; label: string }[];
  /** Office staff draft, refresh and issue; an admin reads the reports only. */
  canIssue: boolean;
  /** The filters' choices, from the reference data. */
  options: StatsFilterOptions;
  message?: string;
  /** The charts with their figures, drawn here as inline SVG. */
  figures: FigureGrid[];
  exportQuery: string;
}

/** The first group's figures are the totals table at the top of the page already. */
const FIGURES_SHOWN_ABOVE = 1;

/**
 * Each chart as server-drawn SVG (labelled with its figures); under the last chart of each group,
 * a table of the same figures, folded so the charts stay side by side, readable without the
 * picture.
 */
function Charts({ figures }: { figures: FigureGrid[] }): JSX.Element {
  return (
    <div class="charts">
      {figures.map((g, i) =>
        g.charts.map((ch, j) => (
          <section>
            <h2>{e(ch.title)}</h2>
            <figure class="chart" id={`chart-${ch.key}`} data-chart={ch.key}>
              {chartSvg(ch)}
            </figure>
            {j === g.charts.length - 1 && i >= FIGURES_SHOWN_ABOVE ? <Figures grid={g} /> : ''}
          </section>
        )),
      )}
    </div>
  );
}

function Figures({ grid: g }: { grid: FigureGrid }): JSX.Element {
  return (
    <details class="figures">
      <summary>数据表</summary>
      <div class="table-scroll">
        <table id={`figures-${g.charts[0].key}`}>
          <caption>{e(g.unit ? `${g.name}(${g.unit})` : g.name)}</caption>
          <thead>
            <tr>
              {g.head.map((h) => (
                <th>{e(h)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {g.rows.map((r) => (
              <tr>
                {r.map((v) => (
                  <td>{e(String(v))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function StatsPage(p: StatsPageProps): JSX.Element {
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);
  return (
    <Layout title="统计分析" user={p.user} csrf={p.csrf}>
      <h1>统计分析 · {e(p.funnel.period)}</h1>
      {p.message ? (
        <p class="notice" role="status" id="stats-message">
          {e(p.message)}
        </p>
      ) : (
        ''
      )}
      <form class="filters" method="get" action="/stats" id="stats-filters">
        <label>
          统计期
          <select name="period">
            {p.options.years.map((y) => (
              <optgroup label={`${y.year}年`}>
                {y.periods.map((o) => (
                  <option value={o.key} selected={p.filters.period === o.key}>
                    {e(o.label)}
                  </option>
                ))}
              </optgroup>
            ))}
            {p.options.years.some((y) => y.periods.some((o) => o.key === p.filters.period)) ? (
              ''
            ) : (
              <option value={p.filters.period} selected>
                {e(p.funnel.period)}
              </option>
            )}
          </select>
        </label>
        <label>
          设区市
          {p.fixedCity ? (
            <input type="text" name="city" value={p.fixedCity} readonly />
          ) : (
            <select name="city">
              <option value="">全省</option>
              {p.options.cities.map((c) => (
                <option value={c} selected={p.filters.city === c}>
                  {e(c)}
                </option>
              ))}
            </select>
          )}
        </label>
        <label>
          领域
          <select name="domain">
            <option value="">全部领域</option>
            {p.options.domains.map((d) => (
              <option value={d.key} selected={p.filters.domain === d.key}>
                {e(d.active ? d.name : `${d.name}(已停用)`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          类别
          <select name="category">
            <option value="">全部</option>
            {CATEGORIES.map((c) => (
              <option value={c} selected={p.filters.category === c}>
                {e(CATEGORY_LABELS[c])}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">查询</button>
      </form>
      <section id="stats-totals">
        <table>
          <thead>
            <tr>
              {FUNNEL_METRICS.map((m) => (
                <th>{e(METRIC_LABELS[m])}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {FUNNEL_METRICS.map((m) => (
                <td data-metric={m}>{p.funnel.totals[m]}</td>
              ))}
            </tr>
          </tbody>
        </table>
        <p>
          {p.targets.year}年入库成果{' '}
          <strong id="target-actual">{p.targets.libraryEntries.actual}</strong> /{' '}
          {p.targets.libraryEntries.target}({pct(p.targets.libraryEntries.share)});标志性成果{' '}
          <strong id="target-landmark">{p.targets.landmarkResults.actual}</strong> /{' '}
          {p.targets.landmarkResults.target}({pct(p.targets.landmarkResults.share)});专家按时率{' '}
          {pct(p.process.expertOnTime.rate)};退回修改率 {pct(p.process.returns.rate)};逾期专家评审{' '}
          {p.process.overdue.expertSeats.length} 项,批次截止后未处理{' '}
          {p.process.overdue.batches.length} 项。
        </p>
        <p class="buttons">
          <a class="button" href={`/stats/export/items?format=csv${p.exportQuery}`}>
            导出成果清单 CSV
          </a>
          <a class="button" href={`/stats/export/items?format=xlsx${p.exportQuery}`}>
            导出成果清单 Excel
          </a>
        </p>
      </section>
      <Charts figures={p.figures} />
      {p.ranking ? (
        <section>
          <h2>
            设区市排名(权重:入库 {p.ranking.weights.libraryEntries} · 发布{' '}
            {p.ranking.weights.published} · 标志性成果 {p.ranking.weights.landmark} · 报送纪律{' '}
            {p.ranking.weights.discipline})
          </h2>
          <table id="ranking-cities">
            <thead>
              <tr>
                <th>名次</th>
                <th>设区市</th>
                <th>入库</th>
                <th>发布</th>
                <th>标志性成果</th>
                <th>报送纪律</th>
                <th>得分</th>
              </tr>
            </thead>
            <tbody>
              {p.ranking.cities.map((r) => (
                <tr>
                  <td>{r.rank}</td>
                  <td>{e(r.name)}</td>
                  <td>{r.values.libraryEntries}</td>
                  <td>{r.values.published}</td>
                  <td>{r.values.landmark}</td>
                  <td>{pct(r.values.discipline)}</td>
                  <td>{r.score}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        ''
      )}
      <section>
        <h2>报送纪律</h2>
        <table id="discipline">
          <thead>
            <tr>
              <th>征集单位</th>
              {p.discipline.months.map((m) => (
                <th>{e(m)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.discipline.bodies.map((b) => (
              <tr>
                <td>{e(b.organization.name)}</td>
                {p.discipline.months.map((m) => (
                  <td>{e(DISCIPLINE_LABELS[b.months[m]])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {p.reports ? <ReportsSection {...p} reports={p.reports} /> : ''}
    </Layout>
  );
}

/**
 * The ranking reports (通报): draft one for an ended quarter or year, preview the styled page,
 * refresh a draft's figures, and issue it after a confirmation (the issue freezes the documents).
 */
function ReportsSection(p: StatsPageProps & { reports: ReportSummary[] }): JSX.Element {
  return (
    <section id="reports-section">
      <h2>通报</h2>
      {!p.canIssue ? (
        ''
      ) : p.draftable.length ? (
        <form method="post" action="/stats/reports" id="draft-report" class="filters">
          <CsrfField token={p.csrf} />
          <label>
            起草通报
            <select name="period">
              {p.draftable.map((d) => (
                <option value={d.period}>{e(d.label)}</option>
              ))}
            </select>
          </label>
          <button type="submit">起草</button>
        </form>
      ) : (
        <p class="muted">已结束的季度和年度都已有通报。</p>
      )}
      {p.reports.length === 0 ? <p class="muted">还没有通报</p> : ''}
      <ul id="reports">
        {p.reports.map((r) => (
          <li data-period={r.period}>
            {e(r.label)} · <span class="badge">{r.state === 'issued' ? '已印发' : '草稿'}</span> ·{' '}
            <a href={`/stats/reports/${r.id}/report.html`} target="_blank" class="preview-report">
              {r.state === 'issued' ? '网页版' : '预览'}
            </a>
            {r.state === 'issued' ? (
              <>
                {' '}
                · <a href={`/stats/reports/${r.id}/report.docx`}>Word</a>
              </>
            ) : !p.canIssue ? (
              ''
            ) : (
              <>
                <form method="post" action={`/stats/reports/${r.id}/refresh`} class="inline">
                  <CsrfField token={p.csrf} />
                  <button type="submit" class="refresh-report">
                    更新数据
                  </button>
                </form>
                <form
                  method="post"
                  action={`/stats/reports/${r.id}/issue`}
                  class="inline"
                  data-confirm={`印发${r.label}通报?印发后网页版和 Word 文档即定稿,不能再修改。`}
                >
                  <CsrfField token={p.csrf} />
                  <button type="submit" class="primary issue-report">
                    印发
                  </button>
                </form>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
