import { createActor } from 'xstate';
import { approvalWorkflow } from './approval.definition';
import type { ActorRole } from '../workflows/achievement.machine';
import { approvalMachine, type ApprovalEventType } from './approval.machine';
import { STAGES, type StageActor } from './stages';

const ROLE: Record<StageActor, ActorRole> = {
  submitter: 'submitter',
  recommender: 'recommender',
  office: 'officeStaff',
  expert: 'expert',
};
const actor = (role: ActorRole) => ({ userId: `u-${role}`, roles: [role], organizationId: null });

describe('bench approval machine', () => {
  it("walks the bpmn-engine peer's six stages, one decision each, to the library", () => {
    const running = createActor(approvalMachine, { input: { title: '成果' } }).start();
    expect(running.getSnapshot().value).toBe('draft');
    for (const [i, stage] of STAGES.entries()) {
      const at = `2026-11-26T00:00:0${i}.000Z`;
      running.send({ type: stage.event as ApprovalEventType, actor: actor(ROLE[stage.by]), at });
      expect(running.getSnapshot().value).toBe(stage.to);
      expect(running.getSnapshot().context.decisions.at(-1)).toEqual({
        event: stage.event,
        by: `u-${ROLE[stage.by]}`,
        at,
      });
    }
    expect(running.getSnapshot().status).toBe('done');
  });

  it('moves only on its stage event from a holder of the role', () => {
    const running = createActor(approvalMachine, { input: { title: '成果' } }).start();
    const at = '2026-11-26T00:00:00.000Z';
    running.send({ type: 'SUBMIT', actor: actor('officeStaff'), at });
    running.send({ type: 'RECOMMEND', actor: actor('recommender'), at });
    expect(running.getSnapshot().value).toBe('draft');
    expect(running.getSnapshot().context.decisions).toEqual([]);
  });

  it('answers the runner: allowed, forbidden (403) or unavailable (409)', () => {
    const draft = createActor(approvalMachine, { input: { title: '成果' } }).getSnapshot();
    expect(
      approvalWorkflow.authorize(draft, { type: 'SUBMIT', actor: actor('submitter') }),
    ).toEqual({ kind: 'allowed', role: 'submitter' });
    expect(approvalWorkflow.authorize(draft, { type: 'SUBMIT', actor: actor('expert') })).toEqual({
      kind: 'forbidden',
    });
    expect(
      approvalWorkflow.authorize(draft, { type: 'RECOMMEND', actor: actor('recommender') }),
    ).toEqual({ kind: 'unavailable' });
    expect(approvalWorkflow.allowedEvents(draft, actor('submitter'))).toEqual(['SUBMIT']);
    expect(approvalWorkflow.allowedEvents(draft, actor('expert'))).toEqual([]);
    expect(approvalWorkflow.stateOf(draft)).toBe('draft');
  });
});
