import { periodOf } from '../src/releases/release-calendar';
import { ReleaseCycleService } from '../src/releases/release-cycle.service';
import { ReleasesService } from '../src/releases/releases.service';
import { buildWorld, type Login, type World } from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

interface EditionSummary {
  id: string;
  kind: string;
  number: string;
  year: number;
  sequence: number;
  state: string;
  cycleKey: string | null;
  version: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * A year of release cycles on a clock we control: every draft exactly once, whatever runs twice,
 * and a draft time that passed while the server was down is caught up on the next run.
 */
describe('release cycles', () => {
  let t: TestApp;
  let w: World;
  let cycle: ReleaseCycleService;

  const editions = async (query = '') =>
    (await t.http().get(`/api/editions${query}`).set(w.office.auth).expect(200))
      .body as EditionSummary[];
  const draftNotices = async (who: Login) => {
    const res = await t.http().get('/api/notifications?limit=100').set(who.auth).expect(200);
    return (res.body.items as { kind: string; subject: string }[]).filter(
      (n) => n.kind === 'release.draft',
    );
  };
  const runTwice = async (at: Date) => {
    t.clock.set(at);
    await cycle.runDue(at);
    await cycle.runDue(at);
  };

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-01-01T00:00:00+08:00') });
    w = await buildWorld(t);
    cycle = t.app.get(ReleaseCycleService);
  });
  afterAll(() => t.close());

  it('drafts 12 monthly, 4 quarterly and 1 annual edition over a year, each once', async () => {
    const start = new Date('2026-01-01T00:00:00+08:00').getTime();
    // Weekly runs, each twice, through to the last evening of the year in Shanghai.
    for (let at = start; at < new Date('2026-12-31T20:00:00+08:00').getTime(); at += 7 * DAY_MS) {
      await runTwice(new Date(at));
    }
    await runTwice(new Date('2026-12-31T20:00:00+08:00'));

    const all = await editions();
    const keys = all.map((e) => e.cycleKey).sort();
    expect(keys).toEqual(
      [
        ...Array.from({ length: 12 }, (_, i) => `monthly:2026-${String(i + 1).padStart(2, '0')}`),
        'quarterly:2026-Q1',
        'quarterly:2026-Q2',
        'quarterly:2026-Q3',
        'quarterly:2026-Q4',
        'annual:2026',
      ].sort(),
    );
    const byKind = (kind: string) => all.filter((e) => e.kind === kind);
    expect(byKind('monthly')).toHaveLength(12);
    expect(byKind('quarterly')).toHaveLength(4);
    expect(byKind('annual')).toHaveLength(1);
    expect(all.every((e) => e.state === 'draft' && e.year === 2026 && e.version === 1)).toBe(true);
    expect(all.find((e) => e.cycleKey === 'monthly:2026-11')!.number).toBe('2026年第11期');
    expect(all.find((e) => e.cycleKey === 'quarterly:2026-Q3')!.number).toBe('2026年第3季度');
    expect(all.find((e) => e.cycleKey === 'annual:2026')!.number).toBe('2026年度');

    // Every draft told the office, once.
    const notices = await draftNotices(w.office);
    expect(notices).toHaveLength(17);
    expect(notices.map((n) => n.subject)).toContain('【待编辑】2026年第11期月报草稿已生成');
    expect(await draftNotices(w.submitter)).toHaveLength(0);

    // Running everything again at the same moment changes nothing.
    await runTwice(new Date('2026-12-31T20:00:00+08:00'));
    expect(await editions()).toEqual(all);
    expect(await draftNotices(w.office)).toHaveLength(17);
  });

  it('drafts the monthly report on the 20th, not before (Asia/Shanghai)', async () => {
    await runTwice(new Date('2027-01-19T23:59:00+08:00'));
    expect((await editions('?year=2027')).map((e) => e.cycleKey)).toEqual(['quarterly:2027-Q1']);
    await runTwice(new Date('2027-01-20T00:00:00+08:00'));
    expect((await editions('?year=2027&kind=monthly')).map((e) => e.cycleKey)).toEqual([
      'monthly:2027-01',
    ]);
  });

  it('catches up after the server was down over the 1st of a quarter and the 20th', async () => {
    // Last run in late February; the next run is on 25 April: 1 April and 20 March passed unseen.
    await runTwice(new Date('2027-02-25T12:00:00+08:00'));
    const before = (await editions('?year=2027')).map((e) => e.cycleKey).sort();
    expect(before).toEqual(['monthly:2027-01', 'monthly:2027-02', 'quarterly:2027-Q1']);

    t.clock.set(new Date('2027-04-25T09:00:00+08:00'));
    await cycle.runDue();
    const after = (await editions('?year=2027')).map((e) => e.cycleKey).sort();
    expect(after).toEqual([
      'monthly:2027-01',
      'monthly:2027-02',
      'monthly:2027-03',
      'monthly:2027-04',
      'quarterly:2027-Q1',
      'quarterly:2027-Q2',
    ]);
  });

  it('drafts once when two instances race for the same edition', async () => {
    const releases = t.app.get(ReleasesService);
    const period = periodOf('monthly', '2027-06')!;
    const results = await Promise.all([
      releases.draft(period),
      releases.draft(period),
      releases.draft(period),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.edition.id)).size).toBe(1);
    expect((await editions('?year=2027&kind=monthly')).map((e) => e.cycleKey)).toContain(
      'monthly:2027-06',
    );
    const notices = (await draftNotices(w.office)).filter((n) => n.subject.includes('2027年第6期'));
    expect(notices).toHaveLength(1);

    // Two schedulers firing the same due timers at once: each draft still happens once.
    const at = new Date('2027-07-20T08:00:00+08:00');
    t.clock.set(at);
    await Promise.all([cycle.runDue(at), cycle.runDue(at)]);
    const july = (await editions('?year=2027')).filter((e) => e.cycleKey === 'monthly:2027-07');
    expect(july).toHaveLength(1);
  });

  it('drafts as the simulated clock is advanced day by day', async () => {
    await t
      .http()
      .post('/api/admin/clock')
      .set(w.admin.auth)
      .send({ to: '2027-10-21T09:00:00+08:00' })
      .expect(200);
    // September's and October's timers exist only because the simulated days ran the cycle.
    const keys = (await editions('?year=2027')).map((e) => e.cycleKey);
    for (const key of [
      'monthly:2027-08',
      'monthly:2027-09',
      'monthly:2027-10',
      'quarterly:2027-Q4',
    ]) {
      expect(keys).toContain(key);
    }
    expect(keys).not.toContain('monthly:2027-11');
  });
});
