import type { Faker } from '@faker-js/faker';
import { ApiError, type ApiClient, type Session } from './api-client';
import { achievementText, SIMULATED_DOMAINS, type Category } from './achievement-texts';
import { mapLimit } from './concurrency';
import { OfficeReleases } from './office-releases';
import type { Body, Province } from './province';

const DAY_MS = 24 * 3600 * 1000;
const PARALLEL = 6;

/** A minimal valid PDF: the server checks content, not names, so the proof must be a real PDF. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

interface Summary {
  id: string;
  state: string;
  version: number;
  ownerOrganization: { id: string };
  period: string | null;
}

interface Tracked {
  id: string;
  owner: Body;
  category: Category;
  /** The panel's common view of the item; individual scores scatter around it. */
  quality: number;
  state: string;
  /** The day (index from 1 January) on which its current holder acts next. */
  actOn: number;
  /** Which body of the reporting chain recommends next, as the machine counts it (chainLevel). */
  level: number;
}

export interface YearTally {
  created: number;
  submitted: number;
  recommended: number;
  declined: number;
  returned: number;
  resubmitted: number;
  withdrawn: number;
  nilReports: number;
  eligibilityPassed: number;
  eligibilityRejected: number;
  eligibilityReturned: number;
  scores: number;
  recusals: number;
  consensusPassed: number;
  consensusRejected: number;
  secondRounds: number;
  verified: number;
  verificationFailed: number;
  disputesRaised: number;
  disputesResolved: number;
  /** Refusals the server gave to a simulated user (e.g. a 409 after another acted first). */
  refused: number;
}

/**
 * Lives through a year day by day, acting as every user would, only through the HTTP API: units
 * write and submit items, recommenders recommend, decline or return them, bodies file nil
 * reports, the office decides eligibility, consensus and visits, experts score, recuse or let a
 * deadline lapse, disputes come and go. Between days it moves the simulated clock, which runs
 * every scheduled cycle (collection close, reminders, timers, release drafts).
 */
export class YearDriver {
  readonly tally: YearTally = {
    created: 0,
    submitted: 0,
    recommended: 0,
    declined: 0,
    returned: 0,
    resubmitted: 0,
    withdrawn: 0,
    nilReports: 0,
    eligibilityPassed: 0,
    eligibilityRejected: 0,
    eligibilityReturned: 0,
    scores: 0,
    recusals: 0,
    consensusPassed: 0,
    consensusRejected: 0,
    secondRounds: 0,
    verified: 0,
    verificationFailed: 0,
    disputesRaised: 0,
    disputesResolved: 0,
    refused: 0,
  };
  /** Items the units created, by id, with what the simulation decided about them. */
  readonly items = new Map<string, Tracked>();
  /** Wall time per kind of work, for the summary: where a slow year spends its time. */
  readonly timings = new Map<string, number>();
  /** Expert seats already decided (item:round:expert), so each expert acts once per seat. */
  private readonly seats = new Map<string, number>();
  private readonly disputes = new Map<string, number>();
  private readonly firstSeen = new Map<string, number>();
  private readonly units: Body[];
  private readonly collecting: Body[];
  private readonly releases: OfficeReleases;

  constructor(
    private readonly api: ApiClient,
    private readonly province: Province,
    private readonly f: Faker,
    private readonly year: number,
    private readonly scale: number,
  ) {
    this.units = [...province.bodies.values()].filter((b) => b.submits);
    this.collecting = [...province.bodies.values()].filter((b) => b.collecting);
    this.releases = new OfficeReleases(api, province, f);
  }

  /** 00:00 Asia/Shanghai of day `day` of the year (0 = 1 January). */
  midnight(day: number): Date {
    return new Date(Date.parse(`${this.year}-01-01T00:00:00+08:00`) + day * DAY_MS);
  }

  daysInYear(): number {
    return Math.round(
      (Date.parse(`${this.year + 1}-01-01T00:00:00+08:00`) - this.midnight(0).getTime()) / DAY_MS,
    );
  }

