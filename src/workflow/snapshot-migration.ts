/**
 * A stored snapshot is only safe to restore with the machine version that wrote it. When a
 * machine changes incompatibly its version is bumped and a migration from the old version is
 * registered with its definition; snapshots are migrated lazily when the runner loads them.
 */
export interface SnapshotMigration {
  /** The version this migration produces; usually `from + 1`. */
  to: number;
  /** Recorded in the audit trail: what changed and why. */
  description: string;
  /** Pure: returns the snapshot as the `to` version would have persisted it. */
  migrate(snapshot: Record<string, unknown>): Record<string, unknown>;
}

/** Keyed by the version a migration starts from. */
export type SnapshotMigrations = Readonly<Record<number, SnapshotMigration>>;

export interface MigrationStep {
  from: number;
  to: number;
  description: string;
}

/** A snapshot written by a newer machine than this process runs (mid-way through a rolling deploy). */
export class SnapshotTooNewError extends Error {
  constructor(
    readonly definition: string,
    readonly stored: number,
    readonly current: number,
  ) {
    super(`${definition} snapshot version ${stored} is newer than this server's ${current}`);
  }
}

/** Applies the registered migrations from `fromVersion` up to `currentVersion`, in order. */
export function migrateSnapshot(
  definition: { name: string; version: number; migrations?: SnapshotMigrations },
  fromVersion: number,
  snapshot: Record<string, unknown>,
): { snapshot: Record<string, unknown>; steps: MigrationStep[] } {
  if (fromVersion > definition.version) {
    throw new SnapshotTooNewError(definition.name, fromVersion, definition.version);
  }
  let current = structuredClone(snapshot);
  let version = fromVersion;
  const steps: MigrationStep[] = [];
  while (version < definition.version) {
    const migration = definition.migrations?.[version];
    if (!migration || migration.to <= version || migration.to > definition.version) {
      throw new Error(
        `${definition.name}: no snapshot migration from version ${version} towards ${definition.version}`,
      );
    }
    current = migration.migrate(structuredClone(current));
    steps.push({ from: version, to: migration.to, description: migration.description });
    version = migration.to;
  }
  return { snapshot: current, steps };
}

/** The audit event type of a migration step (actor `system`, state unchanged unless renamed). */
export const SNAPSHOT_MIGRATED_EVENT = 'SNAPSHOT_MIGRATED';
