import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createActor, type SnapshotFrom } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getStateNodes } from 'xstate/graph';
import {
  COOPERATION_AUTHORITY,
  COOPERATION_EVENT_TYPES,
  COOPERATION_STATUSES,
  cooperationRequestMachine,
  validDeal,
  type CooperationActor,
  type CooperationDeal,
  type CooperationEvent,
  type CooperationEventType,
  type CooperationInput,
  type CooperationStatus,
} from './cooperation-request.machine';

type Snapshot = SnapshotFrom<typeof cooperationRequestMachine>;

const AT = '2026-11-05T02:00:00.000Z';
const TODAY = '2026-11-05';
const input: CooperationInput = {
  achievementId: 'a-1',
  partnerUserId: 'u-partner',
  unitOrganizationId: 'org-unit',
};
const DEAL: CooperationDeal = {
  mode: 'licence',
  amountYuan: 1_200_000,
  contractDate: '2026-11-04',
  parties: '杭州某大学;宁波某企业',
  registrationNumber: null,
};

const cast = {
  unit: { userId: 'u-unit', roles: ['submitter'], organizationId: 'org-unit' },
  partner: { userId: 'u-partner', roles: ['partner'], organizationId: null },
  office: { userId: 'u-office', roles: ['officeStaff'], organizationId: 'org-prov' },
  expert: { userId: 'u-expert', roles: ['expert'], organizationId: 'org-x' },
  system: { userId: 'system', roles: ['system'], organizationId: null },
} satisfies Record<string, CooperationActor>;
const everyone: CooperationActor[] = Object.values(cast);

function makeEvent(
  type: CooperationEventType,
  actor: CooperationActor,
  deal: CooperationDeal = DEAL,
): CooperationEvent {
  if (type === 'SCHEDULE_MEETING') {
    return { type, actor, at: AT, meetingAt: '2026-11-12T06:00:00.000Z', place: '杭州' };
  }
  if (type === 'AGREE') return { type, actor, at: AT, deal, today: TODAY };
  return { type, actor, at: AT };
}

const eventsFor = (): CooperationEvent[] =>
  COOPERATION_EVENT_TYPES.flatMap((type) => everyone.map((actor) => makeEvent(type, actor)));
const traversal = { input, events: eventsFor };

function run(events: CooperationEvent[]): Snapshot {
  const actor = createActor(cooperationRequestMachine, { input }).start();
  for (const event of events) actor.send(event);
  return actor.getSnapshot();
}

const edgeKey = (from: string, event: string, to: string) => `${from} --${event}--> ${to}`;

