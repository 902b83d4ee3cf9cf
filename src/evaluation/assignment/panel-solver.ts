/**
 * Assigns expert panels for a whole batch at once (pure). A greedy pass in rounds: each round gives
 * every item that still needs experts one more, items with the fewest candidates first, so that
 * scarce experts go where they are needed. Each pick prefers, in order: an expert under the load
 * cap (the pool's mean load after the batch, rounded up), expertise in the item's field, the lowest
 * current load, the higher credit. So an expert of the field is passed over only when they already
 * carry more than their fair share, which keeps every load within one of the mean. Conflicted, inactive and below-floor experts are never candidates.
 */

export interface SolverExpert {
  id: string;
  domains: readonly string[];
  credit: number;
  /** Open assignments the expert already carries. */
  load: number;
}

export interface SolverItem {
  id: string;
  domain: string;
  /** How many experts the item's panel should have in all. */
  panelSize: number;
  /** Experts already on the panel; they stay. */
  current: readonly string[];
  /** Experts who may not sit on this panel: conflicts, recusals, lapses. */
  excluded: ReadonlySet<string> | readonly string[];
}

export interface SolverResult {
  /** Item id → the experts to add to its panel. */
  added: Record<string, string[]>;
  /** Item id → how many seats stayed empty for want of eligible experts. */
  shortfall: Record<string, number>;
  /** Expert id → load after the batch. */
  loads: Record<string, number>;
}

export function solvePanels(
  items: readonly SolverItem[],
  experts: readonly SolverExpert[],
  creditFloor: number,
): SolverResult {
  const pool = experts.filter((e) => e.credit >= creditFloor);
  const loads: Record<string, number> = Object.fromEntries(experts.map((e) => [e.id, e.load]));
  const added: Record<string, string[]> = {};
  const shortfall: Record<string, number> = {};
  const excluded = new Map(items.map((i) => [i.id, new Set(i.excluded)]));
  const candidates = new Map(
    items.map((i) => [
      i.id,
      pool.filter((e) => !excluded.get(i.id)!.has(e.id) && !i.current.includes(e.id)),
    ]),
  );
  const need = new Map(items.map((i) => [i.id, Math.max(0, i.panelSize - i.current.length)]));
  const seats = [...need.values()].reduce((a, b) => a + b, 0);
  const cap = pool.length
    ? Math.ceil((pool.reduce((a, e) => a + e.load, 0) + seats) / pool.length)
    : 0;
  for (const item of items) added[item.id] = [];

  const order = [...items].sort(
    (a, b) =>
      candidates.get(a.id)!.length - candidates.get(b.id)!.length || a.id.localeCompare(b.id),
  );
  let progress = true;
  while (progress) {
    progress = false;
    for (const item of order) {
      if (need.get(item.id)! === 0) continue;
      const taken = added[item.id];
      let best: SolverExpert | null = null;
      for (const e of candidates.get(item.id)!) {
        if (taken.includes(e.id)) continue;
        if (!best || better(e, best, item.domain, loads, cap)) best = e;
      }
      if (!best) continue;
      taken.push(best.id);
      loads[best.id]++;
      need.set(item.id, need.get(item.id)! - 1);
      progress = true;
    }
  }
  for (const item of items) {
    const left = need.get(item.id)!;
    if (left > 0) shortfall[item.id] = left;
  }
  return { added, shortfall, loads };
}

function better(
  a: SolverExpert,
  b: SolverExpert,
  domain: string,
  loads: Record<string, number>,
  cap: number,
): boolean {
  const key = (e: SolverExpert) => [
    loads[e.id] < cap ? 0 : 1,
    e.domains.includes(domain) ? 0 : 1,
    loads[e.id],
    -e.credit,
  ];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i];
  return a.id < b.id;
}
