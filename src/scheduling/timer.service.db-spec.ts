import type { MikroORM } from '@mikro-orm/core';
import { txOf } from '../database/tx';
import { createTestOrm } from '../../test/support/test-database';
import { ManualClock } from '../common/clock';
import { ScheduledTimer } from './scheduled-timer.entity';
import { TimerService } from './timer.service';
import { TimersRepository } from './timers.repository';

/**
 * A month's batch seats hundreds of experts at once, so their reminders and lapses fall due
 * together. One run must fire all of them, not a page per tick: with one tick per simulated day
 * (or a slow minute) the rest slipped by days past their deadline.
 */
describe('TimerService.runDue', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ orm, close } = await createTestOrm());
  });
  afterAll(() => close());

  it('fires every due timer of a burst larger than a page in one run, and only those', async () => {
    const now = new Date('2026-11-20T00:00:00Z');
    const timers = new TimerService(new TimersRepository(orm.em.fork()), new ManualClock(now));
    const fired: string[] = [];
    timers.register('test.burst', (timer) => {
      fired.push(timer.key);
      return Promise.resolve();
    });
    const due = Array.from({ length: 250 }, (_, i) => ({
      kind: 'test.burst',
      key: `due-${i}`,
      dueAt: new Date(now.getTime() - 60_000 - i),
    }));
    const later = { kind: 'test.burst', key: 'later', dueAt: new Date(now.getTime() + 60_000) };
    await orm.em.fork().transactional((em) => timers.schedule([...due, later], txOf(em)));

    expect(await timers.runDue(now)).toBe(250);
    expect(new Set(fired)).toEqual(new Set(due.map((t) => t.key)));
    const rows = await orm.em.fork().find(ScheduledTimer, { kind: 'test.burst' });
    expect(rows.filter((r) => r.status === 'done')).toHaveLength(250);
    expect(rows.find((r) => r.key === 'later')!.status).toBe('pending');
    expect(await timers.runDue(now)).toBe(0);
  });
});
