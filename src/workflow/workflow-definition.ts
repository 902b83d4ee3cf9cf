import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import type { ActorRole, WorkflowActor } from '../../workflows/actor';
import type { SnapshotMigrations } from './snapshot-migration';

export interface WorkflowEventInput {
  type: string;
  actor: WorkflowActor;
  comment?: string;
  /** Fields merged into the machine event (and recorded as the audit payload). */
  payload?: Record<string, unknown>;
}

export type Authorization =
  { kind: 'allowed'; role: ActorRole } | { kind: 'forbidden' } | { kind: 'unavailable' };

/**
 * The words people read for a workflow's states and events (the audit pages and exports). The
 * owner of a workflow supplies them with its definition, so that the audit trail's labels come
 * from the registered workflows rather than from imports of each feature.
 */
export interface WorkflowLabels {
  states: Readonly<Record<string, string>>;
  events: Readonly<Record<string, string>>;
}

/**
 * What the runner needs to know about one machine. The runner is generic; each workflow supplies
 * how to name its states and who may send what, from the machine's own tables.
 */
export interface WorkflowDefinition<TMachine extends AnyStateMachine = AnyStateMachine> {
  name: string;
  /** The machine version; stored with every snapshot (WorkflowInstance.definitionVersion). */
  version: number;
  /** How snapshots of older versions become this one (see snapshot-migration.ts). */
  migrations?: SnapshotMigrations;
  machine: TMachine;
  stateOf(snapshot: SnapshotFrom<TMachine>): string;
  /** The batch key projected into its own column (see WorkflowInstance.batchKey). */
  batchOf(snapshot: SnapshotFrom<TMachine>): string | null;
  /**
   * The input the machine was started with, read back from a stored snapshot: for replaying
   * instances created before the CREATE audit row recorded its input (verification).
   */
  inputOf?(snapshot: Record<string, unknown>): unknown;
  authorize(snapshot: SnapshotFrom<TMachine>, event: WorkflowEventInput): Authorization;
  allowedEvents(snapshot: SnapshotFrom<TMachine>, actor: WorkflowActor): string[];
  /** Its states' and events' words; registering the definition registers them (audit-labels.ts). */
  labels?: WorkflowLabels;
}

/** Who may send which event in which state: state → event → the roles allowed. */
export type AuthorityTable = Record<string, Partial<Record<string, readonly string[] | undefined>>>;

/**
 * `authorize` and `allowedEvents` of a workflow whose rules are an authority table alone (the
 * collection period, the ranking report, the bench approval). The achievement adds guards of its
 * own and keeps its own pair.
 */
export function authorityTableRules(
  table: AuthorityTable,
): Pick<WorkflowDefinition, 'authorize' | 'allowedEvents'> {
  const stateOf = (snapshot: { value: unknown }) => table[String(snapshot.value)] ?? {};
  return {
    authorize(snapshot, event) {
      const roles = stateOf(snapshot)[event.type];
      if (!roles) return { kind: 'unavailable' };
      const role = event.actor.roles.find((r) => roles.includes(r));
      return role ? { kind: 'allowed', role } : { kind: 'forbidden' };
    },
    allowedEvents(snapshot, actor) {
      return Object.entries(stateOf(snapshot))
        .filter(([, roles]) => actor.roles.some((r) => roles?.includes(r)))
        .map(([type]) => type);
    },
  };
}
