import type { Province } from './province';
import type { YearDriver } from './year-driver';
import type { YearReport } from './year-report';

export interface SummaryInput {
  options: { seed: number; year: number; scale: number };
  province: Province;
  driver: YearDriver;
  report: YearReport;
  seconds: number;
  requests: number;
}

const pad = (s: string | number, n: number) => String(s).padStart(n, ' ');

/** The year in one screen, in Chinese, as the office would want it read out. */
export function formatSummary(input: SummaryInput): string {
  const { options, province, driver, report } = input;
  const t = driver.tally;
  const funnel = report.funnel();
  const cities = [...new Set([...province.bodies.values()].map((b) => b.city))];
  const lines: string[] = [];
  lines.push(
    `== 浙里好成果 · ${options.year} 年全年模拟(seed ${options.seed},规模 ${options.scale})==`,
  );
  lines.push(
    `省份:${province.bodies.size} 个单位,${province.experts.length} 位专家;用时 ${input.seconds.toFixed(0)} 秒,HTTP 请求 ${input.requests} 次`,
  );
  lines.push(
    `耗时分布:${[...driver.timings].map(([k, ms]) => `${k} ${(ms / 1000).toFixed(0)}s`).join(',')}`,
  );
  lines.push('');
  lines.push('-- 各环节漏斗 --');
  for (const stage of funnel) lines.push(`${stage.label.padEnd(8, ' ')}${pad(stage.total, 6)}`);
  lines.push('');
  lines.push('-- 分市漏斗(提交 / 报送 / 入库 / 发布)--');
  const of = (stage: string, city: string) =>
    funnel.find((s) => s.stage === stage)?.byCity.get(city) ?? 0;
  for (const city of cities) {
    lines.push(
      `${city}  ${pad(of('recommendation', city), 4)} ${pad(of('submitted', city), 4)} ${pad(of('inLibrary', city), 4)} ${pad(of('published', city), 4)}`,
    );
  }
  lines.push('');
  const target = report.libraryTarget;
  if (target) {
    lines.push(
      `成果库:全年入库 ${target.actual} 项,年度目标 ${target.target} 项(完成 ${Math.round((target.actual / target.target) * 100)}%)`,
    );
  }
  lines.push(
    `过程:推荐 ${t.recommended},不予推荐 ${t.declined},退回 ${t.returned + t.eligibilityReturned},零报告 ${t.nilReports},形式审查通过 ${t.eligibilityPassed}/不通过 ${t.eligibilityRejected},评分 ${t.scores},回避 ${t.recusals},协商 ${t.consensusPassed + t.consensusRejected}(第二轮 ${t.secondRounds}),核查通过 ${t.verified}/不通过 ${t.verificationFailed},争议 ${t.disputesRaised}/${t.disputesResolved}`,
  );
  lines.push('');
  lines.push('-- 刊物 --');
  for (const e of report.editions.filter((x) => x.state === 'issued')) {
    lines.push(
      `${e.number} ${{ monthly: '月报', quarterly: '季度发布', annual: '年度榜单' }[e.kind]}:${e.items.filter((i) => i.selected).length} 项`,
    );
  }
  lines.push(`提醒:催报提醒 ${report.remindersSent} 条`);
  const c = report.credit;
  if (c.length) {
    lines.push(
      `专家信誉分:最低 ${c[0]},中位 ${c[Math.floor(c.length / 2)]},最高 ${c[c.length - 1]}(${c.length} 位)`,
    );
  }
  lines.push('');
  lines.push('-- 通报排名(设区市,前五)--');
  for (const r of report.ranking.slice(0, 5)) lines.push(`${r.rank}. ${r.name}  ${r.score}`);
  lines.push('');
  lines.push('-- 检查 --');
  for (const c of report.checks) lines.push(`${c.ok ? '✔' : '✘'} ${c.name}:${c.detail}`);
  lines.push(report.checks.every((c) => c.ok) ? '全部检查通过。' : '有检查未通过。');
  return lines.join('\n') + '\n';
}
