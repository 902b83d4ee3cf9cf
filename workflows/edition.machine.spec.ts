import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createActor, type SnapshotFrom } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getStateNodes } from 'xstate/graph';
import {
  EDITION_AUTHORITY,
  EDITION_EVENT_TYPES,
  EDITION_STATUSES,
  editionMachine,
  type EditionActor,
  type EditionEvent,
  type EditionEventType,
  type EditionInput,
  type EditionStatus,
} from './edition.machine';

type Snapshot = SnapshotFrom<typeof editionMachine>;

const AT = '2026-11-05T02:00:00.000Z';
const input: EditionInput = { kind: 'monthly', number: '2026年第11期', correctsEditionId: null };

const cast = {
  clerk: { userId: 'u-clerk', roles: ['officeStaff'], organizationId: 'org-prov' },
  chief: { userId: 'u-chief', roles: ['officeStaff'], organizationId: 'org-prov' },
  submitter: { userId: 'u-unit', roles: ['submitter'], organizationId: 'org-unit' },
  admin: { userId: 'u-admin', roles: ['admin'], organizationId: 'org-prov' },
  system: { userId: 'system', roles: ['system'], organizationId: null },
} satisfies Record<string, EditionActor>;
const everyone: EditionActor[] = Object.values(cast);

function makeEvent(type: EditionEventType, actor: EditionActor, fourEyes = true): EditionEvent {
  return type === 'ISSUE_EDITION' ? { type, actor, at: AT, fourEyes } : { type, actor, at: AT };
}

/**
 * Events the graph explores: every event from every member of the cast, and the issue both with
 * the four-eyes rule on and off, so that refused and accepted senders both appear.
 */
function eventsFor(): EditionEvent[] {
  return EDITION_EVENT_TYPES.flatMap((type) =>
    everyone.flatMap((actor) =>
      type === 'ISSUE_EDITION'
        ? [makeEvent(type, actor, true), makeEvent(type, actor, false)]
        : [makeEvent(type, actor)],
    ),
  );
}

const traversal = { input, events: eventsFor };

function run(events: EditionEvent[], start: EditionInput = input): Snapshot {
  const actor = createActor(editionMachine, { input: start }).start();
  for (const event of events) actor.send(event);
  return actor.getSnapshot();
}

function edgeKey(from: string, event: string, to: string) {
  return `${from} --${event}--> ${to}`;
}

