/**
 * The workflow diagrams in docs/architecture.md, one per registered workflow, generated from the
 * machines with their owners' words. Pure: text in, text out. scripts/generate-diagram.ts does the
 * file I/O; readme-diagram.spec.ts fails when the document no longer matches the machines.
 */
import { ALL_WORKFLOWS } from '../src/workflow-definitions';
import { describeMachine, toMermaid } from '../src/workflow/machine-description';
import type { WorkflowDefinition } from '../src/workflow/workflow-definition';

/** The markers that hold one workflow's diagram: `<!-- diagram:edition:start -->` … `end -->`. */
export function diagramMarkers(name: string): { start: string; end: string } {
  return { start: `<!-- diagram:${name}:start -->`, end: `<!-- diagram:${name}:end -->` };
}

/**
 * The fenced Mermaid block for one workflow's current machine. An eventless transition (`always`)
 * takes its words from the owner's labels too (the achievement's scoring closing by itself).
 */
export function workflowDiagramBlock(definition: WorkflowDefinition): string {
  const labels = definition.labels;
  const mermaid = toMermaid(describeMachine(definition.machine), {
    state: { ...labels?.states },
    event: { ...labels?.events },
  });
  return ['```mermaid', mermaid, '```'].join('\n');
}

/** Every registered workflow's name and block, in the registry's order. */
export function allDiagramBlocks(
  workflows: readonly WorkflowDefinition[] = ALL_WORKFLOWS,
): { name: string; block: string }[] {
  return workflows.map((definition) => ({
    name: definition.name,
    block: workflowDiagramBlock(definition),
  }));
}

function markerPositions(text: string, name: string): { start: number; end: number } {
  const markers = diagramMarkers(name);
  const start = text.indexOf(markers.start);
  const end = text.indexOf(markers.end);
  if (start < 0 || end < 0) {
    throw new Error(`docs/architecture.md must contain ${markers.start} and ${markers.end}`);
  }
  if (end < start) throw new Error(`${markers.end} comes before ${markers.start}`);
  if (text.indexOf(markers.start, start + 1) >= 0 || text.indexOf(markers.end, end + 1) >= 0) {
    throw new Error(`docs/architecture.md must contain the ${name} diagram markers exactly once`);
  }
  return { start: start + markers.start.length, end };
}

/** What stands between one workflow's markers now, without the surrounding blank lines. */
export function extractBetweenMarkers(text: string, name: string): string {
  const { start, end } = markerPositions(text, name);
  return text.slice(start, end).trim();
}

/** The text with everything between the markers replaced by the block, set off by blank lines. */
export function replaceBetweenMarkers(text: string, name: string, block: string): string {
  const { start, end } = markerPositions(text, name);
  return `${text.slice(0, start)}\n\n${block.trim()}\n\n${text.slice(end)}`;
}
