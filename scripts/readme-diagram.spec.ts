import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATES } from '../workflows/achievement.machine';
import { ALL_WORKFLOWS } from '../src/workflow-definitions';
import { achievementWorkflow } from '../src/achievements/achievement-workflow.definition';
import {
  allDiagramBlocks,
  diagramMarkers,
  extractBetweenMarkers,
  replaceBetweenMarkers,
  workflowDiagramBlock,
} from './readme-diagram';

describe('the workflow diagrams in docs/architecture.md', () => {
  const doc = readFileSync(join(__dirname, '..', 'docs', 'architecture.md'), 'utf8');

  it('hold one diagram per registered workflow, as its machine generates it now (`npm run diagram`)', () => {
    const blocks = allDiagramBlocks();
    expect(blocks.map((b) => b.name)).toEqual(ALL_WORKFLOWS.map((w) => w.name));
    for (const { name, block } of blocks) {
      expect({ name, diagram: extractBetweenMarkers(doc, name) }).toEqual({ name, diagram: block });
    }
  });

  it('render every state of the achievement machine, with its words, in a mermaid block', () => {
    const block = workflowDiagramBlock(achievementWorkflow);
    expect(block.startsWith('```mermaid\nstateDiagram-v2\n')).toBe(true);
    expect(block.endsWith('\n```')).toBe(true);
    for (const state of STATES) expect(block).toContain(`  ${state} : ${state} `);
    expect(block).toContain('expertScoring --> consensus : always 评分满额');
  });

  it('give every state and event of every workflow its words', () => {
    for (const workflow of ALL_WORKFLOWS) {
      const block = workflowDiagramBlock(workflow);
      const unnamedEvent = block
        .split('\n')
        .filter((line) => / --> /.test(line) && !/\[\*\]/.test(line))
        .filter((line) => !/ : [A-Za-z_]+ \S/.test(line));
      expect({ workflow: workflow.name, unnamedEvent }).toEqual({
        workflow: workflow.name,
        unnamedEvent: [],
      });
    }
  });

  it('replace only what stands between the markers, and are idempotent', () => {
    const { start, end } = diagramMarkers('x');
    const text = `before\n${start}\nold\ndiagram\n${end}\nafter\n`;
    const once = replaceBetweenMarkers(text, 'x', 'NEW');
    expect(once).toBe(`before\n${start}\n\nNEW\n\n${end}\nafter\n`);
    expect(replaceBetweenMarkers(once, 'x', 'NEW')).toBe(once);
    expect(extractBetweenMarkers(once, 'x')).toBe('NEW');
  });

  it('refuse a text without exactly one pair of markers in order', () => {
    const { start, end } = diagramMarkers('x');
    expect(() => replaceBetweenMarkers('no markers', 'x', 'y')).toThrow(/must contain/);
    expect(() => replaceBetweenMarkers(`${end}\n${start}`, 'x', 'y')).toThrow(/comes before/);
    expect(() => extractBetweenMarkers(`${start}${end}${start}${end}`, 'x')).toThrow(
      /exactly once/,
    );
  });
});
