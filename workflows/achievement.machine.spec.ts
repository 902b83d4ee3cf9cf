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
const experts: WorkflowActor[] = [1, 2, 3, 4, 5, 6].map((n) => ({
  userId: `u-expert-${n}`,
  roles: ['expert'],
  organizationId: `org-expert-${n}`,
}));
const everyone: WorkflowActor[] = [...Object.values(cast), ...experts];
/** The panel the host assigns by default: the first five experts; the sixth is a reserve. */
const panel = experts.slice(0, 5).map((e) => e.userId);
const reserve = experts[5];

const scoringPolicy: ScoringPolicy = DEFAULT_SCORING_POLICY;
const sheet = (value: number) =>
  Object.fromEntries(Object.keys(scoringPolicy.weights).map((k) => [k, value]));

function makeEvent(type: AchievementEventType, actor: WorkflowActor, extra = {}): AchievementEvent {
  const base = { actor, at: AT, comment: '理由' };
  switch (type) {
    case 'RECOMMEND':
      return { ...base, type, period: '2026-11', ...extra };
    case 'PASS_ELIGIBILITY':
      return { ...base, type, scoring: scoringPolicy, panel, ...extra };
    case 'ASSIGN_PANEL':
      return { ...base, type, panel: [...panel.slice(1), reserve.userId], ...extra };
    case 'RECUSE':
      return { ...base, type, replacement: [reserve.userId], ...extra };
    case 'DECIDE_CONSENSUS':
      return { ...base, type, decision: 'pass', ...extra };
    case 'OPEN_SECOND_ROUND':
      return { ...base, type, panel, ...extra };
    case 'SUBMIT_SCORE':
    case 'REVISE_SCORE':
      return { ...base, type, scores: sheet(90), ...extra };
    default:
      return { ...base, type, ...extra };
  }
}

/**
 * Events the graph explores: every event type from the actor the authority table names. Scores come
 * from the next panel member who has not scored, either high or low, so both scoring outcomes
 * appear; the first expert of an untouched first-round panel may also score very low, which splits
 * the panel and leads to the consensus step. Panel changes (override, recusal) are explored only
 * before anyone scored, and a second round is opened once, so the state space stays small.
 */