  /**
   * Lives from `runInDays` before 1 January to the end of the year: the run-in fills the library,
   * so that January's report and the first quarter's event have results to show.
   */
  async run(progress: (line: string) => void, runInDays = 92): Promise<void> {
    const days = this.daysInYear();
    for (let day = -runInDays; day < days; day++) {
      // Users work in office hours; the clock passes midnight (and its cycles) first.
      await this.timed('clock', () =>
        this.moveClock(new Date(this.midnight(day).getTime() + 9 * 3600 * 1000)),
      );
      const dom = this.dayOfMonth(day);
      await this.timed('units', () => this.createItems(day));
      await this.timed('recommenders', () => this.unitsAndRecommendersAct(day));
      if (dom >= 3 && dom <= 10) await this.timed('nil', () => this.fileNilReports(day));
      // The office works on weekdays; experts score whenever it suits them.
      if (this.isWeekday(day)) {
        await this.timed('eligibility', () => this.officeDecidesEligibility(day));
        await this.timed('consensus', () => this.officeDecidesConsensus(day));
        await this.timed('verification', () => this.officeVerifies(day));
        await this.timed('releases', () => this.releases.act(this.midnight(day)));
      }
      await this.timed('experts', () => this.expertsScore(day));
      await this.timed('disputes', () => this.disputesComeAndGo(day));
      if (dom === 1 && day > -runInDays) progress(this.progressLine(day));
    }
    await this.moveClock(this.midnight(days));
  }

  private progressLine(day: number): string {
    const t = this.tally;
    return `${this.midnight(day - 1)
      .toISOString()
      .slice(
        0,
        7,
      )} 月末:已创建 ${t.created},已推荐 ${t.recommended},形式审查通过 ${t.eligibilityPassed},评分 ${t.scores},核查通过 ${t.verified}`;
  }

  private async timed(what: string, work: () => Promise<void>): Promise<void> {
    const started = performance.now();
    await work();
    this.timings.set(what, (this.timings.get(what) ?? 0) + performance.now() - started);
  }

  private isWeekday(day: number): boolean {
    const weekday = new Intl.DateTimeFormat('en', {
      timeZone: 'Asia/Shanghai',
      weekday: 'short',
    }).format(this.midnight(day));
    return weekday !== 'Sat' && weekday !== 'Sun';
  }

