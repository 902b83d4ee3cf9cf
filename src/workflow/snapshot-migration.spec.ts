import {
  migrateSnapshot,
  SnapshotTooNewError,
  type SnapshotMigrations,
} from './snapshot-migration';

const migrations: SnapshotMigrations = {
  1: { to: 2, description: 'a', migrate: (s) => ({ ...s, value: 'b', trail: ['1→2'] }) },
  2: {
    to: 3,
    description: 'b',
    migrate: (s) => ({ ...s, trail: [...(s.trail as string[]), '2→3'] }),
  },
};

describe('migrateSnapshot', () => {
  it('applies every step from the stored version to the current one, in order', () => {
    const stored = { value: 'a' };
    const { snapshot, steps } = migrateSnapshot({ name: 'x', version: 3, migrations }, 1, stored);
    expect(snapshot).toEqual({ value: 'b', trail: ['1→2', '2→3'] });
    expect(steps).toEqual([
      { from: 1, to: 2, description: 'a' },
      { from: 2, to: 3, description: 'b' },
    ]);
    expect(stored).toEqual({ value: 'a' });
  });

  it('leaves a current snapshot alone', () => {
    expect(migrateSnapshot({ name: 'x', version: 3, migrations }, 3, { value: 'c' })).toEqual({
      snapshot: { value: 'c' },
      steps: [],
    });
  });

  it('refuses newer snapshots and gaps in the registry', () => {
    expect(() => migrateSnapshot({ name: 'x', version: 2, migrations }, 3, {})).toThrow(
      SnapshotTooNewError,
    );
    expect(() => migrateSnapshot({ name: 'x', version: 4, migrations }, 1, {})).toThrow(
      'no snapshot migration from version 3 towards 4',
    );
  });
});
