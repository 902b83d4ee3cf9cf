import { escapeHtml as e } from '@kitajs/html';
import type { MachineDescription } from '../../workflow/machine-description';

/**
 * The state machine drawn as SVG on the server: a layered layout (each state in the column of its
 * shortest distance from the initial state), computed once per machine version, with one item's
 * path overlaid per request. No diagram script in the browser.
 */
interface Box {
  name: string;
  x: number;
  y: number;
}

interface Edge {
  from: string;
  to: string;
  event: string;
}

export interface DiagramLayout {
  width: number;
  height: number;
  boxes: Map<string, Box>;
  edges: Edge[];
  /** The states "resolve dispute" can return to (drawn only for the item's own returns). */
  historyFrom: string[];
}

const COL = 150;
const ROW = 70;
const BOX_W = 110;
const BOX_H = 34;
const PAD = 20;

const layouts = new Map<string, DiagramLayout>();

/** The layout of one machine version; later calls with the same key reuse it. */
export function layoutFor(
  key: string,
  description: MachineDescription,
  spine: readonly string[] = [],
): DiagramLayout {
  const cached = layouts.get(key);
  if (cached) return cached;
  const edges: Edge[] = [];
  const historyFrom: string[] = [];
  const seen = new Set<string>();
  for (const t of description.transitions) {
    if (t.to === '*history*') {
      historyFrom.push(t.from);
      continue;
    }
    if (t.from === t.to || seen.has(`${t.from}>${t.to}`)) continue;
    seen.add(`${t.from}>${t.to}`);
    edges.push({ from: t.from, to: t.to, event: t.event });
  }
  const depth = new Map<string, number>([[description.initial, 0]]);
  const queue = [description.initial];
  while (queue.length) {
    const at = queue.shift()!;
    for (const edge of edges.filter((x) => x.from === at)) {
      if (depth.has(edge.to)) continue;
      depth.set(edge.to, depth.get(at)! + 1);
      queue.push(edge.to);
    }
  }
  const columns: string[][] = [];
  // The spine (the usual road) runs along the top in its order; every other state sits below the
  // first spine state that leads to it, so side exits hang under the step they leave from.
  spine.forEach((name, c) => (columns[c] = [name]));
  for (const s of description.states) {
    if (spine.includes(s.name)) continue;
    const from = spine.findIndex((p) => edges.some((x) => x.from === p && x.to === s.name));
    const c = from >= 0 ? from : (depth.get(s.name) ?? 0);
    (columns[c] ??= []).push(s.name);
  }
  const boxes = new Map<string, Box>();
  columns.forEach((names, c) =>
    names.forEach((name, r) => boxes.set(name, { name, x: PAD + c * COL, y: PAD + r * ROW })),
  );
  for (let c = 0; c < columns.length; c++) columns[c] ??= [];
  const rows = Math.max(...columns.map((c) => c.length));
  const layout = {
    width: PAD * 2 + (columns.length - 1) * COL + BOX_W,
    height: PAD * 2 + (rows - 1) * ROW + BOX_H,
    boxes,
    edges,
    historyFrom,
  };
  layouts.set(key, layout);
  return layout;
}

export interface DiagramOverlay {
  current: string;
  path: string[];
  /** States the item returned to after a dispute (and the one it would return to now). */
  returns: string[];
  stateLabel: (state: string) => string;
  eventLabel: (event: string) => string;
}

/** The SVG markup: states as boxes, transitions as arrows, the item's path marked by class. */
export function renderDiagram(layout: DiagramLayout, overlay: DiagramOverlay): string {
  const visited = new Set(overlay.path);
  const taken = new Set(overlay.path.slice(1).map((to, i) => `${overlay.path[i]}>${to}`));
  const edges = [
    ...layout.edges,
    ...overlay.returns
      .filter((to) => layout.historyFrom.includes('suspended') && layout.boxes.has(to))
      .map((to) => ({ from: 'suspended', to, event: 'RESOLVE_DISPUTE' })),
  ];
  const lines = edges.map((edge) => {
    const a = layout.boxes.get(edge.from);
    const b = layout.boxes.get(edge.to);
    if (!a || !b) return '';
    const [x1, y1, x2, y2] = ends(a, b);
    const cls = taken.has(`${edge.from}>${edge.to}`) ? 'edge taken' : 'edge';
    return `<g class="${cls}"><title>${e(overlay.eventLabel(edge.event))}</title><line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#arrow)"/></g>`;
  });
  const boxes = [...layout.boxes.values()].map((box) => {
    const cls =
      box.name === overlay.current
        ? 'state current'
        : visited.has(box.name)
          ? 'state visited'
          : 'state';
    return `<g class="${cls}" data-state="${e(box.name)}"><rect x="${box.x}" y="${box.y}" width="${BOX_W}" height="${BOX_H}" rx="6"/><text x="${box.x + BOX_W / 2}" y="${box.y + BOX_H / 2 + 5}" text-anchor="middle">${e(overlay.stateLabel(box.name))}</text></g>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="流程图">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>',
    ...lines,
    ...boxes,
    '</svg>',
  ].join('');
}

/** Where a line between two boxes leaves the first and meets the second (their borders). */
function ends(a: Box, b: Box): [number, number, number, number] {
  const ax = a.x + BOX_W / 2;
  const ay = a.y + BOX_H / 2;
  const bx = b.x + BOX_W / 2;
  const by = b.y + BOX_H / 2;
  const clip = (cx: number, cy: number, dx: number, dy: number): [number, number] => {
    const sx = dx === 0 ? Infinity : BOX_W / 2 / Math.abs(dx);
    const sy = dy === 0 ? Infinity : BOX_H / 2 / Math.abs(dy);
    const s = Math.min(sx, sy);
    return [Math.round(cx + dx * s), Math.round(cy + dy * s)];
  };
  const [x1, y1] = clip(ax, ay, bx - ax, by - ay);
  const [x2, y2] = clip(bx, by, ax - bx, ay - by);
  return [x1, y1, x2, y2];
}
