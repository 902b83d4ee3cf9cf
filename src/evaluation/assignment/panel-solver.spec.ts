import { conflictsOf, type ExpertIdentity, type ItemParties } from '../conflicts/conflict-rules';
import { solvePanels, type SolverExpert, type SolverItem } from './panel-solver';

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const DOMAINS = ['ic', 'ai', 'bio', 'materials', 'energy', 'manufacturing'];
const FLOOR = 60;

function batch(seed: number) {
  const r = rng(seed);
  const units = Array.from({ length: 30 }, (_, k) => `单位${k}`);
  const experts = Array.from({ length: 40 }, (_, k) => {
    const identity: ExpertIdentity = {
      id: `e${k}`,
      name: `专家${k}`,
      organization: { id: `o${k}`, name: units[k % units.length], parent: `集团${k % 7}` },
      declared: k % 9 === 0 ? [{ kind: 'person', name: `完成人${k}` }] : [],
    };
    // Three fields each, so every field has experts enough; a few fall below the floor.
    const domains = [0, 2, 4].map((d) => DOMAINS[(k + d) % DOMAINS.length]);
    const credit = k % 10 === 3 ? 40 + Math.floor(r() * 19) : 60 + Math.floor(r() * 40);
    return { identity, solver: { id: identity.id, domains, credit, load: 0 } };
  });
  const items = Array.from({ length: 100 }, (_, n) => {
    const parties: ItemParties = {
      submittingUnit: { id: `s${n}`, name: units[Math.floor(r() * units.length)] },
      completingUnits: [{ name: units[Math.floor(r() * units.length)], parent: `集团${n % 7}` }],
      completers: [{ name: `完成人${Math.floor(r() * 40)}`, unit: units[n % units.length] }],
    };
    const excluded = experts
      .filter((e) => conflictsOf(e.identity, parties).length > 0)
      .map((e) => e.identity.id);
    const item: SolverItem = {
      id: `item${n}`,
      domain: DOMAINS[n % DOMAINS.length],
      panelSize: 5,
      current: [],
      excluded,
    };
    return item;
  });
  return { experts: experts.map((e) => e.solver), items };
}

describe('batch panel assignment', () => {
  it.each([1, 2, 3])('assigns 100 items to 40 experts fairly and safely (seed %i)', (seed) => {
    const { experts, items } = batch(seed);
    const result = solvePanels(items, experts, FLOOR);

    const eligible = experts.filter((e) => e.credit >= FLOOR);
    expect(eligible.length).toBeLessThan(experts.length);
    for (const item of items) {
      const panel = result.added[item.id];
      expect(panel).toHaveLength(5);
      expect(new Set(panel).size).toBe(5);
      for (const id of panel) {
        expect(item.excluded).not.toContain(id);
        expect(experts.find((e) => e.id === id)!.credit).toBeGreaterThanOrEqual(FLOOR);
      }
    }
    expect(result.shortfall).toEqual({});
    const mean = 500 / eligible.length;
    for (const e of eligible) {
      expect(result.loads[e.id]).toBeGreaterThanOrEqual(mean - 1);
      expect(result.loads[e.id]).toBeLessThanOrEqual(mean + 1);
    }
    for (const e of experts.filter((x) => x.credit < FLOOR)) expect(result.loads[e.id]).toBe(0);
    // Balance does not crowd out expertise: most seats go to experts of the item's field.
    const seats = items.flatMap((i) =>
      result.added[i.id].map((id) => experts.find((e) => e.id === id)!.domains.includes(i.domain)),
    );
    expect(seats.filter(Boolean).length / seats.length).toBeGreaterThan(0.8);
  });

  it('keeps current members, counts existing load, and reports a shortfall', () => {
    const experts: SolverExpert[] = [
      { id: 'a', domains: ['x'], credit: 90, load: 5 },
      { id: 'b', domains: ['x'], credit: 70, load: 0 },
      { id: 'c', domains: ['y'], credit: 99, load: 0 },
      { id: 'd', domains: ['x'], credit: 10, load: 0 },
    ];
    const result = solvePanels(
      [{ id: 'i', domain: 'x', panelSize: 4, current: ['b'], excluded: ['c'] }],
      experts,
      60,
    );
    expect(result.added.i).toEqual(['a']);
    expect(result.shortfall).toEqual({ i: 2 });
  });

  it('prefers expertise, then lower load, then higher credit', () => {
    const experts: SolverExpert[] = [
      { id: 'far', domains: ['y'], credit: 100, load: 0 },
      { id: 'busy', domains: ['x'], credit: 100, load: 1 },
      { id: 'low', domains: ['x'], credit: 70, load: 0 },
      { id: 'high', domains: ['x'], credit: 90, load: 0 },
    ];
    const one = (size: number) =>
      solvePanels(
        [{ id: 'i', domain: 'x', panelSize: size, current: [], excluded: [] }],
        experts,
        60,
      ).added.i;
    expect(one(1)).toEqual(['high']);
    expect(one(2)).toEqual(['high', 'low']);
  });
});