describe('cooperation request machine', () => {
  it('stays pure: imports only xstate and reads no clock', () => {
    const source = readFileSync(join(__dirname, 'cooperation-request.machine.ts'), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['xstate']));
    expect(source).not.toMatch(/Date\.now|new Date|Math\.random/);
  });

  it('has no delayed transitions and invokes nothing: its timers are rows', () => {
    const nodes = getStateNodes(cooperationRequestMachine.root);
    expect(nodes.filter((n) => n.after.length > 0).map((n) => n.key)).toEqual([]);
    expect(nodes.filter((n) => n.invoke.length > 0).map((n) => n.key)).toEqual([]);
  });

  it('reaches every status from a new request', () => {
    const reached = new Set(
      getShortestPaths(cooperationRequestMachine, traversal).map((p) => String(p.state.value)),
    );
    expect([...reached].sort()).toEqual([...COOPERATION_STATUSES].sort());
  });

  it('takes every declared transition, and the authority table lists exactly those', () => {
    const declared = new Set<string>();
    for (const node of getStateNodes(cooperationRequestMachine.root)) {
      for (const [eventType, transitions] of Object.entries(node.on)) {
        for (const t of transitions)
          declared.add(edgeKey(node.key, eventType, t.target?.[0]?.key ?? node.key));
      }
    }
    const taken = new Set<string>();
    const adjacency = getAdjacencyMap(cooperationRequestMachine, traversal);
    for (const { state, transitions } of Object.values(adjacency)) {
      const edges: { event: CooperationEvent; state: Snapshot }[] = Object.values(transitions);
      for (const { event, state: next } of edges) {
        // A move of the meeting keeps the state and changes the context: count it too.
        if (next.value === state.value && next.context.meeting === state.context.meeting) continue;
        taken.add(edgeKey(String(state.value), event.type, String(next.value)));
      }
    }
    expect([...taken].sort()).toEqual([...declared].sort());
    const authorised = Object.entries(COOPERATION_AUTHORITY).flatMap(([state, events]) =>
      Object.keys(events).map((event) => `${state} --${event}-->`),
    );
    expect(new Set(authorised)).toEqual(new Set([...declared].map((e) => e.replace(/ \S+$/, ''))));
  });

  it('moves only for the roles the authority table names', () => {
    const adjacency = getAdjacencyMap(cooperationRequestMachine, traversal);
    let moves = 0;
    for (const { state, transitions } of Object.values(adjacency)) {
      const edges: { event: CooperationEvent; state: Snapshot }[] = Object.values(transitions);
      for (const { event, state: next } of edges) {
        if (JSON.stringify(next) === JSON.stringify(state)) continue;
        const roles = COOPERATION_AUTHORITY[state.value as CooperationStatus][event.type] ?? [];
        expect(event.actor.roles.some((r) => roles.includes(r))).toBe(true);
        moves++;
      }
    }
    expect(moves).toBeGreaterThan(10);
  });

  it('every shortest path to agreed passes through accepted and a meeting, and records the deal', () => {
    const toAgreed = getShortestPaths(cooperationRequestMachine, traversal).filter(
      (p) => p.state.value === 'agreed',
    );
    expect(toAgreed.length).toBeGreaterThan(0);
    for (const path of toAgreed) {
      const types = path.steps.map((s) => s.event.type);
      expect(types).toEqual(
        expect.arrayContaining(['ACCEPT_REQUEST', 'SCHEDULE_MEETING', 'START_NEGOTIATION']),
      );
      expect(path.state.context.deal).toEqual(DEAL);
      expect(path.state.context.meeting).not.toBeNull();
      expect(path.state.status).toBe('done');
    }
  });

  it('refuses a deal with a negative amount, a future date, an unknown mode or no parties', () => {
    const toNegotiation = [
      makeEvent('ACCEPT_REQUEST', cast.unit),
      makeEvent('SCHEDULE_MEETING', cast.unit),
      makeEvent('START_NEGOTIATION', cast.partner),
    ];
    for (const bad of [
      { ...DEAL, amountYuan: -1 },
      { ...DEAL, contractDate: '2026-11-06' },
      { ...DEAL, mode: 'gift' as never },
      { ...DEAL, parties: '  ' },
    ]) {
      expect(run([...toNegotiation, makeEvent('AGREE', cast.unit, bad)]).value).toBe('negotiating');
    }
    expect(
      run([...toNegotiation, makeEvent('AGREE', cast.unit, { ...DEAL, amountYuan: 0 })]).value,
    ).toBe('agreed');
    expect(validDeal({ ...DEAL, contractDate: TODAY }, TODAY)).toBe(true);
  });

  it('lets the scheduler close any open request as stale, and nothing moves a finished one', () => {
    for (const prefix of [[], [makeEvent('ACCEPT_REQUEST', cast.unit)]]) {
      const s = run([...prefix, makeEvent('STALE_CLOSE', cast.system)]);
      expect(s.value).toBe('closed');
      expect(s.context.closedAt).toBe(AT);
    }
    const declined = [makeEvent('DECLINE_REQUEST', cast.unit)];
    for (const type of COOPERATION_EVENT_TYPES) {
      expect(run([...declined, makeEvent(type, cast.office)]).value).toBe('declined');
    }
  });

  it('keeps the partner from answering for the unit', () => {
    expect(run([makeEvent('ACCEPT_REQUEST', cast.partner)]).value).toBe('submitted');
    expect(run([makeEvent('ACCEPT_REQUEST', cast.office)]).value).toBe('submitted');
  });
});
