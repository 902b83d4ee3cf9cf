import { emptyCreditFacts, type CreditFacts } from '../src/experts/credit/credit-formula';
import { evaluationHelpers } from './support/evaluation';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, scoreSheet, type Login, type World } from './support/world';

const DAY = 24 * 3600 * 1000;

/**
 * The credit facts of every expert, exactly, after seats that ended in every way credit counts:
 * scored on time at several distances from the panel's trimmed mean, scored after the deadline,
 * recused. The facts are one aggregate query over the seats (src/experts/credit.service.ts);
 * this pins each figure, the deviation to the hundredth, against what the sheets say.
 */
describe('expert credit facts (HTTP)', () => {
  let t: TestApp;
  let w: World;
  const h = evaluationHelpers(
    () => t,
    () => w,
  );
  const byId = new Map<string, Login>();

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-05T02:00:00Z') });
    w = await buildWorld(t);
    for (const e of w.experts) byId.set(e.id, e);
    const spare = await h.addExpert('expert-spare', '王五', { domains: ['biomedicine'] });
    byId.set(spare.id, spare);
  });
  afterAll(() => t?.close());

  const facts = async (id: string) =>
    (await h.get(w.office, `/api/experts/${id}/record`).expect(200)).body.facts as CreditFacts;

  it('counts seats, recusals, on-time and late sheets, and the mean deviation exactly', async () => {
    const expected = new Map<string, CreditFacts & { deviations: number[] }>();
    const seat = (id: string) => {
      if (!expected.has(id)) expected.set(id, { ...emptyCreditFacts(), deviations: [] });
      return expected.get(id)!;
    };

    // A: five sheets far apart; the trimmed mean drops 95 and 40: (85 + 84 + 83) / 3 = 84.
    const a = await ItemDriver.create(t, w);
    await a.toScoring();
    const panelA = await h.panelOf(a);
    const valuesA = [95, 85, 84, 83, 40];
    for (const [i, id] of panelA.entries()) {
      await a.ok(byId.get(id)!, 'SUBMIT_SCORE', { data: { scores: scoreSheet(valuesA[i]) } });
    }
    expect((await a.get(w.office)).scoring.aggregate).toBe(84);
    for (const [i, id] of panelA.entries()) {
      const f = seat(id);
      f.assigned++;
      f.accepted++;
      f.onTime++;
      f.deviations.push(Math.abs(valuesA[i] - 84));
    }

    // B: the first member recuses and is replaced; the rest score 80 + i, the last one after the
    // deadline (the lapse timer has not run, so the sheet is still taken, and counts as late).
    const b = await ItemDriver.create(t, w);
    await b.toScoring();
    const recusing = (await h.panelOf(b))[0];
    await b.ok(byId.get(recusing)!, 'RECUSE', { comment: '曾参与该项目论证' });
    seat(recusing).assigned++;
    seat(recusing).recusals++;
    const panelB = await h.panelOf(b);
    expect(panelB).not.toContain(recusing);
    const valuesB = [78, 80, 81, 82, 90];
    for (const [i, id] of panelB.entries()) {
      if (i === panelB.length - 1) t.clock.set(new Date(t.clock.now().getTime() + 8 * DAY));
      await b.ok(byId.get(id)!, 'SUBMIT_SCORE', { data: { scores: scoreSheet(valuesB[i]) } });
    }
    // (80 + 81 + 82) / 3 = 81.
    expect((await b.get(w.office)).scoring.aggregate).toBe(81);
    for (const [i, id] of panelB.entries()) {
      const f = seat(id);
      f.assigned++;
      f.accepted++;
      if (i === panelB.length - 1) f.late++;
      else f.onTime++;
      f.deviations.push(Math.abs(valuesB[i] - 81));
    }

    expect(expected.size).toBe(6);
    for (const [id, { deviations, ...f }] of expected) {
      f.meanDeviation = deviations.length
        ? Math.round((deviations.reduce((x, y) => x + y, 0) / deviations.length) * 100) / 100
        : null;
      expect({ id, ...(await facts(id)) }).toMatchObject({ id, ...f });
    }
    // Experts who sat on both panels have a mean over two sheets, not the last one.
    expect([...expected.values()].filter((f) => f.deviations.length === 2).length).toBeGreaterThan(
      3,
    );
  });
});
