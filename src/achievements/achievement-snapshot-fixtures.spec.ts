import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACHIEVEMENT_MACHINE_VERSION } from '../../workflows/achievement.machine';
import { generateSnapshotFixtures, snapshotFixtureName } from './achievement-snapshot-fixtures';

describe('achievement snapshot fixtures', () => {
  /**
   * If the machine now persists a state differently than the stored fixtures of its version say,
   * snapshots in production databases differ too: bump ACHIEVEMENT_MACHINE_VERSION, register a
   * migration from the old version and run `npm run snapshots:fixtures`.
   */
  it('match what the current machine version persists', () => {
    for (const fixture of generateSnapshotFixtures()) {
      expect(fixture.machineVersion).toBe(ACHIEVEMENT_MACHINE_VERSION);
      const file = join(
        __dirname,
        '..',
        '..',
        'test',
        'fixtures',
        'snapshots',
        snapshotFixtureName(fixture),
      );
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(fixture);
    }
  });
});
