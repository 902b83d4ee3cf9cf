import { TimerService } from '../src/scheduling/timer.service';
import { evaluationHelpers } from './support/evaluation';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, scoreSheet, type Login, type World } from './support/world';

const DAY = 24 * 3600 * 1000;

/**
 * The two panel situations the deadline tests leave out: a recusal the pool cannot replace, which
 * leaves a gap the office fills later (panel/fill), and a dispute during scoring, after which the
 * panel gets its full time again instead of lapsing on the old deadline. A province whose pool is
 * exactly the world's five experts, so that a recusal really leaves nobody to take the seat.
 */
describe('evaluation: panel gaps and deadlines after a dispute (HTTP, controlled clock)', () => {
  let t: TestApp;
  let w: World;
  const byId = new Map<string, Login>();
  const h = evaluationHelpers(
    () => t,
    () => w,
  );
  const { post, panelOf, history } = h;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-05T02:00:00Z') });
    w = await buildWorld(t);
    for (const e of w.experts) byId.set(e.id, e);
  });
  afterAll(() => t?.close());

  it('leaves a gap when nobody can replace a recusal; the office fills it once the pool grows', async () => {
    const item = await ItemDriver.create(t, w);
    await item.toScoring();
    const panel = await panelOf(item);
    expect(panel).toHaveLength(5);
    const recusing = byId.get(panel[0])!;
    await item.ok(recusing, 'RECUSE', { comment: '与完成单位存在合作' });
    const short = await panelOf(item);
    expect(short).toHaveLength(4);
    expect(short).not.toContain(recusing.id);

    // Nobody to add yet: 409 with a message, and nothing changes.
    const before = (await history(item, w.office)).length;
    const none = await post(w.office, `/api/evaluation/items/${item.id}/panel/fill`, {
      reason: '补足评审专家',
    });
    expect(none.status).toBe(409);
    expect(none.body.message).toContain('没有可补充的专家');
    expect(await history(item, w.office)).toHaveLength(before);
    // Only the office may fill, and it must say why.
    await post(w.submitter, `/api/evaluation/items/${item.id}/panel/fill`, {
      reason: 'x',
    }).expect(403);
    await post(w.office, `/api/evaluation/items/${item.id}/panel/fill`, {}).expect(400);

    const newcomer = await h.addExpert('expert-new', '孙八', {
      domains: ['integratedCircuits'],
    });
    const filled = await post(w.office, `/api/evaluation/items/${item.id}/panel/fill`, {
      reason: '补足评审专家',
    }).expect(200);
    expect(filled.body.state).toBe('expertScoring');
    const full = await panelOf(item);
    expect(full).toHaveLength(5);
    expect(full).toContain(newcomer.id);
    expect(full).not.toContain(recusing.id);
    expect((await history(item, w.office)).at(-1)).toMatchObject({
      eventType: 'ASSIGN_PANEL',
      actorId: w.office.id,
      comment: '补足评审专家',
    });

    // Each expert sees their own open seats with the deadline; the one who recused no longer does.
    const mine = (await h.get(newcomer, '/api/evaluation/my-assignments').expect(200)).body;
    expect(mine).toEqual([
      expect.objectContaining({
        achievement: expect.objectContaining({ id: item.id, title: '高性能碳化硅功率芯片' }),
        round: 1,
        overdue: false,
      }),
    ]);
    expect(new Date(mine[0].dueAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
    const recused = (await h.get(recusing, '/api/evaluation/my-assignments').expect(200)).body;
    expect(recused.map((a: { achievement: { id: string } }) => a.achievement.id)).not.toContain(
      item.id,
    );
    await h.get(w.office, '/api/evaluation/my-assignments').expect(403);
    byId.set(newcomer.id, newcomer);
    let last;
    for (const id of full) {
      last = await item.ok(byId.get(id)!, 'SUBMIT_SCORE', { data: { scores: scoreSheet(88) } });
    }
    expect(last?.state).toBe('onSiteVerification');
    expect((await h.get(newcomer, '/api/evaluation/my-assignments').expect(200)).body).toEqual([]);
  });

  it('gives the panel its full time again after a dispute, instead of lapsing on the old deadline', async () => {
    const timers = t.app.get(TimerService);
    // Let the first test's timers fire out of the way.
    t.clock.set(new Date(t.clock.now().getTime() + 30 * DAY));
    await timers.runDue();

    const item = await ItemDriver.create(t, w);
    const start = t.clock.now().getTime();
    await item.toScoring();
    const panel = await panelOf(item);
    await item.ok(byId.get(panel[0])!, 'SUBMIT_SCORE', { data: { scores: scoreSheet(86) } });

    // Suspended on day 3 for ten days: past the original 7-day deadline.
    t.clock.set(new Date(start + 3 * DAY));
    await item.ok(w.office, 'RAISE_DISPUTE', { comment: '完成人排序异议' });
    t.clock.set(new Date(start + 8 * DAY));
    await timers.runDue();
    expect(await panelOf(item)).toEqual(panel);
    t.clock.set(new Date(start + 13 * DAY));
    const resumed = await item.ok(w.office, 'RESOLVE_DISPUTE', { comment: '异议已解决' });
    expect(resumed.state).toBe('expertScoring');

    // Six days after the resumption nobody has lapsed; the score given before the dispute stands.
    t.clock.set(new Date(start + 19 * DAY));
    await timers.runDue();
    expect(await panelOf(item)).toEqual(panel);
    expect((await item.get()).scoring.submitted).toBe(1);

    // At seven days after it, the four who never scored lapse and are replaced where possible.
    t.clock.set(new Date(start + 20 * DAY + 60_000));
    await timers.runDue();
    const after = await panelOf(item);
    expect(after).toContain(panel[0]);
    for (const id of panel.slice(1)) expect(after).not.toContain(id);
    const lapses = (await history(item, w.office)).filter(
      (r) =>
        r.eventType === 'ASSIGN_PANEL' &&
        (r.payload.change as { status?: string } | null)?.status === 'lapsed',
    );
    expect(lapses).toHaveLength(4);
  });
});
