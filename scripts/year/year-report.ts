import type { ApiClient, Session } from './api-client';
import { mapLimit } from './concurrency';
import type { Province } from './province';
import type { YearTally } from './year-driver';
import type { Edition } from './office-releases';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface AuditRow {
  instanceId: string;
  eventType: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  at: string;
}

interface ItemRow {
  id: string;
  state: string;
  city: string;
  ownerOrganization: { id: string; name: string };
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** The stages of the main path, in order, each named by the state an item enters. */
export const FUNNEL = [
  ['recommendation', '提交推荐'],
  ['submitted', '报送省级'],
  ['eligibilityCheck', '进入形式审查'],
  ['expertScoring', '形式审查通过'],
  ['onSiteVerification', '评审通过'],
  ['inLibrary', '核查入库'],
  ['published', '发布'],
] as const;

/**
 * Reads the year back through the API, as the office would, and checks what must hold: every
 * audit chain verifies, every published item passed every stage in order, no panel ever seated a
 * conflicted expert, and every monthly close and reminder happened exactly once.
 */
export class YearReport {
  readonly checks: Check[] = [];
  audit: AuditRow[] = [];
  items: ItemRow[] = [];
  editions: Edition[] = [];
  ranking: { rank: number; name: string; score: number }[] = [];
  credit: number[] = [];
  remindersSent = 0;
  libraryTarget: { target: number; actual: number } | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly province: Province,
    private readonly year: number,
  ) {}

  private get office(): Session {
    return this.province.office[0];
  }

  check(name: string, ok: boolean, detail: string): void {
    this.checks.push({ name, ok, detail });
  }

  /** Whether an audit row falls in the simulated year (Asia/Shanghai), not the run-in before it. */
  inYear(at: string): boolean {
    const t = Date.parse(at);
    return (
      t >= Date.parse(`${this.year}-01-01T00:00:00+08:00`) &&
      t < Date.parse(`${this.year + 1}-01-01T00:00:00+08:00`)
    );
  }

