import type { AnyStateMachine, AnyStateNode } from 'xstate';

export interface MachineDescription {
  id: string;
  initial: string;
  states: { name: string; final: boolean }[];
  transitions: { from: string; event: string; to: string; guard: unknown }[];
}

/**
 * States and transitions read off a machine definition, for clients and diagrams. Wrapper compound
 * states (like `active`, which exists only for the history state) are flattened away: the names
 * here are the public ones. A transition into a history state is shown as a return to every state
 * it could restore (`*history*`), since which one depends on the item.
 */
export function describeMachine(machine: AnyStateMachine): MachineDescription {
  const leaves: AnyStateNode[] = [];
  const walk = (node: AnyStateNode) => {
    const children = Object.values(node.states);
    if (children.length === 0 && node.type !== 'history') leaves.push(node);
    children.forEach(walk);
  };
  walk(machine.root);

  const transitions: MachineDescription['transitions'] = [];
  const push = (
    from: AnyStateNode,
    event: string,
    targets: readonly AnyStateNode[] | undefined,
    guard: unknown,
  ) => {
    const to = targets?.[0];
    if (!to) {
      transitions.push({ from: from.key, event, to: from.key, guard });
      return;
    }
    transitions.push({
      from: from.key,
      event,
      to: to.type === 'history' ? '*history*' : leafKey(to),
      guard,
    });
  };
  for (const node of leaves) {
    for (const [event, defs] of Object.entries(node.on)) {
      for (const def of defs) push(node, event, def.target, describeGuard(def.guard));
    }
    for (const def of node.always ?? []) push(node, 'always', def.target, describeGuard(def.guard));
  }
  return {
    id: machine.id,
    initial: leafKey(machine.root),
    states: leaves.map((n) => ({ name: n.key, final: n.type === 'final' })),
    transitions,
  };
}

function leafKey(node: AnyStateNode): string {
  let current = node;
  while (Object.keys(current.states).length && current.initial) {
    current = current.initial.target[0];
  }
  return current.key;
}

function describeGuard(guard: unknown): unknown {
  if (!guard) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return guard;
  if (typeof guard === 'function' && 'guards' in guard) {
    return { and: (guard as unknown as { guards: unknown[] }).guards.map(describeGuard) };
  }
  return 'custom';
}

/**
 * A Mermaid state diagram; labels come from the caller so the diagram can be in Chinese. The
 * README's diagram (for developers) shows each code beside its words; the console's (for people,
 * `withCodes: false`) shows the words alone.
 */
export function toMermaid(
  description: MachineDescription,
  labels: { state?: Record<string, string>; event?: Record<string, string> } = {},
  options: { withCodes?: boolean } = {},
): string {
  const withCodes = options.withCodes ?? true;
  const named = (code: string, label: string | undefined) =>
    label ? (withCodes ? `${code} ${label}` : label) : code;
  const lines = ['stateDiagram-v2', `  [*] --> ${description.initial}`];
  for (const s of description.states) {
    const label = labels.state?.[s.name];
    if (label) lines.push(`  ${s.name} : ${named(s.name, label)}`);
  }
  const seen = new Set<string>();
  const restorable = description.states.filter((s) => !s.final).map((s) => s.name);
  for (const t of description.transitions) {
    if (t.from === t.to) continue;
    const event = named(t.event, labels.event?.[t.event]);
    const targets = t.to === '*history*' ? restorable.filter((s) => s !== t.from) : [t.to];
    for (const to of targets) {
      const line = `  ${t.from} --> ${to} : ${t.to === '*history*' ? `${event}(恢复原状态)` : event}`;
      if (!seen.has(line)) lines.push(line);
      seen.add(line);
    }
  }
  for (const s of description.states.filter((x) => x.final)) lines.push(`  ${s.name} --> [*]`);
  return lines.join('\n');
}
