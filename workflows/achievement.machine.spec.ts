import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createActor, type SnapshotFrom } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getStateNodes } from 'xstate/graph';
import {
  AUTHORITY,
  EVENT_TYPES,
  STATES,
  achievementMachine,
  isAuthorized,
  stateName,
  type AchievementEvent,
  type AchievementEventType,
  type AchievementInput,
  type WorkflowActor,
} from './achievement.machine';
import { DEFAULT_SCORING_POLICY, type ScoringPolicy } from './achievement-scoring';

type Snapshot = SnapshotFrom<typeof achievementMachine>;

const AT = '2026-11-05T02:00:00.000Z';
const input: AchievementInput = {
  ownerOrganizationId: 'org-unit',
  // A county enterprise: its county bureau recommends first, then the city bureau.
  recommendationChain: ['org-county', 'org-city'],
};

const cast = {
  owner: { userId: 'u-owner', roles: ['submitter'], organizationId: 'org-unit' },
  otherUnit: { userId: 'u-other', roles: ['submitter', 'recommender'], organizationId: 'org-x' },
  countyRecommender: { userId: 'u-county', roles: ['recommender'], organizationId: 'org-county' },
  recommender: { userId: 'u-rec', roles: ['recommender'], organizationId: 'org-city' },
  office: { userId: 'u-office', roles: ['officeStaff'], organizationId: 'org-prov' },
  system: { userId: 'system', roles: ['system'], organizationId: null },
  admin: { userId: 'u-admin', roles: ['admin'], organizationId: 'org-prov' },
  ownExpert: { userId: 'u-own-expert', roles: ['expert'], organizationId: 'org-unit' },
} satisfies Record<string, WorkflowActor>;
const experts: WorkflowActor[] = [1, 2, 3, 4, 5].map((n) => ({
  userId: `u-expert-${n}`,
  roles: ['expert'],
  organizationId: `org-expert-${n}`,
}));
const everyone: WorkflowActor[] = [...Object.values(cast), ...experts];

const scoringPolicy: ScoringPolicy = DEFAULT_SCORING_POLICY;
const sheet = (value: number) =>
  Object.fromEntries(Object.keys(scoringPolicy.weights).map((k) => [k, value]));

function makeEvent(type: AchievementEventType, actor: WorkflowActor, extra = {}): AchievementEvent {
  const base = { actor, at: AT, comment: '理由' };
  switch (type) {
    case 'RECOMMEND':
      return { ...base, type, period: '2026-11', ...extra };
    case 'PASS_ELIGIBILITY':
      return { ...base, type, scoring: scoringPolicy, ...extra };
    case 'SUBMIT_SCORE':
      return { ...base, type, scores: sheet(90), ...extra };
    default:
      return { ...base, type, ...extra };
  }
}

/**
 * Events the graph explores: every event type from the actor the authority table names. Scores come
 * from the next expert who has not scored, either high or low, so both scoring outcomes appear
 * while the state space stays small.
 */
function eventsFor(snapshot: Snapshot): AchievementEvent[] {
  const state = stateName(snapshot.value);
  const events: AchievementEvent[] = [];
  for (const [type, authority] of Object.entries(AUTHORITY[state]) as [
    AchievementEventType,
    NonNullable<(typeof AUTHORITY)[typeof state][AchievementEventType]>,
  ][]) {
    if (type === 'SUBMIT_SCORE') {
      const next = experts.find(
        (e) => !snapshot.context.scores.some((s) => s.expertId === e.userId),
      );
      if (next) {
        events.push(makeEvent(type, next, { scores: sheet(90) }));
        events.push(makeEvent(type, next, { scores: sheet(60) }));
      }
      continue;
    }
    const actor = everyone.find((a) => isAuthorized(authority, snapshot.context, a));
    if (actor) events.push(makeEvent(type, actor));
  }
  return events;
}

const traversal = { input, events: eventsFor };

function edgeKey(from: string, event: string, to: string) {
  return `${from} --${event}--> ${to}`;
}

