import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATES } from '../workflows/achievement.machine';
import {
  DIAGRAM_END,
  DIAGRAM_START,
  achievementDiagramBlock,
  extractBetweenMarkers,
  replaceBetweenMarkers,
} from './readme-diagram';

describe('the workflow diagram in docs/architecture.md', () => {
  it('is what the machine generates now (run `npm run diagram` after changing the machine)', () => {
    const readme = readFileSync(join(__dirname, '..', 'docs', 'architecture.md'), 'utf8');
    expect(extractBetweenMarkers(readme)).toBe(achievementDiagramBlock());
  });

  it('renders every state of the machine in a mermaid block', () => {
    const block = achievementDiagramBlock();
    expect(block.startsWith('```mermaid\nstateDiagram-v2\n')).toBe(true);
    expect(block.endsWith('\n```')).toBe(true);
    for (const state of STATES) expect(block).toContain(`  ${state} : ${state} `);
  });

  it('replaces only what stands between the markers, and is idempotent', () => {
    const text = `before\n${DIAGRAM_START}\nold\ndiagram\n${DIAGRAM_END}\nafter\n`;
    const once = replaceBetweenMarkers(text, 'NEW');
    expect(once).toBe(`before\n${DIAGRAM_START}\n\nNEW\n\n${DIAGRAM_END}\nafter\n`);
    expect(replaceBetweenMarkers(once, 'NEW')).toBe(once);
    expect(extractBetweenMarkers(once)).toBe('NEW');
  });

  it('refuses a text without exactly one pair of markers in order', () => {
    expect(() => replaceBetweenMarkers('no markers', 'x')).toThrow(/must contain/);
    expect(() => replaceBetweenMarkers(`${DIAGRAM_END}\n${DIAGRAM_START}`, 'x')).toThrow(
      /comes before/,
    );
    expect(() =>
      extractBetweenMarkers(`${DIAGRAM_START}${DIAGRAM_END}${DIAGRAM_START}${DIAGRAM_END}`),
    ).toThrow(/exactly once/);
  });
});
