import { createActor } from 'xstate';
import { rankingReportMachine, type ReportEvent } from './ranking-report.machine';

const office = { userId: 'u1', roles: ['officeStaff'], organizationId: 'p' };
const system = { userId: 'system', roles: ['system'], organizationId: null };
const admin = { userId: 'a', roles: ['admin'], organizationId: 'p' };

function send(events: Omit<ReportEvent, 'at'>[]) {
  const actor = createActor(rankingReportMachine, { input: { period: '2026-Q3' } }).start();
  events.forEach((e, i) => actor.send({ ...e, at: `2026-10-0${i + 1}T00:00:00.000Z` }));
  return actor.getSnapshot();
}

describe('ranking report machine', () => {
  it('refreshes a draft and issues it once', () => {
    const s = send([
      { type: 'REFRESH', actor: system },
      { type: 'ISSUE', actor: office },
    ]);
    expect(s.value).toBe('issued');
    expect(s.context).toEqual({
      period: '2026-Q3',
      refreshedAt: '2026-10-01T00:00:00.000Z',
      issuedAt: '2026-10-02T00:00:00.000Z',
      issuedBy: 'u1',
    });
    expect(s.status).toBe('done');
  });

  it('ignores an issue by a role without authority and anything after the issue', () => {
    expect(send([{ type: 'ISSUE', actor: admin }]).value).toBe('draft');
    const s = send([
      { type: 'ISSUE', actor: office },
      { type: 'REFRESH', actor: office },
    ]);
    expect(s.context.refreshedAt).toBeNull();
  });
});
