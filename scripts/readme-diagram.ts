/**
 * The achievement workflow diagram in docs/architecture.md, generated from the machine. Pure: text in, text
 * out. scripts/generate-diagram.ts does the file I/O; readme-diagram.spec.ts fails when the document
 * no longer matches the machine.
 */
import { achievementMachine } from '../workflows/achievement.machine';
import { describeMachine, toMermaid } from '../src/workflow/machine-description';
import { ACHIEVEMENT_DIAGRAM_LABELS } from '../src/achievements/achievement-labels';

export const DIAGRAM_START = '<!-- diagram:start -->';
export const DIAGRAM_END = '<!-- diagram:end -->';

/** The fenced Mermaid block for the current achievement machine. */
export function achievementDiagramBlock(): string {
  const mermaid = toMermaid(describeMachine(achievementMachine), ACHIEVEMENT_DIAGRAM_LABELS);
  return ['```mermaid', mermaid, '```'].join('\n');
}

function markerPositions(text: string): { start: number; end: number } {
  const start = text.indexOf(DIAGRAM_START);
  const end = text.indexOf(DIAGRAM_END);
  if (start < 0 || end < 0) {
    throw new Error(`docs/architecture.md must contain ${DIAGRAM_START} and ${DIAGRAM_END}`);
  }
  if (end < start) throw new Error(`${DIAGRAM_END} comes before ${DIAGRAM_START}`);
  if (text.indexOf(DIAGRAM_START, start + 1) >= 0 || text.indexOf(DIAGRAM_END, end + 1) >= 0) {
    throw new Error('docs/architecture.md must contain the diagram markers exactly once');
  }
  return { start: start + DIAGRAM_START.length, end };
}

/** What stands between the markers now, without the surrounding blank lines. */
export function extractBetweenMarkers(text: string): string {
  const { start, end } = markerPositions(text);
  return text.slice(start, end).trim();
}

/** The text with everything between the markers replaced by the block, set off by blank lines. */
export function replaceBetweenMarkers(text: string, block: string): string {
  const { start, end } = markerPositions(text);
  return `${text.slice(0, start)}\n\n${block.trim()}\n\n${text.slice(end)}`;
}
