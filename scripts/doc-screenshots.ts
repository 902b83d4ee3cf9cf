/**
 * Copies the screenshots the README shows, one per role, from the browser journeys' output
 * (test-artifacts/screenshots, written by `npm run test:sqlite`) to docs/screenshots.
 *
 * Usage: npm run docs:screenshots   (after the browser tests have run)
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The journey's screenshot for each role, as named by its browser spec. */
export const README_SCREENSHOTS = [
  'unit-submitted-stepper.png', // test/journey-unit.browser-spec.ts
  'recommender-bulk-recommended.png', // test/journey-office-review.browser-spec.ts
  'expert-01-scoring-form.png', // test/journey-expert.browser-spec.ts
  'office-review-rules.png', // test/journey-office-review.browser-spec.ts
  'journey-office-edition-issued.png', // test/journey-office-releases.browser-spec.ts
  'everyone-07-public-highlighted.png', // test/journey-everyone.browser-spec.ts
];

function main(): void {
  const from = join(process.cwd(), 'test-artifacts', 'screenshots');
  const to = join(process.cwd(), 'docs', 'screenshots');
  const missing = README_SCREENSHOTS.filter((name) => !existsSync(join(from, name)));
  if (missing.length) {
    console.error(`缺少截图(请先运行浏览器测试):${missing.join('、')}`);
    process.exit(1);
  }
  mkdirSync(to, { recursive: true });
  for (const name of README_SCREENSHOTS) copyFileSync(join(from, name), join(to, name));
  console.log(`已复制 ${README_SCREENSHOTS.length} 张截图到 docs/screenshots`);
}

main();