  async load(): Promise<void> {
    this.editions = await this.api.get<Edition[]>(this.office, `/api/editions?year=${this.year}`);
    const ranking = await this.api.get<{ cities: { rank: number; name: string; score: number }[] }>(
      this.office,
      `/api/stats/ranking?period=${this.year}`,
    );
    this.ranking = ranking.cities;
    const targets = await this.api.get<{ libraryEntries: { target: number; actual: number } }>(
      this.office,
      `/api/stats/targets?period=${this.year}`,
    );
    this.libraryTarget = targets.libraryEntries;
    const experts = await this.api.get<{ credit: number }[]>(this.office, '/api/experts');
    this.credit = experts.map((e) => e.credit).sort((a, b) => a - b);
    let cursor: string | null = null;
    do {
      const page: { items: AuditRow[]; nextCursor: string | null } = await this.api.get(
        this.office,
        `/api/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      );
      this.audit.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    cursor = null;
    do {
      const page: { items: ItemRow[]; nextCursor: string | null } = await this.api.get(
        this.office,
        `/api/achievements?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      this.items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** Items that ever entered each state, overall and per city. */
  funnel(): { stage: string; label: string; total: number; byCity: Map<string, number> }[] {
    const city = new Map(this.items.map((i) => [i.id, i.city]));
    return FUNNEL.map(([stage, label]) => {
      const reached = new Set(
        this.audit
          .filter((r) => r.toState === stage && city.has(r.instanceId))
          .map((r) => r.instanceId),
      );
      const byCity = new Map<string, number>();
      for (const id of reached) byCity.set(city.get(id)!, (byCity.get(city.get(id)!) ?? 0) + 1);
      return { stage, label, total: reached.size, byCity };
    });
  }

  async runChecks(tally: YearTally): Promise<void> {
    const verify = await this.api.get<{ ok: boolean; checked: number; firstBroken?: unknown }>(
      this.office,
      '/api/audit/verify',
    );
    this.check(
      '审计链校验',
      verify.ok,
      verify.ok ? `${verify.checked} 条记录全部通过` : `断点:${JSON.stringify(verify.firstBroken)}`,
    );

    const byItem = new Map<string, AuditRow[]>();
    for (const r of this.audit) byItem.set(r.instanceId, [...(byItem.get(r.instanceId) ?? []), r]);
    const published = this.items.filter((i) => i.state === 'published');
    const outOfOrder = published.filter((i) => {
      const path = (byItem.get(i.id) ?? []).map((r) => r.toState);
      let at = 0;
      for (const [stage] of FUNNEL) {
        at = path.indexOf(stage, at);
        if (at < 0) return true;
      }
      return false;
    });
    this.check(
      '已发布成果均按序经过全部环节',
      published.length > 0 && outOfOrder.length === 0,
      `${published.length} 项已发布,${outOfOrder.length} 项顺序异常`,
    );

    const scored = this.items.filter((i) =>
      (byItem.get(i.id) ?? []).some((r) => r.toState === 'expertScoring'),
    );
    let seats = 0;
    const violations: string[] = [];
    await mapLimit(scored, 4, async (item) => {
      const panel = await this.api.get<{ seats: { expert: { id: string } }[] }>(
        this.office,
        `/api/evaluation/items/${item.id}/panel`,
      );
      const conflicts = await this.api.get<{ expertId: string; excluded: boolean }[]>(
        this.office,
        `/api/evaluation/items/${item.id}/conflicts`,
      );
      const conflicted = new Set(conflicts.filter((c) => c.excluded).map((c) => c.expertId));
      for (const seat of panel.seats) {
        seats++;
        if (
          conflicted.has(seat.expert.id) ||
          this.province.expertOrg.get(seat.expert.id) === item.ownerOrganization.id
        ) {
          violations.push(`${item.id}/${seat.expert.id}`);
        }
      }
    });
    this.check(
      '从未指派有利益冲突的专家',
      violations.length === 0,
      `${scored.length} 项、${seats} 个评审席位;冲突 ${violations.length} 个${violations.length ? ':' + violations.slice(0, 3).join(', ') : ''}`,
    );

    const closes = this.audit.filter((r) => r.eventType === 'CLOSE');
    const perPeriod = new Map<string, number>();
    for (const r of closes) perPeriod.set(r.instanceId, (perPeriod.get(r.instanceId) ?? 0) + 1);
    const twice = [...perPeriod.values()].filter((n) => n > 1).length;
    this.check(
      '每月征集截止恰好执行一次',
      closes.length >= 12 && twice === 0,
      `${closes.length} 次截止,重复 ${twice} 次`,
    );

    const issued = (kind: string) =>
      this.editions.filter(
        (e) => e.kind === kind && e.state === 'issued' && !e.cycleKey?.includes('correction'),
      );
    const drafted = (kind: string) =>
      new Set(this.editions.filter((e) => e.kind === kind && e.cycleKey).map((e) => e.cycleKey))
        .size;
    const counts = ['monthly', 'quarterly', 'annual'].map(
      (k) => `${issued(k).length}/${drafted(k)}`,
    );
    this.check(
      '刊期按周期生成并签发(月报 12、季度 4、年度 1)',
      issued('monthly').length === 12 &&
        issued('quarterly').length === 4 &&
        issued('annual').length === 1 &&
        drafted('monthly') === 12 &&
        drafted('quarterly') === 4 &&
        drafted('annual') === 1,
      `签发/生成:月报 ${counts[0]},季度 ${counts[1]},年度 ${counts[2]}`,
    );
    const annual = issued('annual')[0];
    const landmark = annual?.items.filter((i) => i.selected).length ?? 0;
    const shortlist = annual?.items.length ?? 0;
    // About 20 from a shortlist of up to 40; a small province's shortlist may be shorter.
    this.check(
      '年度榜单约 20 项',
      landmark >= Math.min(15, Math.ceil(shortlist / 2)) && landmark <= 20 && landmark > 0,
      `入榜 ${landmark} 项(候选 ${shortlist} 项)`,
    );

    const reports = await this.api.get<{ period: string }[]>(this.office, '/api/stats/reports');
    const yearReports = reports
      .filter((r) => r.period.startsWith(String(this.year)))
      .map((r) => r.period)
      .sort();
    const expected = [`${this.year}`, ...[1, 2, 3, 4].map((q) => `${this.year}-Q${q}`)].sort();
    this.check(
      '通报按季度和年度各生成一次',
      JSON.stringify(yearReports) === JSON.stringify(expected),
      yearReports.join('、') || '无',
    );

    const reminders = await this.reminders();
    this.remindersSent = reminders.total;
    this.check(
      '催报提醒不重复',
      reminders.duplicates === 0 && reminders.total > 0,
      `${reminders.total} 条提醒,重复 ${reminders.duplicates} 条`,
    );
    this.check(
      '模拟用户的操作未被意外拒绝过多',
      tally.refused <= Math.max(5, tally.created * 0.02),
      `${tally.refused} 次 409`,
    );
  }

  /**
   * The DOCX and HTML of every edition issued in the year, and of the year's ranking report (通报)
   * once the office has issued it, as the office downloads them.
   */
  async saveDocuments(folder: string): Promise<number> {
    mkdirSync(folder, { recursive: true });
    let written = 0;
    const reports = await this.api.get<{ id: string; period: string; state: string }[]>(
      this.office,
      '/api/stats/reports',
    );
    for (const r of reports.filter((x) => x.period.startsWith(String(this.year)))) {
      if (r.state !== 'issued') {
        await this.api.post(
          this.office,
          `/api/stats/reports/${r.id}/issue`,
          { comment: '经领导小组审定,予以通报' },
          [200],
        );
      }
      for (const ext of ['docx', 'html']) {
        const bytes = await this.api.download(
          this.office,
          `/api/stats/reports/${r.id}/report.${ext}`,
        );
        writeFileSync(join(folder, `通报-${r.period}.${ext}`), bytes);
        written++;
      }
    }
    for (const e of this.editions.filter((x) => x.state === 'issued')) {
      for (const ext of ['docx', 'html']) {
        const bytes = await this.api.download(this.office, `/api/editions/${e.id}/document.${ext}`);
        writeFileSync(join(folder, `${e.number}-${e.kind}.${ext}`), bytes);
        written++;
      }
    }
    return written;
  }

  /** Reminders as each collecting body's recommender received them. */
  async reminders(): Promise<{ total: number; duplicates: number }> {
    let total = 0;
    let duplicates = 0;
    await mapLimit([...this.province.recommenders.values()], 4, async (as) => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      do {
        const page: { items: { kind: string; subject: string }[]; nextCursor: string | null } =
          await this.api.get(
            as,
            `/api/notifications?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          );
        for (const n of page.items.filter((x) => x.kind === 'collection.reminder')) {
          total++;
          if (seen.has(n.subject)) duplicates++;
          seen.add(n.subject);
        }
        cursor = page.nextCursor;
      } while (cursor);
    });
    return { total, duplicates };
  }
}
