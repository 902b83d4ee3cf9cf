import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  generateSnapshotFixtures,
  snapshotFixtureName,
} from '../src/achievements/achievement-snapshot-fixtures';

/**
 * Writes test/fixtures/snapshots/achievement-v<version>-<state>.json for the current machine
 * version. Run once per released version; older versions' files are kept, never regenerated.
 */
const dir = resolve(process.cwd(), 'test', 'fixtures', 'snapshots');
mkdirSync(dir, { recursive: true });
for (const fixture of generateSnapshotFixtures()) {
  writeFileSync(join(dir, snapshotFixtureName(fixture)), `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`${snapshotFixtureName(fixture)}`);
}
