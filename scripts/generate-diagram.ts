/**
 * Rewrites every workflow diagram in docs/architecture.md from the machine definitions.
 *
 * Usage: npm run diagram   (run from the repository root; the file is found via the working directory)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allDiagramBlocks, replaceBetweenMarkers } from './readme-diagram';

function main(): void {
  const path = join(process.cwd(), 'docs', 'architecture.md');
  const before = readFileSync(path, 'utf8');
  const after = allDiagramBlocks().reduce(
    (text, { name, block }) => replaceBetweenMarkers(text, name, block),
    before,
  );
  if (after === before) {
    console.log('docs/architecture.md 中的流程图已是最新');
    return;
  }
  writeFileSync(path, after);
  console.log('已根据状态机更新 docs/architecture.md 中的流程图');
}

main();
