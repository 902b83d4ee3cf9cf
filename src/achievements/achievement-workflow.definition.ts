import type { SnapshotFrom } from 'xstate';
import {
  ACHIEVEMENT_MACHINE_VERSION,
  AUTHORITY,
  achievementMachine,
  actingRole,
  stateName,
  type AchievementEvent,
  type AchievementInput,
  type AchievementEventType,
  type WorkflowActor,
} from '../../workflows/achievement.machine';
import { DEFAULT_SCORING_POLICY } from '../../workflows/achievement-scoring';
import type { SnapshotMigrations } from '../workflow/snapshot-migration';
import { ACHIEVEMENT_DIAGRAM_LABELS, STATE_LABELS } from './achievement-labels';
import type { WorkflowDefinition, WorkflowEventInput } from '../workflow/workflow-definition';

type AchievementSnapshot = SnapshotFrom<typeof achievementMachine>;

/** Placeholder fields so that `can()` can be asked about event types that carry data. */
const PROBE_FIELDS: Partial<Record<AchievementEventType, object>> = {
  RECOMMEND: { period: '0000-00' },
  PASS_ELIGIBILITY: { scoring: DEFAULT_SCORING_POLICY, panel: [] },
  SUBMIT_SCORE: { scores: {} },
  REVISE_SCORE: { scores: {} },
  // A panel nobody holds, so that "may the office change the panel" is asked of a real change.
  ASSIGN_PANEL: { panel: ['\u0000probe'] },
  RECUSE: { replacement: [] },
  DECIDE_CONSENSUS: { decision: 'pass' },
  OPEN_SECOND_ROUND: { panel: ['\u0000probe'] },
};

/**
 * Snapshot migrations, keyed by the version they start from: when ACHIEVEMENT_MACHINE_VERSION is
 * bumped, the migration from the previous version goes here, and `npm run snapshots:fixtures`
 * adds the new version's fixtures next to the old ones (which must keep passing through it).
 * Version 1 is the first released machine, so there is nothing to migrate yet.
 */
export const ACHIEVEMENT_SNAPSHOT_MIGRATIONS: SnapshotMigrations = {};

function authorityOf(snapshot: AchievementSnapshot, type: string) {
  return AUTHORITY[stateName(snapshot.value)][type as AchievementEventType];
}

export const achievementWorkflow: WorkflowDefinition<typeof achievementMachine> = {
  name: 'achievement',
  version: ACHIEVEMENT_MACHINE_VERSION,
  migrations: ACHIEVEMENT_SNAPSHOT_MIGRATIONS,
  machine: achievementMachine,
  labels: { states: STATE_LABELS, events: ACHIEVEMENT_DIAGRAM_LABELS.event },
  stateOf: (snapshot) => stateName(snapshot.value),
  batchOf: (snapshot) => snapshot.context.period,
  inputOf: (snapshot) => {
    const context = snapshot.context as AchievementInput;
    return {
      ownerOrganizationId: context.ownerOrganizationId,
      recommendationChain: context.recommendationChain,
    };
  },

  authorize(snapshot, event: WorkflowEventInput) {
    const authority = authorityOf(snapshot, event.type);
    if (!authority) return { kind: 'unavailable' };
    const role = actingRole(authority, snapshot.context, event.actor);
    return role ? { kind: 'allowed', role } : { kind: 'forbidden' };
  },

  allowedEvents(snapshot, actor: WorkflowActor) {
    const state = stateName(snapshot.value);
    return Object.keys(AUTHORITY[state]).filter((type) => {
      const probe = {
        ...PROBE_FIELDS[type as AchievementEventType],
        type,
        actor,
        at: '1970-01-01T00:00:00.000Z',
      } as AchievementEvent;
      return (
        actingRole(authorityOf(snapshot, type), snapshot.context, actor) && snapshot.can(probe)
      );
    });
  },
};
