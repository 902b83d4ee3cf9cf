import { EntityManager } from '@mikro-orm/core';
import { ScheduledTimer } from '../src/scheduling/scheduled-timer.entity';
import { TimerService } from '../src/scheduling/timer.service';
import { evaluationHelpers } from './support/evaluation';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, scoreSheet, type Login, type World } from './support/world';

const DAY = 24 * 3600 * 1000;

/**
 * Deadlines of expert assignments on a controlled clock: recusal and replacement, reminders two
 * days and one day ahead, lapse and automatic replacement at the deadline, and the credit facts
 * they leave behind. A fresh province, so no other item's timers interfere.
 */
describe('evaluation deadlines (HTTP, controlled clock)', () => {
  let t: TestApp;
  let w: World;
  const byId = new Map<string, Login>();
  const h = evaluationHelpers(
    () => t,
    () => w,
  );
  const { get, panelOf, history, inboxKinds } = h;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-05T02:00:00Z') });
    w = await buildWorld(t);
    for (const e of w.experts) byId.set(e.id, e);
    // Two experts of other fields: replacements when the world's five are used up.
    for (const [username, name, domain] of [
      ['expert-spare', '王五', 'biomedicine'],
      ['expert-spare-2', '钱七', 'agricultureSeeds'],
    ]) {
      const who = await h.addExpert(username, name, { domains: [domain] });
      byId.set(who.id, who);
    }
  });
  afterAll(() => t?.close());

  describe('recusal, reminders and lapse', () => {
    it('replaces a recusing expert, reminds 2 and 1 days ahead, and lapses a late one', async () => {
      const item = await ItemDriver.create(t, w);
      const start = t.clock.now().getTime();
      await item.toScoring();
      const panel = await panelOf(item);
      const recusing = byId.get(panel[0])!;
      const noReason = await item.send(recusing, 'RECUSE');
      expect(noReason.status).toBe(400);
      await item.ok(recusing, 'RECUSE', { comment: '曾参与该项目论证' });
      const after = await panelOf(item);
      expect(after).toHaveLength(5);
      expect(after).not.toContain(recusing.id);
      const rows = await history(item, w.office);
      // The replacement is drawn like the first panel, and who it kept off for a conflict is on
      // the record: here the expert of the submitting unit.
      const ownExpert = {
        expertId: w.ownExpert.id,
        kinds: expect.arrayContaining(['submittingUnit', 'sameUnit']),
      };
      expect(rows.at(-1)).toMatchObject({
        eventType: 'RECUSE',
        actorId: recusing.id,
        comment: '曾参与该项目论证',
        payload: { conflicts: [ownExpert] },
      });

      // Everyone but the last member scores in time; the last one never does.
      for (const id of after.slice(0, 4)) {
        await item.ok(byId.get(id)!, 'SUBMIT_SCORE', { data: { scores: scoreSheet(86) } });
      }
      const late = byId.get(after[4])!;
      const seat = (
        await get(w.office, `/api/evaluation/items/${item.id}/panel`).expect(200)
      ).body.seats.find((s: { expert: { id: string } }) => s.expert.id === late.id);
      expect(new Date(seat.dueAt).getTime()).toBe(start + 7 * DAY);
      // Seats that ended (the recusal, the four scores) leave no timer to fire: only the late
      // member's reminders and lapse are still waiting.
      const seatTimers = await t.app
        .get(EntityManager)
        .fork()
        .find(ScheduledTimer, { kind: { $in: ['evaluation.reminder', 'evaluation.lapse'] } });
      const seatsWith = (status: string) =>
        new Set(seatTimers.filter((r) => r.status === status).map((r) => r.key.split(':')[0]));
      expect(seatsWith('pending').size).toBe(1);
      expect(seatsWith('cancelled').size).toBe(5);
      const timers = t.app.get(TimerService);
      const reminders = async () =>
        (await inboxKinds(late, item)).filter((k) => k === 'evaluation.reminder').length;
      // Reminders exactly 2 days and 1 day before the deadline, once each; the seat lapses at the
      // deadline and not a minute before.
      const at = async (ms: number, expected: number) => {
        t.clock.set(new Date(start + ms));
        await timers.runDue();
        await timers.runDue();
        expect(await reminders()).toBe(expected);
        expect(await panelOf(item)).toContain(late.id);
      };
      await at(5 * DAY - 60_000, 0);
      await at(5 * DAY + 60_000, 1);
      await at(6 * DAY - 60_000, 1);
      await at(6 * DAY + 60_000, 2);
      await at(7 * DAY - 60_000, 2);

      t.clock.set(new Date(start + 7 * DAY + 60_000));
      await timers.runDue();
      const lapsed = await panelOf(item);
      expect(lapsed).not.toContain(late.id);
      expect(lapsed).toHaveLength(5);
      const replacement = byId.get(lapsed[4])!;
      expect(await inboxKinds(replacement, item)).toContain('evaluation.assigned');
      const lapseRow = (await history(item, w.office)).at(-1)!;
      expect(lapseRow).toMatchObject({
        eventType: 'ASSIGN_PANEL',
        actorRole: 'system',
        payload: { change: { expertId: late.id, status: 'lapsed' }, conflicts: [ownExpert] },
      });
      // Running the timers again changes nothing.
      await timers.runDue();
      expect(await panelOf(item)).toEqual(lapsed);

      const done = await item.ok(replacement, 'SUBMIT_SCORE', { data: { scores: scoreSheet(86) } });
      expect(done.state).toBe('onSiteVerification');

      // Credit: the late expert's record shows the lapse, visible to them and the office only.
      const record = (await get(late, `/api/experts/${late.id}/record`).expect(200)).body;
      expect(record.facts).toMatchObject({ lapsed: 1 });
      expect(record.credit.score).toBeLessThan(record.credit.formula.base);
      expect(
        record.assignments.find((a: { achievementId: string }) => a.achievementId === item.id),
      ).toMatchObject({ status: 'lapsed' });
      const recusal = (await get(w.office, `/api/experts/${recusing.id}/record`).expect(200)).body;
      expect(recusal.facts.recusals).toBeGreaterThanOrEqual(1);
      await get(w.submitter, `/api/experts/${late.id}/record`).expect(403);
      await get(replacement, `/api/experts/${late.id}/record`).expect(403);
      const csv = await get(w.office, `/api/experts/${late.id}/record?format=csv`).expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.text.split('\r\n');
      expect(lines).toContain(`"逾期失效","1","-${record.credit.formula.lapsePenalty}"`);
      expect(lines).toContain(
        `"信誉分","${record.credit.score}","准入下限","${record.credit.floor}"`,
      );
      expect(
        lines.filter((l) => l.startsWith('"高性能碳化硅功率芯片","1","lapsed",')),
      ).toHaveLength(1);
      const onTime = (await get(w.office, `/api/experts/${after[0]}/record`).expect(200)).body;
      expect(onTime.facts.onTime).toBeGreaterThanOrEqual(1);
      // Every sheet was 86, so the panel's trimmed mean is 86 and nobody deviated from it.
      expect(onTime.facts.meanDeviation).toBe(0);
    });
  });
});