describe('achievement machine', () => {
  it('stays pure: imports only xstate and its sibling scoring module', () => {
    const source = readFileSync(join(__dirname, 'achievement.machine.ts'), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['xstate', './achievement-scoring']));
    expect(source).not.toMatch(/Date\.now|new Date|Math\.random/);
  });

  it('reaches every state', () => {
    const reached = new Set(
      getShortestPaths(achievementMachine, traversal).map((p) => stateName(p.state.value)),
    );
    expect([...reached].sort()).toEqual([...STATES].sort());
  });

  it('takes every transition the definition declares, and disputes return where they came from', () => {
    const declared = new Set<string>();
    for (const node of getStateNodes(achievementMachine.root)) {
      for (const [eventType, transitions] of Object.entries(node.on)) {
        for (const t of transitions)
          declared.add(edgeKey(node.key, eventType, t.target?.[0]?.key ?? node.key));
      }
      for (const t of node.always ?? [])
        declared.add(edgeKey(node.key, 'always', t.target![0].key));
    }

    const taken = new Set<string>();
    const adjacency = getAdjacencyMap(achievementMachine, traversal);
    for (const { state, transitions } of Object.values(adjacency)) {
      const from = stateName(state.value);
      const edges: { event: AchievementEvent; state: Snapshot }[] = Object.values(transitions);
      for (const { event, state: next } of edges) {
        const to = stateName(next.value);
        if (event.type === 'RESOLVE_DISPUTE') {
          expect(to).toBe(state.context.suspendedFrom);
          taken.add(edgeKey(from, event.type, 'history'));
        } else if (event.type === 'SUBMIT_SCORE' && to !== 'expertScoring') {
          taken.add(edgeKey('expertScoring', 'always', to));
        } else {
          taken.add(edgeKey(from, event.type, to));
        }
      }
    }
    expect([...declared].filter((e) => !taken.has(e))).toEqual([]);
    expect([...taken].filter((e) => !declared.has(e))).toEqual([]);
    // Every entry of the authority table is a real transition, and the other way round.
    const authorised = Object.entries(AUTHORITY).flatMap(([state, events]) =>
      Object.keys(events).map((event) => `${state} --${event}-->`),
    );
    const declaredStarts = new Set([...declared].map((e) => e.replace(/ \S+$/, '')));
    expect(new Set(authorised)).toEqual(
      new Set([...declaredStarts].filter((e) => !e.includes('--always-->'))),
    );
  });

  it('lets nobody outside the authority table move an item, in any reachable state', () => {
    const adjacency = getAdjacencyMap(achievementMachine, traversal);
    let checked = 0;
    for (const { state } of Object.values(adjacency)) {
      const name = stateName(state.value);
      for (const type of EVENT_TYPES) {
        for (const actor of everyone) {
          const accepted = state.can(makeEvent(type, actor));
          const authority = AUTHORITY[name][type];
          if (accepted) expect(isAuthorized(authority, state.context, actor)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('walks the main path to publication', () => {
    const actor = createActor(achievementMachine, { input }).start();
    const send = (e: AchievementEvent) => actor.send(e);
    send(makeEvent('SUBMIT', cast.owner));
    // The city cannot jump the queue: the county recommends first.
    expect(actor.getSnapshot().can(makeEvent('RECOMMEND', cast.recommender))).toBe(false);
    send(makeEvent('RECOMMEND', cast.countyRecommender));
    expect(stateName(actor.getSnapshot().value)).toBe('recommendation');
    expect(actor.getSnapshot().can(makeEvent('RECOMMEND', cast.countyRecommender))).toBe(false);
    send(makeEvent('RECOMMEND', cast.recommender));
    expect(actor.getSnapshot().context.period).toBe('2026-11');
    send(makeEvent('BATCH_CLOSE', cast.system));
    send(makeEvent('PASS_ELIGIBILITY', cast.office));
    for (const [i, e] of experts.entries()) {
      send(makeEvent('SUBMIT_SCORE', e, { scores: sheet([95, 80, 78, 76, 40][i]) }));
    }
    const scored = actor.getSnapshot();
    expect(stateName(scored.value)).toBe('onSiteVerification');
    // 95 and 40 are dropped; (80 + 78 + 76) / 3 = 78.
    expect(scored.context.aggregate).toBe(78);
    send(makeEvent('CONFIRM_VERIFICATION', cast.office));
    send(makeEvent('PUBLISH', cast.office));
    expect(stateName(actor.getSnapshot().value)).toBe('published');
  });

  describe('expert scoring', () => {
    function atScoring(policy: ScoringPolicy = scoringPolicy) {
      const actor = createActor(achievementMachine, { input }).start();
      actor.send(makeEvent('SUBMIT', cast.owner));
      actor.send(makeEvent('RECOMMEND', cast.countyRecommender));
      actor.send(makeEvent('RECOMMEND', cast.recommender));
      actor.send(makeEvent('BATCH_CLOSE', cast.office));
      actor.send(makeEvent('PASS_ELIGIBILITY', cast.office, { scoring: policy }));
      return actor;
    }

    it('takes one sheet per expert and ignores a second', () => {
      const actor = atScoring();
      actor.send(makeEvent('SUBMIT_SCORE', experts[0], { scores: sheet(90) }));
      const before = actor.getSnapshot();
      expect(before.can(makeEvent('SUBMIT_SCORE', experts[0]))).toBe(false);
      actor.send(makeEvent('SUBMIT_SCORE', experts[0], { scores: sheet(10) }));
      expect(actor.getSnapshot().context.scores).toHaveLength(1);
    });

    it('refuses an expert of the owning unit', () => {
      const actor = atScoring();
      expect(actor.getSnapshot().can(makeEvent('SUBMIT_SCORE', cast.ownExpert))).toBe(false);
    });

    it('rejects below the threshold and records why', () => {
      const actor = atScoring();
      for (const e of experts) actor.send(makeEvent('SUBMIT_SCORE', e, { scores: sheet(70) }));
      const snap = actor.getSnapshot();
      expect(stateName(snap.value)).toBe('rejected');
      expect(snap.context.aggregate).toBe(70);
      expect(snap.context.outcome).toMatchObject({ event: 'SCORING_CLOSED', by: 'system' });
      expect(snap.context.outcome?.reason).toContain('70');
    });

    it('uses the quorum and threshold of the policy in force when scoring opened', () => {
      const actor = atScoring({ ...scoringPolicy, quorum: 3, threshold: 60 });
      for (const e of experts.slice(0, 3)) {
        actor.send(makeEvent('SUBMIT_SCORE', e, { scores: sheet(61) }));
      }
      expect(stateName(actor.getSnapshot().value)).toBe('onSiteVerification');
    });
  });

  it('restarts the chain at the lowest level when an item returned by the city is resubmitted', () => {
    const actor = createActor(achievementMachine, { input }).start();
    actor.send(makeEvent('SUBMIT', cast.owner));
    actor.send(makeEvent('RECOMMEND', cast.countyRecommender));
    actor.send(makeEvent('RETURN_FOR_AMENDMENT', cast.recommender));
    expect(stateName(actor.getSnapshot().value)).toBe('returned');
    actor.send(makeEvent('RESUBMIT', cast.owner));
    expect(actor.getSnapshot().context.chainLevel).toBe(0);
    expect(actor.getSnapshot().can(makeEvent('RECOMMEND', cast.countyRecommender))).toBe(true);
  });

  it('returns an amended item to the stage that returned it', () => {
    const actor = createActor(achievementMachine, { input }).start();
    actor.send(makeEvent('SUBMIT', cast.owner));
    actor.send(makeEvent('RECOMMEND', cast.countyRecommender));
    actor.send(makeEvent('RECOMMEND', cast.recommender));
    actor.send(makeEvent('BATCH_CLOSE', cast.office));
    actor.send(makeEvent('RETURN_FOR_AMENDMENT', cast.office));
    expect(stateName(actor.getSnapshot().value)).toBe('returned');
    actor.send(makeEvent('RESUBMIT', cast.owner));
    expect(stateName(actor.getSnapshot().value)).toBe('eligibilityCheck');
    expect(actor.getSnapshot().context.returnedFrom).toBeNull();
  });

  it('survives a persist/restore round trip through JSON, history included', () => {
    const first = createActor(achievementMachine, { input }).start();
    first.send(makeEvent('SUBMIT', cast.owner));
    first.send(makeEvent('RECOMMEND', cast.countyRecommender));
    first.send(makeEvent('RECOMMEND', cast.recommender));
    first.send(makeEvent('RAISE_DISPUTE', cast.office));
    const stored = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));
    const second = createActor(achievementMachine, { snapshot: stored, input }).start();
    expect(stateName(second.getSnapshot().value)).toBe('suspended');
    second.send(makeEvent('RESOLVE_DISPUTE', cast.office));
    expect(stateName(second.getSnapshot().value)).toBe('submitted');
  });
});