function eventsFor(snapshot: Snapshot): AchievementEvent[] {
  const state = stateName(snapshot.value);
  const { context } = snapshot;
  const events: AchievementEvent[] = [];
  const untouched = context.round === 1 && context.panel.join() === panel.join();
  const next = experts.find(
    (e) => context.panel.includes(e.userId) && !context.scores.some((s) => s.expertId === e.userId),
  );
  for (const [type, authority] of Object.entries(AUTHORITY[state]) as [
    AchievementEventType,
    NonNullable<(typeof AUTHORITY)[typeof state][AchievementEventType]>,
  ][]) {
    if (type === 'SUBMIT_SCORE') {
      if (!next) continue;
      events.push(makeEvent(type, next, { scores: sheet(90) }));
      if (context.round > 1) continue;
      events.push(makeEvent(type, next, { scores: sheet(60) }));
      if (untouched && context.scores.length === 0) {
        events.push(makeEvent(type, next, { scores: sheet(10) }));
      }
      continue;
    }
    if (type === 'REVISE_SCORE') {
      // The first sheet of a first round is revised once, so the space stays small.
      const first = context.scores[0];
      const author = experts.find((e) => e.userId === first?.expertId);
      if (author && context.round === 1 && context.scores.length === 1)
        events.push(makeEvent(type, author, { scores: sheet(first.weighted === 60 ? 90 : 60) }));
      continue;
    }
    if (type === 'ASSIGN_PANEL' || type === 'RECUSE') {
      if (!untouched || context.scores.length > 0) continue;
      if (type === 'RECUSE' && next) events.push(makeEvent(type, next));
      if (type === 'ASSIGN_PANEL') events.push(makeEvent(type, cast.office));
      continue;
    }
    if (type === 'OPEN_SECOND_ROUND' && context.round > 1) continue;
    if (type === 'DECIDE_CONSENSUS') {
      events.push(makeEvent(type, cast.office, { decision: 'pass' }));
      events.push(makeEvent(type, cast.office, { decision: 'reject' }));
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
  it('stays pure: imports only xstate and its sibling scoring and actor modules', () => {
    const source = readFileSync(join(__dirname, 'achievement.machine.ts'), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['xstate', './achievement-scoring', './actor']));
    expect(source).not.toMatch(/Date\.now|new Date|Math\.random/);
    const scoring = readFileSync(join(__dirname, 'achievement-scoring.ts'), 'utf8');
    expect(scoring).not.toMatch(/^import /m);
    expect(scoring).not.toMatch(/Date\.now|new Date|Math\.random/);
    const actor = readFileSync(join(__dirname, 'actor.ts'), 'utf8');
    expect(actor).not.toMatch(/^import /m);
  });

  it('has no delayed transitions and invokes nothing, so a restored snapshot starts nothing', () => {
    // Business deadlines are timer rows fired by a scheduled job; an `after` delay would not
    // survive a restart, and an invoked actor would be started again on every restore.
    const nodes = getStateNodes(achievementMachine.root);
    expect(nodes.length).toBeGreaterThan(STATES.length);
    expect(nodes.filter((n) => n.after.length > 0).map((n) => n.key)).toEqual([]);
    expect(nodes.filter((n) => n.invoke.length > 0).map((n) => n.key)).toEqual([]);
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
    function atScoring(policy: ScoringPolicy = scoringPolicy, assigned = panel) {
      const actor = createActor(achievementMachine, { input }).start();
      actor.send(makeEvent('SUBMIT', cast.owner));
      actor.send(makeEvent('RECOMMEND', cast.countyRecommender));
      actor.send(makeEvent('RECOMMEND', cast.recommender));
      actor.send(makeEvent('BATCH_CLOSE', cast.office));
      actor.send(makeEvent('PASS_ELIGIBILITY', cast.office, { scoring: policy, panel: assigned }));
      return actor;
    }
    const state = (actor: ReturnType<typeof atScoring>) => stateName(actor.getSnapshot().value);
    const scoreAll = (actor: ReturnType<typeof atScoring>, values: number[], who = experts) =>
      values.forEach((v, i) => actor.send(makeEvent('SUBMIT_SCORE', who[i], { scores: sheet(v) })));

    it('takes sheets only from the assigned panel', () => {
      const actor = atScoring();
      expect(actor.getSnapshot().context.panel).toEqual(panel);
      expect(actor.getSnapshot().can(makeEvent('SUBMIT_SCORE', reserve))).toBe(false);
      actor.send(makeEvent('SUBMIT_SCORE', reserve));
      expect(actor.getSnapshot().context.scores).toEqual([]);
    });

    it('does not close a panel smaller than the quorum until the office extends it', () => {
      const actor = atScoring(scoringPolicy, panel.slice(0, 4));
      scoreAll(actor, [80, 80, 80, 80]);
      expect(state(actor)).toBe('expertScoring');
      actor.send(
        makeEvent('ASSIGN_PANEL', cast.office, { panel: [...panel.slice(0, 4), reserve.userId] }),
      );
      actor.send(makeEvent('SUBMIT_SCORE', reserve, { scores: sheet(80) }));
      expect(state(actor)).toBe('onSiteVerification');
      expect(actor.getSnapshot().context.aggregate).toBe(80);
    });

    it('drops the sheet of an expert the office removes, and refuses an unchanged panel', () => {
      const actor = atScoring();
      actor.send(makeEvent('SUBMIT_SCORE', experts[0], { scores: sheet(90) }));
      expect(actor.getSnapshot().can(makeEvent('ASSIGN_PANEL', cast.office, { panel }))).toBe(
        false,
      );
      expect(actor.getSnapshot().can(makeEvent('ASSIGN_PANEL', experts[1]))).toBe(false);
      actor.send(makeEvent('ASSIGN_PANEL', cast.system));
      expect(actor.getSnapshot().context.panel).toEqual([...panel.slice(1), reserve.userId]);
      expect(actor.getSnapshot().context.scores).toEqual([]);
    });

    it('replaces an expert who recuses, but not one who has scored', () => {
      const actor = atScoring();
      actor.send(makeEvent('SUBMIT_SCORE', experts[0], { scores: sheet(90) }));
      expect(actor.getSnapshot().can(makeEvent('RECUSE', experts[0]))).toBe(false);
      expect(actor.getSnapshot().can(makeEvent('RECUSE', reserve))).toBe(false);
      // A replacement already on the panel would shrink it silently.
      expect(
        actor
          .getSnapshot()
          .can(makeEvent('RECUSE', experts[1], { replacement: [experts[2].userId] })),
      ).toBe(false);
      actor.send(makeEvent('RECUSE', experts[1]));
      expect(actor.getSnapshot().context.panel).toEqual([
        experts[0].userId,
        ...panel.slice(2),
        reserve.userId,
      ]);
      scoreAll(actor, [80, 80, 80, 80], [experts[2], experts[3], experts[4], reserve]);
      expect(state(actor)).toBe('onSiteVerification');
    });

    it('sends a split panel to consensus, where the office decides', () => {
      const split = atScoring();
      // Spread 90 − 20 = 70 exceeds the default gap of 60, although the trimmed mean would pass.
      scoreAll(split, [90, 85, 85, 85, 20]);
      expect(state(split)).toBe('consensus');
      expect(split.getSnapshot().context).toMatchObject({ aggregate: 85, spread: 70 });
      expect(split.getSnapshot().can(makeEvent('DECIDE_CONSENSUS', experts[0]))).toBe(false);
      split.send(makeEvent('DECIDE_CONSENSUS', cast.office, { decision: 'reject' }));
      expect(state(split)).toBe('rejected');
      expect(split.getSnapshot().context.outcome).toMatchObject({
        event: 'DECIDE_CONSENSUS',
        by: cast.office.userId,
      });

      const agreed = atScoring();
      scoreAll(agreed, [90, 85, 85, 85, 20]);
      agreed.send(makeEvent('DECIDE_CONSENSUS', cast.office, { decision: 'pass' }));
      expect(state(agreed)).toBe('onSiteVerification');
    });

    it('does not go to consensus when the spread equals the gap', () => {
      const actor = atScoring();
      scoreAll(actor, [90, 85, 85, 85, 30]);
      expect(state(actor)).toBe('onSiteVerification');
      expect(actor.getSnapshot().context.spread).toBe(60);
    });

    it('opens a second round with fresh sheets', () => {
      const actor = atScoring();
      scoreAll(actor, [90, 85, 85, 85, 20]);
      actor.send(makeEvent('OPEN_SECOND_ROUND', cast.office, { panel: [] }));
      expect(state(actor)).toBe('consensus');
      actor.send(makeEvent('OPEN_SECOND_ROUND', cast.office));
      expect(state(actor)).toBe('expertScoring');
      expect(actor.getSnapshot().context).toMatchObject({
        round: 2,
        scores: [],
        aggregate: null,
        spread: null,
      });
      scoreAll(actor, [70, 70, 72, 70, 70]);
      expect(state(actor)).toBe('rejected');
      expect(actor.getSnapshot().context.aggregate).toBe(70);
    });

    it('takes one sheet per expert and ignores a second', () => {
      const actor = atScoring();
      actor.send(makeEvent('SUBMIT_SCORE', experts[0], { scores: sheet(90) }));
      const before = actor.getSnapshot();
      expect(before.can(makeEvent('SUBMIT_SCORE', experts[0]))).toBe(false);
      actor.send(makeEvent('SUBMIT_SCORE', experts[0], { scores: sheet(10) }));
      expect(actor.getSnapshot().context.scores).toHaveLength(1);
    });

    it('lets a member revise their own sheet until the quorum closes the panel', () => {
      const actor = atScoring();
      // Nobody revises a sheet they have not submitted.
      expect(actor.getSnapshot().can(makeEvent('REVISE_SCORE', experts[0]))).toBe(false);
      actor.send(makeEvent('SUBMIT_SCORE', experts[0], { scores: sheet(90) }));
      actor.send(makeEvent('SUBMIT_SCORE', experts[1], { scores: sheet(80) }));
      const revised = makeEvent('REVISE_SCORE', experts[0], {
        scores: sheet(70),
        at: '2026-11-06T02:00:00.000Z',
        comment: '复核后下调',
      });
      expect(actor.getSnapshot().can(revised)).toBe(true);
      actor.send(revised);
      const { scores } = actor.getSnapshot().context;
      // The revision replaces the sheet in place: still one per expert, the new values and time.
      expect(scores.map((s) => [s.expertId, s.weighted])).toEqual([
        [experts[0].userId, 70],
        [experts[1].userId, 80],
      ]);
      expect(scores[0]).toMatchObject({ at: '2026-11-06T02:00:00.000Z', comment: '复核后下调' });
      expect(state(actor)).toBe('expertScoring');
      // Not another member's sheet, nor from someone off the panel.
      expect(actor.getSnapshot().can(makeEvent('REVISE_SCORE', experts[2]))).toBe(false);
      expect(actor.getSnapshot().can(makeEvent('REVISE_SCORE', reserve))).toBe(false);
      // The sheet that completes the quorum closes the panel; no revision after that.
      for (const e of experts.slice(2)) {
        actor.send(makeEvent('SUBMIT_SCORE', e, { scores: sheet(80) }));
      }
      expect(state(actor)).toBe('onSiteVerification');
      expect(actor.getSnapshot().can(makeEvent('REVISE_SCORE', experts[0]))).toBe(false);
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

    it('passes at exactly the threshold, ties at the extremes trimmed once', () => {
      const actor = atScoring();
      // One 100 and one 55 go, not both of each: (55 + 70 + 100) / 3 is the threshold itself.
      scoreAll(actor, [100, 100, 70, 55, 55]);
      expect(state(actor)).toBe('onSiteVerification');
      expect(actor.getSnapshot().context).toMatchObject({ aggregate: 75, spread: 45 });
      const below = atScoring();
      scoreAll(below, [95, 74.99, 55, 74.99, 74.99]);
      expect(state(below)).toBe('rejected');
      expect(below.getSnapshot().context.aggregate).toBe(74.99);
    });

    it('uses the quorum and threshold of the policy in force when scoring opened', () => {
      const actor = atScoring({ ...scoringPolicy, quorum: 3, threshold: 60 }, panel.slice(0, 3));
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
