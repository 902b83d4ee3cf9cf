import { createActor, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import {
  ACHIEVEMENT_MACHINE_VERSION,
  AUTHORITY,
  FINAL_STATES,
  STATES,
  achievementMachine,
  isAuthorized,
  stateName,
  type AchievementEvent,
  type AchievementEventType,
  type AchievementInput,
  type WorkflowActor,
} from '../../workflows/achievement.machine';
import { DEFAULT_SCORING_POLICY } from '../../workflows/achievement-scoring';

/**
 * One stored snapshot per reachable state, as the current machine persists it, with an event that
 * moves it on. Kept under test/fixtures/snapshots/achievement-v<version>-<state>.json for every
 * released version, so that a later machine must still restore and advance what an older one
 * wrote (directly or through a registered snapshot migration).
 */
export interface SnapshotFixture {
  definition: 'achievement';
  machineVersion: number;
  state: string;
  snapshot: Record<string, unknown>;
  /** An event the machine accepts in this state, and where it leads; null for final states. */
  next: {
    type: string;
    actor: WorkflowActor;
    payload: Record<string, unknown>;
    expectedState: string;
  } | null;
}

const AT = '2026-11-05T02:00:00.000Z';
const INPUT: AchievementInput = {
  ownerOrganizationId: 'org-unit',
  recommendationChain: ['org-city'],
};
const CAST: WorkflowActor[] = [
  { userId: 'u-owner', roles: ['submitter'], organizationId: 'org-unit' },
  { userId: 'u-rec', roles: ['recommender'], organizationId: 'org-city' },
  { userId: 'u-office', roles: ['officeStaff'], organizationId: 'org-prov' },
  { userId: 'system', roles: ['system'], organizationId: null },
  { userId: 'u-admin', roles: ['admin'], organizationId: 'org-prov' },
];
const EXPERTS: WorkflowActor[] = [1, 2, 3, 4, 5].map((n) => ({
  userId: `u-expert-${n}`,
  roles: ['expert'],
  organizationId: `org-expert-${n}`,
}));
const PANEL = EXPERTS.map((e) => e.userId);
const sheet = (value: number) =>
  Object.fromEntries(Object.keys(DEFAULT_SCORING_POLICY.weights).map((k) => [k, value]));

type Snapshot = SnapshotFrom<typeof achievementMachine>;

function payloadOf(type: AchievementEventType): Record<string, unknown> {
  switch (type) {
    case 'RECOMMEND':
      return { period: '2026-11' };
    case 'PASS_ELIGIBILITY':
      return { scoring: DEFAULT_SCORING_POLICY, panel: PANEL };
    case 'DECIDE_CONSENSUS':
      return { decision: 'pass' };
    case 'OPEN_SECOND_ROUND':
      return { panel: PANEL };
    default:
      return {};
  }
}

/** Candidate events: each type from someone the authority table allows; scores high or split. */
function eventsFor(snapshot: Snapshot): AchievementEvent[] {
  const state = stateName(snapshot.value);
  const { context } = snapshot;
  const events: AchievementEvent[] = [];
  for (const [type, authority] of Object.entries(AUTHORITY[state])) {
    const eventType = type as AchievementEventType;
    // A revised sheet has the shape of the sheet it replaces: nothing new to persist.
    if (eventType === 'ASSIGN_PANEL' || eventType === 'RECUSE' || eventType === 'REVISE_SCORE')
      continue;
    if (eventType === 'OPEN_SECOND_ROUND' && context.round > 1) continue;
    if (eventType === 'SUBMIT_SCORE') {
      const next = EXPERTS.find(
        (e) =>
          context.panel.includes(e.userId) && !context.scores.some((s) => s.expertId === e.userId),
      );
      if (!next) continue;
      // A low first score splits the panel (consensus); otherwise high scores keep the space small.
      for (const value of context.scores.length === 0 && context.round === 1 ? [90, 10] : [90]) {
        events.push({ type, actor: next, at: AT, scores: sheet(value) } as AchievementEvent);
      }
      continue;
    }
    const actor = [...CAST, ...EXPERTS].find((a) => isAuthorized(authority, snapshot.context, a));
    if (actor) {
      events.push({ ...payloadOf(eventType), type, actor, at: AT } as AchievementEvent);
    }
  }
  return events;
}

function persisted(events: AchievementEvent[]): Record<string, unknown> {
  const actor = createActor(achievementMachine, { input: INPUT }).start();
  for (const event of events) actor.send(event);
  const snapshot = actor.getPersistedSnapshot() as Record<string, unknown>;
  actor.stop();
  return snapshot;
}

/** The fixtures of the current machine version, one per state, deterministic. */
export function generateSnapshotFixtures(): SnapshotFixture[] {
  const paths = getShortestPaths(achievementMachine, { input: INPUT, events: eventsFor });
  const byState = new Map<string, AchievementEvent[]>();
  for (const path of paths) {
    const state = stateName(path.state.value);
    const events = path.steps.map((s) => s.event).filter((e) => e.type);
    const known = byState.get(state);
    if (!known || events.length < known.length) byState.set(state, events);
  }
  return STATES.map((state) => {
    const events = byState.get(state);
    if (!events) throw new Error(`state ${state} is not reachable`);
    const snapshot = persisted(events);
    let next: SnapshotFixture['next'] = null;
    if (!FINAL_STATES.includes(state)) {
      const restored = createActor(achievementMachine, {
        snapshot,
      } as never).getSnapshot();
      for (const event of eventsFor(restored)) {
        const after = createActor(achievementMachine, {
          snapshot: structuredClone(snapshot),
        } as never).start();
        after.send(event);
        const moved = JSON.stringify(after.getPersistedSnapshot()) !== JSON.stringify(snapshot);
        const expectedState = stateName(after.getSnapshot().value);
        after.stop();
        if (!moved) continue;
        // The time comes from the runner's clock when the fixture is replayed.
        const payload: Record<string, unknown> = { ...event };
        for (const key of ['type', 'actor', 'at']) delete payload[key];
        const { type, actor } = event;
        next = { type, actor, payload, expectedState };
        break;
      }
      if (!next) throw new Error(`no event moves ${state}`);
    }
    return {
      definition: 'achievement',
      machineVersion: ACHIEVEMENT_MACHINE_VERSION,
      state,
      snapshot,
      next,
    };
  });
}

export function snapshotFixtureName(fixture: { machineVersion: number; state: string }): string {
  return `achievement-v${fixture.machineVersion}-${fixture.state}.json`;
}