  private dayOfMonth(day: number): number {
    return Number(
      new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', day: 'numeric' }).format(
        this.midnight(day),
      ),
    );
  }

  async moveClock(to: Date): Promise<void> {
    await this.api.post(this.province.admin, '/api/admin/clock', { to: to.toISOString() }, [200]);
  }

  /** Every item the office sees in a state, page by page. */
  async listState(state: string, as: Session = this.province.office[0]): Promise<Summary[]> {
    const out: Summary[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Summary[]; nextCursor: string | null } = await this.api.get(
        as,
        `/api/achievements?state=${state}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  private async createItems(day: number): Promise<void> {
    // About 1,200 a year at scale 1, fewer around the Spring Festival and in August.
    const month = this.midnight(day).getUTCMonth();
    const seasonal = month === 1 || month === 7 ? 0.5 : 1.1;
    // A daily rate, rounded up or down at random so that small scales keep their share.
    const rate = (1200 / 365) * this.scale * seasonal;
    const count = Math.floor(rate) + (this.f.number.float() < rate - Math.floor(rate) ? 1 : 0);
    const plans = Array.from({ length: count }, () => {
      const owner = this.f.helpers.arrayElement(this.units);
      const category = this.f.helpers.weightedArrayElement<Category>([
        { weight: 2, value: 'basicResearch' },
        { weight: 5, value: 'techBreakthrough' },
        { weight: 3, value: 'majorApplication' },
      ]);
      const domain = this.f.helpers.arrayElement(SIMULATED_DOMAINS);
      return {
        owner,
        category,
        domain,
        text: achievementText(this.f, domain, category),
        // About one in seven is a strong result; the rest fall short of the panel's threshold
        // of 75 but for a few that the panel's spread lifts over it, so that some 1,200
        // submissions give the province about its hundred library entries (with weak results
        // up to 78, 170–180 entered; one strong in eleven gave 77 and one in eight 89).
        quality:
          this.f.number.float() < 0.14
            ? this.f.number.int({ min: 76, max: 95 })
            : this.f.number.int({ min: 45, max: 74 }),
        completer: this.f.person.fullName(),
      };
    });
    await mapLimit(plans, PARALLEL, async (plan) => {
      const as = this.province.submitters.get(plan.owner.id)!;
      const created = await this.api.post<{ id: string }>(as, '/api/achievements', {
        title: plan.text.title,
        summary: plan.text.summary,
        category: plan.category,
        domain: plan.domain,
        levelClaim: plan.quality > 80 ? 'internationalAdvanced' : 'domesticLeading',
        breaksMonopoly: plan.category === 'techBreakthrough',
        completingUnits: [{ name: plan.owner.name }],
        completers: [{ name: plan.completer, unit: plan.owner.name }],
        ip: {
          owner: plan.owner.name,
          patents: [
            `ZL${this.year - 1}1${String(this.f.number.int({ min: 1e6, max: 9e6 }))}.${this.f.number.int({ min: 0, max: 9 })}`,
          ],
          noDispute: true,
        },
        evidence: evidenceFor(plan.category, this.year, this.f),
      });
      this.tally.created++;
      const kind =
        plan.category === 'basicResearch'
          ? 'paper'
          : plan.category === 'majorApplication'
            ? 'applicationProof'
            : 'patentCertificate';
      await this.api.upload(
        as,
        `/api/achievements/${created.id}/attachments`,
        new Blob([PDF], { type: 'application/pdf' }),
        `${plan.text.title}.pdf`,
        { kind },
      );
      this.items.set(created.id, {
        id: created.id,
        owner: plan.owner,
        category: plan.category,
        quality: plan.quality,
        state: 'draft',
        actOn: day + this.f.number.int({ min: 0, max: 3 }),
        level: 0,
      });
    });
  }

  /**
   * Whose turn it is in the reporting chain (county, then city…; a body without one recommends
   * its own). The unit knows its chain and sees each hop answered, so it need not re-read the item.
   */
  private recommenderFor(item: Tracked): Session {
    const chain = item.owner.chain.length ? item.owner.chain : [item.owner.id];
    return this.province.recommenders.get(chain[item.level])!;
  }

  private async unitsAndRecommendersAct(day: number): Promise<void> {
    const due = [...this.items.values()].filter(
      (i) => i.actOn <= day && ['draft', 'recommendation', 'returned'].includes(i.state),
    );
    await mapLimit(due, PARALLEL, async (item) => {
      const submitter = this.province.submitters.get(item.owner.id)!;
      if (item.state === 'draft') {
        if (this.f.number.float() < 0.02)
          return this.act(
            item,
            submitter,
            'WITHDRAW',
            day,
            { comment: '单位决定暂不申报' },
            'withdrawn',
          );
        return this.act(item, submitter, 'SUBMIT', day, {}, 'submitted', 1, 4);
      }
      if (item.state === 'returned')
        return this.act(
          item,
          submitter,
          'RESUBMIT',
          day,
          { comment: '已按意见补充材料' },
          'resubmitted',
          1,
          4,
        );
      const recommender = this.recommenderFor(item);
      const roll = this.f.number.float();
      if (roll < 0.08)
        return this.act(
          item,
          recommender,
          'DECLINE',
          day,
          { comment: '创新性不足,不予推荐' },
          'declined',
        );
      if (roll < 0.16)
        return this.act(
          item,
          recommender,
          'RETURN_FOR_AMENDMENT',
          day,
          { comment: '请补充知识产权证明' },
          'returned',
          2,
          6,
        );
      await this.act(
        item,
        recommender,
        'RECOMMEND',
        day,
        { comment: '择优推荐' },
        'recommended',
        1,
        3,
      );
    });
  }

  private async act(
    item: Tracked,
    as: Session,
    type: string,
    day: number,
    extra: Record<string, unknown>,
    counter: keyof YearTally,
    nextMin = 1,
    nextMax = 3,
  ): Promise<void> {
    const result = await this.api.event(as, item.id, type, extra, [409]);
    if (!result) {
      this.tally.refused++;
      const view = await this.api.get<{ state: string; recommendation: { level: number } }>(
        as,
        `/api/achievements/${item.id}`,
      );
      item.state = view.state;
      item.level = view.recommendation.level;
      return;
    }
    // The machine restarts the chain on (re)submission and moves one level up per recommendation.
    if (result.state === 'recommendation') item.level = type === 'RECOMMEND' ? item.level + 1 : 0;
    item.state = result.state;
    item.actOn = day + this.f.number.int({ min: nextMin, max: nextMax });
    this.tally[counter]++;
  }

  /** Collecting bodies with nothing to report say so; about a third simply forget. */
  private async fileNilReports(day: number): Promise<void> {
    const at = this.midnight(day);
    const period = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
    }).format(at);
    if (this.dayOfMonth(day) !== 8) return;
    const status = await this.api.get<{
      bodies: { organization: { id: string }; status: string }[];
    }>(this.province.office[0], `/api/collection/periods/${period}/status`);
    const pending = status.bodies.filter(
      (b) => b.status === 'pending' && this.f.number.float() < 0.6,
    );
    await mapLimit(pending, PARALLEL, async (b) => {
      const as = this.province.recommenders.get(b.organization.id);
      if (!as) return;
      try {
        await this.api.post(
          as,
          `/api/collection/periods/${period}/nil-report`,
          { comment: '本月无符合条件的重大成果' },
          [201],
        );
        this.tally.nilReports++;
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) this.tally.refused++;
        else throw err;
      }
    });
  }

  private seen(id: string, state: string, day: number): number {
    const key = `${id}:${state}`;
    if (!this.firstSeen.has(key)) this.firstSeen.set(key, day);
    return day - this.firstSeen.get(key)!;
  }

  /** The office works through the eligibility queue two days after items arrive. */
  private async officeDecidesEligibility(day: number): Promise<void> {
    const queue = (await this.listState('eligibilityCheck')).filter(
      (s) => this.seen(s.id, 'eligibilityCheck', day) >= 2,
    );
    if (queue.length === 0) return;
    const office = this.province.office[Math.abs(day) % 2];
    const pass: string[] = [];
    await mapLimit(queue, PARALLEL, async (s) => {
      const roll = this.f.number.float();
      const item = this.items.get(s.id);
      if (roll < 0.07) {
        await this.api.event(office, s.id, 'REJECT', { comment: '不符合类别要求' }, [409]);
        this.tally.eligibilityRejected++;
      } else if (roll < 0.12) {
        const r = await this.api.event(
          office,
          s.id,
          'RETURN_FOR_AMENDMENT',
          { comment: '请补充应用证明材料' },
          [409],
        );
        if (r && item) {
          item.state = r.state;
          item.actOn = day + 3;
        }
        this.tally.eligibilityReturned++;
      } else pass.push(s.id);
    });
    for (let i = 0; i < pass.length; i += 50) {
      const ids = pass.slice(i, i + 50);
      await this.api.post(
        office,
        '/api/evaluation/eligibility/pass',
        { ids, comment: '形式审查通过' },
        [200],
      );
      this.tally.eligibilityPassed += ids.length;
    }
  }

  /**
   * Each seated expert decides once per seat: most score within the week, a few recuse, a few let
   * the deadline lapse (the timer then seats a replacement). One expert in twenty scores far
   * below the rest, which sends the item to consensus. Experts learn of their seats the way they
   * would: from their own worklist (my-assignments), which each opens every other day.
   */
  private async expertsScore(day: number): Promise<void> {
    const looking = this.province.experts.filter((_, i) => (i + day) % 2 === 0);
    await mapLimit(looking, PARALLEL, async (expert) => {
      const seats = await this.api.get<
        { achievement: { id: string }; round: number; overdue: boolean }[]
      >(expert, '/api/evaluation/my-assignments');
      for (const seat of seats) {
        const id = seat.achievement.id;
        const key = `${id}:${seat.round}:${expert.id}`;
        // The day it means to act, chosen when the seat is first seen (between checks it may pass).
        // Within the week: seen at most a day after seating and acted on at a later look, so a
        // plan beyond three days would miss the 7-day deadline by accident, not by choice.
        if (!this.seats.has(key)) this.seats.set(key, day + this.f.number.int({ min: 0, max: 3 }));
        if (this.seats.get(key)! > day) continue;
        this.seats.set(key, Number.POSITIVE_INFINITY);
        await this.expertDecides(expert, id);
      }
    });
  }

  private async expertDecides(expert: Session, id: string): Promise<void> {
    const roll = this.f.number.float();
    if (roll < 0.04) {
      if (await this.api.event(expert, id, 'RECUSE', { comment: '与项目完成人有合作关系' }, [409]))
        this.tally.recusals++;
      else this.tally.refused++;
      return;
    }
    // Never scores: the deadline lapses. Each lapse costs 8 credit points, so at 8 % a busy
    // expert fell below the assignment floor by mid-year and the pool ran dry once lapses fired
    // on time; 3 % keeps lapses a real but minor part of the year.
    if (roll < 0.07) return;
    const quality = this.items.get(id)?.quality ?? 75;
    const value =
      roll > 0.97
        ? 15
        : Math.max(0, Math.min(100, quality + this.f.number.int({ min: -6, max: 6 })));
    const sheet = {
      innovation: value,
      advancement: value,
      significance: value,
      benefit: value,
      maturity: value,
    };
    if (
      await this.api.event(
        expert,
        id,
        'SUBMIT_SCORE',
        {
          data: { scores: sheet },
          comment: '评审意见:' + (value >= 75 ? '创新性突出' : '水平一般'),
        },
        [409],
      )
    )
      this.tally.scores++;
    else this.tally.refused++;
  }

  private async officeDecidesConsensus(day: number): Promise<void> {
    const cases = (await this.listState('consensus')).filter(
      (s) => this.seen(s.id, 'consensus', day) >= 1,
    );
    await mapLimit(cases, PARALLEL, async (s) => {
      const office = this.province.office[0];
      const quality = this.items.get(s.id)?.quality ?? 75;
      if (this.f.number.float() < 0.2) {
        if (
          await this.api.event(
            office,
            s.id,
            'OPEN_SECOND_ROUND',
            { comment: '专家意见分歧,开启第二轮评审' },
            [409],
          )
        )
          this.tally.secondRounds++;
      } else if (quality >= 75) {
        if (
          await this.api.event(
            office,
            s.id,
            'DECIDE_CONSENSUS',
            { data: { decision: 'pass' }, comment: '经协商,多数专家意见为通过' },
            [409],
          )
        )
          this.tally.consensusPassed++;
      } else if (
        await this.api.event(
          office,
          s.id,
          'DECIDE_CONSENSUS',
          { data: { decision: 'reject' }, comment: '经协商,创新性存疑' },
          [409],
        )
      )
        this.tally.consensusRejected++;
    });
  }

  /** A visit a week or two after scoring; about one in ten finds the claims overstated. */
  private async officeVerifies(day: number): Promise<void> {
    const queue = (await this.listState('onSiteVerification')).filter(
      (s) => this.seen(s.id, 'onSiteVerification', day) >= 7 + (s.id.charCodeAt(0) % 7),
    );
    await mapLimit(queue, PARALLEL, async (s) => {
      const office = this.province.office[1];
      if (this.f.number.float() < 0.1) {
        if (
          await this.api.event(
            office,
            s.id,
            'FAIL_VERIFICATION',
            { comment: '现场核查发现产业化规模与申报不符' },
            [409],
          )
        )
          this.tally.verificationFailed++;
      } else if (
        await this.api.event(
          office,
          s.id,
          'CONFIRM_VERIFICATION',
          { comment: '现场核查情况属实' },
          [409],
        )
      )
        this.tally.verified++;
    });
  }

  /** Now and then an ownership dispute suspends an item; the office resolves it a week later. */
  private async disputesComeAndGo(day: number): Promise<void> {
    const office = this.province.office[0];
    for (const [id, resolveOn] of [...this.disputes]) {
      if (resolveOn > day) continue;
      const r = await this.api.event(
        office,
        id,
        'RESOLVE_DISPUTE',
        { comment: '经核实,权属清晰,争议已解决' },
        [409],
      );
      if (r) {
        this.tally.disputesResolved++;
        const item = this.items.get(id);
        if (item) item.state = r.state;
      }
      this.disputes.delete(id);
    }
    if (this.f.number.float() > 0.12 * this.scale + 0.02) return;
    const candidates = [...this.items.values()].filter(
      (i) => ['recommendation', 'draft'].includes(i.state) && !this.disputes.has(i.id),
    );
    if (candidates.length === 0) return;
    const item = this.f.helpers.arrayElement(candidates);
    const r = await this.api.event(
      office,
      item.id,
      'RAISE_DISPUTE',
      { comment: '收到完成单位排序异议' },
      [409],
    );
    if (r) {
      item.state = r.state;
      this.disputes.set(item.id, day + 7);
      this.tally.disputesRaised++;
    }
  }
}

function evidenceFor(category: Category, year: number, f: Faker): Record<string, unknown> {
  switch (category) {
    case 'basicResearch':
      return {
        papers: [
          {
            journal: 'Nature',
            year: year - 1,
            doi: `10.1038/s41586-0${year - 2000}-0${f.number.int({ min: 1000, max: 9999 })}-x`,
          },
        ],
      };
    case 'techBreakthrough':
      return { replaces: '同类进口产品', industrialization: '已实现量产并形成销售' };
    case 'majorApplication':
      return { project: '国家重大科技基础设施', usage: '作为关键部件投入运行' };
  }
}