describe('edition machine', () => {
  it('stays pure: imports only xstate and reads no clock', () => {
    const source = readFileSync(join(__dirname, 'edition.machine.ts'), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['xstate']));
    expect(source).not.toMatch(/Date\.now|new Date|Math\.random/);
  });

  it('has no delayed transitions and invokes nothing, so a restored snapshot starts nothing', () => {
    const nodes = getStateNodes(editionMachine.root);
    expect(nodes.filter((n) => n.after.length > 0).map((n) => n.key)).toEqual([]);
    expect(nodes.filter((n) => n.invoke.length > 0).map((n) => n.key)).toEqual([]);
  });

  it('reaches every status from a new draft', () => {
    const reached = new Set(
      getShortestPaths(editionMachine, traversal).map((p) => String(p.state.value)),
    );
    expect([...reached].sort()).toEqual([...EDITION_STATUSES].sort());
  });

  it('takes every transition the definition declares, and only those the authority table lists', () => {
    const declared = new Set<string>();
    for (const node of getStateNodes(editionMachine.root)) {
      for (const [eventType, transitions] of Object.entries(node.on)) {
        for (const t of transitions)
          declared.add(edgeKey(node.key, eventType, t.target?.[0]?.key ?? node.key));
      }
    }
    const taken = new Set<string>();
    const adjacency = getAdjacencyMap(editionMachine, traversal);
    for (const { state, transitions } of Object.values(adjacency)) {
      const edges: { event: EditionEvent; state: Snapshot }[] = Object.values(transitions);
      for (const { event, state: next } of edges) {
        if (next.value === state.value) continue;
        taken.add(edgeKey(String(state.value), event.type, String(next.value)));
      }
    }
    expect([...taken].sort()).toEqual([...declared].sort());
    const authorised = Object.entries(EDITION_AUTHORITY).flatMap(([state, events]) =>
      Object.keys(events).map((event) => `${state} --${event}-->`),
    );
    expect(new Set(authorised)).toEqual(new Set([...declared].map((e) => e.replace(/ \S+$/, ''))));
  });

  it('moves only for the roles the authority table names', () => {
    const adjacency = getAdjacencyMap(editionMachine, traversal);
    for (const { state, transitions } of Object.values(adjacency)) {
      const edges: { event: EditionEvent; state: Snapshot }[] = Object.values(transitions);
      for (const { event, state: next } of edges) {
        if (next.value === state.value) continue;
        const roles = EDITION_AUTHORITY[state.value as EditionStatus][event.type] ?? [];
        expect(event.actor.roles.some((r) => roles.includes(r))).toBe(true);
      }
    }
  });

  it('every shortest path to issued has a submitter and an issuer who differ while four eyes are on', () => {
    const paths = getShortestPaths(editionMachine, {
      ...traversal,
      events: (): EditionEvent[] =>
        EDITION_EVENT_TYPES.flatMap((type) => everyone.map((a) => makeEvent(type, a, true))),
    });
    const toIssued = paths.filter((p) => p.state.value === 'issued');
    expect(toIssued.length).toBeGreaterThan(0);
    for (const path of toIssued) {
      const events = path.steps.map((s) => s.event);
      const submit = events.find((e) => e.type === 'SUBMIT_EDITION')!;
      const issue = events.find((e) => e.type === 'ISSUE_EDITION')!;
      expect(issue.actor.userId).not.toBe(submit.actor.userId);
      expect(path.state.context.issuedBy).toBe(issue.actor.userId);
      expect(path.state.context.submittedBy).toBe(submit.actor.userId);
    }
  });

  it('refuses the issue by the submitter under four eyes, and allows it when the rule is off', () => {
    const submitted = [makeEvent('SUBMIT_EDITION', cast.clerk)];
    expect(run([...submitted, makeEvent('ISSUE_EDITION', cast.clerk, true)]).value).toBe(
      'underReview',
    );
    const issued = run([...submitted, makeEvent('ISSUE_EDITION', cast.clerk, false)]);
    expect(issued.value).toBe('issued');
    expect(issued.status).toBe('done');
    expect(issued.context).toMatchObject({ issuedAt: AT, issuedBy: 'u-clerk' });
  });

  it('forgets the submitter when the edition goes back to draft, so the next submitter counts', () => {
    const s = run([
      makeEvent('SUBMIT_EDITION', cast.clerk),
      makeEvent('RETURN_EDITION', cast.chief),
      makeEvent('SUBMIT_EDITION', cast.chief),
    ]);
    expect(s.value).toBe('underReview');
    expect(s.context.submittedBy).toBe('u-chief');
    expect(run([makeEvent('ISSUE_EDITION', cast.clerk)], { ...input }).value).toBe('draft');
  });

  it('takes nothing once issued: a correction is a new edition naming the one it corrects', () => {
    const issued = [
      makeEvent('SUBMIT_EDITION', cast.clerk),
      makeEvent('ISSUE_EDITION', cast.chief),
    ];
    for (const type of EDITION_EVENT_TYPES) {
      expect(run([...issued, makeEvent(type, cast.clerk, false)]).context.issuedBy).toBe('u-chief');
    }
    const correction = run([], { ...input, correctsEditionId: 'ed-1' });
    expect(correction.value).toBe('draft');
    expect(correction.context.correctsEditionId).toBe('ed-1');
  });

  it.each(EDITION_STATUSES)('an adopted edition starts %s, as the migration found it', (state) => {
    const adopted = {
      state,
      submittedBy: state === 'draft' ? null : 'u-clerk',
      issuedAt: state === 'issued' ? AT : null,
      issuedBy: state === 'issued' ? 'u-chief' : null,
    };
    const s = run([], { ...input, adopted });
    expect(s.value).toBe(state);
    expect(s.context).toEqual({
      ...input,
      submittedBy: adopted.submittedBy,
      issuedAt: adopted.issuedAt,
      issuedBy: adopted.issuedBy,
      adoptedIn: state,
    });
  });
});
