import type { WorkflowActor } from '../../workflows/achievement.machine';
import { authorityTableRules } from './workflow-definition';

describe('authorityTableRules', () => {
  const rules = authorityTableRules({
    open: { CLOSE: ['system', 'officeStaff'], REOPEN: undefined },
    closed: { REOPEN: ['officeStaff'] },
  });
  const actor = (roles: string[]) => ({ id: 'u', roles }) as unknown as WorkflowActor;
  const send = (state: string, type: string, roles: string[]) =>
    rules.authorize({ value: state } as never, { type, actor: actor(roles) });

  it('allows the first of the actor roles the state lists for the event', () => {
    expect(send('open', 'CLOSE', ['recommender', 'officeStaff'])).toEqual({
      kind: 'allowed',
      role: 'officeStaff',
    });
  });

  it('forbids other roles, and calls an event the state does not take unavailable', () => {
    expect(send('open', 'CLOSE', ['recommender'])).toEqual({ kind: 'forbidden' });
    expect(send('open', 'REOPEN', ['officeStaff'])).toEqual({ kind: 'unavailable' });
    expect(send('closed', 'CLOSE', ['officeStaff'])).toEqual({ kind: 'unavailable' });
  });

  it('lists the events a role may send in a state', () => {
    const allowed = (state: string, roles: string[]) =>
      rules.allowedEvents({ value: state } as never, actor(roles));
    expect(allowed('open', ['officeStaff'])).toEqual(['CLOSE']);
    expect(allowed('closed', ['officeStaff'])).toEqual(['REOPEN']);
    expect(allowed('closed', ['system'])).toEqual([]);
  });
});
